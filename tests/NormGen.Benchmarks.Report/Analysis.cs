namespace NormGen.Benchmarks.Report;

/// <summary>The thresholds the report checks (issue 4, item 3; issue 14, item 2), and the margins it states.</summary>
public sealed record Thresholds
{
    /// <summary>Generated at least this much faster than ATen on every case.</summary>
    public double AtenSpeedup { get; init; } = 1.5;

    /// <summary>... and at least this much on the small, latency-bound shape.</summary>
    public double SmallShapeAtenSpeedup { get; init; } = 2.0;

    /// <summary>Issue 14: generated at least this much faster than LibTorch 2.10 (forward and backward) and ONNX Runtime (forward).</summary>
    public double ModernSpeedup { get; init; } = 1.5;

    public string SmallShape { get; init; } = "64x768";

    /// <summary>"No slower than the hand-written SIMD kernel": Generated / Simd at most 1 + this.</summary>
    public double NoiseMargin { get; init; } = 0.03;

    /// <summary>"Large cases": those that move at least this many bytes per call.</summary>
    public double LargeBytes { get; init; } = 4e6;

    /// <summary>Fraction of the Copy benchmark's bandwidth on the large cases (issue 14: 85%; issue 4 asked 80%).</summary>
    public double CopyFraction { get; init; } = 0.85;

    /// <summary>Issue 14: the DyT forward (elementwise) within this many times a copy of the same bytes.</summary>
    public double DyTCopyRatio { get; init; } = 1.3;
}

/// <summary>One case: a benchmark class at one parameter set (and job), every method measured on it.</summary>
public sealed class BenchCase
{
    public BenchCase(IReadOnlyList<BenchmarkRow> rows)
    {
        Rows = rows;
        First = rows[0];
    }

    public IReadOnlyList<BenchmarkRow> Rows { get; }

    private BenchmarkRow First { get; }

    public string Class => First.Class;

    public string Label => First.CaseLabel;

    public string Shape => First.Shape;

    public string Job => First.Job;

    public double? MovedBytes => Rows.Select(r => r.MovedBytes).FirstOrDefault(m => m is > 0);

    /// <summary>
    /// The row of <paramref name="method"/>; for <see cref="Analysis.Generated"/>, the class's generated kernel under its own
    /// name when it has no Generated row (<see cref="Analysis.GeneratedAliases"/>: the fused add+RMSNorm's Fused).
    /// </summary>
    public BenchmarkRow? this[string method]
        => Rows.FirstOrDefault(r => r.Method == method)
        ?? (method == Analysis.Generated ? Rows.FirstOrDefault(r => Analysis.GeneratedAliases.Contains(r.Method)) : null);

    public double? Mean(string method) => this[method]?.MeanNs is > 0 and var m ? m : null;

    /// <summary>mean(<paramref name="method"/>) / mean(<paramref name="reference"/>).</summary>
    public double? TimeRatio(string method, string reference)
        => Mean(method) is { } a && Mean(reference) is { } b ? a / b : null;

    /// <summary>The relative uncertainty of <see cref="TimeRatio"/> from both 99.9% errors (first order).</summary>
    public double? TimeRatioRelativeError(string method, string reference)
    {
        if (this[method] is not { MeanNs: > 0, ErrorNs: >= 0 } a || this[reference] is not { MeanNs: > 0, ErrorNs: >= 0 } b)
            return null;
        return a.ErrorNs!.Value / a.MeanNs!.Value + b.ErrorNs!.Value / b.MeanNs!.Value;
    }

    /// <summary>The fraction of Copy's bandwidth <paramref name="method"/> reaches (same bytes moved, so a time ratio).</summary>
    public double? OfCopy(string method)
        => Mean("Copy") is { } copy && Mean(method) is { } m ? copy / m : null;

    /// <summary>
    /// Floor's time ÷ <paramref name="method"/>'s: how close it comes to the traffic the case's structure forces (the
    /// <see cref="Analysis.Floor"/> row, where the class has one).
    /// </summary>
    public double? OfFloor(string method)
        => Mean(Analysis.Floor) is { } floor && Mean(method) is { } m ? floor / m : null;

    /// <summary>
    /// The same class and parameters measured again with more iterations (the <c>--issue14</c> re-run of the cases that missed
    /// a noise-margin target, <see cref="Analysis.RerunPrefix"/>), or null. Targets 3 and 8 read their ratio from it.
    /// </summary>
    public BenchCase? Remeasured { get; internal set; }

