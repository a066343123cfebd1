using static NormGen.Ops;

namespace NormGen.Tests.Kernels;

/// <summary>
/// Sums over outer axes kept in registers (Emit/Loops/RegisterTiles.cs): rows in blocks of ~4096 elements, the last
/// block partial, the inner axis in tiles of 8, 4 and 1 vectors and a scalar tail, at sizes where every kind of tile
/// and more than one block run at 256 and 512 bits. Against the float64 interpreter, forward and backward, for
/// BatchNorm over channels-last memory and three formulas of the same shape written for this test.
/// </summary>
public sealed class RegisterTileKernelTests
{
    private static readonly LayerKernels ColumnRms = new(typeof(ColumnRmsNorm));
    private static readonly LayerKernels ColumnPeak = new(typeof(ColumnPeakNorm));
    private static readonly LayerKernels SequenceStats = new(typeof(SequenceStatNorm));

    [Theory]
    [InlineData(4, 10, 9, 83)] // 360 pixels in blocks of 50: tiles of 64 (512 bits: 4 vectors; 256: 8) and 16 floats, 3 scalars
    [InlineData(3, 7, 5, 200)] // 105 pixels in blocks of 21: 128 + 64 floats at 512 bits, 8 scalars
    [InlineData(2, 33, 1, 64)] // one 64-float tile, 2 blocks of 64 and 2 rows
    public void Channels_last_batch_norm_matches_the_interpreter_over_several_blocks(int n, int h, int w, int c)
    {
        var sizes = new Dictionary<string, int> { ["n"] = n, ["h"] = h, ["w"] = w, ["c"] = c };
        AssertMatches(CustomKernels.ChannelsLastBatchNorm, sizes, $"ChannelsLastBatchNorm {n}x{h}x{w}x{c}");
    }

    [Theory]
    [InlineData(137, 83)]
    [InlineData(300, 27)]
    public void Column_sums_match_the_interpreter_over_several_blocks(int n, int d)
    {
        var sizes = new Dictionary<string, int> { ["n"] = n, ["d"] = d };
        AssertMatches(ColumnRms, sizes, $"ColumnRmsNorm {n}x{d}");
        AssertMatches(ColumnPeak, sizes, $"ColumnPeakNorm {n}x{d}");
    }

    [Fact]
    public void Sums_over_two_outer_axes_match_the_interpreter_over_several_blocks()
    {
        AssertMatches(SequenceStats, new Dictionary<string, int> { ["n"] = 5, ["t"] = 23, ["d"] = 70 }, "SequenceStatNorm 5x23x70");
    }

    private static void AssertMatches(LayerKernels kernels, Dictionary<string, int> sizes, string what)
    {
        var problem = KernelHarness.RandomProblem(kernels, sizes, seed: sizes.Values.Aggregate(29, (h, v) => h * 31 + v));
        var expected = KernelHarness.Oracle(kernels, problem);
        KernelHarness.AssertClose(expected, KernelHarness.Run<double>(kernels, problem), InterpreterKernelTests.DoubleTolerance, what + " (double)");
        KernelHarness.AssertClose(expected, KernelHarness.Run<float>(kernels, problem), InterpreterKernelTests.FloatTolerance, what + " (float)");
    }
}

/// <summary>An RMS norm per column: one sum of squares over the rows, kept per feature.</summary>
[NormLayer("n d")]
public sealed partial class ColumnRmsNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, double eps = 1e-5) => gamma * x * Rsqrt(Mean(x * x, "n") + eps);
}

/// <summary>A column sum beside a column maximum (which folds by a maximum, not a sum), and a gated output.</summary>
[NormLayer("n d")]
public sealed partial class ColumnPeakNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr w, double eps = 1e-3)
        => w * (x - Mean(x, "n")) / (Max(Abs(x), "n") + eps) * Sigmoid(Mean(w * x, "n"));
}

/// <summary>Statistics over two outer axes (batch and time) per feature, with a transcendental of one of them.</summary>
[NormLayer("n t d")]
public sealed partial class SequenceStatNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, double eps = 1e-5)
        => gamma * x * Rsqrt(Mean(Square(x), "n t") + eps) + Tanh(Mean(x, "n t"));
}
