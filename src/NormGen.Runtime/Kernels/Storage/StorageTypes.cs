namespace NormGen.Kernels;

/// <summary>
/// The bit-level constants of the float &lt;-&gt; Half and float &lt;-&gt; bfloat16 conversions, shared by every width's
/// <c>Load&lt;TStorage&gt;</c>/<c>Store&lt;TStorage&gt;</c> through <see cref="StorageMath"/>.
/// </summary>
internal static class StorageTypes
{
    // Half -> float: the exponent field moved from bit 10 to bit 23 is rebiased from 15 to 127 by adding 112 << 23;
    // an infinity or NaN (exponent 31) needs 255, i.e. the same 112 << 23 once more; a zero or subnormal (exponent 0)
    // is rebuilt as (2^-14 + m * 2^-24) - 2^-14, both exact in float.
    public const uint HalfMagnitudeMask = 0x7FFF;
    public const uint HalfSignMask = 0x8000;
    public const uint HalfExponentMask = 0x7C00;
    public const uint HalfRebias = 112u << 23;
    public const uint FloatQuietBit = 0x0040_0000;
    public const uint FloatOneExponentStep = 1u << 23;
    public const float HalfMinNormal = 1f / 16384; // 2^-14

    // float -> Half, rounded by the FPU: adding 2^(e + 13), e = max(exponent of |x|, -14), leaves |x| rounded to Half's
    // precision (ties to even) in the low 11 bits of the sum's significand; subtracting 126 << 23 and adding the
    // result shifted right by 13 then merges the sum's exponent into Half's exponent field (the algorithm of .NET's
    // own (Half)float, so the two agree bit for bit). Magnitudes from 65520 (Half's largest value plus half an ulp)
    // up, infinity included, are first clamped to 65520, which rounds to infinity.
    public const uint FloatSignMask = 0x8000_0000;
    public const uint FloatMagnitudeMask = 0x7FFF_FFFF;
    public const uint FloatInfinityBits = 0x7F80_0000;
    public const uint FloatExponentMask = 0x7F80_0000;
    public const uint HalfOverflowThresholdBits = 0x477F_F000; // 65520f
    public const uint HalfMinNormalBits = 0x3880_0000;         // 2^-14
    public const uint ThirteenExponentSteps = 13u << 23;
    public const uint Exponent126 = 126u << 23;
    public const uint HalfQuietNaN = 0x7E00;                   // exponent 31 and the quiet bit
    public const uint HalfNaNPayloadMask = 0x01FF;

    // float -> bfloat16: round to nearest even on the upper half (BFloat16.RoundToBits explains the constant);
    // a NaN keeps its sign and upper payload and gets the quiet bit.
    public const uint BFloat16RoundingBias = 0x7FFF;
    public const uint BFloat16QuietBit = 0x0040;

    /// <summary>The exception for a (storage, compute) pair no width supports.</summary>
    public static NotSupportedException Unsupported<TStorage, T>(string width) => new(
        $"{width}<{typeof(T).Name}> loads and stores {typeof(T).Name} storage, and Half or BFloat16 storage with float compute; not {typeof(TStorage).Name}.");
}
