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
            if (typeof(TStorage) == typeof(BFloat16)) return StorageMath.WidenBFloat16<Simd512<float>, Vector512<float>>(LoadBits(ref source, index).AsSingle()).As<float, T>();
            if (typeof(TStorage) == typeof(Half)) return StorageMath.WidenHalf<Simd512<float>, Vector512<float>>(LoadBits(ref source, index).AsSingle()).As<float, T>();
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
            if (typeof(TStorage) == typeof(BFloat16)) { StoreBits(StorageMath.NarrowBFloat16<Simd512<float>, Vector512<float>>(value.AsSingle()).AsUInt32(), ref destination, index); return; }
            if (typeof(TStorage) == typeof(Half)) { StoreBits(StorageMath.NarrowHalf<Simd512<float>, Vector512<float>>(value.AsSingle()).AsUInt32(), ref destination, index); return; }
        }
        throw Unsupported<TStorage, T>("Simd512");
    }

    /// <summary>The 16 two-byte elements at <paramref name="index"/>, zero-extended to 32-bit lanes.</summary>
    /// <remarks>Avx512F's conversion takes the load as its memory operand (vpmovzxwd zmm, [mem]), one instruction fewer than WidenLower.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> LoadBits<TStorage>(ref TStorage source, nint index) where TStorage : unmanaged
    {
        var bits = Vector256.LoadUnsafe(ref Unsafe.As<TStorage, ushort>(ref Unsafe.Add(ref source, index)));
        return Avx512F.IsSupported ? Avx512F.ConvertToVector512UInt32(bits) : Vector512.WidenLower(bits.ToVector512Unsafe());
    }

    /// <summary>Stores the low 16 bits of each lane (every lane holds a value below 2^16) as 16 two-byte elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreBits<TStorage>(Vector512<uint> bits, ref TStorage destination, nint index) where TStorage : unmanaged
    {
        var narrowed = Avx512F.IsSupported
            ? Avx512F.ConvertToVector256UInt16(bits)
            : Vector256.Narrow(bits.GetLower(), bits.GetUpper());
        narrowed.StoreUnsafe(ref Unsafe.As<TStorage, ushort>(ref Unsafe.Add(ref destination, index)));
    }

    // The lanes as integers of T's width, for StorageMath's conversions (ISimd documents each).

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> AndBits(Vector512<T> a, Vector512<T> b) => a & b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> OrBits(Vector512<T> a, Vector512<T> b) => a | b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> AddBits(Vector512<T> a, Vector512<T> b) => typeof(T) == typeof(float)
        ? (a.AsUInt32() + b.AsUInt32()).As<uint, T>() : (a.AsUInt64() + b.AsUInt64()).As<ulong, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> SubtractBits(Vector512<T> a, Vector512<T> b) => typeof(T) == typeof(float)
        ? (a.AsUInt32() - b.AsUInt32()).As<uint, T>() : (a.AsUInt64() - b.AsUInt64()).As<ulong, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> ShiftLeftBits(Vector512<T> a, int count) => typeof(T) == typeof(float)
        ? Vector512.ShiftLeft(a.AsUInt32(), count).As<uint, T>() : Vector512.ShiftLeft(a.AsUInt64(), count).As<ulong, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> ShiftRightBits(Vector512<T> a, int count) => typeof(T) == typeof(float)
        ? Vector512.ShiftRightLogical(a.AsUInt32(), count).As<uint, T>() : Vector512.ShiftRightLogical(a.AsUInt64(), count).As<ulong, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> EqualBits(Vector512<T> a, Vector512<T> b) => typeof(T) == typeof(float)
        ? Vector512.Equals(a.AsUInt32(), b.AsUInt32()).As<uint, T>() : Vector512.Equals(a.AsUInt64(), b.AsUInt64()).As<ulong, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> GreaterThanBits(Vector512<T> a, Vector512<T> b) => typeof(T) == typeof(float)
        ? Vector512.GreaterThan(a.AsInt32(), b.AsInt32()).As<int, T>() : Vector512.GreaterThan(a.AsInt64(), b.AsInt64()).As<long, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MinBits(Vector512<T> a, Vector512<T> b) => typeof(T) == typeof(float)
        ? Vector512.Min(a.AsInt32(), b.AsInt32()).As<int, T>() : Vector512.Min(a.AsInt64(), b.AsInt64()).As<long, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MaxBits(Vector512<T> a, Vector512<T> b) => typeof(T) == typeof(float)
        ? Vector512.Max(a.AsInt32(), b.AsInt32()).As<int, T>() : Vector512.Max(a.AsInt64(), b.AsInt64()).As<long, T>();
}
