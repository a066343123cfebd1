namespace NormGen.Benchmarks.Tests;

internal static class Compare
{
    /// <summary>
    /// Every element of <paramref name="actual"/> within <paramref name="relative"/> times the largest magnitude of
    /// <paramref name="expected"/> (at least 1) of the expected value; NaN (an unwritten output) fails.
    /// </summary>
    public static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double relative, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: length {actual.Length}, expected {expected.Length}");
        double scale = 1;
        foreach (double e in expected)
            scale = Math.Max(scale, Math.Abs(e));
        double tolerance = relative * scale;
        int worst = -1;
        double worstError = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]);
            if (!double.IsFinite(actual[i]) || error > worstError)
            {
                worst = i;
                worstError = double.IsFinite(actual[i]) ? error : double.PositiveInfinity;
                if (!double.IsFinite(actual[i]))
                    break;
            }
        }
        Assert.True(worstError <= tolerance,
            $"{what}: element {worst} is {(worst >= 0 ? actual[worst] : 0)}, expected {(worst >= 0 ? expected[worst] : 0)} " +
            $"(error {worstError:G3} > tolerance {tolerance:G3})");
    }

    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double relative, string what)
    {
        var e = new double[expected.Length];
        for (int i = 0; i < e.Length; i++)
            e[i] = expected[i];
        Close(e, actual, relative, what);
    }
}
