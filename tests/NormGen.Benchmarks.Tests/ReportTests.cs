using System.Buffers.Binary;
using NormGen.Benchmarks.Infrastructure;
using NormGen.Benchmarks.Report;

namespace NormGen.Benchmarks.Tests;

/// <summary>
/// tests/NormGen.Benchmarks.Report on hand-made BenchmarkDotNet CSV exports (ReportSample/, the 0.15.x CsvExporter
/// format with this suite's custom columns): the tables, the targets, the header, the Notes section and the PNG.
/// Nothing is timed. The sample numbers are made up so that each target has a known verdict.
/// </summary>
public sealed class ReportTests : IDisposable
{
    private const string SampleCommand = "NORMGEN_BENCH_SHAPES=64x768 dotnet run -c Release --project tests/NormGen.Benchmarks -- --filter '*LayerNorm*' --job short";
    private readonly string directory = Path.Combine(Path.GetTempPath(), "normgen-report-" + Guid.NewGuid().ToString("N"));

    public ReportTests() => Directory.CreateDirectory(directory);

    public void Dispose()
    {
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException) { }
    }

    private string Results => Path.Combine(directory, "results");

    private string Markdown => Path.Combine(directory, "docs", "benchmarks.md");

    private string Png => Path.Combine(directory, "docs", "benchmarks-bandwidth.png");

    /// <summary>Copies the sample CSVs to a results folder, records a run for them as the benchmark Program does, runs the report.</summary>
    private ReportResult Generate(bool recordRun = true)
    {
        Directory.CreateDirectory(Results);
        var csvs = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "ReportSample"), "*-report.csv");
        Assert.Equal(5, csvs.Length);
        foreach (var csv in csvs)
            File.Copy(csv, Path.Combine(Results, Path.GetFileName(csv)), overwrite: true);
        if (recordRun)
            RunRecorder.Record(Results, csvs, SampleCommand, new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 11, 26, 11, 30, 0, TimeSpan.Zero), "CPU capability usage: AVX2; at::get_num_threads() : 1");
        return ReportGenerator.Run(new ReportOptions { Inputs = [Results], MarkdownPath = Markdown, PngPath = Png });
    }

    internal static string[] TableRow(string markdown, string startsWith)
    {
        var line = markdown.Split('\n').FirstOrDefault(l => l.StartsWith(startsWith, StringComparison.Ordinal));
        Assert.True(line is not null, $"no line starting with '{startsWith}' in:\n{markdown}");
        return line!.Split('|').Select(c => c.Trim()).ToArray();
    }

    [Fact]
    public void Reads_the_sample_exports_into_cases()
    {
        var result = Generate();
        // LayerNorm forward and backward at 4 shapes, BatchNorm2d forward at 2 layouts, DyT and fused add+RMSNorm forward.
        Assert.Equal(12, result.Cases.Count);
        var forward = result.Cases.Single(c => c.Class == "LayerNormForward" && c.Label == "4096x1024");
        Assert.Equal(11, forward.Rows.Count); // with the LibTorch, Ort and GeneratedDefaultThreads rows (issue 14)
        Assert.Equal(1_650_200, forward.Mean("Generated")!.Value, 1e-6);     // "1,650.200 μs", quoted
        Assert.Equal(33_595_000, forward.MovedBytes!.Value, 1);             // "33.595 MB" (4 * (2*4096*1024 + 2*1024 + 2*4096) = 33,595,392)
        Assert.Equal(0, forward["Generated"]!.AllocatedBytes);
        var nhwc = result.Cases.Single(c => c.Class == "BatchNorm2dForward" && c.Label == "32x64x32x32, Nhwc");
        Assert.Equal(["Shape", "Layout"], nhwc.Rows[0].Parameters.Select(p => p.Key));
        Assert.Equal(64, nhwc["Generated"]!.AllocatedBytes);
    }

    [Fact]
    public void Evaluates_every_target_from_the_numbers()
    {
        var result = Generate();
        var targets = result.Targets.ToDictionary(t => t.Id);
        // id -> (verdict, passing, cases)
        var expected = new Dictionary<string, (Verdict, int, int)>
        {
            ["1"] = (Verdict.Miss, 8, 10),  // LayerNormBackward 16384x256 1.44x, BatchNorm2d NHWC 1.33x
            ["1b"] = (Verdict.Miss, 7, 8),  // AtenKernel: LayerNormBackward 16384x256 1.30x
            ["2"] = (Verdict.Pass, 2, 2),   // 64x768: 2.93x forward, 2.86x backward
            ["2b"] = (Verdict.Miss, 0, 2),  // AtenKernel at 64x768: 1.86x, 1.65x
            ["3"] = (Verdict.Miss, 10, 11), // LayerNormForward 2048x4096: Generated / Simd 1.05 > 1.03; DyT (0.30) has a Simd row, fused none
            ["4"] = (Verdict.Miss, 2, 10),  // of copy >= 85% on the 10 large cases: BatchNorm2d NCHW 85.4% and fused 92% pass (at 80% LayerNormForward 84%, 82% would)
            ["5"] = (Verdict.Miss, 11, 12), // BatchNorm2d NHWC allocates 64 B
            ["6"] = (Verdict.Miss, 4, 12),  // LibTorch: 1.70x, 1.74x, DyT 12.7x, fused 3.5x pass, LayerNormBackward 4096x1024 1.20x; 7 cases without data
            ["7"] = (Verdict.Miss, 2, 7),   // Ort: LayerNorm and BatchNorm2d forward 1.64x and 2.00x pass, 4 without data; fused: OrtSkipRmsNorm 1.35x
            ["8"] = (Verdict.Miss, 4, 12),  // default threads / 1 thread: 0.60, 1.01, DyT 0.58, fused 0.58 pass, LayerNormBackward 4096x1024 1.20 misses
            ["9"] = (Verdict.Miss, 0, 1),   // DyT forward 1.50x a copy > 1.3
        };
        Assert.Equal(expected.Keys.Order(), targets.Keys.Order());
        foreach (var (id, (verdict, passing, count)) in expected)
        {
            Assert.True(verdict == targets[id].Verdict, $"target {id}: {targets[id].Verdict}, expected {verdict}");
            Assert.True(passing == targets[id].Passing, $"target {id}: {targets[id].Passing} passing, expected {passing}");
            Assert.True(count == targets[id].Checks.Count, $"target {id}: {targets[id].Checks.Count} cases, expected {count}");
        }
        Assert.Equal("BatchNorm2dForward", targets["1"].Worst!.Case.Class);
        Assert.Equal(1200.0 / 900.0, targets["1"].Worst!.Value!.Value, 1e-9);
        Assert.Equal("2048x4096", targets["3"].Worst!.Case.Label);
        Assert.Equal("LayerNormBackward", targets["6"].Worst!.Case.Class);
        Assert.Equal(3480.12 / 2900.1, targets["6"].Worst!.Value!.Value, 1e-9);
        Assert.All(targets["7"].Checks, c => Assert.EndsWith("Forward", c.Case.Class));
        Assert.Equal(3480.12 / 2900.1, targets["8"].Worst!.Value!.Value, 1e-9);
        Assert.Equal(1.5, targets["9"].Worst!.Value!.Value, 1e-9);
        Assert.Equal(3510.0 / 2600.0, targets["7"].Checks.Single(c => c.Case.Class == "FusedAddRmsNormForward").Value!.Value, 1e-9);
        Assert.DoesNotContain(targets["3"].Checks, c => c.Case.Class == "FusedAddRmsNormForward"); // no hand-written kernel: not "no data"
        Assert.DoesNotContain(targets["1"].Checks, c => c.Case.Class.StartsWith("DyT", StringComparison.Ordinal)); // no ATen op
    }

    [Fact]
    public void Writes_the_markdown_tables_targets_and_header()
    {
        Generate();
        string md = File.ReadAllText(Markdown);

        // Header: the one command that regenerates everything, machine, date, the exact command from normgen-runs.json, the ATen line.
        Assert.Contains("```bash\n" + MarkdownReport.RegenerateCommand + "\n```", md);
        Assert.Contains("--issue14", MarkdownReport.RegenerateCommand);
        Assert.Contains("- **Machine**: ", md);
        Assert.Contains("logical cores; Vector512 ", md);
        Assert.Contains("Vector256 ", md);
        Assert.Contains(".NET", md);
        Assert.Contains("- **Date**: 2026-11-26 10:00 UTC to 2026-11-26 11:30 UTC", md);
        Assert.Contains("  " + SampleCommand, md);
        Assert.Contains("- **Baselines**: CPU capability usage: AVX2", md);

        // Targets summary: one row per target, PASS / MISS with the worst case and the count.
        var first = TableRow(md, "| 1 |");
        Assert.StartsWith("Generated ≥ 1.5× faster than ATen", first[2]);
        Assert.Equal("**MISS**", first[3]);
        Assert.Equal("1.33× (≥ 1.5×) at BatchNorm2dForward 32x64x32x32, Nhwc", first[4]);
        Assert.Equal("8 / 10", first[5]);
        Assert.Equal("**PASS**", TableRow(md, "| 2 |")[3]);
        Assert.Equal("2 / 2", TableRow(md, "| 2 |")[5]);
        Assert.Contains("1.05 ±", TableRow(md, "| 3 |")[4]);
        Assert.Equal("**MISS**", TableRow(md, "| 5 |")[3]);
        Assert.Contains("Generated ÷ Simd ≤ 1 + 0.03 noise margin", TableRow(md, "| 3 |")[2]);
        var libTorch = TableRow(md, "| 6 |");
        Assert.StartsWith("Generated ≥ 1.5× faster than LibTorch 2.10", libTorch[2]);
        Assert.Equal("**MISS**", libTorch[3]);
        Assert.Equal("1.20× (≥ 1.5×) at LayerNormBackward 4096x1024", libTorch[4]);
        Assert.Equal("4 / 12 (7 without data)", libTorch[5]);
        Assert.Equal("2 / 7 (4 without data)", TableRow(md, "| 7 |")[5]);
        Assert.StartsWith("1.20 ±", TableRow(md, "| 8 |")[4]);
        Assert.StartsWith("Generated ≥ 85% of copy bandwidth on every large case", TableRow(md, "| 4 |")[2]);
        Assert.StartsWith("1.50 ±", TableRow(md, "| 9 |")[4]);
        Assert.EndsWith("(≤ 1.3) at DyTForward 4096x1024", TableRow(md, "| 9 |")[4]);
        Assert.Contains("1 of 11 targets met.", md);

        // Per case: the generated kernel's numbers against every target.
        var perCase = TableRow(md, "| LayerNormForward | 64x768 |");
        Assert.Equal("400 kB", perCase[3]);
        Assert.Equal("11.52 µs", perCase[4]);
        Assert.Equal("11.63 µs", perCase[5]);                // the 2-thread column (default threads): 11.635 µs
        Assert.StartsWith("0.95 ±", perCase[6]);
        Assert.Equal("2.93× (≥ 2×) PASS", perCase[7]);
        Assert.Equal("1.86× (≥ 2×) MISS", perCase[8]);
        Assert.Equal("78% (small case)", perCase[9]);
        Assert.Equal("0 B PASS", perCase[10]);
        Assert.Equal("1.74× (≥ 1.5×) PASS", perCase[11]);   // LibTorch ÷ Generated
        Assert.Equal("2.00× (≥ 1.5×) PASS", perCase[12]);   // Ort ÷ Generated
        Assert.StartsWith("1.01 ±", perCase[13]);            // default threads ÷ 1 thread
        Assert.EndsWith("(≤ 1.03) PASS", perCase[13]);
        Assert.Equal("", perCase[14]);                       // target 9 is DyT's
        var dyt = TableRow(md, "| DyTForward | 4096x1024 |");
        Assert.Equal("1.200 ms", dyt[4]);
        Assert.Equal("700.0 µs", dyt[5]);
        Assert.StartsWith("1.50 ±", dyt[14]);
        Assert.EndsWith("(≤ 1.3) MISS", dyt[14]);
        var fused = TableRow(md, "| FusedAddRmsNormForward | 4096x1024 |");
        Assert.Equal("2.600 ms", fused[4]);
        Assert.Equal("92% (≥ 85%) PASS", fused[9]);
        Assert.Equal("1.35× (≥ 1.5×) MISS", fused[12]);       // OrtSkipRmsNorm ÷ Fused
        Assert.Contains("| 4096x1024 | 67.1 MB | **Fused** (generated) | 2.600 ms |", md);

        // One table per class; per shape each method's mean, ratios, bandwidth, allocation.
        foreach (var c in new[] { "LayerNormForward", "LayerNormBackward", "BatchNorm2dForward" })
            Assert.Contains("### " + c, md);
        Assert.Contains("| Shape | Layout | moved | method | mean |", md);
        var generated = TableRow(md, "| 4096x1024 | 33.6 MB | **Generated** |");
        Assert.Equal("1.650 ms", generated[4]);
        Assert.Equal("0.96", generated[6]);   // ÷ Simd
        Assert.Equal("1.00", generated[7]);   // ÷ Generated
        Assert.Equal("20.4", generated[8]);   // GB/s = 33.595 MB / 1.6502 ms
        Assert.Equal("84%", generated[9]);    // of copy = 1381.0 / 1650.2
        Assert.Equal("0 B", generated[10]);
        var aten = md.Split('\n').SkipWhile(l => !l.StartsWith("| 4096x1024 | 33.6 MB | **Generated**", StringComparison.Ordinal))
            .First(l => l.StartsWith("|  |  | Aten |", StringComparison.Ordinal)).Split('|').Select(c => c.Trim()).ToArray();
        Assert.Equal("4.670 ms", aten[4]);
        Assert.Equal("2.83", aten[7]);         // Aten ÷ Generated: the target-1 number

        Assert.Contains("![GB/s against bytes moved, LayerNorm forward and backward](benchmarks-bandwidth.png)", md);
        Assert.Contains(MarkdownReport.NotesPlaceholder, md);
    }

    [Fact]
    public void Keeps_the_hand_written_notes_when_regenerating()
    {
        Generate();
        string md = File.ReadAllText(Markdown);
        string notes = "### Why backward misses 80% of copy\n\nThe dgamma/dbeta column sums | spill.\n\n- plan: per-lane buffers";
        File.WriteAllText(Markdown, md.Replace(MarkdownReport.NotesPlaceholder, notes));

        Generate();
        string again = File.ReadAllText(Markdown);
        Assert.Contains(notes, again);
        Assert.DoesNotContain(MarkdownReport.NotesPlaceholder, again);
        Assert.Contains("### LayerNormForward", again);
        Assert.Equal(1, again.Split(MarkdownReport.NotesHeading + "\n").Length - 1);

        // A Notes section whose markers were lost is kept up to the next "## " heading.
        File.WriteAllText(Markdown, "# old\n\n## Notes\n\nhand text\n\n## Targets\n\nold table\n");
        Generate();
        string fromHeading = File.ReadAllText(Markdown);
        Assert.Contains(MarkdownReport.NotesBegin + "\nhand text\n" + MarkdownReport.NotesEnd, fromHeading);
        Assert.DoesNotContain("old table", fromHeading);
    }

    [Fact]
    public void Lists_every_miss_with_the_bound_or_plan_the_notes_give()
    {
        var first = Generate();
        string md = File.ReadAllText(Markdown);
        int misses = first.Targets.Sum(t => t.Checks.Count(c => c.Verdict == Verdict.Miss));
        Assert.Equal(misses, first.Unexplained.Count); // no notes yet: none explained
        Assert.Contains("### Misses, with their bound or plan", md);
        Assert.Equal("**none in the Notes**", TableRow(md, "| 9 | DyTForward 4096x1024 |")[5]);
        Assert.Contains($"0 of {misses} misses explained in the Notes.", md);
        // Speed-up misses carry the measured copy bound: the baseline's time ÷ Copy's, the most any kernel could reach.
        Assert.Equal("LibTorch ÷ Copy = 1.66×", TableRow(md, "| 6 | LayerNormBackward 4096x1024 |")[4]);            // 3480.12 / 2100.5
        Assert.Equal("OrtSkipRmsNorm ÷ Copy = 1.46× (below the target: unattainable at copy speed)",
            TableRow(md, "| 7 | FusedAddRmsNormForward 4096x1024 |")[4]);                                              // 3510 / 2400
        Assert.Equal("", TableRow(md, "| 9 | DyTForward 4096x1024 |")[4]);

        string notes = """
            ### Misses and what would close them

            - **[9 DyTForward 4096x1024]** tanh costs more than the memory traffic: bound by the
              vectorized Tanh's 2.1 ns per vector (plan: a cheaper rational form).
            - **[4 LayerNormBackward *]** a backward reads x and dy and writes dx: at most ~90% of copy.
            - **[* BatchNorm2dForward *Nhwc*]** channels-last reads x twice.
            - plain bullet, not a miss note
            """;
        File.WriteAllText(Markdown, md.Replace(MarkdownReport.NotesPlaceholder, notes));
        var again = Generate();
        md = File.ReadAllText(Markdown);

        Assert.Equal("tanh costs more than the memory traffic: bound by the vectorized Tanh's 2.1 ns per vector (plan: a cheaper rational form).",
            TableRow(md, "| 9 | DyTForward 4096x1024 |")[5]);
        foreach (var shape in new[] { "4096x1024", "16384x256", "2048x4096" })
            Assert.Equal("a backward reads x and dy and writes dx: at most ~90% of copy.", TableRow(md, $"| 4 | LayerNormBackward {shape} |")[5]);
        Assert.Equal("channels-last reads x twice.", TableRow(md, "| 1 | BatchNorm2dForward 32x64x32x32, Nhwc |")[5]);
        Assert.Equal("channels-last reads x twice.", TableRow(md, "| 5 | BatchNorm2dForward 32x64x32x32, Nhwc |")[5]);
        Assert.Equal("**none in the Notes**", TableRow(md, "| 4 | LayerNormForward 4096x1024 |")[5]);
        Assert.Equal("**none in the Notes**", TableRow(md, "| 1 | LayerNormBackward 16384x256 |")[5]); // the LayerNormBackward note is target 4's
        int explained = misses - again.Unexplained.Count;
        Assert.Equal(1 + 3 + 3, explained); // DyT; three LayerNormBackward large cases; NHWC targets 1, 4, 5
        Assert.Contains($"{explained} of {misses} misses explained in the Notes.", md);
        Assert.DoesNotContain(again.Unexplained, u => u.Target.Id == "9");
    }

    [Fact]
    public void Miss_notes_match_target_and_case_patterns()
    {
        var notes = MissNote.Parse("- **[1b LayerNorm* 16384x256]**: first\n  continued\n\n* **[* *]** any\n- **[4 X]** other");
        Assert.Equal(3, notes.Count);
        Assert.Equal(("1b", "LayerNorm* 16384x256", "first continued"), (notes[0].Target, notes[0].Pattern, notes[0].Text));
        var rows = BdnCsv.Read("Method,Job,Shape,Mean\nGenerated,ShortRun,16384x256,1.0 ms\n", "NormGen.Benchmarks.Benchmarks.LayerNormBackward-report.csv");
        var c = Analysis.Cases(rows).Single();
        Assert.Same(notes[0], MissNote.Find(notes, "1b", c));
        Assert.Same(notes[0], MissNote.Find(notes, "1B", c));
        Assert.Same(notes[1], MissNote.Find(notes, "4", c)); // [* *] catches the rest
        Assert.False(notes[2].Matches("4", c));
    }

    [Fact]
    public void Writes_a_png_plot()
    {
        var result = Generate();
        // 4 shapes x 6 lines (Generated, Simd, TensorPrimitives, Aten, AtenKernel, Copy) x 2 panels
        Assert.Equal(48, result.PlottedPoints);
        byte[] png = File.ReadAllBytes(Png);
        Assert.True(png.Length > 20_000, $"PNG of {png.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(1800, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(780, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    [Fact]
    public void Without_a_recorded_run_the_header_says_so()
    {
        Generate(recordRun: false);
        string md = File.ReadAllText(Markdown);
        Assert.Contains("- **Machine** (probed by the report tool; the run recorded none): ", md);
        Assert.Contains("# not recorded", md);
        Assert.Contains("- **Date** (CSV files written; the run recorded none): ", md);
    }

    [Fact]
    public void Parses_the_variants_BenchmarkDotNet_writes()
    {
        // Units in the cells (0.15.x), quoted thousands, both micro signs, '-' for no allocation, a Type column.
        string units = "Type,Method,Job,WarmupCount,Shape,Mean,Error,StdDev,Moved,GB/s,of copy,Allocated\n"
            + "NormGen.Benchmarks.Benchmarks.RmsNormForward,Simd,ShortRun,3,4096x1024,\"1,719.3 \u03bcs\",1.5 \u00b5s,0.2 \u03bcs,33.595 MB,19.5,80 %,-\n"
            + "NormGen.Benchmarks.Benchmarks.RmsNormForward,Copy,ShortRun,3,4096x1024,1.381 ms,NA,0.01 ms,33.595 MB,24.3,100 %,1.5 KB\n";
        var rows = BdnCsv.Read(units, "BenchmarkRun-joined-2026-report.csv");
        Assert.Equal("RmsNormForward", rows[0].Class);
        Assert.Equal(1_719_300, rows[0].MeanNs!.Value, 1e-6);
        Assert.Equal(1_500, rows[0].ErrorNs!.Value, 1e-6);
        Assert.Equal(0, rows[0].AllocatedBytes);
        Assert.Null(rows[1].ErrorNs);
        Assert.Equal(1536, rows[1].AllocatedBytes);
        Assert.Equal([new KeyValuePair<string, string>("Shape", "4096x1024")], rows[0].Parameters);

        // Units in the header, ';' as the separator (a culture whose list separator is ';').
        string header = "Method;Job;Shape;Mean [us];Error [us];Allocated [B]\nSimd;ShortRun;64x768;12.5;0.3;0\n";
        var row = BdnCsv.Read(header, "NormGen.Benchmarks.Benchmarks.LayerNormForward-report.csv").Single();
        Assert.Equal("LayerNormForward", row.Class);
        Assert.Equal(12_500, row.MeanNs!.Value, 1e-9);
        Assert.Equal(0, row.AllocatedBytes);
        Assert.Equal("64x768", row.Shape);
    }

    [Fact]
    public void Records_the_command_that_reproduces_a_run()
    {
        string command = RunRecorder.Command(["--filter", "*LayerNormForward*", "--job", "short"], [new("NORMGEN_BENCH_SHAPES", "4096x1024,64x768")]);
        Assert.Matches(@"^NORMGEN_BENCH_SHAPES=4096x1024,64x768 dotnet run -c \w+ --project tests/NormGen.Benchmarks -- --filter '\*LayerNormForward\*' --job short$", command);

        RunRecorder.Record(directory, ["/x/A-report.csv"], "first", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "skipped: no shim");
        RunRecorder.Record(directory, ["/x/B-report.csv"], "second", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "");
        var runs = RunInfo.ReadAll(directory);
        Assert.Equal("first", runs["A-report.csv"].Command);
        Assert.Equal("second", runs["B-report.csv"].Command);
        Assert.Equal("skipped: no shim", runs["A-report.csv"].Aten);
        Assert.Equal(Environment.ProcessorCount, runs["A-report.csv"].Machine!.LogicalCores);
        Assert.False(string.IsNullOrEmpty(runs["A-report.csv"].Machine!.Cpu));
    }
}
