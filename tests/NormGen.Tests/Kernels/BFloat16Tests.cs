using System.Globalization;

namespace NormGen.Tests.Kernels;

/// <summary>
/// <see cref="BFloat16"/>'s scalar conversions against a reference written independently here (nearest of the two
/// neighbouring bfloat16 values by exact double arithmetic, ties to even, overflow as IEEE rounds it), and the
/// type's equality, ordering and text.
/// </summary>
public sealed class BFloat16Tests
{
    private static ushort Bits(BFloat16 value) => BFloat16.BFloat16ToUInt16Bits(value);
    private static BFloat16 FromBits(int bits) => BFloat16.UInt16BitsToBFloat16((ushort)bits);

    /// <summary>The value of a non-negative finite bfloat16 magnitude pattern, or 2^128 for the pattern one past the largest.</summary>
    private static double MagnitudeValue(uint pattern) =>
        pattern == 0x7F80 ? Math.Pow(2, 128) : BitConverter.UInt32BitsToSingle(pattern << 16);

    /// <summary>float -> bfloat16 by definition: the nearer neighbour, the even one on a tie, quiet NaN.</summary>
    internal static ushort Reference(uint bits)
    {
        ushort sign = (ushort)((bits >> 16) & 0x8000);
        uint magnitude = bits & 0x7FFF_FFFF;
        if (magnitude > 0x7F80_0000) return (ushort)((bits >> 16) | 0x0040);
        if (magnitude == 0x7F80_0000) return (ushort)(sign | 0x7F80);
        double x = BitConverter.UInt32BitsToSingle(magnitude);
        uint below = magnitude >> 16; // truncation: the neighbour at or below x
        double toBelow = x - MagnitudeValue(below), toAbove = MagnitudeValue(below + 1) - x; // both exact in double
        uint nearest = toBelow < toAbove ? below : toBelow > toAbove ? below + 1 : (below & 1) == 0 ? below : below + 1;
        return (ushort)(sign | nearest);
    }

    [Fact]
    public void Every_bit_pattern_widens_exactly_to_float_and_double()
    {
        for (int bits = 0; bits < 1 << 16; bits++)
        {
            var value = FromBits(bits);
            float f = (float)value;
            Assert.Equal((uint)bits << 16, BitConverter.SingleToUInt32Bits(f));
            double d = (double)value;
            Assert.True(d.Equals((double)f) && double.IsNegative(d) == float.IsNegative(f), $"0x{bits:X4}: {d} vs {f}");
            Assert.Equal(bits, Bits(value));
        }
    }

    [Fact]
    public void Every_bfloat16_survives_a_round_trip_through_float_and_a_NaN_only_gains_the_quiet_bit()
    {
        for (int bits = 0; bits < 1 << 16; bits++)
        {
            var back = (BFloat16)(float)FromBits(bits);
            int expected = (bits & 0x7FFF) > 0x7F80 ? bits | 0x0040 : bits;
            Assert.True(expected == Bits(back), $"0x{bits:X4} came back as 0x{Bits(back):X4}");
            Assert.Equal(expected, Bits((BFloat16)(double)FromBits(bits)));
        }
    }

    [Fact]
    public void Narrowing_from_float_rounds_to_nearest_even_on_the_dense_sample()
    {
        // NORMGEN_CONVERSIONS_FULL=1 makes this every float.
        ConversionSamples.ForEachChunk(chunk =>
        {
            foreach (uint bits in chunk)
            {
                ushort actual = Bits((BFloat16)BitConverter.UInt32BitsToSingle(bits));
                ushort expected = Reference(bits);
                if (actual != expected) Assert.Fail($"float 0x{bits:X8}: 0x{actual:X4}, expected 0x{expected:X4}");
            }
        });
    }

