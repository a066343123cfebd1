using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NormGen.Kernels;

/// <summary><see cref="ISimd{TSelf, T}"/> over <see cref="Vector512{T}"/>; <typeparamref name="T"/> is float or double.</summary>
public readonly struct Simd512<T>(Vector512<T> value) : ISimd<Simd512<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public readonly Vector512<T> Value = value;

    public static int Count
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512<T>.Count;
    }

    public static Simd512<T> Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(Vector512<T>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Splat(T value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Load(ref T source, nint index) => new(Vector512.LoadUnsafe(ref Unsafe.Add(ref source, index)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd512<T> value, ref T destination, nint index) => value.Value.StoreUnsafe(ref Unsafe.Add(ref destination, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> operator +(Simd512<T> a, Simd512<T> b) => new(a.Value + b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> operator -(Simd512<T> a, Simd512<T> b) => new(a.Value - b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> operator *(Simd512<T> a, Simd512<T> b) => new(a.Value * b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> operator /(Simd512<T> a, Simd512<T> b) => new(a.Value / b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> operator -(Simd512<T> a) => new(-a.Value);

    // MultiplyAddEstimate is one vfmadd where the CPU has FMA and a multiply then an add where it does not;
    // FusedMultiplyAdd would fall back to emulating the single rounding lane by lane, correct but many times slower.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> MultiplyAdd(Simd512<T> a, Simd512<T> b, Simd512<T> c)
    {
        if (typeof(T) == typeof(float))
            return new(Vector512.MultiplyAddEstimate(a.Value.AsSingle(), b.Value.AsSingle(), c.Value.AsSingle()).As<float, T>());
        if (typeof(T) == typeof(double))
            return new(Vector512.MultiplyAddEstimate(a.Value.AsDouble(), b.Value.AsDouble(), c.Value.AsDouble()).As<double, T>());
        throw new NotSupportedException($"Simd512<{typeof(T).Name}> supports float and double.");
    }

    // c - a * b: one vfnmadd where MultiplyAdd is one vfmadd, and MultiplyAdd(-a, b, c) elsewhere, so both fuse alike.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> NegatedMultiplyAdd(Simd512<T> a, Simd512<T> b, Simd512<T> c)
    {
        if (Avx512F.IsSupported)
        {
            if (typeof(T) == typeof(float))
                return new(Avx512F.FusedMultiplyAddNegated(a.Value.AsSingle(), b.Value.AsSingle(), c.Value.AsSingle()).As<float, T>());
            if (typeof(T) == typeof(double))
                return new(Avx512F.FusedMultiplyAddNegated(a.Value.AsDouble(), b.Value.AsDouble(), c.Value.AsDouble()).As<double, T>());
        }
        return MultiplyAdd(-a, b, c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Sqrt(Simd512<T> a) => new(Vector512.Sqrt(a.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Rsqrt(Simd512<T> a) => new(Vector512<T>.One / Vector512.Sqrt(a.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Exp(Simd512<T> a)
    {
        if (typeof(T) == typeof(float)) return new(Vector512.Exp(a.Value.AsSingle()).As<float, T>());
        if (typeof(T) == typeof(double)) return new(Vector512.Exp(a.Value.AsDouble()).As<double, T>());
        throw new NotSupportedException($"Simd512<{typeof(T).Name}> supports float and double.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Log(Simd512<T> a)
    {
        if (typeof(T) == typeof(float)) return new(Vector512.Log(a.Value.AsSingle()).As<float, T>());
        if (typeof(T) == typeof(double)) return new(Vector512.Log(a.Value.AsDouble()).As<double, T>());
        throw new NotSupportedException($"Simd512<{typeof(T).Name}> supports float and double.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Tanh(Simd512<T> a) => SimdMath.Tanh<Simd512<T>, T>(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Sigmoid(Simd512<T> a) => SimdMath.Sigmoid<Simd512<T>, T>(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Abs(Simd512<T> a) => new(Vector512.Abs(a.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Sign(Simd512<T> a) => SimdMath.Sign<Simd512<T>, T>(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Max(Simd512<T> a, Simd512<T> b) => new(Vector512.Max(a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Min(Simd512<T> a, Simd512<T> b) => new(Vector512.Min(a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Pow(Simd512<T> a, T p) => SimdMath.Pow<Simd512<T>, T>(a, p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> EqualMask(Simd512<T> a, Simd512<T> b) => new(Vector512.Equals(a.Value, b.Value) & Vector512<T>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> GreaterMask(Simd512<T> a, Simd512<T> b) => new(Vector512.GreaterThan(a.Value, b.Value) & Vector512<T>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Simd512<T> a) => Vector512.Sum(a.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAcross(Simd512<T> a) => Simd256<T>.MaxAcross(new(Vector256.Max(a.Value.GetLower(), a.Value.GetUpper())));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MinAcross(Simd512<T> a) => Simd256<T>.MinAcross(new(Vector256.Min(a.Value.GetLower(), a.Value.GetUpper())));
}
