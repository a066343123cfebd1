using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NormGen.Kernels;

// The clamps of FloatMath's Exp, Tanh and Sigmoid, which are bound by their instruction count: min(x, limit) and
// max(x, limit) with a NaN x passed through. x86's minps/maxps return their second operand when either is NaN, so
// Min(limit, x) is the whole clamp in one instruction; a compare and a blend (two) elsewhere, and V.Min/V.Max
// (IEEE 754-2019 minimum/maximum, vrangeps plus two vfixupimmps on AVX-512) would be three. Every form returns the
// same value for every input (limit is never NaN; on a tie either operand is x's value), so the widths still agree
// bit for bit with the scalar path.

public readonly partial struct Simd512<T>
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> AtMost(Vector512<T> x, Vector512<T> limit)
    {
        if (typeof(T) == typeof(float) && Avx512F.IsSupported) return Avx512F.Min(limit.AsSingle(), x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double) && Avx512F.IsSupported) return Avx512F.Min(limit.AsDouble(), x.AsDouble()).As<double, T>();
        return Vector512.ConditionalSelect(Vector512.LessThan(limit, x), limit, x);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> AtLeast(Vector512<T> x, Vector512<T> limit)
    {
        if (typeof(T) == typeof(float) && Avx512F.IsSupported) return Avx512F.Max(limit.AsSingle(), x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double) && Avx512F.IsSupported) return Avx512F.Max(limit.AsDouble(), x.AsDouble()).As<double, T>();
        return Vector512.ConditionalSelect(Vector512.LessThan(x, limit), limit, x);
    }
}

public readonly partial struct Simd256<T>
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> AtMost(Vector256<T> x, Vector256<T> limit)
    {
        if (typeof(T) == typeof(float) && Avx.IsSupported) return Avx.Min(limit.AsSingle(), x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double) && Avx.IsSupported) return Avx.Min(limit.AsDouble(), x.AsDouble()).As<double, T>();
        return Vector256.ConditionalSelect(Vector256.LessThan(limit, x), limit, x);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> AtLeast(Vector256<T> x, Vector256<T> limit)
    {
        if (typeof(T) == typeof(float) && Avx.IsSupported) return Avx.Max(limit.AsSingle(), x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double) && Avx.IsSupported) return Avx.Max(limit.AsDouble(), x.AsDouble()).As<double, T>();
        return Vector256.ConditionalSelect(Vector256.LessThan(x, limit), limit, x);
    }
}

public readonly partial struct Simd128<T>
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> AtMost(Vector128<T> x, Vector128<T> limit)
    {
        if (typeof(T) == typeof(float) && Sse.IsSupported) return Sse.Min(limit.AsSingle(), x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double) && Sse2.IsSupported) return Sse2.Min(limit.AsDouble(), x.AsDouble()).As<double, T>();
        return Vector128.ConditionalSelect(Vector128.LessThan(limit, x), limit, x);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> AtLeast(Vector128<T> x, Vector128<T> limit)
    {
        if (typeof(T) == typeof(float) && Sse.IsSupported) return Sse.Max(limit.AsSingle(), x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double) && Sse2.IsSupported) return Sse2.Max(limit.AsDouble(), x.AsDouble()).As<double, T>();
        return Vector128.ConditionalSelect(Vector128.LessThan(x, limit), limit, x);
    }
}

public readonly partial struct Scalar<T>
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T AtMost(T x, T limit) => limit < x ? limit : x;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T AtLeast(T x, T limit) => x < limit ? limit : x;
}