    [Theory]
    [InlineData(0x3F80_0000u, 0x3F80)] // 1
    [InlineData(0x3F80_8000u, 0x3F80)] // 1 + 2^-8: tie, even stays
    [InlineData(0x3F81_8000u, 0x3F82)] // tie above an odd pattern rounds up to even
    [InlineData(0x3F80_8001u, 0x3F81)] // just above the tie
    [InlineData(0x3F80_7FFFu, 0x3F80)] // just below the tie
    [InlineData(0x7F7F_7FFFu, 0x7F7F)] // below half an ulp over the largest finite: stays finite
    [InlineData(0x7F7F_8000u, 0x7F80)] // half an ulp over: ties to the even infinity pattern
    [InlineData(0x7F7F_FFFFu, 0x7F80)] // float.MaxValue overflows to infinity
    [InlineData(0xFF7F_FFFFu, 0xFF80)] // and float.MinValue to -infinity
    [InlineData(0x7F80_0000u, 0x7F80)] // infinity
    [InlineData(0xFF80_0000u, 0xFF80)] // -infinity
    [InlineData(0x0000_0000u, 0x0000)] // +0
    [InlineData(0x8000_0000u, 0x8000)] // -0 keeps its sign
    [InlineData(0x0000_8000u, 0x0000)] // subnormal tie at the smallest: to even zero
    [InlineData(0x0001_8000u, 0x0002)] // subnormal tie above an odd pattern
    [InlineData(0x8000_8001u, 0x8001)] // negative subnormal just above a tie
    [InlineData(0x007F_FFFFu, 0x0080)] // the largest subnormal float rounds up to the smallest normal bfloat16
    [InlineData(0x7FC0_0000u, 0x7FC0)] // the quiet NaN
    [InlineData(0x7F80_0001u, 0x7FC0)] // a signalling NaN whose payload is all dropped bits becomes quiet, not infinity
    [InlineData(0xFF81_2345u, 0xFFC1)] // sign and upper payload kept
    [InlineData(0x7FFF_FFFFu, 0x7FFF)] // no carry out of a NaN
    public void Narrowing_edge_cases(uint floatBits, int expected)
    {
        Assert.Equal(expected, Bits((BFloat16)BitConverter.UInt32BitsToSingle(floatBits)));
        Assert.Equal(expected, Reference(floatBits));
    }

    [Fact]
    public void Narrowing_from_double_rounds_once()
    {
        // At every halfway point between neighbouring bfloat16 values, and one double ulp either side of it. Just above
        // a halfway point, a double rounds to the halfway point as a float, which would then tie to even: through float
        // half of these (the even lower neighbours) round the wrong way.
        int throughFloatWrong = 0;
        for (uint below = 0; below < 0x7F80; below++)
        {
            double low = MagnitudeValue(below), high = MagnitudeValue(below + 1), half = (low + high) / 2; // exact
            foreach (double sign in new[] { 1.0, -1.0 })
            {
                ushort signBits = sign < 0 ? (ushort)0x8000 : (ushort)0;
                ushort even = (below & 1) == 0 ? (ushort)below : (ushort)(below + 1);
                AssertDouble(sign * half, (ushort)(signBits | even));
                AssertDouble(sign * Math.BitIncrement(half), (ushort)(signBits | (below + 1)));
                AssertDouble(sign * Math.BitDecrement(half), (ushort)(signBits | below));
                if (Bits((BFloat16)(float)(sign * Math.BitIncrement(half))) != (signBits | (below + 1))) throughFloatWrong++;
            }
        }
        Assert.True(throughFloatWrong > 1000, $"the test should catch double rounding; it would catch {throughFloatWrong} cases");

        AssertDouble(double.NaN, Bits((BFloat16)float.NaN));
        AssertDouble(double.PositiveInfinity, 0x7F80);
        AssertDouble(double.NegativeInfinity, 0xFF80);
        AssertDouble(1e300, 0x7F80);
        AssertDouble(-0.0, 0x8000);
        AssertDouble(1e-300, 0x0000);
        AssertDouble(-1e-300, 0x8000);
        AssertDouble(Math.Pow(2, -134), 0x0000);                  // half the smallest subnormal: tie to even zero
        AssertDouble(Math.BitIncrement(Math.Pow(2, -134)), 0x0001); // below float's range, still rounds up

        static void AssertDouble(double value, ushort expected)
        {
            ushort actual = Bits((BFloat16)value);
            if (actual != expected) Assert.Fail($"double {value:R}: 0x{actual:X4}, expected 0x{expected:X4}");
        }
    }

