using NormGen.Interpretation;
using NormGen.Tests.Support;
using static NormGen.Ops;

namespace NormGen.Tests.Kernels;

/// <summary>
/// A DiT block's gated residual (adaLN-Zero) written as one formula nobody wrote a kernel for: conditioning inputs over
/// "n d" (issue 13 item 3) and two outputs (item 2) in the same layer. h = x + gate * residual is returned as the
/// residual stream; y normalizes h and shifts it per sample.
/// </summary>
[NormLayer("n t d")]
public sealed partial class GatedResidualAdaLN
{
    [Formula]
    static (Expr y, Expr h) Forward(Expr x, Expr residual, [Input("n d")] Expr gate, [Input("n d")] Expr shift, double eps = 1e-6)
    {
        var h = x + gate * residual;
        return ((h - Mean(h, "d")) * Rsqrt(Var(h, "d") + eps) + shift, h);
    }
}

/// <summary>Both features together against the float64 interpreter, in double and float, with NaN-prefilled input gradients.</summary>
public sealed class TupleConditioningTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 3, 17)]
    [InlineData(3, 5, 64)]
    [InlineData(2, 4, 1031)]
    public void Gated_residual_adaLN_matches_the_interpreter(int n, int t, int d)
    {
        var rng = new Random(n * 10000 + t * 100 + d);
        int rows = n * t * d, cond = n * d;
        var x = RandomData.Uniform(rng, rows);
        var residual = RandomData.Uniform(rng, rows);
        var gate = RandomData.Uniform(rng, cond);
        var shift = RandomData.Uniform(rng, cond);
        var dy = RandomData.Uniform(rng, rows);
        var dh = RandomData.Uniform(rng, rows);
        var reference = ReferenceInterpreter.ForLayer(typeof(GatedResidualAdaLN)).Run(
            new Dictionary<string, int> { ["n"] = n, ["t"] = t, ["d"] = d },
            new Dictionary<string, double[]> { ["x"] = x, ["residual"] = residual, ["gate"] = gate, ["shift"] = shift }, [dy, dh]);
        var s = new GatedResidualAdaLN.Shape(n, t, d);

        double[] y = new double[rows], h = new double[rows], dx = Nan(rows), dres = Nan(rows), dgate = Nan(cond), dshift = Nan(cond);
        var saved = new GatedResidualAdaLN.Saved<double>(s);
        GatedResidualAdaLN.Forward(s, x, residual, gate, shift, y, h, saved);
        GatedResidualAdaLN.Backward(s, dy, dh, x, residual, gate, shift, saved, dx, dres, dgate, dshift);
        Check(reference, 1e-9, y, h, dx, dres, dgate, dshift, "");

        float[] fy = new float[rows], fh = new float[rows], fdx = F(Nan(rows)), fdres = F(Nan(rows)), fdgate = F(Nan(cond)), fdshift = F(Nan(cond));
        var fsaved = new GatedResidualAdaLN.Saved<float>(s);
        GatedResidualAdaLN.Forward(s, F(x), F(residual), F(gate), F(shift), fy, fh, fsaved);
        GatedResidualAdaLN.Backward(s, F(dy), F(dh), F(x), F(residual), F(gate), F(shift), fsaved, fdx, fdres, fdgate, fdshift);
        Check(reference, 2e-4, D(fy), D(fh), D(fdx), D(fdres), D(fdgate), D(fdshift), " (float)");
    }

    private static void Check(InterpreterResult reference, double tolerance, double[] y, double[] h, double[] dx, double[] dres, double[] dgate, double[] dshift, string suffix)
    {
        Tolerance.AssertClose(reference.Outputs[0], y, tolerance, "y" + suffix);
        Tolerance.AssertClose(reference.Outputs[1], h, tolerance, "h" + suffix);
        Tolerance.AssertClose(reference.Gradients["x"], dx, tolerance, "dx" + suffix);
        Tolerance.AssertClose(reference.Gradients["residual"], dres, tolerance, "dresidual" + suffix);
        Tolerance.AssertClose(reference.Gradients["gate"], dgate, tolerance, "dgate" + suffix);
        Tolerance.AssertClose(reference.Gradients["shift"], dshift, tolerance, "dshift" + suffix);
    }

    private static double[] Nan(int length) => Enumerable.Repeat(double.NaN, length).ToArray();

    private static float[] F(double[] a) => a.Select(v => (float)v).ToArray();

    private static double[] D(float[] a) => a.Select(v => (double)v).ToArray();
}
