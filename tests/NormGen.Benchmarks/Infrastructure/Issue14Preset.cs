namespace NormGen.Benchmarks.Infrastructure;

/// <summary>
/// <c>--issue14</c>: exactly the rows docs/benchmarks.md's targets (issue 4's and issue 14's, evaluated by
/// tests/NormGen.Benchmarks.Report) and its plot read, every case, one run: the generated kernel on one thread and at the
/// default thread setting, the hand-written <c>Simd</c> kernel, ATen (1.13 operator and LayerNorm's kernel alone), LibTorch
/// 2.10, ONNX Runtime, <c>Copy</c>; TensorPrimitives for LayerNorm only (a line of the plot). Left out: Naive (seconds per
/// call at the large shapes), the other TensorPrimitives rows, AtenNoCopy, GeneratedSpecialized, the unfused add+RMSNorm
/// pair, the LayerNormThreads, precision and transcendental classes. Expands to <c>--filter '*' --job short</c> (the job
/// unless one is given) plus a filter on these rows; NORMGEN_BENCH_SHAPES still narrows the shapes.
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
    private static readonly string[] Everywhere = ["Generated", "GeneratedDefaultThreads", "Simd", "Aten", "AtenKernel", "LibTorch", "Ort", "Copy"];

    /// <summary>Rows only some classes run.</summary>
    private static readonly Dictionary<string, string[]> Extra = new(StringComparer.Ordinal)
    {
        ["LayerNormForward"] = ["TensorPrimitives"],
        ["LayerNormBackward"] = ["TensorPrimitives"],
        ["FusedAddRmsNormForward"] = ["Fused", "OrtSkipRmsNorm"],
        ["FusedAddRmsNormBackward"] = ["Fused"],
    };

    public static bool IsRequested(string[] args) => args.Contains(Flag, StringComparer.Ordinal);

    public static bool Includes(string className, string method)
        => Classes.Contains(className, StringComparer.Ordinal)
        && (Everywhere.Contains(method, StringComparer.Ordinal) || (Extra.TryGetValue(className, out var extra) && extra.Contains(method, StringComparer.Ordinal)));

    /// <summary>BenchmarkDotNet's arguments for <paramref name="args"/>: the flag becomes <c>--filter '*'</c>, and <c>--job short</c> unless a job is given.</summary>
    public static string[] Expand(string[] args)
    {
        var expanded = args.Where(a => a != Flag).ToList();
        if (!expanded.Contains("--filter") && !expanded.Contains("-f"))
            expanded.AddRange(["--filter", "*"]);
        if (!expanded.Contains("--job") && !expanded.Contains("-j"))
            expanded.AddRange(["--job", "short"]);
        return [.. expanded];
    }
}
