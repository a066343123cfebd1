using NormGen.Interpretation;
using static NormGen.Ops;

namespace NormGen.Samples;

/// <summary>
/// adaLN as diffusion transformers use it: a LayerNorm without affine, modulated per sample by shift and scale that
/// vary over (n d) and broadcast over the tokens t (docs/language.md, "Conditioning inputs").
/// </summary>
[NormLayer("n t d")]
public sealed partial class AdaLN
{
    [Formula]
    static Expr Forward(Expr x, [Input("n d")] Expr shift, [Input("n d")] Expr scale, double eps = 1e-6)
        => (x - Mean(x, "d")) * Rsqrt(Var(x, "d") + eps) * (1 + scale) + shift;
}

/// <summary>Runs adaLN's float64 kernels once and compares output and gradients with the reference interpreter.</summary>
internal static class ConditioningSample
{
    public static void Run(Random random)
    {
        const int N = 2, T = 5, D = 37;
        double[] R(int n) => Enumerable.Range(0, n).Select(_ => 2 * random.NextDouble() - 1).ToArray();
        double[] x = R(N * T * D), shift = R(N * D), scale = R(N * D), dy = R(N * T * D);

        var s = new AdaLN.Shape(n: N, t: T, d: D);
        var saved = new AdaLN.Saved<double>(s);
        var y = new double[x.Length];
        AdaLN.Forward(s, x, shift, scale, y, saved);
        // dshift and dscale are summed over the tokens and written: whatever the spans held is overwritten.
        double[] dx = new double[x.Length], dshift = new double[N * D], dscale = new double[N * D];
        AdaLN.Backward(s, dy, x, shift, scale, saved, dx, dshift, dscale);

        var reference = ReferenceInterpreter.ForLayer(typeof(AdaLN)).Run(
            new Dictionary<string, int> { ["n"] = N, ["t"] = T, ["d"] = D },
            new Dictionary<string, double[]> { ["x"] = x, ["shift"] = shift, ["scale"] = scale }, dy);
        double worst = new[] { (reference.Y, y), (reference.Gradients["x"], dx), (reference.Gradients["shift"], dshift), (reference.Gradients["scale"], dscale) }
            .Max(p => p.Item1.Zip(p.Item2, (a, b) => Math.Abs(a - b)).Max());
        Console.WriteLine($"{"adaLN (n t d), [Input(\"n d\")]",-36} max |generated - interpreter|: {worst:E2} {(worst < 1e-9 ? "OK" : "FAIL")}");
    }
}