    /// <summary>True for a case read from a re-run's CSV.</summary>
    public bool IsRerun => First.Source.StartsWith(Analysis.RerunPrefix, StringComparison.Ordinal);

    public bool IsLarge(Thresholds t) => MovedBytes is { } b && b >= t.LargeBytes;
}

public enum Verdict { Pass, Miss, NoData }

/// <summary>One case checked against one target.</summary>
public sealed record CaseCheck(BenchCase Case, double? Value, Verdict Verdict, string Text);

/// <summary>One target of issue 4 evaluated over the cases it applies to.</summary>
public sealed record TargetResult(string Id, string Title, IReadOnlyList<CaseCheck> Checks, string Measure)
{
    public Verdict Verdict
        => Checks.Count == 0 ? Verdict.NoData
        : Checks.Any(c => c.Verdict == Verdict.Miss) ? Verdict.Miss
        : Checks.Any(c => c.Verdict == Verdict.NoData) ? Verdict.NoData
        : Verdict.Pass;

    public int Passing => Checks.Count(c => c.Verdict == Verdict.Pass);

    public int Evaluated => Checks.Count(c => c.Verdict != Verdict.NoData);

    /// <summary>The check furthest from its threshold on the bad side (or the closest to failing when all pass).</summary>
    public CaseCheck? Worst { get; init; }
}

/// <summary>Groups rows into cases and evaluates the targets.</summary>
public static class Analysis
{
    public const string Generated = "Generated";

    /// <summary>The modern baselines' methods (issue 14): LibTorch 2.10 eager, ONNX Runtime.</summary>
    public const string LibTorch = "LibTorch";
    public const string Ort = "Ort";

    /// <summary>
    /// The traffic a case's dependency structure forces where that is more than a copy (tests/NormGen.Benchmarks, the training
    /// BatchNorm classes): target 4's explanation column, not its threshold.
    /// </summary>
    public const string Floor = "Floor";

    /// <summary>
    /// File-name prefix of the CSVs of <c>--issue14</c>'s re-run (the cases that missed target 3 or 8, measured again with more
    /// iterations, into the same results folder): their cases are attached to the main run's as <see cref="BenchCase.Remeasured"/>.
    /// </summary>
    public const string RerunPrefix = "rerun.";

    /// <summary>The targets whose thresholds sit inside a short run's noise (1 + noise margin): the re-run's.</summary>
    public static readonly string[] NoiseTargets = ["3", "8"];

    /// <summary>The generated kernel at the library's default thread setting (the core count), beside its one-thread row.</summary>
    public const string DefaultThreads = "GeneratedDefaultThreads";

    /// <summary>The generated kernel's name in classes that call it something else (the fused add+RMSNorm pair: Fused).</summary>
    public static readonly string[] GeneratedAliases = ["Fused"];

    /// <summary>The classes ONNX Runtime has a CPU kernel for (no backward at all; GroupNormalization has no CPU kernel).</summary>
    public static readonly string[] OrtClasses = ["LayerNormForward", "RmsNormForward", "BatchNorm2dForward", "InstanceNormForward"];

    /// <summary>ONNX Runtime's row per class for target 7: <see cref="Ort"/>, or its fused com.microsoft kernel for fused add+RMSNorm.</summary>
    public static readonly IReadOnlyDictionary<string, string> OrtMethods =
        OrtClasses.ToDictionary(c => c, _ => Ort).Append(new("FusedAddRmsNormForward", "OrtSkipRmsNorm")).ToDictionary();

    /// <summary>Issue 4's classes: those with PyTorch 1.13 (`Aten`, targets 1 and 2) and hand-written SIMD rows.</summary>
    public static readonly string[] Issue4Classes =
    [
        "LayerNormForward", "LayerNormBackward", "RmsNormForward", "RmsNormBackward",
        "BatchNorm2dForward", "BatchNorm2dBackward", "GroupNormForward", "GroupNormBackward",
        "InstanceNormForward", "InstanceNormBackward",
    ];

    /// <summary>The classes with a hand-written SIMD kernel (target 3): issue 4's and DyT (no ATen op: DyT is from 2025).</summary>
    public static readonly string[] SimdClasses = [.. Issue4Classes, "DyTForward", "DyTBackward"];

    /// <summary>Issue 14's DyT forward, held to a copy of the same bytes (target 9).</summary>
    public const string DyTForward = "DyTForward";

