using NormGen;
using static NormGen.Ops;

namespace NormGen.Tests.Kernels;

/// <summary>A learned-slope Swish, x * sigmoid(a x) + b: element-wise with a transcendental (two copies per vector-loop iteration).</summary>
[NormLayer("n d")]
public sealed partial class UnrolledSwish
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr a, [Param("d", Init = 0)] Expr b) => x * Sigmoid(a * x) + b;
}

/// <summary>A Gaussian gate, x * exp(-a x^2): Exp under a product, element-wise.</summary>
[NormLayer("n d")]
public sealed partial class UnrolledGaussianGate
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr a) => x * Exp(-a * x * x);
}

/// <summary>
/// Element-wise formulas with a transcendental, written for this test (the emitter was not tuned on them), against the
/// float64 interpreter at row lengths around the two-copy vector loop (Emit/Loops/LatencyUnroll.cs) of every width:
/// the unrolled loop alone (32, 64), with its one-vector remainder (16, 48), with the scalar tail (17, 33, 47, 65), and
/// rows shorter than one vector (1, 7). Forward and backward, float and double.
/// </summary>
public sealed class LatencyUnrollKernelTests
{
    private static readonly LayerKernels s_swish = new(typeof(UnrolledSwish));
    private static readonly LayerKernels s_gate = new(typeof(UnrolledGaussianGate));

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in new[] { "swish", "gate" })
            foreach (int d in new[] { 1, 7, 16, 17, 32, 33, 47, 48, 64, 65 })
                data.Add(name, d);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Kernels_match_the_interpreter_at_every_row_length_around_the_unrolled_loop(string name, int d)
    {
        var kernels = name == "swish" ? s_swish : s_gate;
        var problem = KernelHarness.RandomProblem(kernels, new Dictionary<string, int> { ["n"] = 3, ["d"] = d }, seed: d,
            t => t == "a" ? (0.25, 1.5) : (-3, 3), hyper: null);
        var expected = KernelHarness.Oracle(kernels, problem);
        KernelHarness.AssertClose(expected, KernelHarness.Run<double>(kernels, problem), InterpreterKernelTests.DoubleTolerance, $"{name} (double, {problem})");
        KernelHarness.AssertClose(expected, KernelHarness.Run<float>(kernels, problem), InterpreterKernelTests.FloatTolerance, $"{name} (float, {problem})");
    }
}
