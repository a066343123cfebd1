using NormGen.Interpretation;
using static NormGen.Ops;

namespace NormGen.Samples;

/// <summary>
/// Several outputs: a transformer block's pre-norm fuses the residual add into RMSNorm and keeps the sum, which is the
/// residual stream the next block adds to. One formula returns both; the generated Forward writes y and h in one
/// sweep, and Backward takes both gradients (the next block's dh flows back into dx and dresidual beside dy's path).
/// </summary>
[NormLayer("n d")]
public sealed partial class FusedAddRMSNorm
{
    [Formula]
    static (Expr y, Expr h) Forward(Expr x, Expr residual, [Param("d")] Expr gamma, double eps = 1e-6)
    {
        var h = x + residual;
        return (h * Rsqrt(Mean(h * h, "d") + eps) * gamma, h);
    }
}

internal static class FusedAddRmsNormSample
{
    public static void Run(Random random)
    {
        const int Rows = 4, Features = 37;
        double[] R(int n, double lo = -2, double hi = 2) => Enumerable.Range(0, n).Select(_ => lo + (hi - lo) * random.NextDouble()).ToArray();
        var (x, residual, gamma) = (R(Rows * Features), R(Rows * Features), R(Features, 0.5, 1.5));
        var (dy, dh) = (R(Rows * Features), R(Rows * Features));

        var s = new FusedAddRMSNorm.Shape(n: Rows, d: Features);
        var saved = new FusedAddRMSNorm.Saved<double>(s);
        double[] y = new double[x.Length], h = new double[x.Length];
        FusedAddRMSNorm.Forward(s, x, residual, gamma, y, h, saved);
        double[] dx = new double[x.Length], dresidual = new double[x.Length], dgamma = new double[Features];
        FusedAddRMSNorm.Backward(s, dy, dh, x, residual, gamma, saved, dx, dresidual, dgamma);

        // The reference interpreter takes one gradient per output, in tuple order.
        var reference = ReferenceInterpreter.ForLayer(typeof(FusedAddRMSNorm)).Run(
            new Dictionary<string, int> { ["n"] = Rows, ["d"] = Features },
            new Dictionary<string, double[]> { ["x"] = x, ["residual"] = residual, ["gamma"] = gamma }, [dy, dh]);
        double diff = new[]
        {
            MaxDiff(reference.Outputs[0], y), MaxDiff(reference.Outputs[1], h), MaxDiff(reference.Gradients["x"], dx),
            MaxDiff(reference.Gradients["residual"], dresidual), MaxDiff(reference.Gradients["gamma"], dgamma),
        }.Max();
        Console.WriteLine($"{"FusedAddRMSNorm -> (y, h)",-36} max |generated - interpreter|: {diff:E2} {(diff < 1e-9 ? "OK" : "FAIL")}");

        // The stateful layer takes the outputs and their gradients the same way.
        var layer = new FusedAddRMSNorm(d: Features);
        float[] yf = new float[x.Length], hf = new float[x.Length], dxf = new float[x.Length], dresf = new float[x.Length];
        layer.Forward(Floats(x), Floats(residual), yf, hf);
        layer.Backward(Floats(dy), Floats(dh), dxf, dresf);
        Console.WriteLine($"{"  stateful float32",-36} h[0] = x[0] + residual[0] = {hf[0]:F5}; dgamma[0] = {layer.GammaGrad[0]:F5}");
    }

    private static float[] Floats(double[] a) => a.Select(v => (float)v).ToArray();

    private static double MaxDiff(double[] expected, double[] actual) => expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
}
