using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NormGen.Kernels;

/// <summary><see cref="ISimd{TSelf, T}"/> over <see cref="Vector128{T}"/>; <typeparamref name="T"/> is float or double.</summary>
public readonly struct Simd128<T>(Vector128<T> value) : ISimd<Simd128<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public readonly Vector128<T> Value = value;

    public static int Count
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector128<T>.Count;
    }

    public static Simd128<T> Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(Vector128<T>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Splat(T value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Load(ref T source, nint index) => new(Vector128.LoadUnsafe(ref Unsafe.Add(ref source, index)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd128<T> value, ref T destination, nint index) => value.Value.StoreUnsafe(ref Unsafe.Add(ref destination, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> operator +(Simd128<T> a, Simd128<T> b) => new(a.Value + b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> operator -(Simd128<T> a, Simd128<T> b) => new(a.Value - b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> operator *(Simd128<T> a, Simd128<T> b) => new(a.Value * b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> operator /(Simd128<T> a, Simd128<T> b) => new(a.Value / b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> operator -(Simd128<T> a) => new(-a.Value);

    // MultiplyAddEstimate is one vfmadd where the CPU has FMA and a multiply then an add where it does not;
    // FusedMultiplyAdd would fall back to emulating the single rounding lane by lane, correct but many times slower.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> MultiplyAdd(Simd128<T> a, Simd128<T> b, Simd128<T> c)
    {
        if (typeof(T) == typeof(float))
            return new(Vector128.MultiplyAddEstimate(a.Value.AsSingle(), b.Value.AsSingle(), c.Value.AsSingle()).As<float, T>());
        if (typeof(T) == typeof(double))
            return new(Vector128.MultiplyAddEstimate(a.Value.AsDouble(), b.Value.AsDouble(), c.Value.AsDouble()).As<double, T>());
        throw new NotSupportedException($"Simd128<{typeof(T).Name}> supports float and double.");
    }

    // c - a * b: one vfnmadd where MultiplyAdd is one vfmadd, and MultiplyAdd(-a, b, c) elsewhere, so both fuse alike.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> NegatedMultiplyAdd(Simd128<T> a, Simd128<T> b, Simd128<T> c)
    {
        if (Fma.IsSupported)
        {
            if (typeof(T) == typeof(float))
                return new(Fma.MultiplyAddNegated(a.Value.AsSingle(), b.Value.AsSingle(), c.Value.AsSingle()).As<float, T>());
            if (typeof(T) == typeof(double))
                return new(Fma.MultiplyAddNegated(a.Value.AsDouble(), b.Value.AsDouble(), c.Value.AsDouble()).As<double, T>());
        }
        return MultiplyAdd(-a, b, c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Sqrt(Simd128<T> a) => new(Vector128.Sqrt(a.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Rsqrt(Simd128<T> a) => new(Vector128<T>.One / Vector128.Sqrt(a.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Exp(Simd128<T> a)
    {
        if (typeof(T) == typeof(float)) return new(Vector128.Exp(a.Value.AsSingle()).As<float, T>());
        if (typeof(T) == typeof(double)) return new(Vector128.Exp(a.Value.AsDouble()).As<double, T>());
        throw new NotSupportedException($"Simd128<{typeof(T).Name}> supports float and double.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Log(Simd128<T> a)
    {
        if (typeof(T) == typeof(float)) return new(Vector128.Log(a.Value.AsSingle()).As<float, T>());
        if (typeof(T) == typeof(double)) return new(Vector128.Log(a.Value.AsDouble()).As<double, T>());
        throw new NotSupportedException($"Simd128<{typeof(T).Name}> supports float and double.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Tanh(Simd128<T> a) => SimdMath.Tanh<Simd128<T>, T>(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Sigmoid(Simd128<T> a) => SimdMath.Sigmoid<Simd128<T>, T>(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Abs(Simd128<T> a) => new(Vector128.Abs(a.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Sign(Simd128<T> a) => SimdMath.Sign<Simd128<T>, T>(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Max(Simd128<T> a, Simd128<T> b) => new(Vector128.Max(a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Min(Simd128<T> a, Simd128<T> b) => new(Vector128.Min(a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Pow(Simd128<T> a, T p) => SimdMath.Pow<Simd128<T>, T>(a, p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> EqualMask(Simd128<T> a, Simd128<T> b) => new(Vector128.Equals(a.Value, b.Value) & Vector128<T>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> GreaterMask(Simd128<T> a, Simd128<T> b) => new(Vector128.GreaterThan(a.Value, b.Value) & Vector128<T>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Simd128<T> a) => Vector128.Sum(a.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAcross(Simd128<T> a)
    {
        // T.Max propagates NaN like Vector128.Max, so every width reports a NaN lane the same way.
        T m = a.Value.ToScalar();
        for (int i = 1; i < Vector128<T>.Count; i++) m = T.Max(m, a.Value.GetElement(i));
        return m;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MinAcross(Simd128<T> a)
    {
        T m = a.Value.ToScalar();
        for (int i = 1; i < Vector128<T>.Count; i++) m = T.Min(m, a.Value.GetElement(i));
        return m;
    }
}
