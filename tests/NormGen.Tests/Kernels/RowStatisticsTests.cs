namespace NormGen.Tests.Kernels;

/// <summary>
/// Row statistics from one sweep (ShiftedStatistics inside an outer loop): u = s (x - x[0]) summed and squared, so
/// the mean and variance come out of shifted sums. Against E[x^2] - E[x]^2 this keeps float exact on data far from 0,
/// gives a constant row a variance of exactly 0 (which the two-sweep centred form did not: the float mean's rounding
/// error stayed in the variance), and bounds the error when the row's first element is its one outlier.
/// </summary>
public sealed class RowStatisticsTests
{
    private const float Eps = 1e-5f;

    /// <summary>
    /// Rows of one constant value near 1e4: the variance is exactly 0, so rstd is 1/sqrt(eps) and y is beta. The
    /// two-sweep form (main before the change) computed the mean with a rounding error of up to half an ulp of 1e4 and
    /// summed its square: rstd 301 instead of 316 on these rows, y off by up to 0.3.
    /// </summary>
    [Theory]
    [InlineData(768)]
    [InlineData(1000)]
    public void A_constant_row_far_from_zero_has_variance_exactly_zero(int d)
    {
        const int N = 6;
        var s = new LayerNorm.Shape(N, d);
        var x = new float[N * d];
        for (int r = 0; r < N; r++) Array.Fill(x, (float)(1e4 + 0.37 * (r + 1)), r * d, d);
        var beta = Enumerable.Range(0, d).Select(i => 0.01f * i).ToArray();
        var y = new float[x.Length];
        var saved = new LayerNorm.Saved<float>(s);
        LayerNorm.Forward(s, x, Enumerable.Repeat(1.5f, d).ToArray(), beta, y, saved, Eps);

        for (int r = 0; r < N; r++)
        {
            Assert.Equal(x[r * d], saved.Mean[r]);
            Assert.Equal(1 / MathF.Sqrt(Eps), saved.Rstd[r], 1e-6f * (1 / MathF.Sqrt(Eps)));
            for (int i = 0; i < d; i++) Assert.Equal(beta[i], y[r * d + i]);
        }
    }

    /// <summary>The same for InstanceNorm's planes (the statistics over two inner axes, h and w).</summary>
    [Fact]
    public void A_constant_plane_far_from_zero_has_variance_exactly_zero()
    {
        var s = new InstanceNorm.Shape(2, 3, 13, 17);
        int plane = 13 * 17;
        var x = new float[2 * 3 * plane];
        for (int p = 0; p < 6; p++) Array.Fill(x, (float)(-3e3 - 0.11 * p), p * plane, plane);
        var y = new float[x.Length];
        var saved = new InstanceNorm.Saved<float>(s);
        InstanceNorm.Forward(s, x, new[] { 1f, 2f, 3f }, new[] { 0.5f, 0.25f, 0.125f }, y, saved, Eps);
        for (int p = 0; p < 6; p++)
        {
            Assert.Equal(x[p * plane], saved.Mean[p]);
            Assert.Equal(1 / MathF.Sqrt(Eps), saved.Rstd[p], 1e-6f * (1 / MathF.Sqrt(Eps)));
        }
    }

    /// <summary>
    /// x = 4096 + u with u on a grid of 2^-8 in [-1, 1]: every x is exact in float and |mean| / std is ~7000, so
    /// E[x^2] - E[x]^2 (squares ~1.7e7, float ulp 2) would lose the variance (~0.33) entirely. The statistics of u
    /// computed in double are the exact ones; rstd must match to float's rounding of a 1024-term sum (1e-5: the scalar
    /// path's one accumulator measured 2.5e-6), the mean to half an ulp of 4096.
    /// </summary>
    [Theory]
    [InlineData(1024)]
    [InlineData(333)]
    public void Statistics_of_rows_with_an_offset_thousands_of_standard_deviations_away_do_not_cancel(int d)
    {
        const int N = 16;
        var rng = new Random(d);
        var u = Enumerable.Range(0, N * d).Select(_ => rng.Next(-256, 257) / 256.0).ToArray();
        var x = u.Select(v => (float)(4096 + v)).ToArray();
        var s = new LayerNorm.Shape(N, d);
        var saved = new LayerNorm.Saved<float>(s);
        LayerNorm.Forward(s, x, Enumerable.Repeat(1f, d).ToArray(), new float[d], new float[x.Length], saved, Eps);
        for (int r = 0; r < N; r++)
        {
            var row = u.AsSpan(r * d, d).ToArray();
            double mean = row.Average(), variance = row.Sum(v => (v - mean) * (v - mean)) / d;
            double rstd = 1 / Math.Sqrt(variance + Eps);
            Assert.True(Math.Abs(saved.Mean[r] - (4096 + mean)) <= Math.Pow(2, -12) * 1.01, $"row {r}: mean {saved.Mean[r]:R}, exact {4096 + mean:R}");
            Assert.True(Math.Abs(saved.Rstd[r] - rstd) <= 1e-5 * rstd, $"row {r}: rstd {saved.Rstd[r]:R}, exact {rstd:R}");
        }
    }

    /// <summary>
    /// The documented worst case of a shift by the first element: that element is the row's one outlier (1000 among
    /// values in [-1, 1]), so (x[0] - mean)^2 is about d times the variance and the cancellation in S2 - S1^2/d costs
    /// up to ~d ulp of the variance (docs/statistics.md). rstd stays within that bound; the two-sweep form would be
    /// within a few ulp.
    /// </summary>
    [Fact]
    public void An_outlier_first_element_costs_at_most_about_d_ulp_of_the_variance()
    {
        const int d = 1024;
        var rng = new Random(5);
        var x = Enumerable.Range(0, d).Select(i => i == 0 ? 1000f : (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var s = new LayerNorm.Shape(1, d);
        var saved = new LayerNorm.Saved<float>(s);
        LayerNorm.Forward(s, x, Enumerable.Repeat(1f, d).ToArray(), new float[d], new float[d], saved, Eps);
        double mean = x.Average(v => (double)v), variance = x.Sum(v => (v - mean) * (v - mean)) / d;
        double rstd = 1 / Math.Sqrt(variance + Eps);
        double bound = d * Math.Pow(2, -24); // relative, on rstd: half of d ulp of the variance
        Assert.True(Math.Abs(saved.Rstd[0] - rstd) <= bound * rstd, $"rstd {saved.Rstd[0]:R}, exact {rstd:R}, bound {bound:E2} relative");
        Assert.True(Math.Abs(saved.Mean[0] - mean) <= 1e-6 * Math.Sqrt(variance), $"mean {saved.Mean[0]:R}, exact {mean:R}");
    }
}
