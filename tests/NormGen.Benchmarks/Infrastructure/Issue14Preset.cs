namespace NormGen.Benchmarks.Infrastructure;

/// <summary>
/// <c>--issue14</c>: exactly the rows docs/benchmarks.md's targets (issue 4's and issue 14's, evaluated by
/// tests/NormGen.Benchmarks.Report) and its plot read, every case, one run: the generated kernel on one thread and at the
/// default thread setting, the hand-written <c>Simd</c> kernel, ATen (1.13 operator and LayerNorm's kernel alone), LibTorch
/// 2.10, ONNX Runtime, <c>Copy</c>, <c>Floor</c> where a class has one (target 4's explanation); TensorPrimitives for LayerNorm only (a line of the plot). Left out: Naive (seconds per
/// call at the large shapes), the other TensorPrimitives rows, AtenNoCopy, GeneratedSpecialized, the unfused add+RMSNorm
/// pair, the LayerNormThreads, precision and transcendental classes. Expands to <c>--filter '*' --job short</c> (the job
/// unless one is given) plus a filter on these rows; NORMGEN_BENCH_SHAPES still narrows the shapes. Then the cases that
/// missed target 3 or 8 are measured again with more iterations (<see cref="Issue14Rerun"/>).
/// </summary>
public static class Issue14Preset
{
    public const string Flag = "--issue14";

    /// <summary>The classes of the report's cases, in its order.</summary>
    public static readonly string[] Classes =
    [
        "LayerNormForward", "LayerNormBackward", "RmsNormForward", "RmsNormBackward",
        "BatchNorm2dForward", "BatchNorm2dBackward", "GroupNormForward", "GroupNormBackward",
        "InstanceNormForward", "InstanceNormBackward", "DyTForward", "DyTBackward",
        "FusedAddRmsNormForward", "FusedAddRmsNormBackward",
    ];

    /// <summary>Rows every class runs where it has them.</summary>
    private static readonly string[] Everywhere = ["Generated", "GeneratedDefaultThreads", "Simd", "Aten", "AtenKernel", "LibTorch", "Ort", "Floor", "Copy"];

    /// <summary>Rows only some classes run.</summary>
    private static readonly Dictionary<string, string[]> Extra = new(StringComparer.Ordinal)
    {
        ["LayerNormForward"] = ["TensorPrimitives"],
        ["LayerNormBackward"] = ["TensorPrimitives"],
        ["FusedAddRmsNormForward"] = ["Fused", "OrtSkipRmsNorm"],
        ["FusedAddRmsNormBackward"] = ["Fused"],
    };

    public static bool IsRequested(string[] args) => args.Contains(Flag, StringComparer.Ordinal);

    /// <summary>
    /// <c>--rerun-iterations N</c>: how many iterations the re-run of the target 3 and 8 misses takes (<see cref="Issue14Rerun"/>;
    /// 0: no re-run); <c>--rerun-job NAME</c>: its job (default: the main run's).
    /// </summary>
    public static (int Iterations, string? Job) Rerun(string[] args)
    {
        int iterations = Issue14Rerun.DefaultIterations;
        string? job = null;
        for (int i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == Issue14Rerun.IterationsFlag)
                iterations = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
            else if (args[i] == Issue14Rerun.JobFlag)
                job = args[i + 1];
        }
        return (iterations, job);
    }

    public static bool Includes(string className, string method)
        => Classes.Contains(className, StringComparer.Ordinal)
        && (Everywhere.Contains(method, StringComparer.Ordinal) || (Extra.TryGetValue(className, out var extra) && extra.Contains(method, StringComparer.Ordinal)));

    /// <summary>BenchmarkDotNet's arguments for <paramref name="args"/>: the flag becomes <c>--filter '*'</c>, and <c>--job short</c> unless a job is given.</summary>
    public static string[] Expand(string[] args)
    {
        var expanded = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] is Issue14Rerun.IterationsFlag or Issue14Rerun.JobFlag)
                i++; // the preset's own options, not BenchmarkDotNet's
            else if (args[i] != Flag)
                expanded.Add(args[i]);
        }
        if (!expanded.Contains("--filter") && !expanded.Contains("-f"))
            expanded.AddRange(["--filter", "*"]);
        if (!expanded.Contains("--job") && !expanded.Contains("-j"))
            expanded.AddRange(["--job", "short"]);
        return [.. expanded];
    }
}
