namespace NormGen.Benchmarks.Infrastructure;

/// <summary>Deterministic pseudo-random data (xorshift), the same on every run and in every process.</summary>
public static class TestData
{
    /// <summary>Fills <paramref name="destination"/> with values uniform in [offset - scale, offset + scale).</summary>
    public static void Fill(Span<float> destination, ulong seed, float scale = 1f, float offset = 0f)
    {
        ulong state = seed * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL;
        for (int i = 0; i < destination.Length; i++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            float unit = (state >> 40) * (1f / (1 << 24)); // [0, 1)
            destination[i] = offset + scale * (2f * unit - 1f);
        }
    }
}
