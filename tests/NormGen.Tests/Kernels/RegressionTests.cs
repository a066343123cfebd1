namespace NormGen.Tests.Kernels;

/// <summary>
/// Generator bugs found by these tests, kept as regressions. Each runs the same checks as the data-driven tests.
/// </summary>
public sealed class RegressionTests
{
    private static readonly FormulaCase s_powLargeInteger = new("OpPowLargeInteger", CustomKernels.OpPowLargeInteger, FormulaCases.Rows,
        // 1.2^64 ~ 1e5 keeps the values moderate; half the bases are negative, where x^64 is well defined.
        Range: t => t == "x" ? (-1.2, 1.2) : (-2, 2));

    // Was: NaN for every x < 0 in the vector lanes (the vector Pow was Exp(p * Log(a)) for integer p too).
    [Fact]
    public void Pow_with_an_integer_exponent_of_64_matches_the_interpreter_on_negative_bases()
    {
        foreach (int seed in new[] { 1, 2, 3, 4 })
        {
            InterpreterKernelTests.AssertMatches<double>(s_powLargeInteger, seed, InterpreterKernelTests.DoubleTolerance);
            InterpreterKernelTests.AssertMatches<float>(s_powLargeInteger, seed, InterpreterKernelTests.FloatTolerance);
        }
        FiniteDifferenceKernelTests.AssertBackwardMatchesForward(s_powLargeInteger);
    }

    // Was: CS0136, a hyper-parameter-only value declared inside the row loop and again after it.
    [Fact]
    public void A_hyper_parameter_factor_shared_by_dx_and_a_parameter_gradient_compiles_and_matches()
    {
        var hyper = new Dictionary<string, double> { ["alpha"] = 0.7, ["beta"] = -1.3 };
        var c = new FormulaCase("OpHyperArithmeticSharedFactor", RegressionKernels.OpHyperArithmeticSharedFactor, FormulaCases.Rows, Hyper: hyper);
        foreach (int seed in new[] { 1, 2, 3 })
        {
            InterpreterKernelTests.AssertMatches<double>(c, seed, InterpreterKernelTests.DoubleTolerance);
            InterpreterKernelTests.AssertMatches<float>(c, seed, InterpreterKernelTests.FloatTolerance);
        }
        FiniteDifferenceKernelTests.AssertBackwardMatchesForward(c);
    }

    // Was: da written at d = 0 only, the rest left at 0 (the bare Sum was accumulated into da over its own axes,
    // none, instead of being broadcast over da's). Found by the formula fuzzer (docs/fuzzing.md).
    [Fact]
    public void A_parameter_gradient_that_is_one_total_is_broadcast_over_the_parameter()
    {
        var c = new FormulaCase("OpParameterTotal", RegressionKernels.OpParameterTotal, FormulaCases.Rows);
        foreach (int seed in new[] { 1, 2, 3 })
        {
            InterpreterKernelTests.AssertMatches<double>(c, seed, InterpreterKernelTests.DoubleTolerance);
            InterpreterKernelTests.AssertMatches<float>(c, seed, InterpreterKernelTests.FloatTolerance);
        }
        KernelHarness.AssertOverwritesInputGradientsAndAccumulatesParameterGradients(c.Kernels,
            KernelHarness.RandomProblem(c.Kernels, new Dictionary<string, int> { ["n"] = 3, ["d"] = 5 }, seed: 4), "OpParameterTotal");
        FiniteDifferenceKernelTests.AssertBackwardMatchesForward(c);
    }

    // Was: "running0 has 2 elements, but the shape needs 1" from the kernels, and a one-element buffer in the stateful
    // layer: the buffer's axes came from the simplified statistic (0, over no axes) instead of the statistic as
    // written (over f), which the interpreter uses. Found by the formula fuzzer (docs/fuzzing.md).
    [Fact]
    public void A_running_statistic_that_simplifies_to_a_constant_keeps_its_axes()
    {
        Assert.Equal(3, new OpRunningOfZero(f: 3).Running0.Length);
        foreach (bool training in new[] { true, false })
        {
            var c = new FormulaCase("OpRunningOfZero", RegressionKernels.OpRunningOfZero, (rng, _) => new() { ["n"] = rng.Next(2, 6), ["f"] = rng.Next(2, 9) },
                Running: (sizes, rng) => [Support.RandomData.Uniform(rng, sizes["f"], -0.5, 0.5)], Training: training);
            foreach (int seed in new[] { 1, 2, 3 })
            {
                InterpreterKernelTests.AssertMatches<double>(c, seed, InterpreterKernelTests.DoubleTolerance);
                InterpreterKernelTests.AssertMatches<float>(c, seed, InterpreterKernelTests.FloatTolerance);
            }
        }
    }

