using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NormGen.Kernels;

/// <summary><see cref="ISimd{TV, T}"/> over <see cref="Vector256{T}"/>; <typeparamref name="T"/> is float or double.</summary>
[EditorBrowsable(EditorBrowsableState.Never)] // called by generated kernels; public for them, hidden from IntelliSense
public readonly partial struct Simd256<T> : ISimd<Vector256<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public static int Count
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector256<T>.Count;
    }

    /// <inheritdoc/>
    public static Vector256<T> Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector256<T>.Zero;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Splat(T value) => Vector256.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref T source, nint index) => Vector256.LoadUnsafe(ref Unsafe.Add(ref source, index));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, ref T destination, nint index) => value.StoreUnsafe(ref Unsafe.Add(ref destination, index));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Subtract(Vector256<T> a, Vector256<T> b) => a - b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Multiply(Vector256<T> a, Vector256<T> b) => a * b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Divide(Vector256<T> a, Vector256<T> b) => a / b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Negate(Vector256<T> a) => -a;

    /// <inheritdoc/>
    // MultiplyAddEstimate is one vfmadd where the CPU has FMA and a multiply then an add where it does not;
    // FusedMultiplyAdd would fall back to emulating the single rounding lane by lane, correct but many times slower.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(float))
            return Vector256.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector256.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        throw new NotSupportedException($"Simd256<{typeof(T).Name}> supports float and double.");
    }

    /// <inheritdoc/>
    // c - a * b: one vfnmadd where MultiplyAdd is one vfmadd, and MultiplyAdd(-a, b, c) elsewhere, so both fuse alike.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> NegatedMultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (Fma.IsSupported)
        {
            if (typeof(T) == typeof(float))
                return Fma.MultiplyAddNegated(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
            if (typeof(T) == typeof(double))
                return Fma.MultiplyAddNegated(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }
        return MultiplyAdd(-a, b, c);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Sqrt(Vector256<T> a) => Vector256.Sqrt(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Rsqrt(Vector256<T> a) => Vector256<T>.One / Vector256.Sqrt(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Exp(Vector256<T> a)
    {
        if (typeof(T) == typeof(float)) return FloatMath.Exp<Simd256<float>, Vector256<float>>(a.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector256.Exp(a.AsDouble()).As<double, T>();
        throw new NotSupportedException($"Simd256<{typeof(T).Name}> supports float and double.");
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Log(Vector256<T> a)
    {
        if (typeof(T) == typeof(float)) return FloatMath.Log<Simd256<float>, Vector256<float>>(a.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector256.Log(a.AsDouble()).As<double, T>();
        throw new NotSupportedException($"Simd256<{typeof(T).Name}> supports float and double.");
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Tanh(Vector256<T> a) => typeof(T) == typeof(float)
        ? FloatMath.Tanh<Simd256<float>, Vector256<float>>(a.AsSingle()).As<float, T>()
        : SimdMath.Tanh<Simd256<T>, Vector256<T>, T>(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Sigmoid(Vector256<T> a) => typeof(T) == typeof(float)
        ? FloatMath.Sigmoid<Simd256<float>, Vector256<float>>(a.AsSingle()).As<float, T>()
        : SimdMath.Sigmoid<Simd256<T>, Vector256<T>, T>(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Softplus(Vector256<T> a) => SimdMath.Softplus<Simd256<T>, Vector256<T>, T>(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Abs(Vector256<T> a) => Vector256.Abs(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Sign(Vector256<T> a) => SimdMath.Sign<Simd256<T>, Vector256<T>, T>(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Max(Vector256<T> a, Vector256<T> b) => Vector256.Max(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Min(Vector256<T> a, Vector256<T> b) => Vector256.Min(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Pow(Vector256<T> a, T p) => SimdMath.Pow<Simd256<T>, Vector256<T>, T>(a, p);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> EqualMask(Vector256<T> a, Vector256<T> b) => Vector256.Equals(a, b) & Vector256<T>.One;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> GreaterMask(Vector256<T> a, Vector256<T> b) => Vector256.GreaterThan(a, b) & Vector256<T>.One;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> LessThan(Vector256<T> a, Vector256<T> b) => Vector256.LessThan(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Equal(Vector256<T> a, Vector256<T> b) => Vector256.Equals(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Select(Vector256<T> mask, Vector256<T> a, Vector256<T> b) => Vector256.ConditionalSelect(mask, a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> CopySign(Vector256<T> magnitude, Vector256<T> sign) => Vector256.CopySign(magnitude, sign);

    // vscalef where AVX-512 has it (one instruction, one rounding); elsewhere 2^(k/2) and 2^(k - k/2) built from
    // exponent bits, each a normal number, multiplied in turn: the first product is exact, so it also rounds once.
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> ScaleByPowerOfTwo(Vector256<T> a, Vector256<T> k)
    {
        if (typeof(T) == typeof(float))
        {
            if (Avx512F.VL.IsSupported) return Avx512F.VL.Scale(a.AsSingle(), k.AsSingle()).As<float, T>();
            var n = Vector256.ConvertToInt32Native(k.AsSingle());
            var half = Vector256.ShiftRightArithmetic(n, 1);
            var first = Vector256.ShiftLeft(half + Vector256.Create(127), 23).AsSingle();
            var second = Vector256.ShiftLeft(n - half + Vector256.Create(127), 23).AsSingle();
            return (a.AsSingle() * first * second).As<float, T>();
        }
        if (typeof(T) == typeof(double))
        {
            if (Avx512F.VL.IsSupported) return Avx512F.VL.Scale(a.AsDouble(), k.AsDouble()).As<double, T>();
            var n = Vector256.ConvertToInt64Native(k.AsDouble());
            var half = Vector256.ShiftRightArithmetic(n, 1);
            var first = Vector256.ShiftLeft(half + Vector256.Create(1023L), 52).AsDouble();
            var second = Vector256.ShiftLeft(n - half + Vector256.Create(1023L), 52).AsDouble();
            return (a.AsDouble() * first * second).As<double, T>();
        }
        throw new NotSupportedException($"Simd256<{typeof(T).Name}> supports float and double.");
    }

    // Subtracting sqrt(1/2)'s bits before taking the exponent field moves the cut from 1 to sqrt(1/2).
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> SplitExponent(Vector256<T> x, out Vector256<T> exponent)
    {
        if (typeof(T) == typeof(float))
        {
            var bits = x.AsInt32();
            var e = Vector256.ShiftRightArithmetic(bits - Vector256.Create(0x3F3504F3), 23);
            exponent = Vector256.ConvertToSingle(e).As<float, T>();
            return (bits - Vector256.ShiftLeft(e, 23)).As<int, T>();
        }
        if (typeof(T) == typeof(double))
        {
            var bits = x.AsInt64();
            var e = Vector256.ShiftRightArithmetic(bits - Vector256.Create(0x3FE6A09E667F3BCDL), 52);
            exponent = Vector256.ConvertToDouble(e).As<double, T>();
            return (bits - Vector256.ShiftLeft(e, 52)).As<long, T>();
        }
        throw new NotSupportedException($"Simd256<{typeof(T).Name}> supports float and double.");
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector256<T> a) => Vector256.Sum(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAcross(Vector256<T> a) => Simd128<T>.MaxAcross(Vector128.Max(a.GetLower(), a.GetUpper()));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MinAcross(Vector256<T> a) => Simd128<T>.MinAcross(Vector128.Min(a.GetLower(), a.GetUpper()));
}
