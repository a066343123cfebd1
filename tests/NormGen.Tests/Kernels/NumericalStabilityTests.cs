using NormGen.Tests.Support;

namespace NormGen.Tests.Kernels;

/// <summary>
/// float32 kernels where a naive formula breaks: statistics of data with a large offset (E[x^2] - E[x]^2 cancels
/// catastrophically), and transcendentals far from 0 (e^x overflows float at x ~ 89).
/// </summary>
public sealed class NumericalStabilityTests
{
    private const double Offset = 1e4;

    public static TheoryData<string> Normalizations() => new(
        "LayerNorm", "LayerNormOverTwoAxes", "GroupNorm", "InstanceNorm", "BatchNorm2d(training)",
        "BatchStatNorm", "ChannelsLastBatchNorm", "SequenceGroupNorm", "MiddleAxisNorm", "TwoAxisAffineNorm", "GatedLayerNorm");

    /// <summary>
    /// x = 1e4 + noise of std ~2 (the README's layer_norm_large_offset), rounded to float32 before the interpreter
    /// sees it too, so that only the kernel's own arithmetic is measured. Even a correctly rounded float mean is off by
    /// up to ulp(1e4) / 2 ~ 5e-4, i.e. ~2.5e-4 of the std: that moves y and dx by a few 1e-4 of their largest
    /// magnitude (bound 1e-3, the README's), and a parameter gradient such as dgamma = Sum((x - mean) * rstd * dy) by
    /// 5e-4 * rstd * |Sum(dy)|, which can be several 1e-3 of |dgamma| when Sum((x - mean) * dy) partly cancels (bound
    /// 1e-2). E[x^2] - E[x]^2 in float has an absolute error ~ulp(1e8) ~ 8 against a variance of ~4: wrong at O(1)
    /// (or NaN), far outside both bounds.
    /// </summary>
    [Theory]
    [MemberData(nameof(Normalizations))]
    public void Float_statistics_of_data_with_a_large_offset_match_the_interpreter(string name)
    {
        var c = FormulaCases.Named(name);
        foreach (int seed in new[] { 1, 2 })
        {
            var problem = c.Problem(seed);
            var x = problem.Tensors["x"];
            for (int i = 0; i < x.Length; i++) x[i] = (float)(Offset + Math.Sqrt(3) * x[i]); // U(-2, 2) has std 2/sqrt(3)
            if (problem.Running is { } running)
                for (int i = 0; i < running[0].Length; i++) running[0][i] = Offset;

            var expected = KernelHarness.Oracle(c.Kernels, problem);
            var actual = KernelHarness.Run<float>(c.Kernels, problem);
            string what = $"{name} (float, {problem}, x ~ 1e4 + N(0, 4))";
            Tolerance.AssertClose(expected.Y, actual.Y, 1e-3, $"{what}: y");
            foreach (var (tensor, gradient) in expected.Gradients)
            {
                bool input = c.Kernels.Interpreter.InputNames.Contains(tensor);
                Tolerance.AssertClose(gradient, actual.Gradients[tensor], input ? 1e-3 : 1e-2, $"{what}: d{tensor}");
            }
            for (int i = 0; i < expected.Running.Count; i++)
                Tolerance.AssertClose(expected.Running[i], actual.Running[i], 1e-3, $"{what}: running[{i}]");
        }
    }

    public static TheoryData<string, double> FarFromZero() => new()
    {
        { "OpTanh", 60 },          // e^(2|x|) = +inf in float beyond 44: tanh must still be exactly +-1
        { "OpSigmoid", 100 },      // e^-x = +inf in float beyond 89: sigmoid must be exactly 0, not NaN
        { "OpExp", 80 },           // e^80 ~ 5.5e34, still finite in float
        { "OpSoftplus", 200 },     // e^|x| overflows float beyond 89: softplus is x above 20 and e^x (or 0) far below
        { "GatedLogSoftmax", 50 }, // x * t up to 100: finite only with the max subtracted before Exp
    };

    /// <summary>
    /// Inputs uniform in [-limit, limit], rounded to float32 for the interpreter as well (an argument's rounding alone
    /// would move e^80 by 80 * 6e-8 relative). Both precisions, bounds relative to each output's largest magnitude as
    /// everywhere; every output must be finite.
    /// </summary>
    [Theory]
    [MemberData(nameof(FarFromZero))]
    public void Transcendentals_far_from_zero_stay_finite_and_match_the_interpreter(string name, double limit)
    {
        var c = FormulaCases.Named(name);
        var problem = c.Problem(seed: 7);
        var x = problem.Tensors["x"];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(x[i] / 2 * limit); // x was U(-2, 2)

        var expected = KernelHarness.Oracle(c.Kernels, problem);
        foreach (var (precision, actual, tolerance) in new[]
        {
            ("double", KernelHarness.Run<double>(c.Kernels, problem), InterpreterKernelTests.DoubleTolerance),
            ("float", KernelHarness.Run<float>(c.Kernels, problem), InterpreterKernelTests.FloatTolerance),
        })
        {
            string what = $"{name} ({precision}, {problem}, |x| <= {limit})";
            Assert.True(actual.Y.All(double.IsFinite), $"{what}: y is not finite everywhere.");
            foreach (var (tensor, gradient) in actual.Gradients)
                Assert.True(gradient.All(double.IsFinite), $"{what}: d{tensor} is not finite everywhere.");
            KernelHarness.AssertClose(expected, actual, tolerance, what);
        }
    }

    /// <summary>
    /// Channels-last statistics come from one sweep of sums shifted by the channel's first value
    /// (<c>ShiftedStatistics</c> in the generator). A constant channel then has a shifted sum and sum of squares of
    /// exactly 0, so its variance is exactly 0 even at a large offset; rounding in S2 - S1^2/N must never make a
    /// variance negative (rstd above 1/sqrt(eps), or NaN). The two-sweep centred form keeps the rounding error of the
    /// float mean in the variance: with the rewrite disabled this test measured rstd 133 instead of 316.
    /// </summary>
    [Fact]
    public void Channels_last_variance_of_constant_channels_is_exactly_zero()
    {
        var s = new ChannelsLastBatchNorm.Shape(3, 5, 7, 19);
        int pixels = 3 * 5 * 7, channels = 19;
        var x = new float[pixels * channels];
        for (int p = 0; p < pixels; p++)
            for (int ch = 0; ch < channels; ch++)
                x[p * channels + ch] = ch % 2 == 0 ? (float)(Offset + 0.37 * ch) : (float)(Offset + 0.37 * ch + 1e-3 * (p % 3));
        var gamma = Enumerable.Repeat(1f, channels).ToArray();
        var beta = new float[channels];
        var y = new float[x.Length];
        var saved = new ChannelsLastBatchNorm.Saved<float>(s);
        const float eps = 1e-5f;
        ChannelsLastBatchNorm.Forward(s, x, gamma, beta, y, saved, eps);

        double limit = 1 / Math.Sqrt(eps);
        for (int ch = 0; ch < channels; ch++)
        {
            float rstd = saved.Rstd[ch];
            Assert.True(float.IsFinite(rstd) && rstd <= limit * (1 + 1e-6), $"channel {ch}: rstd {rstd} exceeds 1/sqrt(eps) = {limit}: a negative variance");
            if (ch % 2 == 0)
            {
                Assert.True(Math.Abs(rstd - limit) <= 1e-5 * limit, $"constant channel {ch}: rstd {rstd}, expected 1/sqrt(eps) = {limit}");
                Assert.Equal(x[ch], saved.Mean[ch]);
            }
        }
    }
}
