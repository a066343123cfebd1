using NormGen.Fuzz.Tests.Model;
using NormGen.Fuzz.Tests.Oracle;
using NormGen.Fuzz.Tests.Running;
using Xunit.Abstractions;

namespace NormGen.Fuzz.Tests.Regressions;

/// <summary>
/// A formula that simplifies to a constant is still a tensor over the axes it is written over, as in PyTorch (zeros
/// of the output's shape, zero gradients). Was: NG0012 ("varies over \"\"") for the result and NG0005 for a reduction
/// over an axis its operand lost by cancelling, because IrBuilder checked the simplified axes (docs/fuzzing.md, bug 10).
/// Each layer must compile warning-free and match the interpreter in float64 and float32 (the fuzzer's invariant).
/// </summary>
public sealed class ConstantFormulaTests(ITestOutputHelper output)
{
    public static TheoryData<string> Layers => new()
    {
        nameof(Difference),
        nameof(MeanOfCentred),
        nameof(TransposedOutput),
        nameof(SumOfCancelled),
        nameof(CancelledProduct),
        nameof(BroadcastMean),
        nameof(BroadcastParameter),
    };

    private static FuzzLayer Difference => FixedLayers.Layer("n d", [new("x")], "x - x", [("n", 3), ("d", 5)], 1);

    private static FuzzLayer MeanOfCentred => FixedLayers.Layer("n d", [new("x")], "Mean(x - Mean(x, \"d\"), \"d\")", [("n", 3), ("d", 5)], 2, output: "n");

    private static FuzzLayer TransposedOutput => FixedLayers.Layer("n d", [new("x"), new("p", ["d"])], "(x * p) - (p * x)", [("n", 2), ("d", 3)], 3, output: "d n");

    private static FuzzLayer SumOfCancelled => FixedLayers.Layer("n d", [new("x"), new("weight", ["d"])], "Sum(weight - weight, \"d\") + x", [("n", 3), ("d", 4)], 4);

    private static FuzzLayer CancelledProduct => FixedLayers.Layer("o", [new("mask"), new("p", ["o"])],
        "(Square(mask + p) - Square(mask + p)) * Rsqrt(Square(mask + p) + 1.5)", [("o", 7)], 5);

    // Not constant, but fewer axes than written: y is broadcast, so each gradient sums dy over the broadcast axes. Was:
    // dx = dy elementwise (the seed was not summed), found by the fuzzer's CI seed once these layers compiled.
    private static FuzzLayer BroadcastMean => FixedLayers.Layer("n d", [new("x")], "Pow(x, 0) * Mean(x, \"d\")", [("n", 3), ("d", 4)], 6);

    private static FuzzLayer BroadcastParameter => FixedLayers.Layer("n d", [new("x"), new("gamma", ["d"])], "(x - x) + gamma", [("n", 3), ("d", 4)], 7);

    [Theory]
    [MemberData(nameof(Layers))]
    public void A_formula_that_simplifies_to_a_constant_compiles_and_matches_the_interpreter(string layer)
    {
        var verdict = LayerCheck.Check(FixedLayers.Named(typeof(ConstantFormulaTests), layer));
        output.WriteLine($"{verdict.Outcome} {verdict.Kind}: {verdict.Detail}");
        Assert.Equal(Outcome.Passed, verdict.Outcome);
    }

    /// <summary>What is written decides the axes: a result written without an output axis is still NG0012 when it cancels.</summary>
    [Fact]
    public void A_constant_written_without_an_output_axis_is_still_NG0012()
    {
        var verdict = LayerCheck.Check(FixedLayers.Layer("n d", [new("x")], "Sum(x, \"d\") - Sum(x, \"d\")", [("n", 3), ("d", 5)], 6));
        Assert.Equal((Outcome.Rejected, "NG0012"), (verdict.Outcome, verdict.Kind));
    }
}