    [Fact]
    public void Equality_ordering_and_hash_follow_float()
    {
        var random = new Random(3);
        var sample = new List<BFloat16> { BFloat16.NaN, FromBits(0xFFC1), BFloat16.Zero, FromBits(0x8000), BFloat16.PositiveInfinity, BFloat16.NegativeInfinity };
        for (int i = 0; i < 200; i++) sample.Add(FromBits(random.Next(1 << 16)));
        foreach (var a in sample)
            foreach (var b in sample)
            {
                float fa = (float)a, fb = (float)b;
                Assert.Equal(fa == fb, a == b);
                Assert.Equal(fa != fb, a != b);
                Assert.Equal(fa < fb, a < b);
                Assert.Equal(fa <= fb, a <= b);
                Assert.Equal(fa > fb, a > b);
                Assert.Equal(fa >= fb, a >= b);
                Assert.Equal(fa.Equals(fb), a.Equals(b));
                Assert.Equal(fa.Equals(fb), a.Equals((object)b));
                Assert.Equal(Math.Sign(fa.CompareTo(fb)), Math.Sign(a.CompareTo(b)));
                if (a.Equals(b)) Assert.Equal(a.GetHashCode(), b.GetHashCode());
            }
        Assert.True(BFloat16.NaN != BFloat16.NaN);
        Assert.True(BFloat16.NaN.Equals(FromBits(0xFFC1)));
        Assert.True(BFloat16.Zero == FromBits(0x8000));
        Assert.Equal(1, BFloat16.One.CompareTo(null));
        Assert.Throws<ArgumentException>(() => BFloat16.One.CompareTo((object)1f));
    }

    [Fact]
    public void Constants_and_classification()
    {
        Assert.Equal(2, System.Runtime.CompilerServices.Unsafe.SizeOf<BFloat16>()); // spans of it are the raw 2-byte tensors
        Assert.Equal(1f, (float)BFloat16.One);
        Assert.Equal(0f, (float)BFloat16.Zero);
        Assert.True(float.IsNaN((float)BFloat16.NaN));
        Assert.Equal(float.PositiveInfinity, (float)BFloat16.PositiveInfinity);
        Assert.Equal(float.NegativeInfinity, (float)BFloat16.NegativeInfinity);
        Assert.Equal((2 - Math.Pow(2, -7)) * Math.Pow(2, 127), (double)BFloat16.MaxValue);
        Assert.Equal(-(double)BFloat16.MaxValue, (double)BFloat16.MinValue);
        Assert.Equal(Math.Pow(2, -133), (double)BFloat16.Epsilon);
        for (int bits = 0; bits < 1 << 16; bits++)
        {
            var value = FromBits(bits);
            float f = (float)value;
            Assert.Equal(float.IsNaN(f), BFloat16.IsNaN(value));
            Assert.Equal(float.IsInfinity(f), BFloat16.IsInfinity(value));
            Assert.Equal(float.IsFinite(f), BFloat16.IsFinite(value));
            Assert.Equal(float.IsNegative(f), BFloat16.IsNegative(value));
        }
    }

    [Fact]
    public void ToString_is_the_shortest_text_that_parses_back_to_the_same_bits()
    {
        var invariant = CultureInfo.InvariantCulture;
        for (int bits = 0; bits < 1 << 16; bits++)
        {
            var value = FromBits(bits);
            string text = value.ToString(null, invariant);
            if (BFloat16.IsNaN(value)) { Assert.Equal("NaN", text); continue; }
            Assert.True(Bits(BFloat16.Parse(text, invariant)) == bits, $"0x{bits:X4} printed as {text}");
            Assert.True(text.Length <= ((float)value).ToString(invariant).Length, $"0x{bits:X4} printed as {text}, longer than float's {(float)value}");
        }
        Assert.Equal("0.1", ((BFloat16)0.1f).ToString(null, invariant));
        Assert.Equal(0.10009765625f.ToString("E3", invariant), ((BFloat16)0.1f).ToString("E3", invariant)); // a format applies to the exact value
        Assert.Equal("-0", FromBits(0x8000).ToString(null, invariant));
        Assert.Equal(float.NegativeInfinity.ToString(invariant), BFloat16.NegativeInfinity.ToString(null, invariant));
        Assert.True(BFloat16.TryParse("1,5", new CultureInfo("de-DE"), out var parsed) && (float)parsed == 1.5f);
        Assert.False(BFloat16.TryParse("x", invariant, out _));
        Assert.Throws<FormatException>(() => BFloat16.Parse("", invariant));
    }
}
