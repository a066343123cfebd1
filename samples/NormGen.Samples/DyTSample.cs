using NormGen.Interpretation;
using static NormGen.Ops;

namespace NormGen.Samples;

/// <summary>
/// Dynamic Tanh ("Transformers without Normalization", 2025): gamma * tanh(alpha * x) + beta with a learned scalar
/// alpha, a [Param] without axes (one element; its gradient is summed over everything, docs/language.md).
/// </summary>
[NormLayer("n d")]
public sealed partial class DyT
{
    [Formula]
    static Expr Forward(Expr x, [Param(Init = 0.5)] Expr alpha, [Param("d")] Expr gamma, [Param("d", Init = 0)] Expr beta)
        => gamma * Tanh(alpha * x) + beta;
}

/// <summary>Trains nothing: runs DyT's stateful layer once and compares output and gradients with the interpreter.</summary>
internal static class DyTSample
{
    public static void Run(Random random)
    {
        const int N = 4, D = 37;
        double[] R(int n) => Enumerable.Range(0, n).Select(_ => 2 * random.NextDouble() - 1).ToArray();
        double[] x = R(N * D), dy = R(N * D);

        var layer = new DyT(d: D); // alpha = 0.5, gamma = 1, beta = 0, and their gradients, as the formula's Init says
        float[] y = new float[x.Length], dx = new float[x.Length];
        layer.Forward(x.Select(v => (float)v).ToArray(), y);
        layer.Backward(dy.Select(v => (float)v).ToArray(), dx);

        var reference = ReferenceInterpreter.ForLayer(typeof(DyT)).Run(
            new Dictionary<string, int> { ["n"] = N, ["d"] = D },
            new Dictionary<string, double[]> { ["x"] = x, ["alpha"] = [0.5], ["gamma"] = Enumerable.Repeat(1.0, D).ToArray(), ["beta"] = new double[D] }, dy);
        double worst = new[] { (reference.Y, y), (reference.Gradients["x"], dx), (reference.Gradients["alpha"], layer.AlphaGrad), (reference.Gradients["gamma"], layer.GammaGrad) }
            .Max(p => p.Item1.Zip(p.Item2, (a, b) => Math.Abs(a - (double)b)).Max());
        Console.WriteLine($"{"DyT, learned scalar alpha (float)",-36} max |generated - interpreter|: {worst:E2} {(worst < 1e-5 ? "OK" : "FAIL")} (dalpha = {layer.AlphaGrad[0]:G6})");
    }
}
