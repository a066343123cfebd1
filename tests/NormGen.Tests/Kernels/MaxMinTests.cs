namespace NormGen.Tests.Kernels;

/// <summary>
/// Max/Min reductions of a computed operand (found by the formula fuzzer, docs/fuzzing.md): the kernels' gradients
/// against the float64 interpreter and against finite differences of their own forward.
/// </summary>
public sealed class MaxMinTests
{
    public static TheoryData<int, int, int> MinOfMinOfExpSizes() => new() { { 1, 1, 1 }, { 2, 3, 2 }, { 3, 2, 5 }, { 2, 5, 9 }, { 1, 4, 37 } };

    [Theory]
    [MemberData(nameof(MinOfMinOfExpSizes))]
    public void Min_of_a_Min_of_Exp_matches_the_interpreter(int i, int n, int f)
    {
        var c = new FormulaCase("MinOfMinOfExp", MaxMinKernels.MinOfMinOfExp, (_, _) => new() { ["i"] = i, ["n"] = n, ["f"] = f });
        AssertMatches(c);
    }

    public static TheoryData<int, int, int> MinOfScaledMeanSizes() => new() { { 1, 1, 1 }, { 1, 3, 2 }, { 1, 5, 9 }, { 2, 3, 2 }, { 4, 2, 7 }, { 3, 17, 3 } };

    [Theory]
    [MemberData(nameof(MinOfScaledMeanSizes))]
    public void Min_of_a_parameter_times_a_Mean_matches_the_interpreter(int c, int f, int t)
    {
        var formula = new FormulaCase("MinOfScaledMean", MaxMinKernels.MinOfScaledMean, (_, _) => new() { ["c"] = c, ["f"] = f, ["t"] = t });
        AssertMatches(formula);
    }

    public static TheoryData<int, int> MaxOfScaledVarSizes() => new() { { 1, 2 }, { 2, 3 }, { 3, 5 }, { 5, 9 }, { 4, 37 } };

    [Theory]
    [MemberData(nameof(MaxOfScaledVarSizes))]
    public void Max_of_the_input_times_its_variance_matches_the_interpreter(int o, int w)
    {
        var c = new FormulaCase("MaxOfScaledVar", MaxMinKernels.MaxOfScaledVar, (_, _) => new() { ["o"] = o, ["w"] = w });
        AssertMatches(c);
    }

    private static void AssertMatches(FormulaCase c)
    {
        foreach (int seed in new[] { 1, 2, 3 })
        {
            InterpreterKernelTests.AssertMatches<double>(c, seed, InterpreterKernelTests.DoubleTolerance);
            InterpreterKernelTests.AssertMatches<float>(c, seed, InterpreterKernelTests.FloatTolerance);
        }
        FiniteDifferenceKernelTests.AssertBackwardMatchesForward(c);
    }
}
