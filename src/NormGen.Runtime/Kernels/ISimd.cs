using System.Numerics;

namespace NormGen.Kernels;

/// <summary>
/// The vector vocabulary generated kernels are written in. A kernel is one generic method over
/// <c>V : ISimd&lt;V, T&gt;</c>; the dispatcher instantiates it with <see cref="Simd512{T}"/>,
/// <see cref="Simd256{T}"/> or <see cref="Simd128{T}"/> (whichever the JIT reports accelerated) and the
/// scalar tail with <see cref="Scalar{T}"/>, so the vector body and its tail are the same text.
/// Every member is a JIT-time constant or an aggressively inlined intrinsic.
/// </summary>
public interface ISimd<TSelf, T>
    where TSelf : struct, ISimd<TSelf, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Lanes per value (1 for <see cref="Scalar{T}"/>).</summary>
    static abstract int Count { get; }
    static abstract TSelf Zero { get; }
    static abstract TSelf Splat(T value);
    /// <summary>Loads <see cref="Count"/> elements starting at <c>Unsafe.Add(ref source, index)</c>.</summary>
    static abstract TSelf Load(ref T source, nint index);
    static abstract void Store(TSelf value, ref T destination, nint index);

    static abstract TSelf operator +(TSelf a, TSelf b);
    static abstract TSelf operator -(TSelf a, TSelf b);
    static abstract TSelf operator *(TSelf a, TSelf b);
    static abstract TSelf operator /(TSelf a, TSelf b);
    static abstract TSelf operator -(TSelf a);

    /// <summary>a * b + c, fused where the hardware has FMA.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);
    /// <summary>c - a * b, fused where <see cref="MultiplyAdd"/> is.</summary>
    static abstract TSelf NegatedMultiplyAdd(TSelf a, TSelf b, TSelf c);
    static abstract TSelf Sqrt(TSelf a);
    /// <summary>Exactly 1 / sqrt(a) (no hardware estimate: kernels must match float64 references).</summary>
    static abstract TSelf Rsqrt(TSelf a);
    static abstract TSelf Exp(TSelf a);
    static abstract TSelf Log(TSelf a);
    static abstract TSelf Tanh(TSelf a);
    static abstract TSelf Sigmoid(TSelf a);
    static abstract TSelf Abs(TSelf a);
    /// <summary>sign(a) as -1, 0 or 1 (the derivative of <see cref="Abs"/>).</summary>
    static abstract TSelf Sign(TSelf a);
    static abstract TSelf Max(TSelf a, TSelf b);
    static abstract TSelf Min(TSelf a, TSelf b);
    /// <summary>a^p for a constant p, element-wise (p is not an integer here; integer powers are multiplied out).</summary>
    static abstract TSelf Pow(TSelf a, T p);
    /// <summary>1 where a == b, else 0 (routes a Max/Min gradient to the arg-max).</summary>
    static abstract TSelf EqualMask(TSelf a, TSelf b);
    /// <summary>1 where a &gt; b, else 0 (routes a Maximum/Minimum gradient).</summary>
    static abstract TSelf GreaterMask(TSelf a, TSelf b);

    /// <summary>Horizontal reductions across the lanes.</summary>
    static abstract T Sum(TSelf a);
    static abstract T MaxAcross(TSelf a);
    static abstract T MinAcross(TSelf a);
}
