namespace NormGen.Benchmarks.Baselines;

/// <summary>
/// Span-length checks done once per call before any memory is touched, as the generated kernels do them
/// (so the baselines pay the same fixed cost).
/// </summary>
internal static class Check
{
    public static void Length(int actual, long expected, string name)
    {
        if (actual != expected)
            throw new ArgumentException($"{name} has length {actual}, expected {expected}.", name);
    }

    public static void Positive(int value, string name) => ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value, name);
}
