using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace NormGen.Kernels;

/// <summary>
/// <see cref="ISimd{TSelf, T}"/> with one lane: the scalar tail of a vectorized loop, written with the same text as
/// its body. Converts implicitly to and from <typeparamref name="T"/>.
/// </summary>
public readonly struct Scalar<T>(T value) : ISimd<Scalar<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public readonly T Value = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static implicit operator Scalar<T>(T value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static implicit operator T(Scalar<T> value) => value.Value;

    public static int Count
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => 1;
    }

    public static Scalar<T> Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(T.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar<T> Splat(T value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar<T> Load(ref T source, nint index) => new(Unsafe.Add(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Scalar<T> value, ref T destination, nint index) => Unsafe.Add(ref destination, index) = value.Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar<T> operator +(Scalar<T> a, Scalar<T> b) => new(a.Value + b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar<T> operator -(Scalar<T> a, Scalar<T> b) => new(a.Value - b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar<T> operator *(Scalar<T> a, Scalar<T> b) => new(a.Value * b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar<T> operator /(Scalar<T> a, Scalar<T> b) => new(a.Value / b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar<T> operator -(Scalar<T> a) => new(-a.Value);

    // Fused exactly when the vector widths fuse (see Simd256.MultiplyAdd), so a row's tail rounds like its body.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar<T> MultiplyAdd(Scalar<T> a, Scalar<T> b, Scalar<T> c) =>
        Fma.IsSupported || AdvSimd.IsSupported ? new(T.FusedMultiplyAdd(a.Value, b.Value, c.Value)) : new(a.Value * b.Value + c.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar<T> NegatedMultiplyAdd(Scalar<T> a, Scalar<T> b, Scalar<T> c) => MultiplyAdd(-a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar<T> Sqrt(Scalar<T> a) => new(T.Sqrt(a.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar<T> Rsqrt(Scalar<T> a) => new(T.One / T.Sqrt(a.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar<T> Exp(Scalar<T> a) => new(T.Exp(a.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar<T> Log(Scalar<T> a) => new(T.Log(a.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar<T> Tanh(Scalar<T> a) => new(T.Tanh(a.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar<T> Sigmoid(Scalar<T> a) => SimdMath.Sigmoid<Scalar<T>, T>(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar<T> Abs(Scalar<T> a) => new(T.Abs(a.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar<T> Sign(Scalar<T> a) => SimdMath.Sign<Scalar<T>, T>(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar<T> Max(Scalar<T> a, Scalar<T> b) => new(T.Max(a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar<T> Min(Scalar<T> a, Scalar<T> b) => new(T.Min(a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar<T> Pow(Scalar<T> a, T p) => new(T.Pow(a.Value, p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar<T> EqualMask(Scalar<T> a, Scalar<T> b) => new(a.Value == b.Value ? T.One : T.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar<T> GreaterMask(Scalar<T> a, Scalar<T> b) => new(a.Value > b.Value ? T.One : T.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Scalar<T> a) => a.Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAcross(Scalar<T> a) => a.Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MinAcross(Scalar<T> a) => a.Value;
}
