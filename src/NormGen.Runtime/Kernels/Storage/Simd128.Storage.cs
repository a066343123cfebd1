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
            if (typeof(TStorage) == typeof(BFloat16)) return StorageMath.WidenBFloat16<Simd128<float>, Vector128<float>>(LoadBits(ref source, index).AsSingle()).As<float, T>();
            if (typeof(TStorage) == typeof(Half)) return StorageMath.WidenHalf<Simd128<float>, Vector128<float>>(LoadBits(ref source, index).AsSingle()).As<float, T>();
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
            if (typeof(TStorage) == typeof(BFloat16))
            {
                if (!Avx512F.VL.IsSupported && Ssse3.IsSupported)
                    StoreUpperHalves(StorageMath.RoundBFloat16<Simd128<float>, Vector128<float>>(value.AsSingle()).AsByte(), ref destination, index);
                else
                    StoreBits(StorageMath.NarrowBFloat16<Simd128<float>, Vector128<float>>(value.AsSingle()).AsUInt32(), ref destination, index);
                return;
            }
            if (typeof(TStorage) == typeof(Half)) { StoreBits(StorageMath.NarrowHalf<Simd128<float>, Vector128<float>>(value.AsSingle()).AsUInt32(), ref destination, index); return; }
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

    /// <summary>
    /// Stores the upper 16 bits of each lane as 4 two-byte elements, without AVX-512: one pshufb gathers them into
    /// the low 8 bytes, where the shift and the pack would take two instructions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreUpperHalves<TStorage>(Vector128<byte> lanes, ref TStorage destination, nint index) where TStorage : unmanaged
    {
        const byte Zero = 0x80; // a shuffle index with the top bit set writes a zero byte
        var gathered = Ssse3.Shuffle(lanes, Vector128.Create((byte)2, 3, 6, 7, 10, 11, 14, 15, Zero, Zero, Zero, Zero, Zero, Zero, Zero, Zero));
        Unsafe.WriteUnaligned(ref Unsafe.As<TStorage, byte>(ref Unsafe.Add(ref destination, index)), gathered.AsUInt64().ToScalar());
    }

    // The lanes as integers of T's width, for StorageMath's conversions (ISimd documents each).

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> AndBits(Vector128<T> a, Vector128<T> b) => a & b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> OrBits(Vector128<T> a, Vector128<T> b) => a | b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> AddBits(Vector128<T> a, Vector128<T> b) => typeof(T) == typeof(float)
        ? (a.AsUInt32() + b.AsUInt32()).As<uint, T>() : (a.AsUInt64() + b.AsUInt64()).As<ulong, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> SubtractBits(Vector128<T> a, Vector128<T> b) => typeof(T) == typeof(float)
        ? (a.AsUInt32() - b.AsUInt32()).As<uint, T>() : (a.AsUInt64() - b.AsUInt64()).As<ulong, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> ShiftLeftBits(Vector128<T> a, int count) => typeof(T) == typeof(float)
        ? Vector128.ShiftLeft(a.AsUInt32(), count).As<uint, T>() : Vector128.ShiftLeft(a.AsUInt64(), count).As<ulong, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> ShiftRightBits(Vector128<T> a, int count) => typeof(T) == typeof(float)
        ? Vector128.ShiftRightLogical(a.AsUInt32(), count).As<uint, T>() : Vector128.ShiftRightLogical(a.AsUInt64(), count).As<ulong, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> EqualBits(Vector128<T> a, Vector128<T> b) => typeof(T) == typeof(float)
        ? Vector128.Equals(a.AsUInt32(), b.AsUInt32()).As<uint, T>() : Vector128.Equals(a.AsUInt64(), b.AsUInt64()).As<ulong, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> GreaterThanBits(Vector128<T> a, Vector128<T> b) => typeof(T) == typeof(float)
        ? Vector128.GreaterThan(a.AsInt32(), b.AsInt32()).As<int, T>() : Vector128.GreaterThan(a.AsInt64(), b.AsInt64()).As<long, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MinBits(Vector128<T> a, Vector128<T> b) => typeof(T) == typeof(float)
        ? Vector128.Min(a.AsInt32(), b.AsInt32()).As<int, T>() : Vector128.Min(a.AsInt64(), b.AsInt64()).As<long, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MaxBits(Vector128<T> a, Vector128<T> b) => typeof(T) == typeof(float)
        ? Vector128.Max(a.AsInt32(), b.AsInt32()).As<int, T>() : Vector128.Max(a.AsInt64(), b.AsInt64()).As<long, T>();
}
