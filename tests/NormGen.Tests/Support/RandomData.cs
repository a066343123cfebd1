namespace NormGen.Tests.Support;

public static class RandomData
{
    public static double[] Uniform(Random rng, int count, double low = -2, double high = 2) =>
        Enumerable.Range(0, count).Select(_ => low + (high - low) * rng.NextDouble()).ToArray();
}
