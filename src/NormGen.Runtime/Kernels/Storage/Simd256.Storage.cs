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
            if (typeof(TStorage) == typeof(BFloat16)) return StorageMath.WidenBFloat16<Simd256<float>, Vector256<float>>(LoadBits(ref source, index).AsSingle()).As<float, T>();
            if (typeof(TStorage) == typeof(Half)) return StorageMath.WidenHalf<Simd256<float>, Vector256<float>>(LoadBits(ref source, index).AsSingle()).As<float, T>();
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
            if (typeof(TStorage) == typeof(BFloat16))
            {
                if (!Avx512F.VL.IsSupported && Avx2.IsSupported)
                    StoreUpperHalves(StorageMath.RoundBFloat16<Simd256<float>, Vector256<float>>(value.AsSingle()).AsByte(), ref destination, index);
                else
                    StoreBits(StorageMath.NarrowBFloat16<Simd256<float>, Vector256<float>>(value.AsSingle()).AsUInt32(), ref destination, index);
                return;
            }
            if (typeof(TStorage) == typeof(Half)) { StoreBits(StorageMath.NarrowHalf<Simd256<float>, Vector256<float>>(value.AsSingle()).AsUInt32(), ref destination, index); return; }
        }
        throw Unsupported<TStorage, T>("Simd256");
    }

    /// <summary>The 8 two-byte elements at <paramref name="index"/>, zero-extended to 32-bit lanes (one vpmovzxwd).</summary>
    /// <remarks>
    /// Avx2's conversion takes the load as its memory operand (vpmovzxwd ymm, [mem]); WidenLower of a widened
    /// Vector128 loads into a register first, one more instruction per vector.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> LoadBits<TStorage>(ref TStorage source, nint index) where TStorage : unmanaged
    {
        var bits = Vector128.LoadUnsafe(ref Unsafe.As<TStorage, ushort>(ref Unsafe.Add(ref source, index)));
        return Avx2.IsSupported ? Avx2.ConvertToVector256Int32(bits).AsUInt32() : Vector256.WidenLower(bits.ToVector256Unsafe());
    }

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

    /// <summary>
    /// Stores the upper 16 bits of each lane as 8 two-byte elements, without AVX-512: vpshufb gathers each 128-bit
    /// lane's upper halves into its low 8 bytes and vpermq joins the two lanes' low quadwords (measured 8% faster
    /// than shifting, extracting and packing in a LayerNorm output sweep with AVX2 only; docs/precision.md).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreUpperHalves<TStorage>(Vector256<byte> lanes, ref TStorage destination, nint index) where TStorage : unmanaged
    {
        const byte Zero = 0x80; // a shuffle index with the top bit set writes a zero byte
        var gathered = Avx2.Shuffle(lanes, Vector256.Create(
            (byte)2, 3, 6, 7, 10, 11, 14, 15, Zero, Zero, Zero, Zero, Zero, Zero, Zero, Zero,
            2, 3, 6, 7, 10, 11, 14, 15, Zero, Zero, Zero, Zero, Zero, Zero, Zero, Zero));
        Avx2.Permute4x64(gathered.AsUInt64(), 0b_00_00_10_00).GetLower().AsUInt16()
            .StoreUnsafe(ref Unsafe.As<TStorage, ushort>(ref Unsafe.Add(ref destination, index)));
    }

    // The lanes as integers of T's width, for StorageMath's conversions (ISimd documents each).

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> AndBits(Vector256<T> a, Vector256<T> b) => a & b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> OrBits(Vector256<T> a, Vector256<T> b) => a | b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> AddBits(Vector256<T> a, Vector256<T> b) => typeof(T) == typeof(float)
        ? (a.AsUInt32() + b.AsUInt32()).As<uint, T>() : (a.AsUInt64() + b.AsUInt64()).As<ulong, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> SubtractBits(Vector256<T> a, Vector256<T> b) => typeof(T) == typeof(float)
        ? (a.AsUInt32() - b.AsUInt32()).As<uint, T>() : (a.AsUInt64() - b.AsUInt64()).As<ulong, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> ShiftLeftBits(Vector256<T> a, int count) => typeof(T) == typeof(float)
        ? Vector256.ShiftLeft(a.AsUInt32(), count).As<uint, T>() : Vector256.ShiftLeft(a.AsUInt64(), count).As<ulong, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> ShiftRightBits(Vector256<T> a, int count) => typeof(T) == typeof(float)
        ? Vector256.ShiftRightLogical(a.AsUInt32(), count).As<uint, T>() : Vector256.ShiftRightLogical(a.AsUInt64(), count).As<ulong, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> EqualBits(Vector256<T> a, Vector256<T> b) => typeof(T) == typeof(float)
        ? Vector256.Equals(a.AsUInt32(), b.AsUInt32()).As<uint, T>() : Vector256.Equals(a.AsUInt64(), b.AsUInt64()).As<ulong, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> GreaterThanBits(Vector256<T> a, Vector256<T> b) => typeof(T) == typeof(float)
        ? Vector256.GreaterThan(a.AsInt32(), b.AsInt32()).As<int, T>() : Vector256.GreaterThan(a.AsInt64(), b.AsInt64()).As<long, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MinBits(Vector256<T> a, Vector256<T> b) => typeof(T) == typeof(float)
        ? Vector256.Min(a.AsInt32(), b.AsInt32()).As<int, T>() : Vector256.Min(a.AsInt64(), b.AsInt64()).As<long, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MaxBits(Vector256<T> a, Vector256<T> b) => typeof(T) == typeof(float)
        ? Vector256.Max(a.AsInt32(), b.AsInt32()).As<int, T>() : Vector256.Max(a.AsInt64(), b.AsInt64()).As<long, T>();
}
