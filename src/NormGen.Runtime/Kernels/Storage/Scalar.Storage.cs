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
}
