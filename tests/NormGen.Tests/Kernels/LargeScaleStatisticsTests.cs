using NormGen.Tests.Reference;
using NormGen.Tests.Support;

namespace NormGen.Tests.Kernels;

/// <summary>
/// Statistics of data so large that a sum of squares overflows although the variance fits (issue 9, item 9): float data
/// around 1e19 with a variance of ~3e37 made Sum((x - mean)^2) = N var infinite and y silently equal to beta. Kernels
/// now sum squares of values scaled by an exact power of two (ScaledSquares), so a variance overflows only when the
/// variance itself is beyond the type's range.
/// </summary>
public sealed class LargeScaleStatisticsTests
{
    public static TheoryData<string> Normalizations() => new(
        "LayerNorm", "LayerNormOverTwoAxes", "GroupNorm", "InstanceNorm", "BatchNorm2d(training)",
        "BatchStatNorm", "ChannelsLastBatchNorm", "SequenceGroupNorm", "MiddleAxisNorm", "TwoAxisAffineNorm", "GatedLayerNorm");

    /// <summary>
    /// x = 1e19 + 5e18 * U(-2, 2): a variance of ~3.3e37 (float's maximum is 3.4e38), rounded to float before the
    /// interpreter sees it. The offset is below two standard deviations, so float's usual bound holds for every output.
    /// </summary>
    [Theory]
    [MemberData(nameof(Normalizations))]
    public void Float_statistics_of_data_near_1e19_match_the_interpreter(string name)
    {
        var c = FormulaCases.Named(name);
        foreach (int seed in new[] { 1, 2 })
        {
            var problem = c.Problem(seed);
            var x = problem.Tensors["x"];
            for (int i = 0; i < x.Length; i++) x[i] = (float)(1e19 + 5e18 * x[i]);
            if (problem.Running is { } running)
            {
                Array.Fill(running[0], 1e19);
                Array.Fill(running[1], 3e37);
            }
            AssertForwardClose(c, problem, $"{name} (float, seed {seed}, x ~ 1e19)");
        }
    }

    /// <summary>
    /// y and the running buffers. The gradients at extreme scales (up to a standard deviation of 1e18, where the
    /// variance still fits) are checked by <see cref="ExtremeScaleBackwardTests"/>.
    /// </summary>
    private static void AssertForwardClose(FormulaCase c, KernelProblem problem, string what)
    {
        var expected = KernelHarness.Oracle(c.Kernels, problem);
        var actual = KernelHarness.Run<float>(c.Kernels, problem, backwardCalls: 0);
        Tolerance.AssertClose(expected.Y, actual.Y, InterpreterKernelTests.FloatTolerance, $"{what}: y");
        for (int i = 0; i < expected.Running.Count; i++)
            Tolerance.AssertClose(expected.Running[i], actual.Running[i], InterpreterKernelTests.FloatTolerance, $"{what}: running[{i}]");
    }

    /// <summary>The one-sweep shifted statistics of kernels without an outer loop, on the same data.</summary>
    [Theory]
    [InlineData(40)]
    [InlineData(1000)]
    public void Float_statistics_of_a_whole_vector_near_1e19_match_the_interpreter(int d)
    {
        var c = new FormulaCase("WholeVectorLayerNorm", NoOuterLoopKernels.WholeVectorLayerNorm, (_, _) => new() { ["d"] = d });
        var problem = c.Problem(seed: 3);
        var x = problem.Tensors["x"];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(1e19 + 5e18 * x[i]);
        AssertForwardClose(c, problem, $"WholeVectorLayerNorm(d={d}) (float, x ~ 1e19)");
    }

    /// <summary>
    /// x = +-1.7e19 alternately: the variance 2.89e38 is just below float's maximum 3.4e38, while the sum of the 768
    /// squares, 2.2e41, is far above it. y is x's sign; the saved statistics are those of the data.
    /// </summary>
    [Fact]
    public void A_float_variance_just_below_the_largest_float_is_computed()
    {
        const int D = 768;
        var (y, saved) = FloatLayerNorm(D, i => i % 2 == 0 ? 1.7e19f : -1.7e19f);
        Assert.All(y, (v, i) => Assert.Equal(i % 2 == 0 ? 1 : -1, v, 1e-5));
        // The mean is the shift (the first element) plus the mean of the shifted values: 0 to within the rounding of
        // the shifted sum of 384 values of -3.4e19 (up to ~384 ulp on the scalar path's one accumulator, 2.3e-5
        // relative; 1.1e-6 measured there), not the exact 0 of a plain alternating sum.
        Assert.Equal(0, saved.Mean[0], 3e-5 * 1.7e19);
        // A few float ulps (1e-6 relative): the sum's rounding depends on the vector width's accumulation order.
        Assert.Equal(1 / 1.7e19, saved.Rstd[0], 1e-6 / 1.7e19);
    }

    /// <summary>
    /// Where the variance itself is beyond float (x = +-2e19, variance 4e38), Rsqrt(var + eps) is Rsqrt(inf) = 0, as
    /// the formula evaluated in float gives: rstd is 0 and y is beta exactly, never NaN (docs/statistics.md).
    /// </summary>
    [Fact]
    public void A_float_variance_beyond_the_largest_float_gives_rstd_0_and_y_equal_to_beta()
    {
        var (y, saved) = FloatLayerNorm(8, i => i % 2 == 0 ? 2e19f : -2e19f, beta: 0.25f);
        Assert.All(y, v => Assert.Equal(0.25f, v));
        Assert.Equal(0f, saved.Rstd[0]);
    }

    /// <summary>The same edge in double: +-1.2e154 has a variance of 1.44e308, the sum of 768 squares ~1e311 overflows double.</summary>
    [Fact]
    public void A_double_variance_just_below_the_largest_double_is_computed()
    {
        const int D = 768;
        var s = new LayerNorm.Shape(1, D);
        var x = Enumerable.Range(0, D).Select(i => i % 2 == 0 ? 1.2e154 : -1.2e154).ToArray();
        var y = new double[D];
        var saved = new LayerNorm.Saved<double>(s);
        LayerNorm.Forward(s, x, Enumerable.Repeat(1.0, D).ToArray(), new double[D], y, saved);
        Assert.All(y, (v, i) => Assert.Equal(i % 2 == 0 ? 1 : -1, v, 1e-12));
    }

    private static (float[] Y, LayerNorm.Saved<float> Saved) FloatLayerNorm(int d, Func<int, float> x, float beta = 0)
    {
        var s = new LayerNorm.Shape(1, d);
        var y = new float[d];
        var saved = new LayerNorm.Saved<float>(s);
        LayerNorm.Forward(s, Enumerable.Range(0, d).Select(x).ToArray(), Enumerable.Repeat(1f, d).ToArray(), Enumerable.Repeat(beta, d).ToArray(), y, saved);
        return (y, saved);
    }
}
