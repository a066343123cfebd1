using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static NormGen.Kernels.StorageTypes;

namespace NormGen.Kernels;

// Half and bfloat16 storage for Vector256<float>: 8 elements, 16 bytes.
public readonly partial struct Simd256<T>
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load<TStorage>(ref TStorage source, nint index) where TStorage : unmanaged
    {
        if (typeof(TStorage) == typeof(T)) return Load(ref Unsafe.As<TStorage, T>(ref source), index);
        if (typeof(T) == typeof(float))
        {
            if (typeof(TStorage) == typeof(BFloat16)) return WidenBFloat16(LoadBits(ref source, index)).As<float, T>();
            if (typeof(TStorage) == typeof(Half)) return WidenHalf(LoadBits(ref source, index)).As<float, T>();
        }
        throw Unsupported<TStorage, T>("Simd256");
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<TStorage>(Vector256<T> value, ref TStorage destination, nint index) where TStorage : unmanaged
    {
        if (typeof(TStorage) == typeof(T)) { Store(value, ref Unsafe.As<TStorage, T>(ref destination), index); return; }
        if (typeof(T) == typeof(float))
        {
            if (typeof(TStorage) == typeof(BFloat16)) { StoreBits(NarrowBFloat16(value.AsSingle()), ref destination, index); return; }
            if (typeof(TStorage) == typeof(Half)) { StoreBits(NarrowHalf(value.AsSingle()), ref destination, index); return; }
        }
        throw Unsupported<TStorage, T>("Simd256");
    }

    /// <summary>The 8 two-byte elements at <paramref name="index"/>, zero-extended to 32-bit lanes (one vpmovzxwd).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> LoadBits<TStorage>(ref TStorage source, nint index) where TStorage : unmanaged =>
        Vector256.WidenLower(Vector128.LoadUnsafe(ref Unsafe.As<TStorage, ushort>(ref Unsafe.Add(ref source, index))).ToVector256Unsafe());

    /// <summary>Stores the low 16 bits of each lane (every lane holds a value below 2^16) as 8 two-byte elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreBits<TStorage>(Vector256<uint> bits, ref TStorage destination, nint index) where TStorage : unmanaged
    {
        // vpmovdw where AVX-512VL has it; else the unsigned saturating pack, exact since no lane exceeds 0xFFFF.
        var narrowed = Avx512F.VL.IsSupported ? Avx512F.VL.ConvertToVector128UInt16(bits)
            : Sse41.IsSupported ? Sse41.PackUnsignedSaturate(bits.GetLower().AsInt32(), bits.GetUpper().AsInt32())
            : Vector128.Narrow(bits.GetLower(), bits.GetUpper());
        narrowed.StoreUnsafe(ref Unsafe.As<TStorage, ushort>(ref Unsafe.Add(ref destination, index)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> WidenBFloat16(Vector256<uint> bits) => Vector256.ShiftLeft(bits, 16).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> NarrowBFloat16(Vector256<float> value)
    {
        var bits = value.AsUInt32();
        var upper = Vector256.ShiftRightLogical(bits, 16);
        var rounded = Vector256.ShiftRightLogical(bits + Vector256.Create(BFloat16RoundingBias) + (upper & Vector256<uint>.One), 16);
        var nan = ~Vector256.Equals(value, value).AsUInt32();
        return Vector256.ConditionalSelect(nan, upper | Vector256.Create(BFloat16QuietBit), rounded);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> WidenHalf(Vector256<uint> half)
    {
        var magnitude = half & Vector256.Create(HalfMagnitudeMask);
        var exponent = magnitude & Vector256.Create(HalfExponentMask);
        var bits = Vector256.ShiftLeft(magnitude, 13) + Vector256.Create(HalfRebias);
        bits += Vector256.Equals(exponent, Vector256.Create(HalfExponentMask)) & Vector256.Create(HalfRebias);
        bits |= Vector256.GreaterThan(magnitude.AsInt32(), Vector256.Create((int)HalfExponentMask)).AsUInt32() & Vector256.Create(FloatQuietBit);
        var subnormal = ((bits + Vector256.Create(FloatOneExponentStep)).AsSingle() - Vector256.Create(HalfMinNormal)).AsUInt32();
        bits = Vector256.ConditionalSelect(Vector256.Equals(exponent, Vector256<uint>.Zero), subnormal, bits);
        return (bits | Vector256.ShiftLeft(half & Vector256.Create(HalfSignMask), 16)).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> NarrowHalf(Vector256<float> value)
    {
        var bits = value.AsUInt32();
        var sign = Vector256.ShiftRightLogical(bits & Vector256.Create(FloatSignMask), 16);
        var magnitude = (bits & Vector256.Create(FloatMagnitudeMask)).AsInt32(); // below 2^31: signed compares are exact
        var clamped = Vector256.Min(magnitude, Vector256.Create((int)HalfOverflowThresholdBits));
        var offset = (Vector256.Max(clamped, Vector256.Create((int)HalfMinNormalBits)) & Vector256.Create((int)FloatExponentMask))
            + Vector256.Create((int)ThirteenExponentSteps);
        var sum = (clamped.AsSingle() + offset.AsSingle()).AsUInt32() - Vector256.Create(Exponent126);
        var finite = (sum + Vector256.ShiftRightLogical(sum, 13)) & Vector256.Create(HalfMagnitudeMask);
        var nan = Vector256.Create(HalfQuietNaN) | (Vector256.ShiftRightLogical(bits, 13) & Vector256.Create(HalfNaNPayloadMask));
        var isNaN = Vector256.GreaterThan(magnitude, Vector256.Create((int)FloatInfinityBits)).AsUInt32();
        return Vector256.ConditionalSelect(isNaN, nan, finite) | sign;
    }
}