    /// <summary>Class order of the tables: the suite's order, then anything else by name.</summary>
    public static readonly string[] ClassOrder =
        [.. Issue4Classes, "DyTForward", "DyTBackward", "FusedAddRmsNormForward", "FusedAddRmsNormBackward"];

    /// <summary>Method order inside a case: the subject first, the baselines, the floor last.</summary>
    public static readonly string[] MethodOrder = [Generated, "Fused", DefaultThreads, "Simd", "TensorPrimitives", LibTorch, Ort, "OrtSkipRmsNorm", "Aten", "AtenNoCopy", "AtenKernel", "AddThenRmsNorm", "RmsNormBackwardThenAdd", "Naive", Floor, "Copy"];

    public static int ClassRank(string name) => Array.IndexOf(ClassOrder, name) is >= 0 and var i ? i : ClassOrder.Length;

    public static int MethodRank(string name) => Array.IndexOf(MethodOrder, name) is >= 0 and var i ? i : MethodOrder.Length;

    /// <summary>Cases in table order: classes in suite order; cases in the order the CSV lists them.</summary>
    public static IReadOnlyList<BenchCase> Cases(IEnumerable<BenchmarkRow> rows)
    {
        var list = rows.ToList();
        var main = Group(list.Where(r => !r.Source.StartsWith(RerunPrefix, StringComparison.Ordinal))).ToList();
        // A re-run's case is attached to the main run's case of the same class and parameters (whatever its job); one with no
        // such case stands on its own.
        foreach (var rerun in Group(list.Where(r => r.Source.StartsWith(RerunPrefix, StringComparison.Ordinal))))
        {
            if (main.FirstOrDefault(c => c.Class == rerun.Class && c.Label == rerun.Label && !c.IsRerun) is { } original)
                original.Remeasured = rerun;
            else
                main.Add(rerun);
        }
        return main;
    }

    private static IEnumerable<BenchCase> Group(IEnumerable<BenchmarkRow> rows)
    {
        var list = rows.ToList();
        // A later CSV for the same case (a re-run) replaces the earlier row of the same method.
        var deduplicated = list
            .Select((r, i) => (r, i))
            .GroupBy(x => (x.r.CaseKey, x.r.Method))
            .Select(g => g.Last())
            .OrderBy(x => x.i)
            .Select(x => x.r);
        return deduplicated
            .GroupBy(r => r.CaseKey)
            .Select(g => new BenchCase(g.OrderBy(r => MethodRank(r.Method)).ThenBy(r => r.Method, StringComparer.Ordinal).ToList()))
            .Select((c, i) => (c, i))
            .OrderBy(x => ClassRank(x.c.Class)).ThenBy(x => x.c.Class, StringComparer.Ordinal).ThenBy(x => x.i)
            .Select(x => x.c);
    }

    public static IReadOnlyList<TargetResult> Targets(IReadOnlyList<BenchCase> cases, Thresholds t)
    {
        var subject = cases.Where(c => c[Generated] is not null || c.Rows.Any(r => r.Method is "Aten" or "AtenKernel" or "Simd")).ToList();
        // Issue 4's targets apply to its classes (a class without the row is not "no data": it has no such baseline), and
        // to any case that has the row.
        var issue4 = subject.Where(c => Issue4Classes.Contains(c.Class) || c["Aten"] is not null).ToList();
        var results = new List<TargetResult>
        {
            SpeedupTarget("1", $"Generated ≥ {t.AtenSpeedup:0.##}× faster than ATen (`Aten`: the PyTorch operator) on every case, forward and backward",
                issue4, _ => "Aten", _ => t.AtenSpeedup),
            SpeedupTarget("1b", $"the same against `AtenKernel` (LayerNorm only: ATen's kernel alone, in place, no output allocation or copy)",
                subject.Where(c => c["AtenKernel"] is not null), _ => "AtenKernel", _ => t.AtenSpeedup),
            SpeedupTarget("2", $"Generated ≥ {t.SmallShapeAtenSpeedup:0.##}× faster than ATen (`Aten`) at {t.SmallShape}",
                issue4.Where(c => c.Shape == t.SmallShape), _ => "Aten", _ => t.SmallShapeAtenSpeedup),
            SpeedupTarget("2b", $"the same against `AtenKernel` at {t.SmallShape}",
                subject.Where(c => c.Shape == t.SmallShape && c["AtenKernel"] is not null), _ => "AtenKernel", _ => t.SmallShapeAtenSpeedup),
            SimdTarget(subject.Where(c => SimdClasses.Contains(c.Class) || c["Simd"] is not null), t),
            CopyTarget(subject.Where(c => c.IsLarge(t)), t),
            AllocationTarget(subject),
            SpeedupTarget("6", $"Generated ≥ {t.ModernSpeedup:0.##}× faster than LibTorch 2.10 eager (`LibTorch`) on every case, forward and backward",
                subject, _ => LibTorch, _ => t.ModernSpeedup),
            SpeedupTarget("7", $"Generated ≥ {t.ModernSpeedup:0.##}× faster than ONNX Runtime (`Ort`; fused add+RMSNorm: `OrtSkipRmsNorm`) on every forward case it has a CPU kernel for",
                subject.Where(c => OrtMethods.ContainsKey(c.Class)), c => OrtMethods[c.Class], _ => t.ModernSpeedup),
            ThreadsTarget(subject, t),
            DyTCopyTarget(subject.Where(c => c.Class == DyTForward), t),
        };
        return results;
    }

