using System.ComponentModel;
namespace NormGen.Kernels;

/// <summary>Scalars generated kernels compute once per call for their statistics.</summary>
[EditorBrowsable(EditorBrowsableState.Never)] // called by generated kernels; public for them, hidden from IntelliSense
public static class Statistics
{
    /// <summary>
    /// The power of two s = 2^-k with s^2 * count in (1/4, 1] (1 for a count of 1). Kernels sum the squares of s-scaled
    /// centred values: the sum is then at most about the variance, so it overflows only when the variance itself does,
    /// and scaling by a power of two is exact (the variance comes out bit for bit as without it, barring underflow).
    /// </summary>
    /// <param name="count">The number of values a statistic is taken over.</param>
    public static double SquareScale(long count)
    {
        // ceil(log2(count)), then k = ceil of half of it: 4^k >= count > 4^(k-1).
        int bits = count <= 1 ? 0 : 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(count - 1));
        return Math.ScaleB(1.0, -((bits + 1) / 2));
    }

    /// <summary>
    /// Half of <see cref="SquareScale"/>: the scale of one-sweep statistics, which sum the squares of values shifted by
    /// one of them rather than centred. Those squares add up to count * (variance + (mean - shift)^2), up to twice
    /// what centred squares do when the shift is a typical sample, so one more halving keeps the sum below the variance.
    /// </summary>
    /// <param name="count">The number of values a statistic is taken over.</param>
    public static double ShiftedSquareScale(long count) => SquareScale(count) / 2;
}
