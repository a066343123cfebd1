using static NormGen.Tests.Kernels.MixedPrecision;

namespace NormGen.Tests.Kernels;

/// <summary>
/// The Half and bfloat16 overloads of issue 13's other features: a formula returning a tuple (fused add+RMSNorm, both
/// outputs and both gradients stored narrow) and conditioning inputs with tuple outputs (the gated residual adaLN,
/// whose conditioning-input gradients stay float, docs/language.md). Each stored result is the float32 kernel's
/// result on the same inputs rounded once; each float result is the float32 result.
/// </summary>
public sealed class MixedPrecisionFeatureTests
{
    private delegate void AddForward<S>(AddRmsNorm.Shape s, S[] x, S[] residual, float[] gamma, S[] y, S[] h, AddRmsNorm.Saved<float> saved);
    private delegate void AddBackward<S>(AddRmsNorm.Shape s, S[] dy, S[] dh, S[] x, S[] residual, float[] gamma, AddRmsNorm.Saved<float> saved, S[] dx, S[] dresidual, float[] dgamma);

    [Theory]
    [InlineData(3, 77)]
    [InlineData(257, 1031)]
    public void Fused_add_RMSNorm_bfloat16_is_float32_rounded_once(int n, int d) => AddCase<BFloat16>(n, d,
        (s, x, r, g, y, h, saved) => AddRmsNorm.Forward(s, x, r, g, y, h, saved),
        (s, dy, dh, x, r, g, saved, dx, dr, dg) => AddRmsNorm.Backward(s, dy, dh, x, r, g, saved, dx, dr, dg));

    [Theory]
    [InlineData(3, 77)]
    [InlineData(257, 1031)]
    public void Fused_add_RMSNorm_half_is_float32_rounded_once(int n, int d) => AddCase<Half>(n, d,
        (s, x, r, g, y, h, saved) => AddRmsNorm.Forward(s, x, r, g, y, h, saved),
        (s, dy, dh, x, r, g, saved, dx, dr, dg) => AddRmsNorm.Backward(s, dy, dh, x, r, g, saved, dx, dr, dg));

    private static void AddCase<S>(int n, int d, AddForward<S> forward, AddBackward<S> backward)
    {
        var rng = new Random(n * 31 + d);
        var s = new AddRmsNorm.Shape(n, d);
        var (x, residual, dy, dh) = (Random<S>(rng, n * d), Random<S>(rng, n * d), Random<S>(rng, n * d), Random<S>(rng, n * d));
        var gamma = RandomFloats(rng, d, 0.5, 1.5);

        float[] yf = new float[n * d], hf = new float[n * d], dxf = new float[n * d], drf = new float[n * d], dgf = new float[d];
        var savedF = new AddRmsNorm.Saved<float>(s);
        AddRmsNorm.Forward(s, Widen(x), Widen(residual), gamma, yf, hf, savedF);
        AddRmsNorm.Backward(s, Widen(dy), Widen(dh), Widen(x), Widen(residual), gamma, savedF, dxf, drf, dgf);

        S[] y = new S[n * d], h = new S[n * d], dx = new S[n * d], dr = new S[n * d];
        var dg = new float[d];
        var saved = new AddRmsNorm.Saved<float>(s);
        forward(s, x, residual, gamma, y, h, saved);
        backward(s, dy, dh, x, residual, gamma, saved, dx, dr, dg);
        AssertRoundedOnce(yf, y, "y");
        AssertRoundedOnce(hf, h, "h");
        AssertRoundedOnce(dxf, dx, "dx");
        AssertRoundedOnce(drf, dr, "dresidual");
        AssertFloatClose(dgf, dg, "dgamma");
    }

    private delegate void GatedForward<S>(GatedResidualAdaLN.Shape s, S[] x, S[] residual, S[] gate, S[] shift, S[] y, S[] h, GatedResidualAdaLN.Saved<float> saved);
    private delegate void GatedBackward<S>(GatedResidualAdaLN.Shape s, S[] dy, S[] dh, S[] x, S[] residual, S[] gate, S[] shift, GatedResidualAdaLN.Saved<float> saved, S[] dx, S[] dresidual, float[] dgate, float[] dshift);

    [Fact]
    public void Gated_residual_adaLN_bfloat16_is_float32_rounded_once() => GatedCase<BFloat16>(
        (s, x, r, g, sh, y, h, saved) => GatedResidualAdaLN.Forward(s, x, r, g, sh, y, h, saved),
        (s, dy, dh, x, r, g, sh, saved, dx, dr, dg, dsh) => GatedResidualAdaLN.Backward(s, dy, dh, x, r, g, sh, saved, dx, dr, dg, dsh));

    [Fact]
    public void Gated_residual_adaLN_half_is_float32_rounded_once() => GatedCase<Half>(
        (s, x, r, g, sh, y, h, saved) => GatedResidualAdaLN.Forward(s, x, r, g, sh, y, h, saved),
        (s, dy, dh, x, r, g, sh, saved, dx, dr, dg, dsh) => GatedResidualAdaLN.Backward(s, dy, dh, x, r, g, sh, saved, dx, dr, dg, dsh));

    private static void GatedCase<S>(GatedForward<S> forward, GatedBackward<S> backward)
    {
        const int n = 3, t = 5, d = 67;
        var rng = new Random(13);
        var s = new GatedResidualAdaLN.Shape(n, t, d);
        int rows = n * t * d, cond = n * d;
        var (x, residual, dy, dh) = (Random<S>(rng, rows), Random<S>(rng, rows), Random<S>(rng, rows), Random<S>(rng, rows));
        var (gate, shift) = (Random<S>(rng, cond), Random<S>(rng, cond));

        float[] yf = new float[rows], hf = new float[rows], dxf = new float[rows], drf = new float[rows], dgf = new float[cond], dsf = new float[cond];
        var savedF = new GatedResidualAdaLN.Saved<float>(s);
        GatedResidualAdaLN.Forward(s, Widen(x), Widen(residual), Widen(gate), Widen(shift), yf, hf, savedF);
        GatedResidualAdaLN.Backward(s, Widen(dy), Widen(dh), Widen(x), Widen(residual), Widen(gate), Widen(shift), savedF, dxf, drf, dgf, dsf);

        S[] y = new S[rows], h = new S[rows], dx = new S[rows], dr = new S[rows];
        float[] dg = Enumerable.Repeat(float.NaN, cond).ToArray(), ds = Enumerable.Repeat(float.NaN, cond).ToArray();
        var saved = new GatedResidualAdaLN.Saved<float>(s);
        forward(s, x, residual, gate, shift, y, h, saved);
        backward(s, dy, dh, x, residual, gate, shift, saved, dx, dr, dg, ds);
        AssertRoundedOnce(yf, y, "y");
        AssertRoundedOnce(hf, h, "h");
        AssertRoundedOnce(dxf, dx, "dx");
        AssertRoundedOnce(drf, dr, "dresidual");
        AssertFloatClose(dgf, dg, "dgate");
        AssertFloatClose(dsf, ds, "dshift");
    }
}