    /// <summary>
    /// The cases that missed a noise-margin target (<see cref="NoiseTargets"/>) in a run, with the rows the target's ratio reads
    /// (under the names the run gave them): what <c>--issue14</c> measures again with more iterations.
    /// </summary>
    public static IReadOnlyList<(BenchCase Case, IReadOnlyList<string> Methods)> NoiseMisses(IReadOnlyList<BenchCase> cases, Thresholds t)
    {
        var misses = new Dictionary<BenchCase, SortedSet<string>>();
        foreach (var target in Targets(cases, t).Where(r => NoiseTargets.Contains(r.Id)))
        {
            foreach (var check in target.Checks.Where(c => c.Verdict == Verdict.Miss && c.Value is not null))
            {
                if (!misses.TryGetValue(check.Case, out var methods))
                    misses[check.Case] = methods = new SortedSet<string>(StringComparer.Ordinal);
                methods.Add(check.Case[Generated]!.Method);
                methods.Add(target.Id == "3" ? "Simd" : DefaultThreads);
            }
        }
        return cases.Where(misses.ContainsKey).Select(c => (c, (IReadOnlyList<string>)[.. misses[c]])).ToList();
    }

    private static TargetResult DyTCopyTarget(IEnumerable<BenchCase> cases, Thresholds t)
    {
        var checks = cases.Select(c =>
        {
            if (c.Mean(Generated) is null)
                return new CaseCheck(c, null, Verdict.Miss, "no Generated data");
            if (c.Mean("Copy") is null)
                return new CaseCheck(c, null, Verdict.NoData, "no Copy data");
            double ratio = c.TimeRatio(Generated, "Copy")!.Value;
            string error = c.TimeRatioRelativeError(Generated, "Copy") is { } e ? $" ±{ratio * e:0.00}" : "";
            return new CaseCheck(c, ratio, ratio <= t.DyTCopyRatio ? Verdict.Pass : Verdict.Miss, $"{ratio:0.00}{error} (≤ {t.DyTCopyRatio:0.##})");
        }).ToList();
        return new TargetResult("9", $"DyT forward within {t.DyTCopyRatio:0.##}× of a copy of the same bytes: Generated ÷ Copy ≤ {t.DyTCopyRatio:0.##}",
            checks, "Generated ÷ Copy") { Worst = WorstBy(checks, v => v) };
    }

    private static CaseCheck? WorstBy(IEnumerable<CaseCheck> checks, Func<double, double> badness)
        => checks.Where(c => c.Value is not null).OrderByDescending(c => badness(c.Value!.Value)).FirstOrDefault();

    private static TargetResult SpeedupTarget(string id, string title, IEnumerable<BenchCase> cases, Func<BenchCase, string> baseline, Func<BenchCase, double> threshold)
    {
        var checks = cases.Select(c =>
        {
            double min = threshold(c);
            string aten = baseline(c);
            if (c.Mean(Generated) is null)
                return new CaseCheck(c, null, Verdict.Miss, "no Generated data");
            if (c.Mean(aten) is null)
                return new CaseCheck(c, null, Verdict.NoData, $"no {aten} data");
            double speedup = c.TimeRatio(aten, Generated)!.Value;
            return new CaseCheck(c, speedup, speedup >= min ? Verdict.Pass : Verdict.Miss, $"{Format.Speedup(speedup)} (≥ {min:0.##}×)");
        }).ToList();
        string measure = string.Join(", ", checks.Select(c => baseline(c.Case)).Distinct()) + " ÷ Generated";
        return new TargetResult(id, title, checks, measure) { Worst = WorstBy(checks, v => -v) };
    }

