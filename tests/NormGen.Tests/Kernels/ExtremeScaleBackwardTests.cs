namespace NormGen.Tests.Kernels;

/// <summary>
/// Backward passes at extreme magnitudes (docs/fuzzing.md bug 12). A normalization's dx is rstd times O(1) terms, so it
/// is representable wherever the forward is; the derived backward once multiplied the powers of the statistics first,
/// rstd^3 * Sum(gamma (x - mean) dy) / N, and rstd^3 left the type's range long before anything the user asked for
/// did: float dx was wrong for standard deviations above ~2e15 (imprecise above ~4e12, rstd^3 subnormal) and, with
/// eps = 0, below ~1e-13 (rstd^3 infinite); double likewise beyond ~1e103 and below ~1e-103. Products are now
/// evaluated in an order that keeps their partial products in range (<c>Passes/Simplify/EvaluationOrder.cs</c>).
/// </summary>
public sealed class ExtremeScaleBackwardTests
{
    private static readonly string[] s_normalizations =
    [
        "LayerNorm", "LayerNormOverTwoAxes", "RmsNorm", "GroupNorm", "InstanceNorm", "BatchNorm2d(training)", "BatchStatNorm",
        "ChannelsLastBatchNorm", "SequenceGroupNorm", "MiddleAxisNorm", "TwoAxisAffineNorm", "GatedLayerNorm", "DividedLayerNorm",
    ];

    public static TheoryData<string, double> FloatScales() => Scales(1e14, 1e16, 1e18, 1e-15);

    public static TheoryData<string, double> DoubleScales() => Scales(1e110, 1e150, 1e-110);

    [Theory]
    [MemberData(nameof(FloatScales))]
    public void Float_backward_of_data_with_an_extreme_standard_deviation_matches_the_interpreter(string name, double std) =>
        AssertMatchesAtScale<float>(name, std, InterpreterKernelTests.FloatTolerance);

    [Theory]
    [MemberData(nameof(DoubleScales))]
    public void Double_backward_of_data_with_an_extreme_standard_deviation_matches_the_interpreter(string name, double std) =>
        AssertMatchesAtScale<double>(name, std, InterpreterKernelTests.DoubleTolerance);

    // The fuzzer's minimal layer: dp came out -1.03e40 where the interpreter (and finite differences) give 9.36e42.
    [Fact]
    public void Nested_statistics_near_1e224_have_the_interpreters_double_gradient()
    {
        var c = new FormulaCase("OpNestedStatisticsNear1e224", RegressionKernels.OpNestedStatisticsNear1e224,
            (_, _) => new() { ["size"] = 2, ["g"] = 3, ["ab"] = 3, ["T"] = 2 });
        foreach (int seed in new[] { 1, 2, 3, 4 })
            InterpreterKernelTests.AssertMatches<double>(c, seed, InterpreterKernelTests.DoubleTolerance);
    }

    private static TheoryData<string, double> Scales(params double[] stds)
    {
        var data = new TheoryData<string, double>();
        foreach (string name in s_normalizations)
            foreach (double std in stds) data.Add(name, std);
        return data;
    }

    /// <summary>
    /// x = std * U(-2, 2), rounded to <typeparamref name="T"/> before the interpreter sees it. Below 1 the formula's eps
    /// would hide the data's variance, so it is 0 there: the statistics are those of the data.
    /// </summary>
    private static void AssertMatchesAtScale<T>(string name, double std, double tolerance)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var c = FormulaCases.Named(name);
        foreach (int seed in new[] { 1, 2 })
        {
            var problem = c.Problem(seed);
            var x = problem.Tensors["x"];
            for (int i = 0; i < x.Length; i++) x[i] = double.CreateChecked(T.CreateChecked(std * x[i]));
            if (std < 1)
            {
                var hyper = problem.Hyper is null ? new Dictionary<string, double>() : new Dictionary<string, double>(problem.Hyper);
                hyper["eps"] = 0;
                problem = problem with { Hyper = hyper };
            }
            var expected = KernelHarness.Oracle(c.Kernels, problem);
            var actual = KernelHarness.Run<T>(c.Kernels, problem);
            KernelHarness.AssertClose(expected, actual, tolerance, $"{name} ({typeof(T).Name}, seed {seed}, std {std:E0})");
        }
    }
}
