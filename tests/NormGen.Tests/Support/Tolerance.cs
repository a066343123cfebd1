namespace NormGen.Tests.Support;

public static class Tolerance
{
    /// <summary>
    /// Asserts every element is within <paramref name="relative"/> times the largest magnitude of
    /// <paramref name="expected"/> (the reference README's criterion), reporting the worst element.
    /// <paramref name="floor"/> is the smallest magnitude the bound scales with, for outputs that should be ~0.
    /// </summary>
    public static void AssertClose(double[] expected, double[] actual, double relative, string what, double floor = double.Epsilon)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: expected {expected.Length} elements, got {actual.Length}.");
        double scale = expected.Length == 0 ? 0 : expected.Max(Math.Abs);
        double bound = relative * Math.Max(scale, floor);
        int worst = -1;
        double worstError = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(expected[i] - actual[i]);
            if (!(error <= worstError)) (worst, worstError) = (i, error);
            if (double.IsNaN(worstError)) break; // a NaN is the worst error: later finite ones must not replace it
        }
        if (worst < 0 || worstError <= bound) return;
        Assert.Fail($"{what}: element {worst} is {actual[worst]:R}, expected {expected[worst]:R} (error {worstError:E3} > {bound:E3} = {relative:E1} * max |expected| {scale:E3}).");
    }
}
