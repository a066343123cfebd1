using NormGen.TestLayers;

namespace NormGen.Tests.Kernels;

/// <summary>
/// Statistics over outer axes (BatchNorm's per-channel mean and variance over n, h, w), from values shifted by the
/// channel's first element (docs/statistics.md): over NCHW one sweep of the channel's n planes inside the outer loop over
/// c, over channels-last one sweep in memory order adding into per-channel buffers. The offset cases of
/// <see cref="RowStatisticsTests"/>, per channel, for both.
/// </summary>
public sealed class OuterStatisticsTests
{
    private const float Eps = 1e-5f;

    /// <summary>
    /// x = 4096 + u, u on a grid of 2^-8 in [-1, 1]: every x is exact in float and |mean| / std is ~7000, so
    /// E[x^2] - E[x]^2 would lose the variance entirely. rstd must match the exact statistics of u to float's rounding of
    /// the sums (1e-5), the mean to half an ulp of 4096; a constant channel has variance exactly 0 and its own value as
    /// the mean. NCHW (the shared BatchNorm2d, training) and channels-last.
    /// </summary>
    [Theory]
    [InlineData(4, 3, 16, 17)]
    [InlineData(3, 5, 7, 33)]
    public void Channel_statistics_of_data_thousands_of_standard_deviations_from_zero_do_not_cancel(int n, int c, int h, int w)
    {
        int plane = h * w;
        var rng = new Random(n * c + w);
        // u[n, c, plane]; channel 1 is constant.
        var u = new double[n * c * plane];
        for (int i = 0; i < u.Length; i++) u[i] = (i / plane) % c == 1 ? 0.37 : rng.Next(-256, 257) / 256.0;
        var gamma = Enumerable.Repeat(1f, c).ToArray();
        var beta = new float[c];

        var nchw = u.Select(v => (float)(4096 + v)).ToArray();
        var s = new BatchNorm2d.Shape(n, c, h, w);
        var saved = new BatchNorm2d.Saved<float>(s);
        BatchNorm2d.Forward(s, nchw, gamma, beta, new float[c], Enumerable.Repeat(1f, c).ToArray(), new float[nchw.Length], saved, training: true, Eps);
        Check("NCHW", saved.Mean, saved.Rstd);

        var nhwc = new float[u.Length];
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++)
                for (int p = 0; p < plane; p++)
                    nhwc[(b * plane + p) * c + ch] = nchw[(b * c + ch) * plane + p];
        var sl = new ChannelsLastBatchNorm.Shape(n, h, w, c);
        var savedLast = new ChannelsLastBatchNorm.Saved<float>(sl);
        ChannelsLastBatchNorm.Forward(sl, nhwc, gamma, beta, new float[nhwc.Length], savedLast, Eps);
        Check("NHWC", savedLast.Mean, savedLast.Rstd);

        void Check(string layout, float[] mean, float[] rstd)
        {
            for (int ch = 0; ch < c; ch++)
            {
                var values = Enumerable.Range(0, n).SelectMany(b => u.Skip((b * c + ch) * plane).Take(plane)).ToArray();
                double m = values.Average(), variance = values.Sum(v => (v - m) * (v - m)) / values.Length;
                double r = 1 / Math.Sqrt(variance + Eps);
                if (ch == 1)
                {
                    Assert.Equal((float)(4096 + 0.37), mean[ch]);
                    Assert.True(Math.Abs(rstd[ch] - 1 / Math.Sqrt(Eps)) <= 1e-6 / Math.Sqrt(Eps), $"{layout} constant channel: rstd {rstd[ch]:R}");
                    continue;
                }
                Assert.True(Math.Abs(mean[ch] - (4096 + m)) <= Math.Pow(2, -12) * 1.01, $"{layout} channel {ch}: mean {mean[ch]:R}, exact {4096 + m:R}");
                Assert.True(Math.Abs(rstd[ch] - r) <= 1e-5 * r, $"{layout} channel {ch}: rstd {rstd[ch]:R}, exact {r:R}");
            }
        }
    }
}
