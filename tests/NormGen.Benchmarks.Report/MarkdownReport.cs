using System.Text;

namespace NormGen.Benchmarks.Report;

/// <summary>One CSV export and what is known of the run that wrote it.</summary>
public sealed record SourceFile(string FileName, IReadOnlyList<string> Classes, RunInfo? Run, DateTimeOffset Written);

/// <summary>Everything docs/benchmarks.md is written from.</summary>
public sealed record ReportInput
{
    public required IReadOnlyList<BenchCase> Cases { get; init; }

    public required IReadOnlyList<TargetResult> Targets { get; init; }

    public required IReadOnlyList<SourceFile> Sources { get; init; }

    public required Thresholds Thresholds { get; init; }

    /// <summary>The machine the report tool runs on: shown only when the run recorded none.</summary>
    public required MachineInfo ProbedMachine { get; init; }

    /// <summary>The command given to the report tool (--command), for CSVs whose run recorded none.</summary>
    public string? CommandOverride { get; init; }

    /// <summary>BenchmarkDotNet's environment block from its *-report-github.md, when there is one.</summary>
    public string? BdnEnvironment { get; init; }

    /// <summary>The plot, as a link relative to the markdown file (null: none written).</summary>
    public string? PlotLink { get; init; }

    /// <summary>The command that regenerates the report, for the header.</summary>
    public string ReportCommand { get; init; } = "dotnet run --project tests/NormGen.Benchmarks.Report -- BenchmarkDotNet.Artifacts/results";
}

/// <summary>Writes docs/benchmarks.md; keeps the hand-written Notes section of the file it replaces.</summary>
public static class MarkdownReport
{
    public const string NotesHeading = "## Notes";
    public const string NotesBegin = "<!-- notes:begin (written by hand; NormGen.Benchmarks.Report keeps everything up to notes:end when it regenerates this file) -->";
    public const string NotesEnd = "<!-- notes:end -->";
    /// <summary>The one command that measures what this page evaluates and writes it (tests/NormGen.Benchmarks/README.md).</summary>
    public const string RegenerateCommand =
        "rm -rf BenchmarkDotNet.Artifacts/issue14 && dotnet run -c Release --project tests/NormGen.Benchmarks -- --issue14 --artifacts BenchmarkDotNet.Artifacts/issue14 \\\n"
        + "  && dotnet run -c Release --project tests/NormGen.Benchmarks.Report -- BenchmarkDotNet.Artifacts/issue14/results";

    public const string NotesPlaceholder = "_Placeholder for the lead: why each MISS above happens and what would close it; anything the numbers alone do not say. Use ### headings inside this section._";

