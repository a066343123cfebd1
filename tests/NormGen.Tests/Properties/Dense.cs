namespace NormGen.Tests.Properties;

/// <summary>
/// The linear layer that feeds a normalization in the weight-scale properties, computed by the test in float64, and the
/// small vector helpers the properties share. Layouts are row-major: x is [n, i], W is [o, i], z = x W^T is [n, o].
/// </summary>
public static class Dense
{
    /// <summary>z[n, o] = sum_i x[n, i] W[o, i].</summary>
    public static double[] Forward(int n, int i, int o, double[] x, double[] w)
    {
        var z = new double[n * o];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < o; c++)
            {
                double acc = 0;
                for (int k = 0; k < i; k++) acc += x[r * i + k] * w[c * i + k];
                z[r * o + c] = acc;
            }
        return z;
    }

    /// <summary>The chain rule through z = x W^T: dW[o, i] = sum_n dz[n, o] x[n, i].</summary>
    public static double[] WeightGradient(int n, int i, int o, double[] x, double[] dz)
    {
        var dw = new double[o * i];
        for (int c = 0; c < o; c++)
            for (int k = 0; k < i; k++)
            {
                double acc = 0;
                for (int r = 0; r < n; r++) acc += dz[r * o + c] * x[r * i + k];
                dw[c * i + k] = acc;
            }
        return dw;
    }

    public static double[] Scale(double[] a, double lambda) => Array.ConvertAll(a, v => v * lambda);

    public static double MaxAbs(double[] a) => a.Length == 0 ? 0 : a.Max(Math.Abs);

    /// <summary>
    /// max |expected - actual| / scale, where scale is max |expected| unless given: a gradient that cancels (a
    /// scale-invariant layer's gradient is orthogonal to its input) is compared against the magnitude of its terms.
    /// </summary>
    public static double RelativeDeviation(double[] expected, double[] actual, double? scale = null)
    {
        double worst = 0;
        for (int k = 0; k < expected.Length; k++) worst = Math.Max(worst, Math.Abs(expected[k] - actual[k]));
        return worst == 0 ? 0 : worst / (scale ?? MaxAbs(expected));
    }

    /// <summary>Fails with the worst element when <see cref="RelativeDeviation"/> exceeds <paramref name="tolerance"/>.</summary>
    public static double AssertRelative(double[] expected, double[] actual, double tolerance, string what, double? scale = null)
    {
        double deviation = RelativeDeviation(expected, actual, scale);
        if (!(deviation <= tolerance))
        {
            int worst = 0;
            for (int k = 1; k < expected.Length; k++)
                if (!(Math.Abs(expected[k] - actual[k]) <= Math.Abs(expected[worst] - actual[worst]))) worst = k;
            Assert.Fail($"{what}: relative deviation {deviation:E3} > {tolerance:E1}; worst element {worst}: " +
                        $"expected {expected[worst]:R}, actual {actual[worst]:R} (scale {scale ?? MaxAbs(expected):E3}).");
        }
        return deviation;
    }

    /// <summary>|a|^T |b| for a [n, p], b [n, q]: the magnitude of a^T b without cancellation, [p, q].</summary>
    public static double[] AbsTransposeProduct(int n, int p, int q, double[] a, double[] b)
    {
        var r = new double[p * q];
        for (int row = 0; row < n; row++)
            for (int j = 0; j < p; j++)
                for (int k = 0; k < q; k++)
                    r[j * q + k] += Math.Abs(a[row * p + j]) * Math.Abs(b[row * q + k]);
        return r;
    }
}
