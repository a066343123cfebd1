namespace NormGen.Tests.Kernels;

/// <summary>
/// The accuracy contract of the Half and bfloat16 overloads (docs/precision.md): on the same inputs (already in the
/// storage type), every stored result equals the float32 kernel's result rounded once to the storage type, within one
/// unit in the last place of the storage type; float results (saved statistics, parameter gradients, running
/// buffers) equal the float32 kernel's within float tolerance.
/// </summary>
internal static class MixedPrecision
{
    /// <summary>Uniform values in [<paramref name="low"/>, <paramref name="high"/>), already representable in <typeparamref name="S"/>.</summary>
    public static S[] Random<S>(Random rng, int count, double low = -2, double high = 2) =>
        Support.RandomData.Uniform(rng, count, low, high).Select(v => Narrow<S>((float)v)).ToArray();

    /// <summary>Uniform float values (parameters stay float).</summary>
    public static float[] RandomFloats(Random rng, int count, double low = -2, double high = 2) =>
        Support.RandomData.Uniform(rng, count, low, high).Select(v => (float)v).ToArray();

    public static S Narrow<S>(float value) =>
        typeof(S) == typeof(Half) ? (S)(object)(Half)value
        : typeof(S) == typeof(BFloat16) ? (S)(object)(BFloat16)value
        : throw new NotSupportedException(typeof(S).Name);

    public static float Widen<S>(S value) => value switch
    {
        Half h => (float)h,
        BFloat16 b => (float)b,
        _ => throw new NotSupportedException(typeof(S).Name),
    };

    public static float[] Widen<S>(S[] values) => values.Select(Widen).ToArray();

    /// <summary>The storage value's bits as an integer ordered like the values (-0 and +0 both 0), so ulps are differences.</summary>
    private static int Ordered<S>(S value)
    {
        int bits = value switch
        {
            Half h => BitConverter.HalfToUInt16Bits(h),
            BFloat16 b => BFloat16.BFloat16ToUInt16Bits(b),
            _ => throw new NotSupportedException(typeof(S).Name),
        };
        return (bits & 0x8000) != 0 ? -(bits & 0x7FFF) : bits;
    }

    /// <summary>Units in the last place of <typeparamref name="S"/> between two stored values (NaN only equals NaN).</summary>
    public static int UlpDistance<S>(S a, S b)
    {
        bool nanA = float.IsNaN(Widen(a)), nanB = float.IsNaN(Widen(b));
        if (nanA || nanB) return nanA && nanB ? 0 : int.MaxValue;
        return Math.Abs(Ordered(a) - Ordered(b));
    }

    /// <summary>Each stored result within one ulp of the float32 kernel's result rounded once to <typeparamref name="S"/>.</summary>
    public static void AssertRoundedOnce<S>(float[] float32, S[] stored, string what)
    {
        Assert.Equal(float32.Length, stored.Length);
        for (int i = 0; i < stored.Length; i++)
        {
            var expected = Narrow<S>(float32[i]);
            int ulps = UlpDistance(expected, stored[i]);
            Assert.True(ulps <= 1,
                $"{what} ({typeof(S).Name})[{i}]: {Widen(stored[i]):R}, expected the float32 kernel's {float32[i]:R} rounded to {Widen(expected):R} ({ulps} ulps apart)");
        }
    }

    /// <summary>A float result (a parameter gradient, a statistic, a running buffer) against the float32 kernel's.</summary>
    public static void AssertFloatClose(float[] float32, float[] actual, string what) =>
        Support.Tolerance.AssertClose(float32.Select(v => (double)v).ToArray(), actual.Select(v => (double)v).ToArray(),
            InterpreterKernelTests.FloatTolerance, what);

    /// <summary>The spacing of <typeparamref name="S"/> at |<paramref name="value"/>| (its subnormal spacing near zero).</summary>
    public static double Ulp<S>(double value)
    {
        var (mantissaBits, minExponent) = typeof(S) == typeof(Half) ? (10, -14) : (7, -126);
        int exponent = value == 0 ? minExponent : Math.Max(minExponent, (int)Math.Floor(Math.Log2(Math.Abs(value))));
        return Math.Pow(2, exponent - mantissaBits);
    }
}
