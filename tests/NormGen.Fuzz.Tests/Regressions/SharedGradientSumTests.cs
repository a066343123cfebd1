using NormGen.Fuzz.Tests.Model;
using NormGen.Fuzz.Tests.Oracle;
using NormGen.Fuzz.Tests.Running;
using Xunit.Abstractions;

namespace NormGen.Fuzz.Tests.Regressions;

/// <summary>
/// Two parameters whose gradients are the same sum (y = a + b broadcast over rows: da = db = Sum(dy, "n")). The sum
/// went straight into the first gradient's buffer, and the second was copied from there after the loop: right only
/// when the caller's da started at 0, since a gradient is added to (docs/fuzzing.md, bug 20). Since the scheduler ran
/// work after the loop as a stage of its own (bbf9102), the same layer was a generator crash instead (NG0099 "Cannot
/// compute Reduce"), found by campaign 3011326. The fuzzer's other paths now add the gradients onto nonzero buffers.
/// </summary>
public sealed class SharedGradientSumTests(ITestOutputHelper output)
{
    public static TheoryData<string> Layers => new() { nameof(TwoBiases), nameof(ScaledTwice), nameof(ThreeWays), nameof(ConditioningBeforeBias) };

    /// <summary>The campaign's minimal layer.</summary>
    private static FuzzLayer TwoBiases => FixedLayers.Layer("bc g", [new("p"), new("xin", ["g"]), new("u", ["g"])], "(Pow(p, 0) * xin) + u",
        [("bc", 3), ("g", 4)], 658390063);

    /// <summary>The same sum, reached through a product: d(s·p)/ds and d(s·p)/dp differ, but dq and dr are one sum.</summary>
    private static FuzzLayer ScaledTwice => FixedLayers.Layer("n d", [new("x"), new("q", ["d"]), new("r", ["d"])], "x * 2 + q + r",
        [("n", 5), ("d", 6)], 11);

    private static FuzzLayer ThreeWays => FixedLayers.Layer("n d", [new("x"), new("a", ["d"]), new("b", ["d"]), new("c", ["d"])],
        "(x - Mean(x, \"d\")) * Rsqrt(Var(x, \"d\") + 1e-5) + a + b + c", [("n", 4), ("d", 8)], 12);

    /// <summary>An input's gradient (a conditioning input over d, written over: dc) first, then a parameter's: dc read db's buffer.</summary>
    private static FuzzLayer ConditioningBeforeBias => FixedLayers.Layer("n d", [new("x"), new("c", InputAxes: ["d"]), new("b", ["d"])], "x * 0.5 + c + b",
        [("n", 5), ("d", 6)], 13);

    [Theory]
    [MemberData(nameof(Layers))]
    public void Gradients_that_are_one_sum_are_each_added_to_their_own_buffer(string layer)
    {
        var verdict = LayerCheck.Check(FixedLayers.Named(typeof(SharedGradientSumTests), layer));
        output.WriteLine($"{verdict.Outcome} {verdict.Kind}: {verdict.Detail}");
        Assert.Equal(Outcome.Passed, verdict.Outcome);
    }
}
