using NormGen.Benchmarks.Infrastructure;
using NormGen.Benchmarks.Report;

namespace NormGen.Benchmarks.Tests;

/// <summary>
/// Target 4's explanation column (the <c>Floor</c> rows: the traffic a case's structure forces) and <c>--issue14</c>'s re-run
/// of the noise-margin misses (targets 3 and 8 read the re-run's ratio), on hand-made CSV text.
/// </summary>
public sealed class FloorAndRerunReportTests
{
    private const string Header = "Method,Job,IterationCount,WarmupCount,Shape,Layout,Mean,Error,StdDev,Moved,Allocated";

    private static string Row(string method, string job, int iterations, string shape, string layout, double meanUs, double errorUs)
        => $"{method},{job},{iterations},3,{shape},{layout},\"{meanUs:0.000} μs\",{errorUs:0.000} μs,{errorUs / 2:0.000} μs,16.779 MB,0 B";

    private static IReadOnlyList<BenchmarkRow> Csv(string source, params string[] rows)
        => BdnCsv.Read(string.Join('\n', [Header, .. rows]), source);

    private const string BatchNorm = "NormGen.Benchmarks.Benchmarks.BatchNorm2dForward-report.csv";

    /// <summary>NCHW: Generated 43% of copy, Floor 95% (a channel's re-read comes from L2); NHWC: 40% of copy, Floor 62%.</summary>
    private static IReadOnlyList<BenchmarkRow> MainRun() => Csv(BatchNorm,
        Row("Simd", "ShortRun", 3, "32x64x32x32", "Nchw", 800, 700),
        Row("Generated", "ShortRun", 3, "32x64x32x32", "Nchw", 920, 800), // 1.15 x Simd: a target-3 miss inside its error
        Row("GeneratedDefaultThreads", "ShortRun", 3, "32x64x32x32", "Nchw", 500, 100),
        Row("Floor", "ShortRun", 3, "32x64x32x32", "Nchw", 421.05, 10),
        Row("Copy", "ShortRun", 3, "32x64x32x32", "Nchw", 400, 10),
        Row("Simd", "ShortRun", 3, "32x64x32x32", "Nhwc", 1000, 50),
        Row("Generated", "ShortRun", 3, "32x64x32x32", "Nhwc", 1000, 50),
        Row("GeneratedDefaultThreads", "ShortRun", 3, "32x64x32x32", "Nhwc", 1200, 500), // 1.20 x one thread: a target-8 miss
        Row("Floor", "ShortRun", 3, "32x64x32x32", "Nhwc", 650, 10),
        Row("Copy", "ShortRun", 3, "32x64x32x32", "Nhwc", 400, 10));

    /// <summary>The re-run: NCHW's Generated ÷ Simd at 0.98 with 15 iterations; NHWC's default threads still 1.10.</summary>
    private static IReadOnlyList<BenchmarkRow> Rerun() => Csv(Analysis.RerunPrefix + BatchNorm,
        Row("Simd", "Job-QWERTY", 15, "32x64x32x32", "Nchw", 1000, 10),
        Row("Generated", "Job-QWERTY", 15, "32x64x32x32", "Nchw", 980, 10),
        Row("Generated", "Job-QWERTY", 15, "32x64x32x32", "Nhwc", 1000, 10),
        Row("GeneratedDefaultThreads", "Job-QWERTY", 15, "32x64x32x32", "Nhwc", 1100, 10));

    private static string Markdown(IReadOnlyList<BenchCase> cases)
        => MarkdownReport.Write(new ReportInput
        {
            Cases = cases,
            Targets = Analysis.Targets(cases, new Thresholds()),
            Sources = [],
            Thresholds = new Thresholds(),
            ProbedMachine = MachineInfo.Probe(),
        }, existing: null);