    // Was: ArithmeticException from Backward (the scalar tail's T.Sign throws on NaN) where the vector lanes give 0:
    // a NaN in the data must propagate as PyTorch does, not throw. Found by the formula fuzzer (docs/fuzzing.md).
    [Fact]
    public void Abs_backward_does_not_throw_on_a_NaN_in_the_scalar_tail()
    {
        var kernels = CustomKernels.OpAbs;
        // d = 3 is narrower than any vector, so every element goes through the scalar tail.
        var problem = KernelHarness.RandomProblem(kernels, new Dictionary<string, int> { ["n"] = 2, ["d"] = 3 }, seed: 1);
        problem.Tensors["x"][4] = double.NaN;
        var expected = KernelHarness.Oracle(kernels, problem);
        foreach (var actual in new[] { KernelHarness.Run<double>(kernels, problem), KernelHarness.Run<float>(kernels, problem) })
        {
            Assert.True(double.IsNaN(actual.Y[4]));
            for (int i = 0; i < 6; i++)
                if (i != 4) Assert.Equal(expected.Gradients["x"][i], actual.Gradients["x"][i], 1e-6);
        }
    }

    // Was: dx = [.13, .13, .13, .13], Sum(dy, "d") at k = 0 for every element: the pass storing a bare sum broadcast
    // over more axes merged its loops over d and k into one flat loop, because the emitter's list of the buffers a pass
    // reads left out the very sum it stores, so nothing kept the two loops apart. Found by the formula fuzzer.
    [Fact]
    public void A_sum_broadcast_back_over_its_axis_gives_each_column_its_own_total()
    {
        var s = new OpBroadcastSumParameter.Shape(d: 2, k: 2);
        double[] dy = [-0.3, 0.5, 0.43, 0.39], expected = [0.13, 0.89, 0.13, 0.89];

        var savedDouble = new OpBroadcastSumParameter.Saved<double>(s);
        double[] p = [0.1, 0.2, 0.3, 0.4], x = [0.5, 0.6, 0.7, 0.8], y = new double[4], dp = new double[4], dx = new double[4];
        OpBroadcastSumParameter.Forward(s, p, x, y, savedDouble);
        OpBroadcastSumParameter.Backward(s, dy, p, x, savedDouble, dp, dx);
        Assert.Equal([1.3, 1.6, 1.5, 1.8], y, (a, b) => Math.Abs(a - b) <= 1e-12);
        Assert.Equal(expected, dx, (a, b) => Math.Abs(a - b) <= 1e-12);
        Assert.Equal(dy, dp);

        var savedFloat = new OpBroadcastSumParameter.Saved<float>(s);
        float[] yf = new float[4], dpf = new float[4], dxf = new float[4];
        OpBroadcastSumParameter.Forward(s, p.Select(v => (float)v).ToArray(), x.Select(v => (float)v).ToArray(), yf, savedFloat);
        OpBroadcastSumParameter.Backward(s, dy.Select(v => (float)v).ToArray(), p.Select(v => (float)v).ToArray(),
            x.Select(v => (float)v).ToArray(), savedFloat, dpf, dxf);
        Assert.Equal(expected, dxf.Select(v => (double)v), (a, b) => Math.Abs(a - b) <= 1e-6);
    }

    // The same bare sum broadcast back: to a parameter or an input gradient, with and without an outer loop, over one
    // summed axis or two, at sizes across the vector widths and tails (the summed axes at least 2 wide).
    private static readonly FormulaCase[] s_broadcastSums =
    [
        new("OpBroadcastSumParameter", RegressionKernels.OpBroadcastSumParameter, (rng, small) => new() { ["d"] = Outer(rng, small), ["k"] = Inner(rng, small) }),
        new("OpBroadcastSumInput", RegressionKernels.OpBroadcastSumInput, (rng, small) => new() { ["k"] = Outer(rng, small), ["w"] = Inner(rng, small) }),
        new("OpBroadcastSumInRows", RegressionKernels.OpBroadcastSumInRows,
            (rng, small) => new() { ["n"] = Outer(rng, small), ["d"] = Outer(rng, small), ["k"] = Inner(rng, small) }),
        new("OpBroadcastSumOverTwoAxes", RegressionKernels.OpBroadcastSumOverTwoAxes,
            (rng, small) => new() { ["d"] = Outer(rng, small), ["k"] = Outer(rng, small), ["w"] = Inner(rng, small) }),
    ];

    private static int Outer(Random rng, bool small) => rng.Next(2, small ? 4 : 6);

    private static int Inner(Random rng, bool small) => rng.Next(small ? 2 : 1, small ? 5 : 40);

    public static TheoryData<string> BroadcastSums() => new(s_broadcastSums.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(BroadcastSums))]
    public void A_sum_broadcast_back_over_its_axes_matches_the_interpreter_and_finite_differences(string name)
    {
        var c = s_broadcastSums.Single(b => b.Name == name);
        foreach (int seed in new[] { 1, 2, 3, 4 })
        {
            InterpreterKernelTests.AssertMatches<double>(c, seed, InterpreterKernelTests.DoubleTolerance);
            InterpreterKernelTests.AssertMatches<float>(c, seed, InterpreterKernelTests.FloatTolerance);
        }
        KernelHarness.AssertOverwritesInputGradientsAndAccumulatesParameterGradients(c.Kernels, c.Problem(seed: 5), name);
        FiniteDifferenceKernelTests.AssertBackwardMatchesForward(c);
    }
}
