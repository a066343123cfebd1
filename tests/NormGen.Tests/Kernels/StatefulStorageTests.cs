using NormGen.Tests.Support;

namespace NormGen.Tests.Kernels;

/// <summary>
/// Issue 13's formulas as the issue writes them (adaLN, AdaIN, fused add+RMSNorm, DyT with a learned alpha) through the
/// stateful layer in Half and bfloat16: its Forward/Backward give the static storage kernels' bits, a conditioning
/// input's gradient is float, and the parameter gradients (float master weights) are the static kernels'.
/// </summary>
public sealed class StatefulStorageTests
{
    private static S[] R<S>(Random rng, int count, Func<float, S> narrow) =>
        RandomData.Uniform(rng, count).Select(v => narrow((float)v)).ToArray();

    [Fact]
    public void AdaLN_bfloat16_stateful_is_the_static_kernel()
    {
        const int N = 2, T = 3, D = 21;
        var rng = new Random(11);
        var s = new AdaLN.Shape(N, T, D);
        BFloat16[] x = R(rng, N * T * D, v => (BFloat16)v), dy = R(rng, N * T * D, v => (BFloat16)v);
        BFloat16[] shift = R(rng, N * D, v => (BFloat16)v), scale = R(rng, N * D, v => (BFloat16)v);

        var layer = new AdaLN();
        BFloat16[] y = new BFloat16[x.Length], dx = new BFloat16[x.Length];
        float[] dshift = new float[N * D], dscale = new float[N * D];
        layer.Forward(s, x, shift, scale, y);
        layer.Backward(dy, dx, dshift, dscale);

        var saved = new AdaLN.Saved<float>(s);
        BFloat16[] y2 = new BFloat16[x.Length], dx2 = new BFloat16[x.Length];
        float[] dshift2 = new float[N * D], dscale2 = new float[N * D];
        AdaLN.Forward(s, x, shift, scale, y2, saved);
        AdaLN.Backward(s, dy, x, shift, scale, saved, dx2, dshift2, dscale2);
        Assert.Equal(y2, y);
        Assert.Equal(dx2, dx);
        Assert.Equal(dshift2, dshift);
        Assert.Equal(dscale2, dscale);
        // dshift is dy summed over tokens, in float.
        Assert.Equal(Enumerable.Range(0, T).Sum(t => (double)(float)dy[t * D]), dshift[0], 3);
    }

    [Fact]
    public void AdaIN_half_stateful_is_the_static_kernel()
    {
        const int N = 2, C = 3, H = 4, W = 5;
        var rng = new Random(12);
        var s = new AdaIN.Shape(N, C, H, W);
        Half[] x = R(rng, N * C * H * W, v => (Half)v), dy = R(rng, N * C * H * W, v => (Half)v);
        Half[] scale = R(rng, N * C, v => (Half)v), shift = R(rng, N * C, v => (Half)v);

        var layer = new AdaIN();
        Half[] y = new Half[x.Length], dx = new Half[x.Length];
        float[] dscale = new float[N * C], dshift = new float[N * C];
        layer.Forward(s, x, scale, shift, y);
        layer.Backward(dy, dx, dscale, dshift);

        var saved = new AdaIN.Saved<float>(s);
        Half[] y2 = new Half[x.Length], dx2 = new Half[x.Length];
        float[] dscale2 = new float[N * C], dshift2 = new float[N * C];
        AdaIN.Forward(s, x, scale, shift, y2, saved);
        AdaIN.Backward(s, dy, x, scale, shift, saved, dx2, dscale2, dshift2);
        Assert.Equal(y2, y);
        Assert.Equal(dx2, dx);
        Assert.Equal(dscale2, dscale);
        Assert.Equal(dshift2, dshift);
    }

    [Fact]
    public void Fused_add_RMSNorm_half_stateful_is_the_static_kernel()
    {
        const int N = 4, D = 33;
        var rng = new Random(13);
        Half[] x = R(rng, N * D, v => (Half)v), residual = R(rng, N * D, v => (Half)v), dy = R(rng, N * D, v => (Half)v), dh = R(rng, N * D, v => (Half)v);

        var layer = new AddRmsNorm(d: D);
        Half[] y = new Half[N * D], h = new Half[N * D], dx = new Half[N * D], dres = new Half[N * D];
        layer.Forward(x, residual, y, h);
        layer.Backward(dy, dh, dx, dres);

        var s = new AddRmsNorm.Shape(N, D);
        var saved = new AddRmsNorm.Saved<float>(s);
        Half[] y2 = new Half[N * D], h2 = new Half[N * D], dx2 = new Half[N * D], dres2 = new Half[N * D];
        float[] dgamma = new float[D];
        AddRmsNorm.Forward(s, x, residual, layer.Gamma, y2, h2, saved);
        AddRmsNorm.Backward(s, dy, dh, x, residual, layer.Gamma, saved, dx2, dres2, dgamma);
        Assert.Equal(y2, y);
        Assert.Equal(h2, h);
        Assert.Equal(dx2, dx);
        Assert.Equal(dres2, dres);
        Assert.Equal(dgamma, layer.GammaGrad);
    }

    [Fact]
    public void DyT_bfloat16_stateful_is_the_static_kernel_and_alpha_is_learned_in_float()
    {
        const int N = 3, D = 40;
        var rng = new Random(14);
        BFloat16[] x = R(rng, N * D, v => (BFloat16)v), dy = R(rng, N * D, v => (BFloat16)v);

        var layer = new DyT(d: D);
        Assert.Equal([0.5f], layer.Alpha);
        BFloat16[] y = new BFloat16[N * D], dx = new BFloat16[N * D];
        layer.Forward(x, y);
        layer.Backward(dy, dx);

        var s = new DyT.Shape(N, D);
        var saved = new DyT.Saved<float>(s);
        BFloat16[] y2 = new BFloat16[N * D], dx2 = new BFloat16[N * D];
        float[] dalpha = new float[1], dgamma = new float[D], dbeta = new float[D];
        DyT.Forward(s, x, layer.Alpha, layer.Gamma, layer.Beta, y2, saved);
        DyT.Backward(s, dy, x, layer.Alpha, layer.Gamma, layer.Beta, saved, dx2, dalpha, dgamma, dbeta);
        Assert.Equal(y2, y);
        Assert.Equal(dx2, dx);
        Assert.Equal(dalpha, layer.AlphaGrad);
        Assert.Equal(dgamma, layer.GammaGrad);
        Assert.Equal(dbeta, layer.BetaGrad);
        Assert.NotEqual(0f, layer.AlphaGrad[0]);
    }
}
