using System.Runtime.CompilerServices;
using static NormGen.Kernels.StorageTypes;

namespace NormGen.Kernels;

/// <summary>
/// The float &lt;-&gt; bfloat16 and float &lt;-&gt; Half conversions of every vector width, written once over
/// <see cref="ISimd{TV, T}"/>'s integer bit operations (as <see cref="FloatMath"/> writes the transcendentals once).
/// Each lane holds a 16-bit pattern zero-extended to 32 bits on the storage side; the widths only move those
/// patterns between memory and lanes (<c>LoadBits</c>, <c>StoreBits</c>). Branch-free; the results equal the
/// types' own scalar conversions bit for bit (StorageContract tests every width against them), so a row's vector
/// body and its scalar tail agree. <see cref="StorageTypes"/> explains the constants.
/// </summary>
internal static class StorageMath
{
    /// <summary>Every lane holding the 32 bits <paramref name="bits"/> (a constant: the JIT folds it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Bits<V, TV>(uint bits) where V : struct, ISimd<TV, float> => V.Splat(BitConverter.UInt32BitsToSingle(bits));

    /// <summary>bfloat16 patterns to float: exact, the pattern becomes the upper half.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV WidenBFloat16<V, TV>(TV patterns) where V : struct, ISimd<TV, float> => V.ShiftLeftBits(patterns, 16);

    /// <summary>float to bfloat16 patterns: round to nearest, ties to even; a NaN keeps its sign and upper payload and gets the quiet bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV NarrowBFloat16<V, TV>(TV value) where V : struct, ISimd<TV, float>
    {
        var upper = V.ShiftRightBits(value, 16);
        var bias = V.AddBits(Bits<V, TV>(BFloat16RoundingBias), V.AndBits(upper, Bits<V, TV>(1)));
        var rounded = V.ShiftRightBits(V.AddBits(value, bias), 16);
        return V.Select(V.Equal(value, value), rounded, V.OrBits(upper, Bits<V, TV>(BFloat16QuietBit)));
    }

    /// <summary>
    /// <see cref="NarrowBFloat16{V, TV}"/> with the pattern left in the upper half of each lane (the lower half is
    /// garbage), for widths that store the upper halves with one byte shuffle instead of shifting them down first:
    /// without AVX-512 the shift and the extract-and-pack cost three instructions per vector where <c>pshufb</c> (and,
    /// at 256 bits, <c>vpermq</c>) cost one or two. The NaN select is one variable blend there (checked in the
    /// generated kernels' disassembly). With AVX-512 <see cref="NarrowBFloat16{V, TV}"/> stays: its NaN case merges
    /// into the final shift under a mask, and <c>vpmovdw</c> stores.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV RoundBFloat16<V, TV>(TV value) where V : struct, ISimd<TV, float>
    {
        var quieted = V.OrBits(value, Bits<V, TV>(FloatQuietBit));
        var bias = V.AddBits(Bits<V, TV>(BFloat16RoundingBias), V.AndBits(V.ShiftRightBits(value, 16), Bits<V, TV>(1)));
        var rounded = V.AddBits(value, bias);
        return V.Select(V.Equal(value, value), rounded, quieted);
    }

    /// <summary>Half patterns to float: exact, subnormals included; infinities stay infinite, a NaN stays a (quiet) NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV WidenHalf<V, TV>(TV half) where V : struct, ISimd<TV, float>
    {
        var magnitude = V.AndBits(half, Bits<V, TV>(HalfMagnitudeMask));
        var exponent = V.AndBits(magnitude, Bits<V, TV>(HalfExponentMask));
        var bits = V.AddBits(V.ShiftLeftBits(magnitude, 13), Bits<V, TV>(HalfRebias));
        bits = V.AddBits(bits, V.AndBits(V.EqualBits(exponent, Bits<V, TV>(HalfExponentMask)), Bits<V, TV>(HalfRebias)));
        bits = V.OrBits(bits, V.AndBits(V.GreaterThanBits(magnitude, Bits<V, TV>(HalfExponentMask)), Bits<V, TV>(FloatQuietBit)));
        var subnormal = V.Subtract(V.AddBits(bits, Bits<V, TV>(FloatOneExponentStep)), V.Splat(HalfMinNormal));
        bits = V.Select(V.EqualBits(exponent, V.Zero), subnormal, bits);
        return V.OrBits(bits, V.ShiftLeftBits(V.AndBits(half, Bits<V, TV>(HalfSignMask)), 16));
    }

    /// <summary>float to Half patterns, rounded by the FPU to nearest, ties to even (the algorithm of .NET's (Half)float).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV NarrowHalf<V, TV>(TV value) where V : struct, ISimd<TV, float>
    {
        var sign = V.ShiftRightBits(V.AndBits(value, Bits<V, TV>(FloatSignMask)), 16);
        var magnitude = V.AndBits(value, Bits<V, TV>(FloatMagnitudeMask)); // below 2^31: signed compares are exact
        var clamped = V.MinBits(magnitude, Bits<V, TV>(HalfOverflowThresholdBits));
        var offset = V.AddBits(V.AndBits(V.MaxBits(clamped, Bits<V, TV>(HalfMinNormalBits)), Bits<V, TV>(FloatExponentMask)), Bits<V, TV>(ThirteenExponentSteps));
        var sum = V.SubtractBits(V.Add(clamped, offset), Bits<V, TV>(Exponent126));
        var finite = V.AndBits(V.AddBits(sum, V.ShiftRightBits(sum, 13)), Bits<V, TV>(HalfMagnitudeMask));
        var nan = V.OrBits(Bits<V, TV>(HalfQuietNaN), V.AndBits(V.ShiftRightBits(value, 13), Bits<V, TV>(HalfNaNPayloadMask)));
        return V.OrBits(V.Select(V.GreaterThanBits(magnitude, Bits<V, TV>(FloatInfinityBits)), nan, finite), sign);
    }
}
