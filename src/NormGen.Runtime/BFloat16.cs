using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace NormGen;

/// <summary>
/// A bfloat16 ("brain floating point"): the upper 16 bits of an IEEE-754 float32, 1 sign bit, 8 exponent bits and
/// 7 stored significand bits, so it has float's range with 8 significant bits. .NET has no such type; this is the
/// storage type of NormGen's mixed-precision kernels, which compute in float.
/// </summary>
/// <remarks>
/// Conversions behave as PyTorch's <c>torch.bfloat16</c> and C++'s <c>std::bfloat16_t</c>: to <see cref="float"/> is
/// exact (the bits shifted left by 16); from <see cref="float"/> rounds to nearest, ties to even, with overflow to
/// infinity, signed zeros and subnormals kept. A NaN stays a NaN: its sign and upper payload bits are kept and the
/// quiet bit is set (as x86's <c>vcvtneps2bf16</c> and <see cref="Half"/>'s conversion from float do; PyTorch's scalar
/// conversion returns the one quiet NaN <c>0x7FC0</c> instead; both are quiet NaNs). Equality and ordering follow
/// <see cref="float"/>: <c>==</c> is IEEE (NaN differs from itself, <c>+0 == -0</c>), <see cref="Equals(BFloat16)"/>
/// and <see cref="CompareTo(BFloat16)"/> treat every NaN as equal and smaller than any number.
/// </remarks>
public readonly struct BFloat16 : IEquatable<BFloat16>, IComparable<BFloat16>, IComparable, IFormattable, IParsable<BFloat16>
{
    private readonly ushort _bits;

    private BFloat16(ushort bits) => _bits = bits;

    /// <summary>Positive zero.</summary>
    public static BFloat16 Zero => new(0x0000);
    /// <summary>One.</summary>
    public static BFloat16 One => new(0x3F80);
    /// <summary>A quiet NaN (<c>0x7FC0</c>, the one PyTorch uses).</summary>
    public static BFloat16 NaN => new(0x7FC0);
    /// <summary>Positive infinity.</summary>
    public static BFloat16 PositiveInfinity => new(0x7F80);
    /// <summary>Negative infinity.</summary>
    public static BFloat16 NegativeInfinity => new(0xFF80);
    /// <summary>The largest finite value, (2 - 2^-7) * 2^127 ≈ 3.39e38.</summary>
    public static BFloat16 MaxValue => new(0x7F7F);
    /// <summary>The most negative finite value, -(2 - 2^-7) * 2^127.</summary>
    public static BFloat16 MinValue => new(0xFF7F);
    /// <summary>The smallest positive value, the subnormal 2^-133.</summary>
    public static BFloat16 Epsilon => new(0x0001);

    /// <summary>The value whose bit pattern is <paramref name="bits"/> (as <see cref="BitConverter.UInt16BitsToHalf"/>).</summary>
    public static BFloat16 UInt16BitsToBFloat16(ushort bits) => new(bits);

    /// <summary>The bit pattern of <paramref name="value"/> (as <see cref="BitConverter.HalfToUInt16Bits"/>).</summary>
    public static ushort BFloat16ToUInt16Bits(BFloat16 value) => value._bits;

    /// <summary>True when <paramref name="value"/> is a NaN.</summary>
    public static bool IsNaN(BFloat16 value) => (value._bits & 0x7FFF) > 0x7F80;
    /// <summary>True when <paramref name="value"/> is positive or negative infinity.</summary>
    public static bool IsInfinity(BFloat16 value) => (value._bits & 0x7FFF) == 0x7F80;
    /// <summary>True when <paramref name="value"/> is neither infinite nor NaN.</summary>
    public static bool IsFinite(BFloat16 value) => (value._bits & 0x7FFF) < 0x7F80;
    /// <summary>True when the sign bit of <paramref name="value"/> is set (also for -0 and negative NaNs).</summary>
    public static bool IsNegative(BFloat16 value) => (short)value._bits < 0;

    /// <summary>
    /// The bfloat16 nearest <paramref name="value"/>, ties to even (the one rounding a bfloat16 store performs);
    /// values beyond <see cref="MaxValue"/> by half a unit or more become infinity; a NaN stays a quiet NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static explicit operator BFloat16(float value) => new(RoundToBits(value));

    /// <summary>
    /// The bfloat16 nearest <paramref name="value"/>, ties to even, rounded once (not through float, which could round
    /// twice: a double just above a bfloat16 halfway point may round to it as a float, then to even).
    /// </summary>
    public static explicit operator BFloat16(double value)
    {
        // Round to odd into float, then to nearest even into bfloat16: float keeps 16 more bits than bfloat16 at every
        // exponent (subnormals included), so the sticky low bit makes the second rounding see what the first dropped.
        float f = (float)value;
        if (f != value && !double.IsNaN(value))
        {
            uint bits = BitConverter.SingleToUInt32Bits(f);
            if (Math.Abs((double)f) > Math.Abs(value)) bits--; // truncate toward zero: one float ulp back in magnitude
            f = BitConverter.UInt32BitsToSingle(bits | 1);
        }
        return new(RoundToBits(f));
    }

    /// <summary>The exact float value of <paramref name="value"/> (its bits shifted left by 16).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static explicit operator float(BFloat16 value) => BitConverter.UInt32BitsToSingle((uint)value._bits << 16);

    /// <summary>The exact double value of <paramref name="value"/>.</summary>
    public static explicit operator double(BFloat16 value) => (float)value;

    /// <summary>
    /// Round to nearest even on the upper 16 bits of a float: adding 0x7FFF plus the kept part's lowest bit carries
    /// into the kept part exactly when the dropped half is above one half, or equal to it with an odd kept part.
    /// The carry rolls the largest finite values over into the infinity pattern, as rounding requires.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ushort RoundToBits(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        return float.IsNaN(value)
            ? (ushort)((bits >> 16) | 0x0040)
            : (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1)) >> 16);
    }

    /// <summary>IEEE equality: false when either is NaN, true for +0 and -0.</summary>
    public static bool operator ==(BFloat16 left, BFloat16 right) => (float)left == (float)right;
    /// <summary>IEEE inequality: true when either is NaN.</summary>
    public static bool operator !=(BFloat16 left, BFloat16 right) => (float)left != (float)right;
    /// <summary>IEEE less-than (false when either is NaN).</summary>
    public static bool operator <(BFloat16 left, BFloat16 right) => (float)left < (float)right;
    /// <summary>IEEE greater-than (false when either is NaN).</summary>
    public static bool operator >(BFloat16 left, BFloat16 right) => (float)left > (float)right;
    /// <summary>IEEE less-than-or-equal (false when either is NaN).</summary>
    public static bool operator <=(BFloat16 left, BFloat16 right) => (float)left <= (float)right;
    /// <summary>IEEE greater-than-or-equal (false when either is NaN).</summary>
    public static bool operator >=(BFloat16 left, BFloat16 right) => (float)left >= (float)right;

    /// <summary>Equal values, or both NaN (as <see cref="float.Equals(float)"/>); +0 equals -0.</summary>
    public bool Equals(BFloat16 other) => ((float)this).Equals((float)other);

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is BFloat16 other && Equals(other);

    /// <summary>A hash consistent with <see cref="Equals(BFloat16)"/> (one for both zeros, one for every NaN).</summary>
    public override int GetHashCode() => ((float)this).GetHashCode();

    /// <summary>Orders as <see cref="float.CompareTo(float)"/>: NaN before every number, NaNs equal, -0 equal to +0.</summary>
    public int CompareTo(BFloat16 other) => ((float)this).CompareTo((float)other);

    /// <inheritdoc/>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        BFloat16 other => CompareTo(other),
        _ => throw new ArgumentException($"Object must be of type {nameof(BFloat16)}.", nameof(obj)),
    };

    /// <summary>
    /// The shortest decimal (at most 4 significant digits, current culture) that parses back to this value, e.g.
    /// <c>0.1</c> for the bfloat16 nearest 0.1 (exactly 0.10009765625); NaN and infinities as float prints them.
    /// </summary>
    public override string ToString() => ToString(null, null);

    /// <summary>
    /// Formats the exact float value with <paramref name="format"/> (as <see cref="float.ToString(string, IFormatProvider)"/>);
    /// without a format, the shortest decimal that parses back to this value.
    /// </summary>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        float value = (float)this;
        if (!string.IsNullOrEmpty(format) || !float.IsFinite(value)) return value.ToString(format, formatProvider);
        // 8 significant bits need at most 4 significant digits (10^4 > 2^(8+1)); the fewest that parse back, unless
        // float's own shortest text is no longer (G1 prints 10 as "1E+01").
        string exact = value.ToString(formatProvider);
        for (int digits = 1; digits <= 4; digits++)
        {
            string text = value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), formatProvider);
            if (TryParse(text, formatProvider, out var back) && back._bits == _bits) return text.Length < exact.Length ? text : exact;
        }
        return exact;
    }

    /// <summary>
    /// Parses a number as <see cref="double.Parse(string, IFormatProvider)"/> does (current culture when
    /// <paramref name="provider"/> is null) and rounds it to the nearest
    /// bfloat16 (the decimal is first rounded to double, so a string within 2^-53 relative of a halfway point between
    /// two bfloat16 values may round the other way).
    /// </summary>
    /// <exception cref="FormatException"><paramref name="s"/> is not a number.</exception>
    public static BFloat16 Parse(string s, IFormatProvider? provider = null) => (BFloat16)double.Parse(s, NumberStyles.Float | NumberStyles.AllowThousands, provider);

    /// <summary>As <see cref="Parse(string, IFormatProvider)"/>, returning false instead of throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out BFloat16 result)
    {
        bool parsed = double.TryParse(s, NumberStyles.Float | NumberStyles.AllowThousands, provider, out double value);
        result = parsed ? (BFloat16)value : default;
        return parsed;
    }
}
