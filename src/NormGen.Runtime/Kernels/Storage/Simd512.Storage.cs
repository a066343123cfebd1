using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static NormGen.Kernels.StorageTypes;

namespace NormGen.Kernels;

// Half and bfloat16 storage for Vector512<float>: 16 elements, 32 bytes, one vpmovzxwd in and one vpmovdw out.
public readonly partial struct Simd512<T>
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load<TStorage>(ref TStorage source, nint index) where TStorage : unmanaged
    {
        if (typeof(TStorage) == typeof(T)) return Load(ref Unsafe.As<TStorage, T>(ref source), index);
        if (typeof(T) == typeof(float))
        {
            if (typeof(TStorage) == typeof(BFloat16)) return WidenBFloat16(LoadBits(ref source, index)).As<float, T>();
            if (typeof(TStorage) == typeof(Half)) return WidenHalf(LoadBits(ref source, index)).As<float, T>();
        }
        throw Unsupported<TStorage, T>("Simd512");
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<TStorage>(Vector512<T> value, ref TStorage destination, nint index) where TStorage : unmanaged
    {
        if (typeof(TStorage) == typeof(T)) { Store(value, ref Unsafe.As<TStorage, T>(ref destination), index); return; }
        if (typeof(T) == typeof(float))
        {
            if (typeof(TStorage) == typeof(BFloat16)) { StoreBits(NarrowBFloat16(value.AsSingle()), ref destination, index); return; }
            if (typeof(TStorage) == typeof(Half)) { StoreBits(NarrowHalf(value.AsSingle()), ref destination, index); return; }
        }
        throw Unsupported<TStorage, T>("Simd512");
    }

    /// <summary>The 16 two-byte elements at <paramref name="index"/>, zero-extended to 32-bit lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> LoadBits<TStorage>(ref TStorage source, nint index) where TStorage : unmanaged =>
        Vector512.WidenLower(Vector256.LoadUnsafe(ref Unsafe.As<TStorage, ushort>(ref Unsafe.Add(ref source, index))).ToVector512Unsafe());

    /// <summary>Stores the low 16 bits of each lane (every lane holds a value below 2^16) as 16 two-byte elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreBits<TStorage>(Vector512<uint> bits, ref TStorage destination, nint index) where TStorage : unmanaged
    {
        var narrowed = Avx512F.IsSupported
            ? Avx512F.ConvertToVector256UInt16(bits)
            : Vector256.Narrow(bits.GetLower(), bits.GetUpper());
        narrowed.StoreUnsafe(ref Unsafe.As<TStorage, ushort>(ref Unsafe.Add(ref destination, index)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> WidenBFloat16(Vector512<uint> bits) => Vector512.ShiftLeft(bits, 16).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> NarrowBFloat16(Vector512<float> value)
    {
        var bits = value.AsUInt32();
        var upper = Vector512.ShiftRightLogical(bits, 16);
        var rounded = Vector512.ShiftRightLogical(bits + Vector512.Create(BFloat16RoundingBias) + (upper & Vector512<uint>.One), 16);
        var nan = ~Vector512.Equals(value, value).AsUInt32();
        return Vector512.ConditionalSelect(nan, upper | Vector512.Create(BFloat16QuietBit), rounded);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> WidenHalf(Vector512<uint> half)
    {
        var magnitude = half & Vector512.Create(HalfMagnitudeMask);
        var exponent = magnitude & Vector512.Create(HalfExponentMask);
        var bits = Vector512.ShiftLeft(magnitude, 13) + Vector512.Create(HalfRebias);
        bits += Vector512.Equals(exponent, Vector512.Create(HalfExponentMask)) & Vector512.Create(HalfRebias);
        bits |= Vector512.GreaterThan(magnitude.AsInt32(), Vector512.Create((int)HalfExponentMask)).AsUInt32() & Vector512.Create(FloatQuietBit);
        var subnormal = ((bits + Vector512.Create(FloatOneExponentStep)).AsSingle() - Vector512.Create(HalfMinNormal)).AsUInt32();
        bits = Vector512.ConditionalSelect(Vector512.Equals(exponent, Vector512<uint>.Zero), subnormal, bits);
        return (bits | Vector512.ShiftLeft(half & Vector512.Create(HalfSignMask), 16)).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> NarrowHalf(Vector512<float> value)
    {
        var bits = value.AsUInt32();
        var sign = Vector512.ShiftRightLogical(bits & Vector512.Create(FloatSignMask), 16);
        var magnitude = (bits & Vector512.Create(FloatMagnitudeMask)).AsInt32(); // below 2^31: signed compares are exact
        var clamped = Vector512.Min(magnitude, Vector512.Create((int)HalfOverflowThresholdBits));
        var offset = (Vector512.Max(clamped, Vector512.Create((int)HalfMinNormalBits)) & Vector512.Create((int)FloatExponentMask))
            + Vector512.Create((int)ThirteenExponentSteps);
        var sum = (clamped.AsSingle() + offset.AsSingle()).AsUInt32() - Vector512.Create(Exponent126);
        var finite = (sum + Vector512.ShiftRightLogical(sum, 13)) & Vector512.Create(HalfMagnitudeMask);
        var nan = Vector512.Create(HalfQuietNaN) | (Vector512.ShiftRightLogical(bits, 13) & Vector512.Create(HalfNaNPayloadMask));
        var isNaN = Vector512.GreaterThan(magnitude, Vector512.Create((int)FloatInfinityBits)).AsUInt32();
        return Vector512.ConditionalSelect(isNaN, nan, finite) | sign;
    }
}
