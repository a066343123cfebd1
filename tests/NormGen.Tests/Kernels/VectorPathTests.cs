using NormGen.Tests.Reference;
using NormGen.Tests.Support;

namespace NormGen.Tests.Kernels;

/// <summary>
/// LayerNorm and RMSNorm for every feature count 1..70 and a few row counts: each count takes a different mix of the
/// 4x-unrolled vector loop, the single-vector loop and the scalar tail (up to 64 floats per unrolled step with
/// Vector512), in both precisions, against the interpreter.
/// </summary>
/// <remarks>
/// A process runs the widest accelerated width only; <see cref="Widths.VectorWidthTests"/> reruns these tests in child
/// processes at Vector256, Vector128 and scalar (DOTNET_PreferredVectorBitWidth=256, =128, DOTNET_EnableHWIntrinsic=0).
/// </remarks>
public sealed class VectorPathTests
{
    // See InterpreterKernelTests for the reasoning behind both bounds.
    private const double DoubleTolerance = 1e-9;
    private const double FloatTolerance = 1e-4;

    private static readonly int[] s_rows = [1, 2, 5];

    public static TheoryData<int> Features() => new(Enumerable.Range(1, 70));

    [Theory]
    [MemberData(nameof(Features))]
    public void LayerNorm_matches_the_interpreter(int d) =>
        AssertMatches(ReferenceKernels.For(typeof(LayerNorm)), d, row => Variance(row) + 1e-5);

    [Theory]
    [MemberData(nameof(Features))]
    public void RmsNorm_matches_the_interpreter(int d) =>
        AssertMatches(ReferenceKernels.For(typeof(RmsNorm)), d, row => row.Average(v => v * v) + 1e-6);

    [Theory]
    [InlineData(64)] // specialized sizes
    [InlineData(48)]
    [InlineData(768)]
    [InlineData(63)] // and neighbours, which must dispatch to the general kernels
    [InlineData(65)]
    [InlineData(1000)]
    public void A_specialized_LayerNorm_matches_the_interpreter(int d) =>
        AssertMatches(CustomKernels.SpecializedLayerNorm, d, row => Variance(row) + 1e-5);

    private static void AssertMatches(LayerKernels kernels, int d, Func<double[], double> rstdArgument)
    {
        foreach (int n in s_rows)
        {
            var sizes = new Dictionary<string, int> { ["n"] = n, ["d"] = d };
            var problem = KernelHarness.RandomProblem(kernels, sizes, seed: 100 * d + n);
            var expected = KernelHarness.Oracle(kernels, problem);
            double dxScale = DxTermScale(problem, rstdArgument);
            foreach (var (precision, actual, tolerance) in new[]
            {
                ("double", KernelHarness.Run<double>(kernels, problem), DoubleTolerance),
                ("float", KernelHarness.Run<float>(kernels, problem), FloatTolerance),
            })
            {
                string what = $"{kernels.Layer.Name} {precision} n={n} d={d}";
                Tolerance.AssertClose(expected.Y, actual.Y, tolerance, $"{what}: y");
                foreach (var (tensor, gradient) in expected.Gradients)
                {
                    // dx is a difference of terms as large as rstd * |gamma * dy| that nearly cancel when d is 1 or 2
                    // (LayerNorm's dx is exactly 0 at d = 1, RMSNorm's is eps-sized), so its rounding is judged
                    // against the size of those terms; the other outputs against their own largest magnitude.
                    double floor = tensor == "x" ? dxScale : double.Epsilon;
                    Tolerance.AssertClose(gradient, actual.Gradients[tensor], tolerance, $"{what}: d{tensor}", floor);
                }
            }
        }
    }

    /// <summary>max over rows and features of rstd * |gamma * dy|, rstd = Rsqrt(<paramref name="rstdArgument"/>(row)).</summary>
    private static double DxTermScale(KernelProblem problem, Func<double[], double> rstdArgument)
    {
        var x = problem.Tensors["x"];
        var gamma = problem.Tensors["gamma"];
        int d = gamma.Length;
        double scale = double.Epsilon;
        for (int row = 0; row < x.Length / d; row++)
        {
            double rstd = 1 / Math.Sqrt(rstdArgument(x[(row * d)..((row + 1) * d)]));
            for (int j = 0; j < d; j++) scale = Math.Max(scale, rstd * Math.Abs(gamma[j] * problem.Dy[row * d + j]));
        }
        return scale;
    }

    private static double Variance(double[] row)
    {
        double mean = row.Average();
        return row.Average(v => (v - mean) * (v - mean));
    }
}
