using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NormGen.Kernels;

/// <summary><see cref="ISimd{TV, T}"/> over <see cref="Vector128{T}"/>; <typeparamref name="T"/> is float or double.</summary>
[EditorBrowsable(EditorBrowsableState.Never)] // called by generated kernels; public for them, hidden from IntelliSense
public readonly partial struct Simd128<T> : ISimd<Vector128<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public static int Count
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector128<T>.Count;
    }

    /// <inheritdoc/>
    public static Vector128<T> Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector128<T>.Zero;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Splat(T value) => Vector128.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(ref T source, nint index) => Vector128.LoadUnsafe(ref Unsafe.Add(ref source, index));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<T> value, ref T destination, nint index) => value.StoreUnsafe(ref Unsafe.Add(ref destination, index));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Add(Vector128<T> a, Vector128<T> b) => a + b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Subtract(Vector128<T> a, Vector128<T> b) => a - b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Multiply(Vector128<T> a, Vector128<T> b) => a * b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Divide(Vector128<T> a, Vector128<T> b) => a / b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Negate(Vector128<T> a) => -a;

    /// <inheritdoc/>
    // MultiplyAddEstimate is one vfmadd where the CPU has FMA and a multiply then an add where it does not;
    // FusedMultiplyAdd would fall back to emulating the single rounding lane by lane, correct but many times slower.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplyAdd(Vector128<T> a, Vector128<T> b, Vector128<T> c)
    {
        if (typeof(T) == typeof(float))
            return Vector128.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector128.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        throw new NotSupportedException($"Simd128<{typeof(T).Name}> supports float and double.");
    }

    /// <inheritdoc/>
    // c - a * b: one vfnmadd where MultiplyAdd is one vfmadd, and MultiplyAdd(-a, b, c) elsewhere, so both fuse alike.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> NegatedMultiplyAdd(Vector128<T> a, Vector128<T> b, Vector128<T> c)
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
    public static Vector128<T> Sqrt(Vector128<T> a) => Vector128.Sqrt(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Rsqrt(Vector128<T> a) => Vector128<T>.One / Vector128.Sqrt(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Exp(Vector128<T> a)
    {
        if (typeof(T) == typeof(float)) return FloatMath.Exp<Simd128<float>, Vector128<float>>(a.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector128.Exp(a.AsDouble()).As<double, T>();
        throw new NotSupportedException($"Simd128<{typeof(T).Name}> supports float and double.");
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Log(Vector128<T> a)
    {
        if (typeof(T) == typeof(float)) return FloatMath.Log<Simd128<float>, Vector128<float>>(a.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector128.Log(a.AsDouble()).As<double, T>();
        throw new NotSupportedException($"Simd128<{typeof(T).Name}> supports float and double.");
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Tanh(Vector128<T> a) => typeof(T) == typeof(float)
        ? FloatMath.Tanh<Simd128<float>, Vector128<float>>(a.AsSingle()).As<float, T>()
        : SimdMath.Tanh<Simd128<T>, Vector128<T>, T>(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Sigmoid(Vector128<T> a) => typeof(T) == typeof(float)
        ? FloatMath.Sigmoid<Simd128<float>, Vector128<float>>(a.AsSingle()).As<float, T>()
        : SimdMath.Sigmoid<Simd128<T>, Vector128<T>, T>(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Softplus(Vector128<T> a) => SimdMath.Softplus<Simd128<T>, Vector128<T>, T>(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Abs(Vector128<T> a) => Vector128.Abs(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Sign(Vector128<T> a) => SimdMath.Sign<Simd128<T>, Vector128<T>, T>(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Max(Vector128<T> a, Vector128<T> b) => Vector128.Max(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Min(Vector128<T> a, Vector128<T> b) => Vector128.Min(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Pow(Vector128<T> a, T p) => SimdMath.Pow<Simd128<T>, Vector128<T>, T>(a, p);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> EqualMask(Vector128<T> a, Vector128<T> b) => Vector128.Equals(a, b) & Vector128<T>.One;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> GreaterMask(Vector128<T> a, Vector128<T> b) => Vector128.GreaterThan(a, b) & Vector128<T>.One;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> LessThan(Vector128<T> a, Vector128<T> b) => Vector128.LessThan(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Equal(Vector128<T> a, Vector128<T> b) => Vector128.Equals(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Select(Vector128<T> mask, Vector128<T> a, Vector128<T> b) => Vector128.ConditionalSelect(mask, a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> CopySign(Vector128<T> magnitude, Vector128<T> sign) => Vector128.CopySign(magnitude, sign);

    // vscalef where AVX-512 has it (one instruction, one rounding); elsewhere 2^(k/2) and 2^(k - k/2) built from
    // exponent bits, each a normal number, multiplied in turn: the first product is exact, so it also rounds once.
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> ScaleByPowerOfTwo(Vector128<T> a, Vector128<T> k)
    {
        if (typeof(T) == typeof(float))
        {
            if (Avx512F.VL.IsSupported) return Avx512F.VL.Scale(a.AsSingle(), k.AsSingle()).As<float, T>();
            var n = Vector128.ConvertToInt32Native(k.AsSingle());
            var half = Vector128.ShiftRightArithmetic(n, 1);
            var first = Vector128.ShiftLeft(half + Vector128.Create(127), 23).AsSingle();
            var second = Vector128.ShiftLeft(n - half + Vector128.Create(127), 23).AsSingle();
            return (a.AsSingle() * first * second).As<float, T>();
        }
        if (typeof(T) == typeof(double))
        {
            if (Avx512F.VL.IsSupported) return Avx512F.VL.Scale(a.AsDouble(), k.AsDouble()).As<double, T>();
            var n = Vector128.ConvertToInt64Native(k.AsDouble());
            var half = Vector128.ShiftRightArithmetic(n, 1);
            var first = Vector128.ShiftLeft(half + Vector128.Create(1023L), 52).AsDouble();
            var second = Vector128.ShiftLeft(n - half + Vector128.Create(1023L), 52).AsDouble();
            return (a.AsDouble() * first * second).As<double, T>();
        }
        throw new NotSupportedException($"Simd128<{typeof(T).Name}> supports float and double.");
    }

    // Subtracting sqrt(1/2)'s bits before taking the exponent field moves the cut from 1 to sqrt(1/2).
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> SplitExponent(Vector128<T> x, out Vector128<T> exponent)
    {
        if (typeof(T) == typeof(float))
        {
            var bits = x.AsInt32();
            var e = Vector128.ShiftRightArithmetic(bits - Vector128.Create(0x3F3504F3), 23);
            exponent = Vector128.ConvertToSingle(e).As<float, T>();
            return (bits - Vector128.ShiftLeft(e, 23)).As<int, T>();
        }
        if (typeof(T) == typeof(double))
        {
            var bits = x.AsInt64();
            var e = Vector128.ShiftRightArithmetic(bits - Vector128.Create(0x3FE6A09E667F3BCDL), 52);
            exponent = Vector128.ConvertToDouble(e).As<double, T>();
            return (bits - Vector128.ShiftLeft(e, 52)).As<long, T>();
        }
        throw new NotSupportedException($"Simd128<{typeof(T).Name}> supports float and double.");
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector128<T> a) => Vector128.Sum(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAcross(Vector128<T> a)
    {
        // T.Max propagates NaN like Vector128.Max, so every width reports a NaN lane the same way.
        T m = a.ToScalar();
        for (int i = 1; i < Vector128<T>.Count; i++) m = T.Max(m, a.GetElement(i));
        return m;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MinAcross(Vector128<T> a)
    {
        T m = a.ToScalar();
        for (int i = 1; i < Vector128<T>.Count; i++) m = T.Min(m, a.GetElement(i));
        return m;
    }
}