    /// <summary>
    /// The body of the Notes section of an existing report (between the markers; without them, from "## Notes" to the
    /// next "## " heading), or null when it has none.
    /// </summary>
    public static string? ExtractNotes(string? existing)
    {
        if (string.IsNullOrEmpty(existing))
            return null;
        string text = existing.Replace("\r\n", "\n");
        int begin = text.IndexOf("<!-- notes:begin", StringComparison.Ordinal);
        int end = text.IndexOf(NotesEnd, StringComparison.Ordinal);
        if (begin >= 0 && end > begin)
        {
            int bodyStart = text.IndexOf("-->", begin, StringComparison.Ordinal) + 3;
            return text[bodyStart..end].Trim('\n');
        }
        var lines = text.Split('\n');
        int heading = Array.FindIndex(lines, l => l.TrimEnd() == NotesHeading);
        if (heading < 0)
            return null;
        int next = Array.FindIndex(lines, heading + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        var body = lines[(heading + 1)..(next < 0 ? lines.Length : next)];
        return string.Join('\n', body).Trim('\n');
    }

    public static string Write(ReportInput input, string? existing)
    {
        var md = new StringBuilder();
        void Line(string s = "") => md.Append(s).Append('\n');

        Line("# NormGen benchmarks");
        Line();
        Line("Written by `NormGen.Benchmarks.Report` from BenchmarkDotNet's CSV exports of `tests/NormGen.Benchmarks` (issues 4 and 14). "
            + "Everything but the Notes section is regenerated. Every row the targets below read, all cases, then this page "
            + "(on a quiet machine; about 29 minutes on 2 cores, ATen rows included when `tests/NormGen.Benchmarks/native/build.sh` has built the shim; "
            + "the cases that miss target 3 or 8 are measured again with 15 iterations at the end, tests/NormGen.Benchmarks/README.md):");
        Line();
        Line("```bash");
        Line(RegenerateCommand);
        Line("```");
        Line();
        Line("This page was written with:");
        Line();
        Line("```bash");
        Line(input.ReportCommand);
        Line("```");
        Line();
        WriteHeader(input, Line);
        WriteTargets(input, Line);
        WriteMisses(input, MissNote.Parse(ExtractNotes(existing)), Line);

        Line(NotesHeading);
        Line();
        Line(NotesBegin);
        string? notes = ExtractNotes(existing);
        Line(string.IsNullOrWhiteSpace(notes) ? NotesPlaceholder : notes);
        Line(NotesEnd);
        Line();

        if (input.PlotLink is not null)
        {
            Line("## Bandwidth against size");
            Line();
            Line($"![GB/s against bytes moved, LayerNorm forward and backward]({input.PlotLink})");
            Line();
            Line("Effective bandwidth (bytes the kernel must move ÷ mean time) of the row-wise LayerNorm kernels against the bytes one "
                + "call moves (log scale); `Copy` is the bandwidth floor of the same bytes. Shapes are rows x features.");
            Line();
        }

        WriteClassTables(input, Line);
        WriteLegend(input, Line);
        return md.ToString();
    }

    private static void WriteHeader(ReportInput input, Action<string> line)
    {
        var recorded = input.Sources.Where(s => s.Run is not null).ToList();
        var machines = recorded.Select(s => s.Run!.Machine).OfType<MachineInfo>().Distinct().ToList();

        line("## Run");
        line("");
        if (machines.Count == 0)
        {
            line($"- **Machine** (probed by the report tool; the run recorded none): {Describe(input.ProbedMachine)}");
        }
        else
        {
            foreach (var m in machines)
                line($"- **Machine**: {Describe(m)}");
        }

        var starts = recorded.Select(s => s.Run!.Started).OfType<DateTimeOffset>().ToList();
        var ends = recorded.Select(s => s.Run!.Finished).OfType<DateTimeOffset>().ToList();
        if (starts.Count > 0)
        {
            var from = starts.Min();
            var to = ends.Count > 0 ? ends.Max() : from;
            line($"- **Date**: {Date(from)}{(to.Date != from.Date || to - from > TimeSpan.FromMinutes(1) ? " to " + Date(to) : "")}");
        }
        else if (input.Sources.Count > 0)
        {
            var (from, to) = (input.Sources.Min(s => s.Written), input.Sources.Max(s => s.Written));
            line($"- **Date** (CSV files written; the run recorded none): {Date(from)}{(to - from > TimeSpan.FromMinutes(1) ? " to " + Date(to) : "")}");
        }

        // One line per distinct command, with the classes it measured.
        var commands = input.Sources
            .Select(s => (Command: s.Run?.Command is { Length: > 0 } c ? c : input.CommandOverride, s.Classes))
            .GroupBy(x => x.Command ?? "")
            .ToList();
        line("- **Command** (from the repository root; the data of this page):");
        line("");
        foreach (var group in commands)
        {
            var classes = group.SelectMany(g => g.Classes).Distinct().OrderBy(Analysis.ClassRank).ToList();
            if (commands.Count > 1)
                line($"  {string.Join(", ", classes.Select(c => "`" + c + "`"))}:");
            line("  ```bash");
            line("  " + (group.Key.Length > 0 ? group.Key : "# not recorded: the run left no normgen-runs.json; pass --command \"...\" to the report tool"));
            line("  ```");
        }
        line("");

        var aten = recorded.Select(s => s.Run!.Aten).Where(a => a.Length > 0).Distinct().ToList();
        foreach (var a in aten)
            line($"- **Baselines**: {a}");
        var jobs = input.Cases.Select(c => c.Job).Where(j => j.Length > 0).Distinct().ToList();
        if (jobs.Count > 0)
            line($"- **BenchmarkDotNet job**: {string.Join(", ", jobs)}"
                + (jobs.Any(j => j.StartsWith("Dry", StringComparison.Ordinal)) ? " (**Dry runs one cold iteration: a smoke test, not a measurement**)" : ""));
        line($"- **Data**: {string.Join(", ", input.Sources.Select(s => "`" + s.FileName + "`"))}");
        line("- **Threads**: one (every kernel; ATen with `at::set_num_threads(1)`, LibTorch with `torch.set_num_threads(1)`, ONNX Runtime with "
            + "one intra-op thread and sequential execution). float32 throughout.");
        line("");
        if (input.BdnEnvironment is { Length: > 0 } env)
        {
            line("<details><summary>BenchmarkDotNet's environment block</summary>");
            line("");
            line("```");
            line(env);
            line("```");
            line("");
            line("</details>");
            line("");
        }
    }

    private static string Describe(MachineInfo m)
        => $"{m.Cpu}, {m.LogicalCores} logical cores; {m.VectorSummary}; {m.Runtime}; {m.Os}";

    private static string Date(DateTimeOffset d) => d.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    private static void WriteTargets(ReportInput input, Action<string> line)
    {
        var t = input.Thresholds;
        line("## Targets");
        line("");
        line("Issue 4's targets (1-5) and issue 14's (4 at 85%, 6-9), evaluated mechanically from the data below (single thread, ratios from one run). "
            + "A speed-up is the other kernel's mean time ÷ Generated's; PASS needs every case to pass, NO DATA means a case could not be evaluated "
            + "(e.g. the ATen shim was not built) and none missed.");
        line("");
        line($"- Noise margin for targets 3 and 8: Generated may be up to {Format.Percent(t.NoiseMargin)} slower than `Simd` (8: than itself on one thread) and still PASS "
            + "(run-to-run spread on a shared 2-core machine); the ± after each ratio is the first-order combination of BenchmarkDotNet's "
            + "99.9% errors of both means.");
        line($"- Large cases (target 4): the cases that move at least {Format.Bytes(t.LargeBytes, trim: true)} per call (every case but {t.SmallShape} in this suite).");
        line("");
        line("| # | target | result | worst case | cases passing |");
        line("| --- | --- | --- | --- | ---: |");
        foreach (var r in input.Targets)
        {
            string worst = r.Worst is { } w ? $"{w.Text} at {w.Case.Class} {w.Case.Label}" : "—";
            string noData = r.Checks.Count(c => c.Verdict == Verdict.NoData) is > 0 and var n ? $" ({n} without data)" : "";
            line($"| {r.Id} | {Format.Cell(r.Title)} | **{Format.Verdict(r.Verdict)}** | {Format.Cell(worst)} | {r.Passing} / {r.Checks.Count}{noData} |");
        }
        int met = input.Targets.Count(r => r.Verdict == Verdict.Pass);
        line("");
        line($"{met} of {input.Targets.Count} targets met.");
        line("");

        // Per case: every target's number and verdict side by side.
        line("### Per case");
        line("");
        line("| class | case | moved | Generated, 1 thread | Generated, default threads | Generated ÷ Simd (3) | Aten ÷ Generated (1, 2) | AtenKernel ÷ Generated (1b, 2b) | of copy (4) | allocated (5) "
            + "| LibTorch ÷ Generated (6) | Ort ÷ Generated (7) | default threads ÷ 1 thread (8) | Generated ÷ Copy (9) |");
        line("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var checks = input.Targets.ToDictionary(r => r.Id, r => r.Checks.ToDictionary(c => c.Case));
        string Cell(BenchCase c, params string[] ids)
        {
            foreach (var id in ids)
                if (checks.TryGetValue(id, out var byCase) && byCase.TryGetValue(c, out var check))
                    return $"{check.Text} {Format.Verdict(check.Verdict)}";
            return "";
        }
        foreach (var c in input.Cases.Where(c => c[Analysis.Generated] is not null || c["Simd"] is not null))
        {
            string ofCopy = Cell(c, "4");
            if (ofCopy.Length == 0)
                ofCopy = c.OfCopy(Analysis.Generated) is { } f ? $"{Format.Percent(f)} (small case)" : "";
            string aten = c.Shape == t.SmallShape ? Cell(c, "2") : Cell(c, "1");
            string atenKernel = c.Shape == t.SmallShape ? Cell(c, "2b") : Cell(c, "1b");
            line($"| {c.Class} | {Format.Cell(c.Label)} | {Format.Bytes(c.MovedBytes)} | {Format.Time(c.Mean(Analysis.Generated))} | {Format.Time(c.Mean(Analysis.DefaultThreads))} "
                + $"| {Cell(c, "3")} | {aten} | {atenKernel} | {ofCopy} | {Cell(c, "5")} | {Cell(c, "6")} | {Cell(c, "7")} | {Cell(c, "8")} | {Cell(c, "9")} |");
        }
        line("");
    }

    /// <summary>Every MISS, one row each, with the bound or plan the Notes give for it (<see cref="MissNote"/>).</summary>
    private static void WriteMisses(ReportInput input, IReadOnlyList<MissNote> notes, Action<string> line)
    {
        var misses = input.Targets.SelectMany(t => t.Checks.Where(c => c.Verdict == Verdict.Miss).Select(c => (Target: t, Check: c))).ToList();
        line("### Misses, with their bound or plan");
        line("");
        if (misses.Count == 0)
        {
            line("No target missed.");
            line("");
            return;
        }
        line("Each MISS above with the explanation the Notes give for it: a bullet `- **[TARGET CLASS CASE]** text` in the Notes "
            + "(`*` matches anything, e.g. `[4 BatchNorm2dForward *Nhwc*]`); the first that matches is shown.");
        line("");
        line("| # | case | measured | measured bound | bound or plan (from the Notes) |");
        line("| --- | --- | --- | --- | --- |");
        int explained = 0;
        foreach (var (target, check) in misses)
        {
            var note = MissNote.Find(notes, target.Id, check.Case);
            if (note is not null)
                explained++;
            string bound = target.Id == "4" ? FloorBound(check.Case) : CopyBound(target, check, input.Thresholds);
            line($"| {target.Id} | {check.Case.Class} {Format.Cell(check.Case.Label)} | {Format.Cell(check.Text)} | {Format.Cell(bound)} "
                + $"| {(note is null ? "**none in the Notes**" : Format.Cell(note.Text))} |");
        }
        line("");
        line($"{explained} of {misses.Count} misses explained in the Notes.");
        line("");
    }

    /// <summary>
    /// For a speed-up target, the most any kernel moving the case's bytes could reach: the baseline's time ÷ Copy's (nothing
    /// that reads and writes those bytes beats a copy of them). Below the target, the miss is bounded by bandwidth, measured.
    /// </summary>
    private static string CopyBound(TargetResult target, CaseCheck check, Thresholds t)
    {
        string? baseline = target.Id switch
        {
            "1" or "2" => "Aten",
            "1b" or "2b" => "AtenKernel",
            "6" => Analysis.LibTorch,
            "7" => Analysis.OrtMethods.GetValueOrDefault(check.Case.Class),
            _ => null,
        };
        if (baseline is null || check.Case.TimeRatio(baseline, "Copy") is not { } bound)
            return "";
        double needed = target.Id is "2" or "2b" ? t.SmallShapeAtenSpeedup : target.Id is "6" or "7" ? t.ModernSpeedup : t.AtenSpeedup;
        return $"{baseline} ÷ Copy = {Format.Speedup(bound)}{(bound < needed ? " (below the target: unattainable at copy speed)" : "")}";
    }

    /// <summary>
    /// For target 4 (a fraction of Copy's bandwidth): the <c>Floor</c> row's own fraction of copy (the most any implementation
    /// moving the bytes the case's structure forces could reach, measured) and Generated's fraction of that floor. Cases without
    /// a Floor row need no more traffic than a copy: Copy is their floor.
    /// </summary>
    private static string FloorBound(BenchCase c)
    {
        if (c.OfCopy(Analysis.Floor) is not { } floor || c.OfFloor(Analysis.Generated) is not { } generated)
            return "no Floor row: Copy is the floor";
        return $"Floor = {Format.Percent(floor)} of copy; Generated = {Format.Percent(generated)} of Floor";
    }

    /// <summary>The MISS checks no note explains, for the report tool's console summary.</summary>
    public static IReadOnlyList<(TargetResult Target, CaseCheck Check)> Unexplained(IReadOnlyList<TargetResult> targets, string? existing)
    {
        var notes = MissNote.Parse(ExtractNotes(existing));
        return targets.SelectMany(t => t.Checks.Where(c => c.Verdict == Verdict.Miss && MissNote.Find(notes, t.Id, c.Case) is null).Select(c => (t, c))).ToList();
    }

    private static void WriteClassTables(ReportInput input, Action<string> line)
    {
        line("## Results by benchmark class");
        line("");
        foreach (var group in input.Cases.GroupBy(c => c.Class))
        {
            line($"### {group.Key}");
            line("");
            // Each case, then its re-run (fewer rows, more iterations) with the job marked "(re-run)".
            var cases = group.SelectMany(c => c.Remeasured is { } again ? new[] { c, again } : [c]).ToList();
            bool manyJobs = cases.Select(c => c.Job).Distinct().Count() > 1 || cases.Any(c => c.IsRerun);
            var parameterNames = cases[0].Rows[0].Parameters.Select(p => p.Key).ToList();
            var header = new List<string>(parameterNames);
            if (manyJobs)
                header.Add("Job");
            header.AddRange(["moved", "method", "mean", "error (99.9%)", "÷ Simd", "÷ Generated", "GB/s", "of copy", "allocated"]);
            line("| " + string.Join(" | ", header) + " |");
            line("| " + string.Join(" | ", header.Select((h, i) => i < parameterNames.Count + (manyJobs ? 1 : 0) || h == "method" ? "---" : "---:")) + " |");
            foreach (var c in cases)
            {
                bool first = true;
                foreach (var r in c.Rows)
                {
                    var cells = new List<string>();
                    cells.AddRange(r.Parameters.Select(p => first ? Format.Cell(p.Value) : ""));
                    if (manyJobs)
                        cells.Add(first ? Format.Cell(r.Job + (c.IsRerun ? " (re-run)" : "")) : "");
                    cells.Add(first ? Format.Bytes(c.MovedBytes) : "");
                    string method = r.Method == Analysis.Generated ? "**Generated**"
                        : Analysis.GeneratedAliases.Contains(r.Method) ? $"**{r.Method}** (generated)"
                        : r.Method == "Simd" ? "Simd (baseline)" : r.Method;
                    cells.Add(method);
                    cells.Add(Format.Time(r.MeanNs));
                    cells.Add(r.ErrorNs is { } e ? Format.Time(e) : "NA");
                    cells.Add(Format.Ratio(c.TimeRatio(r.Method, "Simd")));
                    cells.Add(c[Analysis.Generated] == r ? "1.00" : Format.Ratio(c.TimeRatio(r.Method, Analysis.Generated)));
                    cells.Add(Format.GBps(r.GBps));
                    cells.Add(Format.Percent(c.OfCopy(r.Method)));
                    cells.Add(Format.Allocated(r.AllocatedBytes));
                    line("| " + string.Join(" | ", cells) + " |");
                    first = false;
                }
            }
            line("");
        }
    }

    private static void WriteLegend(ReportInput input, Action<string> line)
    {
        line("## Columns");
        line("");
        line("- `moved`: the bytes one call must move at the least (each input read once, each output written once; parameter gradients "
            + "and running buffers read and written), from the benchmark's `Moved` column; 1 MB = 1e6 B.");
        line("- `mean`, `error`: BenchmarkDotNet's mean time per call and half its 99.9% confidence interval.");
        line("- `÷ Simd`: mean ÷ the hand-written Vector256 kernel's mean (the BenchmarkDotNet baseline; computed from the means, so it can "
            + "differ slightly from BenchmarkDotNet's Ratio, a mean of per-iteration ratios). Below 1 is faster than `Simd`.");
        line("- `÷ Generated`: mean ÷ the generated kernel's mean: how many times faster the generated kernel is (the `Aten` and "
            + "`AtenKernel` rows carry targets 1 and 2, `LibTorch` target 6, `Ort` target 7).");
        line("- `GB/s`: moved ÷ mean (1 GB = 1e9 B). `of copy`: that as a fraction of the `Copy` benchmark's in the same case (Copy reads "
            + "and writes the same number of bytes).");
        line("- `allocated`: managed bytes per call (MemoryDiagnoser). ATen's, LibTorch's and ONNX Runtime's own C++ allocations are not seen.");
        line("- Methods: `Generated` (NormGen's kernel, one thread), `GeneratedDefaultThreads` (the same at the library's default "
            + "`Threading.MaxThreads`, the core count: the 2-thread column on a 2-core machine), `Simd` (hand-written Vector256), `TensorPrimitives`, `Aten` (PyTorch 1.13's "
            + "operator, outputs copied into the caller's buffers), `AtenNoCopy` (the same, outputs left in ATen's tensors), "
            + "`AtenKernel` (ATen's CPU kernel alone, in place), `LibTorch` (LibTorch 2.10 eager through TorchSharp: the functional op "
            + "returning new tensors; backward = `torch.autograd.grad` alone), `Ort` (ONNX Runtime, a one-node model reading and writing the "
            + "buffers; forward only), `OrtSkipRmsNorm` (ONNX Runtime's fused add + RMSNorm with a zero skip: not a target), "
            + "`Naive` (scalar), `Copy` (bandwidth floor), `Floor` (training BatchNorm only: the traffic its structure forces, "
            + "x (and dy) read for the statistics, then read again and the output written, over the whole tensor). "
            + "See tests/NormGen.Benchmarks/README.md.");
        line("- `measured bound` (Misses): for target 4 the `Floor` row's fraction of copy and Generated's fraction of `Floor` (no "
            + "Floor row: nothing forces more traffic than a copy); for the speed-up targets the baseline's time ÷ `Copy`'s.");
        line("- `(re-run)` (job column): the cases that missed target 3 or 8 in the main run, measured again with more iterations "
            + "by `--issue14` into the same results folder; targets 3 and 8 read those cases' ratios from the re-run and quote "
            + "the main run's beside them.");
    }
}
