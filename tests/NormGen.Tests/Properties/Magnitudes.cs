namespace NormGen.Tests.Properties;

/// <summary>
/// For WeightNorm and CosineNorm, the elementwise size of each gradient's terms before they cancel: the scale a
/// gradient's rounding error is relative to. Scale invariance makes these gradients orthogonal to the scaled tensor
/// (per row), so they can be much smaller than their terms.
/// </summary>
public static class Magnitudes
{
    /// <summary>WeightNorm: dv = g rstd dw - g rstd^3 v sum_i(v dw) and dg = rstd sum_i(v dw), rstd = 1/|v| per row o.</summary>
    public static (double[] Dv, double[] Dg) WeightNorm(int o, int i, double[] v, double[] g, double[] dw)
    {
        double[] dv = new double[o * i], dg = new double[o];
        for (int r = 0; r < o; r++)
        {
            double norm = 0, dot = 0;
            for (int k = 0; k < i; k++) norm += v[r * i + k] * v[r * i + k];
            norm = Math.Sqrt(norm);
            for (int k = 0; k < i; k++) dot += Math.Abs(v[r * i + k] * dw[r * i + k]) / norm;
            dg[r] = dot;
            for (int k = 0; k < i; k++)
                dv[r * i + k] = Math.Abs(g[r]) / norm * (Math.Abs(dw[r * i + k]) + Math.Abs(v[r * i + k]) / norm * dot);
        }
        return (dv, dg);
    }

    /// <summary>
    /// CosineNorm, with x_hat = x/|x| per row n and w_hat = w/|w| per row o:
    /// dx[n, i] = (1/|x_n|) sum_o dy[n, o] (w_hat[o, i] - x_hat[n, i] y[n, o]),
    /// dw[o, i] = (1/|w_o|) sum_n dy[n, o] (x_hat[n, i] - w_hat[o, i] y[n, o]), |y| &lt;= 1.
    /// </summary>
    public static (double[] Dx, double[] Dw) CosineNorm(int n, int i, int o, double[] x, double[] w, double[] dy)
    {
        double[] xNorm = RowNorms(n, i, x), wNorm = RowNorms(o, i, w);
        double[] dx = new double[n * i], dw = new double[o * i];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < o; c++)
                for (int k = 0; k < i; k++)
                {
                    double term = Math.Abs(dy[r * o + c]) * (Math.Abs(w[c * i + k]) / wNorm[c] + Math.Abs(x[r * i + k]) / xNorm[r]);
                    dx[r * i + k] += term / xNorm[r];
                    dw[c * i + k] += term / wNorm[c];
                }
        return (dx, dw);
    }

    static double[] RowNorms(int rows, int cols, double[] a)
    {
        var norms = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            double s = 0;
            for (int k = 0; k < cols; k++) s += a[r * cols + k] * a[r * cols + k];
            norms[r] = Math.Sqrt(s);
        }
        return norms;
    }
}
