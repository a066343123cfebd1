using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NormGen.Kernels;

/// <summary><see cref="ISimd{TV, T}"/> over <see cref="Vector512{T}"/>; <typeparamref name="T"/> is float or double.</summary>
[EditorBrowsable(EditorBrowsableState.Never)] // called by generated kernels; public for them, hidden from IntelliSense
public readonly partial struct Simd512<T> : ISimd<Vector512<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public static int Count
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512<T>.Count;
    }

    /// <inheritdoc/>
    public static Vector512<T> Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512<T>.Zero;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Splat(T value) => Vector512.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T source, nint index) => Vector512.LoadUnsafe(ref Unsafe.Add(ref source, index));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T destination, nint index) => value.StoreUnsafe(ref Unsafe.Add(ref destination, index));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Subtract(Vector512<T> a, Vector512<T> b) => a - b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Multiply(Vector512<T> a, Vector512<T> b) => a * b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Divide(Vector512<T> a, Vector512<T> b) => a / b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Negate(Vector512<T> a) => -a;

    /// <inheritdoc/>
    // MultiplyAddEstimate is one vfmadd where the CPU has FMA and a multiply then an add where it does not;
    // FusedMultiplyAdd would fall back to emulating the single rounding lane by lane, correct but many times slower.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (typeof(T) == typeof(float))
            return Vector512.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector512.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        throw new NotSupportedException($"Simd512<{typeof(T).Name}> supports float and double.");
    }

    /// <inheritdoc/>
    // c - a * b: one vfnmadd where MultiplyAdd is one vfmadd, and MultiplyAdd(-a, b, c) elsewhere, so both fuse alike.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> NegatedMultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (Avx512F.IsSupported)
        {
            if (typeof(T) == typeof(float))
                return Avx512F.FusedMultiplyAddNegated(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
            if (typeof(T) == typeof(double))
                return Avx512F.FusedMultiplyAddNegated(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }
        return MultiplyAdd(-a, b, c);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sqrt(Vector512<T> a) => Vector512.Sqrt(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Rsqrt(Vector512<T> a) => Vector512<T>.One / Vector512.Sqrt(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Exp(Vector512<T> a)
    {
        if (typeof(T) == typeof(float)) return FloatMath.Exp<Simd512<float>, Vector512<float>>(a.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector512.Exp(a.AsDouble()).As<double, T>();
        throw new NotSupportedException($"Simd512<{typeof(T).Name}> supports float and double.");
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Log(Vector512<T> a)
    {
        if (typeof(T) == typeof(float)) return FloatMath.Log<Simd512<float>, Vector512<float>>(a.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector512.Log(a.AsDouble()).As<double, T>();
        throw new NotSupportedException($"Simd512<{typeof(T).Name}> supports float and double.");
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Tanh(Vector512<T> a) => typeof(T) == typeof(float)
        ? FloatMath.Tanh<Simd512<float>, Vector512<float>>(a.AsSingle()).As<float, T>()
        : SimdMath.Tanh<Simd512<T>, Vector512<T>, T>(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sigmoid(Vector512<T> a) => typeof(T) == typeof(float)
        ? FloatMath.Sigmoid<Simd512<float>, Vector512<float>>(a.AsSingle()).As<float, T>()
        : SimdMath.Sigmoid<Simd512<T>, Vector512<T>, T>(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Softplus(Vector512<T> a) => SimdMath.Softplus<Simd512<T>, Vector512<T>, T>(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Abs(Vector512<T> a) => Vector512.Abs(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sign(Vector512<T> a) => SimdMath.Sign<Simd512<T>, Vector512<T>, T>(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Max(Vector512<T> a, Vector512<T> b) => Vector512.Max(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Min(Vector512<T> a, Vector512<T> b) => Vector512.Min(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Pow(Vector512<T> a, T p) => SimdMath.Pow<Simd512<T>, Vector512<T>, T>(a, p);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> EqualMask(Vector512<T> a, Vector512<T> b) => Vector512.Equals(a, b) & Vector512<T>.One;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> GreaterMask(Vector512<T> a, Vector512<T> b) => Vector512.GreaterThan(a, b) & Vector512<T>.One;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> LessThan(Vector512<T> a, Vector512<T> b) => Vector512.LessThan(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Equal(Vector512<T> a, Vector512<T> b) => Vector512.Equals(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Select(Vector512<T> mask, Vector512<T> a, Vector512<T> b) => Vector512.ConditionalSelect(mask, a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> CopySign(Vector512<T> magnitude, Vector512<T> sign) => Vector512.CopySign(magnitude, sign);

    // vscalef where AVX-512 has it (one instruction, one rounding); elsewhere 2^(k/2) and 2^(k - k/2) built from
    // exponent bits, each a normal number, multiplied in turn: the first product is exact, so it also rounds once.
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> ScaleByPowerOfTwo(Vector512<T> a, Vector512<T> k)
    {
        if (typeof(T) == typeof(float))
        {
            if (Avx512F.IsSupported) return Avx512F.Scale(a.AsSingle(), k.AsSingle()).As<float, T>();
            var n = Vector512.ConvertToInt32Native(k.AsSingle());
            var half = Vector512.ShiftRightArithmetic(n, 1);
            var first = Vector512.ShiftLeft(half + Vector512.Create(127), 23).AsSingle();
            var second = Vector512.ShiftLeft(n - half + Vector512.Create(127), 23).AsSingle();
            return (a.AsSingle() * first * second).As<float, T>();
        }
        if (typeof(T) == typeof(double))
        {
            if (Avx512F.IsSupported) return Avx512F.Scale(a.AsDouble(), k.AsDouble()).As<double, T>();
            var n = Vector512.ConvertToInt64Native(k.AsDouble());
            var half = Vector512.ShiftRightArithmetic(n, 1);
            var first = Vector512.ShiftLeft(half + Vector512.Create(1023L), 52).AsDouble();
            var second = Vector512.ShiftLeft(n - half + Vector512.Create(1023L), 52).AsDouble();
            return (a.AsDouble() * first * second).As<double, T>();
        }
        throw new NotSupportedException($"Simd512<{typeof(T).Name}> supports float and double.");
    }

    // Subtracting sqrt(1/2)'s bits before taking the exponent field moves the cut from 1 to sqrt(1/2).
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> SplitExponent(Vector512<T> x, out Vector512<T> exponent)
    {
        if (typeof(T) == typeof(float))
        {
            var bits = x.AsInt32();
            var e = Vector512.ShiftRightArithmetic(bits - Vector512.Create(0x3F3504F3), 23);
            exponent = Vector512.ConvertToSingle(e).As<float, T>();
            return (bits - Vector512.ShiftLeft(e, 23)).As<int, T>();
        }
        if (typeof(T) == typeof(double))
        {
            var bits = x.AsInt64();
            var e = Vector512.ShiftRightArithmetic(bits - Vector512.Create(0x3FE6A09E667F3BCDL), 52);
            exponent = Vector512.ConvertToDouble(e).As<double, T>();
            return (bits - Vector512.ShiftLeft(e, 52)).As<long, T>();
        }
        throw new NotSupportedException($"Simd512<{typeof(T).Name}> supports float and double.");
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector512<T> a) => Vector512.Sum(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAcross(Vector512<T> a) => Simd256<T>.MaxAcross(Vector256.Max(a.GetLower(), a.GetUpper()));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MinAcross(Vector512<T> a) => Simd256<T>.MinAcross(Vector256.Min(a.GetLower(), a.GetUpper()));
}
