using System.Runtime.CompilerServices;
using static NormGen.Kernels.StorageTypes;

namespace NormGen.Kernels;

// Half and bfloat16 storage for one float: the types' own conversions, which the vector widths match bit for bit.
public readonly partial struct Scalar<T>
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load<TStorage>(ref TStorage source, nint index) where TStorage : unmanaged
    {
        if (typeof(TStorage) == typeof(T)) return Unsafe.As<TStorage, T>(ref Unsafe.Add(ref source, index));
        if (typeof(T) == typeof(float))
        {
            if (typeof(TStorage) == typeof(BFloat16)) return AsT((float)Unsafe.As<TStorage, BFloat16>(ref Unsafe.Add(ref source, index)));
            if (typeof(TStorage) == typeof(Half)) return AsT((float)Unsafe.As<TStorage, Half>(ref Unsafe.Add(ref source, index)));
        }
        throw Unsupported<TStorage, T>("Scalar");
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<TStorage>(T value, ref TStorage destination, nint index) where TStorage : unmanaged
    {
        if (typeof(TStorage) == typeof(T)) { Unsafe.As<TStorage, T>(ref Unsafe.Add(ref destination, index)) = value; return; }
        if (typeof(T) == typeof(float))
        {
            if (typeof(TStorage) == typeof(BFloat16)) { Unsafe.As<TStorage, BFloat16>(ref Unsafe.Add(ref destination, index)) = (BFloat16)AsFloat(value); return; }
            if (typeof(TStorage) == typeof(Half)) { Unsafe.As<TStorage, Half>(ref Unsafe.Add(ref destination, index)) = (Half)AsFloat(value); return; }
        }
        throw Unsupported<TStorage, T>("Scalar");
    }

    // The lanes as integers of T's width. A mask is all bits set (a NaN, so Select takes it) or zero.

    private static T FromBits(ulong bits)
    {
        if (typeof(T) != typeof(float)) return Unsafe.As<ulong, T>(ref bits);
        uint low = (uint)bits;
        return Unsafe.As<uint, T>(ref low);
    }

    private static ulong ToBits(T value) => typeof(T) == typeof(float) ? Unsafe.As<T, uint>(ref value) : Unsafe.As<T, ulong>(ref value);

    /// <summary>A signed integer's bits, sign-extended from T's width.</summary>
    private static long Signed(T value) => typeof(T) == typeof(float) ? (int)(uint)ToBits(value) : (long)ToBits(value);

    private static T Mask(bool set) => FromBits(set ? ulong.MaxValue : 0);

    /// <inheritdoc/>
    public static T AndBits(T a, T b) => FromBits(ToBits(a) & ToBits(b));

    /// <inheritdoc/>
    public static T OrBits(T a, T b) => FromBits(ToBits(a) | ToBits(b));

    /// <inheritdoc/>
    public static T AddBits(T a, T b) => FromBits(ToBits(a) + ToBits(b));

    /// <inheritdoc/>
    public static T SubtractBits(T a, T b) => FromBits(ToBits(a) - ToBits(b));

    /// <inheritdoc/>
    public static T ShiftLeftBits(T a, int count) => FromBits(ToBits(a) << count);

    /// <inheritdoc/>
    public static T ShiftRightBits(T a, int count) => FromBits(ToBits(a) >> count);

    /// <inheritdoc/>
    public static T EqualBits(T a, T b) => Mask(ToBits(a) == ToBits(b));

    /// <inheritdoc/>
    public static T GreaterThanBits(T a, T b) => Mask(Signed(a) > Signed(b));

    /// <inheritdoc/>
    public static T MinBits(T a, T b) => Signed(a) <= Signed(b) ? a : b;

    /// <inheritdoc/>
    public static T MaxBits(T a, T b) => Signed(a) >= Signed(b) ? a : b;
}