    /// <summary>
    /// A noise-margin target's check: <paramref name="method"/> ÷ <paramref name="reference"/> ≤ 1 + margin, from the case's
    /// re-measurement when it has both rows (the text then gives the main run's ratio too), else from the case itself.
    /// </summary>
    private static CaseCheck NoiseCheck(BenchCase c, string method, string reference, Thresholds t)
    {
        double max = 1 + t.NoiseMargin;
        if (c.Mean(Generated) is null)
            return new CaseCheck(c, null, Verdict.Miss, "no Generated data");
        string Ratio(BenchCase source, out double ratio)
        {
            ratio = source.TimeRatio(method, reference)!.Value;
            return $"{ratio:0.00}" + (source.TimeRatioRelativeError(method, reference) is { } e ? $" ±{ratio * e:0.00}" : "");
        }
        if (c.Remeasured is { } again && again.Mean(method) is not null && again.Mean(reference) is not null)
        {
            string text = Ratio(again, out double ratio);
            string first = c.Mean(method) is not null && c.Mean(reference) is not null ? $"; {c.Job}: {Ratio(c, out _)}" : "";
            return new CaseCheck(c, ratio, ratio <= max ? Verdict.Pass : Verdict.Miss, $"{text} (≤ {max:0.00}; re-run, {again.Job}{first})");
        }
        if (c.Mean(reference) is null || c.Mean(method) is null)
            return new CaseCheck(c, null, Verdict.NoData, $"no {(c.Mean(reference) is null ? reference : method)} data");
        string measured = Ratio(c, out double value);
        return new CaseCheck(c, value, value <= max ? Verdict.Pass : Verdict.Miss, $"{measured} (≤ {max:0.00})");
    }

    private static TargetResult SimdTarget(IEnumerable<BenchCase> cases, Thresholds t)
    {
        var checks = cases.Select(c => NoiseCheck(c, Generated, "Simd", t)).ToList();
        return new TargetResult("3", $"Generated no slower than the hand-written SIMD kernel: Generated ÷ Simd ≤ 1 + {t.NoiseMargin:0.##} noise margin",
            checks, "Generated ÷ Simd") { Worst = WorstBy(checks, v => v) };
    }

    private static TargetResult ThreadsTarget(IEnumerable<BenchCase> cases, Thresholds t)
    {
        var checks = cases.Select(c => NoiseCheck(c, DefaultThreads, Generated, t)).ToList();
        return new TargetResult("8", $"the default thread setting never slower than one thread: {DefaultThreads} ÷ Generated ≤ 1 + {t.NoiseMargin:0.##} noise margin",
            checks, $"{DefaultThreads} ÷ Generated") { Worst = WorstBy(checks, v => v) };
    }

    private static TargetResult CopyTarget(IEnumerable<BenchCase> cases, Thresholds t)
    {
        var checks = cases.Select(c =>
        {
            if (c.Mean(Generated) is null)
                return new CaseCheck(c, null, Verdict.Miss, "no Generated data");
            if (c.OfCopy(Generated) is not { } fraction)
                return new CaseCheck(c, null, Verdict.NoData, "no Copy data");
            return new CaseCheck(c, fraction, fraction >= t.CopyFraction ? Verdict.Pass : Verdict.Miss, $"{Format.Percent(fraction)} (≥ {Format.Percent(t.CopyFraction)})");
        }).ToList();
        return new TargetResult("4", $"Generated ≥ {Format.Percent(t.CopyFraction)} of copy bandwidth on every large case (≥ {Format.Bytes(t.LargeBytes, trim: true)} moved per call; issue 14's number, issue 4 asked 80%)",
            checks, "of copy") { Worst = WorstBy(checks, v => -v) };
    }

    private static TargetResult AllocationTarget(IEnumerable<BenchCase> cases)
    {
        var checks = cases.Select(c =>
        {
            if (c[Generated] is not { } row)
                return new CaseCheck(c, null, Verdict.Miss, "no Generated data");
            if (row.AllocatedBytes is not { } bytes)
                return new CaseCheck(c, null, Verdict.NoData, "not measured (MemoryDiagnoser off?)");
            return new CaseCheck(c, bytes, bytes == 0 ? Verdict.Pass : Verdict.Miss, Format.Allocated(bytes));
        }).ToList();
        return new TargetResult("5", "Generated allocates zero managed bytes per call", checks, "Allocated") { Worst = WorstBy(checks, v => v) };
    }
}
