using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static NormGen.Kernels.StorageTypes;

namespace NormGen.Kernels;

// Half and bfloat16 storage for Vector128<float>: 4 elements, 8 bytes, moved as one 64-bit scalar.
public readonly partial struct Simd128<T>
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load<TStorage>(ref TStorage source, nint index) where TStorage : unmanaged
    {
        if (typeof(TStorage) == typeof(T)) return Load(ref Unsafe.As<TStorage, T>(ref source), index);
        if (typeof(T) == typeof(float))
        {
            if (typeof(TStorage) == typeof(BFloat16)) return WidenBFloat16(LoadBits(ref source, index)).As<float, T>();
            if (typeof(TStorage) == typeof(Half)) return WidenHalf(LoadBits(ref source, index)).As<float, T>();
        }
        throw Unsupported<TStorage, T>("Simd128");
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<TStorage>(Vector128<T> value, ref TStorage destination, nint index) where TStorage : unmanaged
    {
        if (typeof(TStorage) == typeof(T)) { Store(value, ref Unsafe.As<TStorage, T>(ref destination), index); return; }
        if (typeof(T) == typeof(float))
        {
            if (typeof(TStorage) == typeof(BFloat16)) { StoreBits(NarrowBFloat16(value.AsSingle()), ref destination, index); return; }
            if (typeof(TStorage) == typeof(Half)) { StoreBits(NarrowHalf(value.AsSingle()), ref destination, index); return; }
        }
        throw Unsupported<TStorage, T>("Simd128");
    }

    /// <summary>The 4 two-byte elements at <paramref name="index"/>, zero-extended to 32-bit lanes (movq, pmovzxwd).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> LoadBits<TStorage>(ref TStorage source, nint index) where TStorage : unmanaged =>
        Vector128.WidenLower(Vector128.CreateScalarUnsafe(
            Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<TStorage, byte>(ref Unsafe.Add(ref source, index)))).AsUInt16());

    /// <summary>Stores the low 16 bits of each lane (every lane holds a value below 2^16) as 4 two-byte elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreBits<TStorage>(Vector128<uint> bits, ref TStorage destination, nint index) where TStorage : unmanaged
    {
        // vpmovdw where AVX-512VL has it; else the unsigned saturating pack, exact since no lane exceeds 0xFFFF.
        var narrowed = Avx512F.VL.IsSupported ? Avx512F.VL.ConvertToVector128UInt16(bits)
            : Sse41.IsSupported ? Sse41.PackUnsignedSaturate(bits.AsInt32(), bits.AsInt32())
            : Vector128.Narrow(bits, bits);
        Unsafe.WriteUnaligned(ref Unsafe.As<TStorage, byte>(ref Unsafe.Add(ref destination, index)), narrowed.AsUInt64().ToScalar());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> WidenBFloat16(Vector128<uint> bits) => Vector128.ShiftLeft(bits, 16).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> NarrowBFloat16(Vector128<float> value)
    {
        var bits = value.AsUInt32();
        var upper = Vector128.ShiftRightLogical(bits, 16);
        var rounded = Vector128.ShiftRightLogical(bits + Vector128.Create(BFloat16RoundingBias) + (upper & Vector128<uint>.One), 16);
        var nan = ~Vector128.Equals(value, value).AsUInt32();
        return Vector128.ConditionalSelect(nan, upper | Vector128.Create(BFloat16QuietBit), rounded);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> WidenHalf(Vector128<uint> half)
    {
        var magnitude = half & Vector128.Create(HalfMagnitudeMask);
        var exponent = magnitude & Vector128.Create(HalfExponentMask);
        var bits = Vector128.ShiftLeft(magnitude, 13) + Vector128.Create(HalfRebias);
        bits += Vector128.Equals(exponent, Vector128.Create(HalfExponentMask)) & Vector128.Create(HalfRebias);
        bits |= Vector128.GreaterThan(magnitude.AsInt32(), Vector128.Create((int)HalfExponentMask)).AsUInt32() & Vector128.Create(FloatQuietBit);
        var subnormal = ((bits + Vector128.Create(FloatOneExponentStep)).AsSingle() - Vector128.Create(HalfMinNormal)).AsUInt32();
        bits = Vector128.ConditionalSelect(Vector128.Equals(exponent, Vector128<uint>.Zero), subnormal, bits);
        return (bits | Vector128.ShiftLeft(half & Vector128.Create(HalfSignMask), 16)).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> NarrowHalf(Vector128<float> value)
    {
        var bits = value.AsUInt32();
        var sign = Vector128.ShiftRightLogical(bits & Vector128.Create(FloatSignMask), 16);
        var magnitude = (bits & Vector128.Create(FloatMagnitudeMask)).AsInt32(); // below 2^31: signed compares are exact
        var clamped = Vector128.Min(magnitude, Vector128.Create((int)HalfOverflowThresholdBits));
        var offset = (Vector128.Max(clamped, Vector128.Create((int)HalfMinNormalBits)) & Vector128.Create((int)FloatExponentMask))
            + Vector128.Create((int)ThirteenExponentSteps);
        var sum = (clamped.AsSingle() + offset.AsSingle()).AsUInt32() - Vector128.Create(Exponent126);
        var finite = (sum + Vector128.ShiftRightLogical(sum, 13)) & Vector128.Create(HalfMagnitudeMask);
        var nan = Vector128.Create(HalfQuietNaN) | (Vector128.ShiftRightLogical(bits, 13) & Vector128.Create(HalfNaNPayloadMask));
        var isNaN = Vector128.GreaterThan(magnitude, Vector128.Create((int)FloatInfinityBits)).AsUInt32();
        return Vector128.ConditionalSelect(isNaN, nan, finite) | sign;
    }
}