    [Fact]
    public void A_target_4_miss_shows_its_fraction_of_the_floor_beside_its_fraction_of_copy()
    {
        var cases = Analysis.Cases(MainRun());
        var nhwc = cases.Single(c => c.Label == "32x64x32x32, Nhwc");
        Assert.Equal(400.0 / 650, nhwc.OfCopy(Analysis.Floor)!.Value, 1e-9);
        Assert.Equal(650.0 / 1000, nhwc.OfFloor(Analysis.Generated)!.Value, 1e-9);

        string md = Markdown(cases);
        var row = ReportTests.TableRow(md, "| 4 | BatchNorm2dForward 32x64x32x32, Nhwc |");
        Assert.Equal("40% (≥ 85%)", row[3]); // the target is still 85% of copy
        Assert.Equal("Floor = 62% of copy; Generated = 65% of Floor", row[4]);
        Assert.Equal("Floor = 95% of copy; Generated = 46% of Floor", ReportTests.TableRow(md, "| 4 | BatchNorm2dForward 32x64x32x32, Nchw |")[4]);
        Assert.Contains("| measured bound |", md);
        Assert.Contains("| Floor |", md); // the row in the class table, before Copy
        Assert.True(md.IndexOf("| Floor |", StringComparison.Ordinal) < md.IndexOf("| Copy |", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_floor_row_copy_is_the_floor()
    {
        var cases = Analysis.Cases(BdnCsv.Read("""
            Method,Job,Shape,Mean,Error,StdDev,Moved,Allocated
            Generated,ShortRun,4096x1024,"1,000.000 μs",10.000 μs,5.000 μs,33.6 MB,0 B
            Copy,ShortRun,4096x1024,500.000 μs,10.000 μs,5.000 μs,33.6 MB,0 B
            """, "NormGen.Benchmarks.Benchmarks.LayerNormForward-report.csv"));
        Assert.Equal("no Floor row: Copy is the floor", ReportTests.TableRow(Markdown(cases), "| 4 | LayerNormForward 4096x1024 |")[4]);
    }

    [Fact]
    public void The_noise_misses_are_the_cases_and_rows_the_rerun_measures_again()
    {
        var misses = Analysis.NoiseMisses(Analysis.Cases(MainRun()), new Thresholds());
        Assert.Equal(2, misses.Count);
        Assert.Equal("32x64x32x32, Nchw", misses[0].Case.Label);
        Assert.Equal(["Generated", "Simd"], misses[0].Methods);
        Assert.Equal("32x64x32x32, Nhwc", misses[1].Case.Label);
        Assert.Equal(["Generated", "GeneratedDefaultThreads"], misses[1].Methods);
    }

    [Fact]
    public void Targets_3_and_8_read_the_rerun_and_quote_the_main_run_while_the_other_targets_keep_the_main_run()
    {
        var cases = Analysis.Cases([.. MainRun(), .. Rerun()]);
        Assert.Equal(2, cases.Count); // the re-run's cases are attached, not added
        var nchw = cases.Single(c => c.Label == "32x64x32x32, Nchw");
        Assert.Equal("Job-QWERTY", nchw.Remeasured!.Job);

        var targets = Analysis.Targets(cases, new Thresholds()).ToDictionary(t => t.Id);
        var simd = targets["3"].Checks.Single(c => c.Case == nchw);
        Assert.Equal(Verdict.Pass, simd.Verdict);
        Assert.Equal(0.98, simd.Value!.Value, 1e-9);
        Assert.Equal("0.98 ±0.02 (≤ 1.03; re-run, Job-QWERTY; ShortRun: 1.15 ±2.01)", simd.Text);
        var threads = targets["8"].Checks.Single(c => c.Case.Label.EndsWith("Nhwc", StringComparison.Ordinal));
        Assert.Equal(Verdict.Miss, threads.Verdict); // still above 1.03 with 15 iterations: a real miss
        Assert.Equal(1.1, threads.Value!.Value, 1e-9);
        Assert.Equal(400.0 / 920, targets["4"].Checks.Single(c => c.Case == nchw).Value!.Value, 1e-9); // the main run's Generated

        string md = Markdown(cases);
        Assert.Contains("| Job-QWERTY (re-run) |", md); // the class table lists the re-run's rows under their job
        Assert.Contains("| ShortRun |", md);
    }

    [Fact]
    public void The_rerun_takes_the_main_runs_arguments_with_its_iterations_job_and_folder()
    {
        Assert.Equal(["--filter", "*", "--job", "short", "--iterationCount", "15", "--artifacts", "A/rerun"],
            Issue14Rerun.Arguments(["--filter", "*", "--job", "short", "--artifacts", "A"], 15, null, "A/rerun"));
        Assert.Equal(["--filter", "*", "--job", "medium", "--iterationCount", "20", "--artifacts", "R"],
            Issue14Rerun.Arguments(["--filter", "*", "--job", "short"], 20, "medium", "R"));
    }

    [Fact]
    public void The_preset_keeps_its_rerun_options_from_BenchmarkDotNet()
    {
        string[] args = ["--issue14", "--rerun-iterations", "0", "--rerun-job", "medium", "--artifacts", "A"];
        Assert.Equal(["--artifacts", "A", "--filter", "*", "--job", "short"], Issue14Preset.Expand(args));
        Assert.Equal((0, "medium"), Issue14Preset.Rerun(args));
        Assert.Equal((Issue14Rerun.DefaultIterations, (string?)null), Issue14Preset.Rerun(["--issue14"]));
    }
}
