using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NormGen.Kernels;

/// <summary><see cref="ISimd{TSelf, T}"/> over <see cref="Vector256{T}"/>; <typeparamref name="T"/> is float or double.</summary>
public readonly struct Simd256<T>(Vector256<T> value) : ISimd<Simd256<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public readonly Vector256<T> Value = value;

    public static int Count
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector256<T>.Count;
    }

    public static Simd256<T> Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(Vector256<T>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Splat(T value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Load(ref T source, nint index) => new(Vector256.LoadUnsafe(ref Unsafe.Add(ref source, index)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd256<T> value, ref T destination, nint index) => value.Value.StoreUnsafe(ref Unsafe.Add(ref destination, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> operator +(Simd256<T> a, Simd256<T> b) => new(a.Value + b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> operator -(Simd256<T> a, Simd256<T> b) => new(a.Value - b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> operator *(Simd256<T> a, Simd256<T> b) => new(a.Value * b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> operator /(Simd256<T> a, Simd256<T> b) => new(a.Value / b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> operator -(Simd256<T> a) => new(-a.Value);

    // MultiplyAddEstimate is one vfmadd where the CPU has FMA and a multiply then an add where it does not;
    // FusedMultiplyAdd would fall back to emulating the single rounding lane by lane, correct but many times slower.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> MultiplyAdd(Simd256<T> a, Simd256<T> b, Simd256<T> c)
    {
        if (typeof(T) == typeof(float))
            return new(Vector256.MultiplyAddEstimate(a.Value.AsSingle(), b.Value.AsSingle(), c.Value.AsSingle()).As<float, T>());
        if (typeof(T) == typeof(double))
            return new(Vector256.MultiplyAddEstimate(a.Value.AsDouble(), b.Value.AsDouble(), c.Value.AsDouble()).As<double, T>());
        throw new NotSupportedException($"Simd256<{typeof(T).Name}> supports float and double.");
    }

    // c - a * b: one vfnmadd where MultiplyAdd is one vfmadd, and MultiplyAdd(-a, b, c) elsewhere, so both fuse alike.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> NegatedMultiplyAdd(Simd256<T> a, Simd256<T> b, Simd256<T> c)
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
    public static Simd256<T> Sqrt(Simd256<T> a) => new(Vector256.Sqrt(a.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Rsqrt(Simd256<T> a) => new(Vector256<T>.One / Vector256.Sqrt(a.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Exp(Simd256<T> a)
    {
        if (typeof(T) == typeof(float)) return new(Vector256.Exp(a.Value.AsSingle()).As<float, T>());
        if (typeof(T) == typeof(double)) return new(Vector256.Exp(a.Value.AsDouble()).As<double, T>());
        throw new NotSupportedException($"Simd256<{typeof(T).Name}> supports float and double.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Log(Simd256<T> a)
    {
        if (typeof(T) == typeof(float)) return new(Vector256.Log(a.Value.AsSingle()).As<float, T>());
        if (typeof(T) == typeof(double)) return new(Vector256.Log(a.Value.AsDouble()).As<double, T>());
        throw new NotSupportedException($"Simd256<{typeof(T).Name}> supports float and double.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Tanh(Simd256<T> a) => SimdMath.Tanh<Simd256<T>, T>(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Sigmoid(Simd256<T> a) => SimdMath.Sigmoid<Simd256<T>, T>(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Abs(Simd256<T> a) => new(Vector256.Abs(a.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Sign(Simd256<T> a) => SimdMath.Sign<Simd256<T>, T>(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Max(Simd256<T> a, Simd256<T> b) => new(Vector256.Max(a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Min(Simd256<T> a, Simd256<T> b) => new(Vector256.Min(a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Pow(Simd256<T> a, T p) => SimdMath.Pow<Simd256<T>, T>(a, p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> EqualMask(Simd256<T> a, Simd256<T> b) => new(Vector256.Equals(a.Value, b.Value) & Vector256<T>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> GreaterMask(Simd256<T> a, Simd256<T> b) => new(Vector256.GreaterThan(a.Value, b.Value) & Vector256<T>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Simd256<T> a) => Vector256.Sum(a.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAcross(Simd256<T> a) => Simd128<T>.MaxAcross(new(Vector128.Max(a.Value.GetLower(), a.Value.GetUpper())));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MinAcross(Simd256<T> a) => Simd128<T>.MinAcross(new(Vector128.Min(a.Value.GetLower(), a.Value.GetUpper())));
}
