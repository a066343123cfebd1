using NormGen.Tests.Support;

namespace NormGen.Tests.Kernels;

/// <summary>
/// Softplus in the generated kernels as PyTorch defines it (beta 1, threshold 20): above 20 the value is x itself and
/// the gradient exactly 1, at 20 and below it is log(1 + e^x) with gradient Sigmoid(x); and the float backward against
/// float finite differences (FiniteDifferenceKernelTests does double, InterpreterKernelTests both against the oracle).
/// </summary>
public sealed class SoftplusTests
{
    private static readonly double[] s_linear = [20.0001, 20.5, 21, 35, 88.5, 89, 100, 1e4, 1e30];

    [Fact]
    public void Double_above_the_threshold_is_x_with_gradient_exactly_one()
    {
        var (y, dx) = Run(s_linear);
        for (int i = 0; i < s_linear.Length; i++)
        {
            Assert.Equal(s_linear[i], y[i]);
            Assert.Equal(1.0, dx[i]);
        }
    }

    [Fact]
    public void Float_above_the_threshold_is_x_with_gradient_exactly_one()
    {
        var x = s_linear.Select(v => (float)v).ToArray();
        var (y, dx) = Run(x);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(x[i], y[i]);
            Assert.Equal(1f, dx[i]);
        }
    }

    /// <summary>At 20 itself PyTorch still takes log1p(e^x) (the test is x &gt; 20): 20 + 2.06e-9 in double.</summary>
    [Fact]
    public void Double_at_and_below_the_threshold_is_log1p_exp_with_gradient_sigmoid()
    {
        double[] x = [20, 19.5, 5, 0.25, 0, -0.25, -5, -30, -700];
        var (y, dx) = Run(x);
        for (int i = 0; i < x.Length; i++)
        {
            // log1p(e^x) = x + log1p(e^-x) for x > 0, to ~1e-16 relative; the kernel's Exp, Log and three roundings
            // stay within ~4 ulp (1e-15 relative).
            double exact = x[i] > 0 ? x[i] + Log1pSeries(Math.Exp(-x[i])) : Log1pSeries(Math.Exp(x[i]));
            double sigmoid = 1 / (1 + Math.Exp(-x[i]));
            Assert.True(Math.Abs(y[i] - exact) <= 1e-15 * exact, $"Softplus({x[i]:R}) = {y[i]:R}, expected {exact:R}");
            Assert.True(Math.Abs(dx[i] - sigmoid) <= 1e-15 * sigmoid, $"Softplus'({x[i]:R}) = {dx[i]:R}, expected {sigmoid:R}");
        }
        Assert.True(y[0] > 20);
        Assert.True(dx[0] < 1);
    }

    /// <summary>
    /// dx and da of y = a * Softplus(x) in float against central differences of the float forward over a row with a
    /// vector body and a scalar tail, x on both sides of the threshold. The step is 2^-7: the difference of two float
    /// outputs of up to ~60 rounds by ~4e-6, i.e. ~3e-4 after dividing by 2h, and the truncation error h^2 |f'''| / 6
    /// is ~1e-5; a bound of 2e-3 of max(|gradient|, 1) sits above both and far below any wrong rule.
    /// </summary>
    [Fact]
    public void Float_backward_matches_float_finite_differences()
    {
        const int N = 3, D = 37;
        const float H = 1f / 128;
        var rng = new Random(2026);
        var x = new float[N * D];
        for (int i = 0; i < x.Length; i++)
        {
            double v = rng.NextDouble() * 60 - 30;
            if (Math.Abs(v - 20) < 0.1) v += 0.2; // the 2e-9 jump at the threshold is not a derivative
            x[i] = (float)v;
        }
        var a = Enumerable.Range(0, D).Select(_ => (float)(0.5 + 1.5 * rng.NextDouble())).ToArray();
        var dy = Enumerable.Range(0, N * D).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();

        var s = new OpSoftplus.Shape(N, D);
        var saved = new OpSoftplus.Saved<float>(s);
        var y = new float[N * D];
        var dx = new float[N * D];
        var da = new float[D];
        OpSoftplus.Forward(s, x, a, y, saved);
        OpSoftplus.Backward(s, dy, x, a, saved, dx, da);

        double Loss()
        {
            var yy = new float[N * D];
            OpSoftplus.Forward(s, x, a, yy, new OpSoftplus.Saved<float>(s));
            double loss = 0;
            for (int i = 0; i < yy.Length; i++) loss += (double)yy[i] * dy[i];
            return loss;
        }
        double[] Numeric(float[] t)
        {
            var g = new double[t.Length];
            for (int i = 0; i < t.Length; i++)
            {
                float v = t[i];
                t[i] = v + H;
                double plus = Loss();
                t[i] = v - H;
                double minus = Loss();
                t[i] = v;
                g[i] = (plus - minus) / (2 * H);
            }
            return g;
        }
        Tolerance.AssertClose(Numeric(x), dx.Select(v => (double)v).ToArray(), 2e-3, "float dx", floor: 1.0);
        Tolerance.AssertClose(Numeric(a), da.Select(v => (double)v).ToArray(), 2e-3, "float da", floor: 1.0);
    }

    /// <summary>
    /// log(1 + e) for e in [0, 1] to ~2e-16 relative, independently of the kernel's formula: 2 atanh(z) with z = e / (2 + e)
    /// in [0, 1/3], by its series z + z^3/3 + z^5/5 + ... (Math.Log(1 + e) would carry the rounding of 1 + e, 1e-14
    /// relative at e = 0.007).
    /// </summary>
    private static double Log1pSeries(double e)
    {
        double z = e / (2 + e), z2 = z * z, term = z, sum = 0;
        for (int k = 1; term > 1e-18 * z; k += 2, term *= z2) sum += term / k;
        return 2 * sum;
    }

    /// <summary>y and dx of y = 1 * Softplus(x) for dy = 1, one row.</summary>
    private static (T[] Y, T[] Dx) Run<T>(T[] x) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var s = new OpSoftplus.Shape(1, x.Length);
        var a = Enumerable.Repeat(T.One, x.Length).ToArray();
        var y = new T[x.Length];
        var dx = new T[x.Length];
        var da = new T[x.Length];
        var dy = Enumerable.Repeat(T.One, x.Length).ToArray();
        if (typeof(T) == typeof(float))
        {
            var saved = new OpSoftplus.Saved<float>(s);
            OpSoftplus.Forward(s, (float[])(object)x, (float[])(object)a, (float[])(object)y, saved);
            OpSoftplus.Backward(s, (float[])(object)dy, (float[])(object)x, (float[])(object)a, saved, (float[])(object)dx, (float[])(object)da);
        }
        else
        {
            var saved = new OpSoftplus.Saved<double>(s);
            OpSoftplus.Forward(s, (double[])(object)x, (double[])(object)a, (double[])(object)y, saved);
            OpSoftplus.Backward(s, (double[])(object)dy, (double[])(object)x, (double[])(object)a, saved, (double[])(object)dx, (double[])(object)da);
        }
        return (y, dx);
    }
}
