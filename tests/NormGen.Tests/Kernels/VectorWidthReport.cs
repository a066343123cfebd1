using System.Runtime.Intrinsics;

namespace NormGen.Tests.Kernels;

/// <summary>
/// The vector widths this process accelerates, which pick the generated kernels' path (Simd512, Simd256, Simd128 or
/// Scalar: the widest accelerated one). <see cref="Widths.VectorWidthTests"/> reruns this namespace in child
/// processes at each narrower width and reads the report to prove the child really ran at that width.
/// </summary>
public sealed class VectorWidthReport
{
    /// <summary>Set by the parent to the file this test writes the child's widths to.</summary>
    public const string ReportVariable = "NORMGEN_VECTOR_WIDTH_REPORT";

    /// <summary>"512=True 256=True 128=True": Vector512/256/128.IsHardwareAccelerated, widest first.</summary>
    public static string Current =>
        $"512={Vector512.IsHardwareAccelerated} 256={Vector256.IsHardwareAccelerated} 128={Vector128.IsHardwareAccelerated}";

    [Fact]
    public void Reports_the_vector_widths_the_kernels_dispatch_on()
    {
        // A width is only accelerated if every narrower one is, so the dispatch's widest-first ladder is the width.
        Assert.False(Vector512.IsHardwareAccelerated && !Vector256.IsHardwareAccelerated, Current);
        Assert.False(Vector256.IsHardwareAccelerated && !Vector128.IsHardwareAccelerated, Current);
        if (Environment.GetEnvironmentVariable(ReportVariable) is { Length: > 0 } path) File.WriteAllText(path, Current);
    }
}
