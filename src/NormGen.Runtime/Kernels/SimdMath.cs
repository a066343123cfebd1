using System.Numerics;
using System.Runtime.CompilerServices;

namespace NormGen.Kernels;

/// <summary>
/// Functions every width builds from the same <see cref="ISimd{TV, T}"/> primitives, so their special cases
/// (huge |x|, NaN) are handled once. Tanh and Sigmoid here serve double; float has its own in
/// <see cref="FloatMath"/>. Branch-free: a lane picks a result by multiplying with a 0/1 mask, which is
/// exact as long as the rejected candidate is finite, and each candidate below is.
/// </summary>
internal static class SimdMath
{
    // Below this |x| the Taylor series is used: 1 - 2/(e^(2|x|) + 1) loses bits to cancellation near 0.
    private const double TanhSeriesLimit = 0.3;

    /// <summary>1 / (1 + e^-x): e^-x overflows to +inf for very negative x, giving exactly 0, never NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Sigmoid<V, TV, T>(TV x) where V : struct, ISimd<TV, T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        var one = V.Splat(T.One);
        return V.Divide(one, V.Add(one, V.Exp(V.Negate(x))));
    }

    /// <summary>
    /// sign(x) * tanh(|x|): 1 - 2/(e^(2|x|) + 1) above <see cref="TanhSeriesLimit"/> (e^(2|x|) = +inf gives exactly 1),
    /// the Taylor series below it, truncated where the next term is under half an ulp of T.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Tanh<V, TV, T>(TV x) where V : struct, ISimd<TV, T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        var one = V.Splat(T.One);
        var limit = Splat<V, TV, T>(TanhSeriesLimit);
        var ax = V.Abs(x);
        var e = V.Exp(V.Add(ax, ax));
        var large = V.Subtract(one, V.Divide(Splat<V, TV, T>(2.0), V.Add(e, one)));

        // Clamped so that the rejected series stays finite for huge |x| (its square would overflow float).
        var s = V.Min(ax, limit);
        var small = V.Add(s, V.Multiply(s, TanhSeries<V, TV, T>(V.Multiply(s, s))));

        var useLarge = V.GreaterMask(ax, limit);
        return V.Multiply(V.Sign(x), V.Add(V.Multiply(useLarge, large), V.Multiply(V.Subtract(one, useLarge), small)));
    }

    /// <summary>Where PyTorch's softplus (beta 1) returns x itself.</summary>
    private const double SoftplusThreshold = 20;

    /// <summary>
    /// log(1 + e^x) as PyTorch's softplus: x above <see cref="SoftplusThreshold"/>, else max(x, 0) + log1p(E) with
    /// E = e^-|x| in (0, 1], so nothing overflows. log1p(E) = ln(U) * (E / (U - 1)) with U = 1 + E rounded: the quotient
    /// undoes the rounding of U (Goldberg), and where U rounds to 1 the answer is E itself, which keeps the subnormal
    /// results of very negative x. Written once over the width's own Exp and Log, so float runs <see cref="FloatMath"/>
    /// (every width and the scalar tail agree bit for bit) and double runs .NET's; the float error bound is in
    /// docs/transcendentals.md. Softplus(-inf) = 0, Softplus(+inf) = +inf, NaN stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Softplus<V, TV, T>(TV x) where V : struct, ISimd<TV, T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        var e = V.Exp(V.Negate(V.Abs(x)));
        var u = V.Add(V.Splat(T.One), e);
        return SoftplusOf<V, TV, T>(x, e, u, V.Log(u));
    }

    /// <summary><see cref="Softplus{V, TV, T}(TV)"/> with Exp's and Log's constants from the caller (MathConstants.cs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Softplus<V, TV, T>(TV x, in ExpConstants<TV> expConstants, in LogConstants<TV> logConstants)
        where V : struct, ISimd<TV, T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        var e = V.Exp(V.Negate(V.Abs(x)), expConstants);
        var u = V.Add(V.Splat(T.One), e);
        return SoftplusOf<V, TV, T>(x, e, u, V.Log(u, logConstants));
    }

    /// <summary>Softplus from E = e^-|x|, U = 1 + E rounded and ln U.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV SoftplusOf<V, TV, T>(TV x, TV e, TV u, TV logU) where V : struct, ISimd<TV, T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        var one = V.Splat(T.One);
        var log1p = V.Select(V.Equal(u, one), e, V.Multiply(logU, V.Divide(e, V.Subtract(u, one))));
        var y = V.Add(V.Max(x, V.Zero), log1p);
        return V.Select(V.LessThan(Splat<V, TV, T>(SoftplusThreshold), x), x, y);
    }

    /// <summary>sign(x) as -1, 0 or 1; 0 for NaN (it only scales gradients of Abs, whose value is already NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Sign<V, TV, T>(TV x) where V : struct, ISimd<TV, T> where T : unmanaged, IFloatingPointIeee754<T> =>
        V.Subtract(V.GreaterMask(x, V.Zero), V.GreaterMask(V.Zero, x));

    /// <summary>a^p = e^(p ln a) for a &gt; 0 (0 at a = 0 for p &gt; 0; NaN for a &lt; 0, where a non-integer power is undefined).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Pow<V, TV, T>(TV a, T p) where V : struct, ISimd<TV, T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!T.IsInteger(p)) return V.Exp(V.Multiply(V.Splat(p), V.Log(a))); // NaN for a < 0, as T.Pow
        // An integer power is defined for negative bases: |a|^p, negated where a < 0 and p is odd.
        TV magnitude = V.Exp(V.Multiply(V.Splat(p), V.Log(V.Abs(a))));
        if (T.IsEvenInteger(p)) return magnitude;
        TV negative = V.GreaterMask(V.Zero, a);
        return V.Subtract(magnitude, V.Multiply(V.Add(negative, negative), magnitude));
    }

    /// <summary>(tanh(s) - s) / s as a polynomial in z = s^2, by Horner: the Taylor coefficients 2^2n (2^2n - 1) B_2n / (2n)!.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV TanhSeries<V, TV, T>(TV z) where V : struct, ISimd<TV, T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Float needs the terms through s^11, double through s^23, for |s| <= 0.3.
        TV p;
        if (typeof(T) == typeof(float))
        {
            p = Splat<V, TV, T>(-1382.0 / 155925);
        }
        else
        {
            p = Splat<V, TV, T>(-113927491862.0 / 2900518163668125);
            p = Step<V, TV, T>(p, z, 18888466084.0 / 194896477400625);
            p = Step<V, TV, T>(p, z, -443861162.0 / 1856156927625);
            p = Step<V, TV, T>(p, z, 6404582.0 / 10854718875);
            p = Step<V, TV, T>(p, z, -929569.0 / 638512875);
            p = Step<V, TV, T>(p, z, 21844.0 / 6081075);
            p = Step<V, TV, T>(p, z, -1382.0 / 155925);
        }
        p = Step<V, TV, T>(p, z, 62.0 / 2835);
        p = Step<V, TV, T>(p, z, -17.0 / 315);
        p = Step<V, TV, T>(p, z, 2.0 / 15);
        p = Step<V, TV, T>(p, z, -1.0 / 3);
        return V.Multiply(z, p);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Step<V, TV, T>(TV p, TV z, double coefficient) where V : struct, ISimd<TV, T> where T : unmanaged, IFloatingPointIeee754<T> =>
        V.MultiplyAdd(p, z, Splat<V, TV, T>(coefficient));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Splat<V, TV, T>(double value) where V : struct, ISimd<TV, T> where T : unmanaged, IFloatingPointIeee754<T> =>
        V.Splat(T.CreateTruncating(value));
}
