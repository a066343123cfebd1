using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace NormGen.Kernels;

/// <summary>
/// <see cref="ISimd{TV, T}"/> with one lane, the value being <typeparamref name="T"/> itself: the kernels' path on
/// hardware without SIMD, written with the same text as the vector widths.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)] // called by generated kernels; public for them, hidden from IntelliSense
public readonly partial struct Scalar<T> : ISimd<T, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public static int Count
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => 1;
    }

    /// <inheritdoc/>
    public static T Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => T.Zero;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Splat(T value) => value;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load(ref T source, nint index) => Unsafe.Add(ref source, index);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T value, ref T destination, nint index) => Unsafe.Add(ref destination, index) = value;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Add(T a, T b) => a + b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Subtract(T a, T b) => a - b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Multiply(T a, T b) => a * b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Divide(T a, T b) => a / b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Negate(T a) => -a;

    /// <inheritdoc/>
    // Fused exactly when the vector widths fuse (see Simd256.MultiplyAdd), so a row's tail rounds like its body.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MultiplyAdd(T a, T b, T c) =>
        Fma.IsSupported || AdvSimd.IsSupported ? T.FusedMultiplyAdd(a, b, c) : a * b + c;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T NegatedMultiplyAdd(T a, T b, T c) => MultiplyAdd(-a, b, c);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sqrt(T a) => T.Sqrt(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Rsqrt(T a) => T.One / T.Sqrt(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Exp(T a) => typeof(T) == typeof(float) ? AsT(FloatMath.Exp<Scalar<float>, float>(AsFloat(a))) : T.Exp(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Log(T a) => typeof(T) == typeof(float) ? AsT(FloatMath.Log<Scalar<float>, float>(AsFloat(a))) : T.Log(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Tanh(T a) => typeof(T) == typeof(float) ? AsT(FloatMath.Tanh<Scalar<float>, float>(AsFloat(a))) : T.Tanh(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sigmoid(T a) =>
        typeof(T) == typeof(float) ? AsT(FloatMath.Sigmoid<Scalar<float>, float>(AsFloat(a))) : SimdMath.Sigmoid<Scalar<T>, T, T>(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Softplus(T a) => SimdMath.Softplus<Scalar<T>, T, T>(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Abs(T a) => T.Abs(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sign(T a) => SimdMath.Sign<Scalar<T>, T, T>(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Max(T a, T b) => T.Max(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Min(T a, T b) => T.Min(a, b);

    // float takes the vector widths' route, e^(p ln a), so a row's tail rounds like its body; double keeps T.Pow.
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Pow(T a, T p) => typeof(T) == typeof(float) ? SimdMath.Pow<Scalar<T>, T, T>(a, p) : T.Pow(a, p);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T EqualMask(T a, T b) => a == b ? T.One : T.Zero;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T GreaterMask(T a, T b) => a > b ? T.One : T.Zero;

    // A scalar mask is what a vector lane holds: all bits set (a NaN) or zero, so Select tests for NaN.
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LessThan(T a, T b) => a < b ? T.NaN : T.Zero;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Equal(T a, T b) => a == b ? T.NaN : T.Zero;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Select(T mask, T a, T b) => T.IsNaN(mask) ? a : b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T CopySign(T magnitude, T sign) => T.CopySign(magnitude, sign);

    // Two normal factors built from exponent bits, as Simd256.ScaleByPowerOfTwo does without AVX-512: the first
    // product is exact, so the result rounds once, like vscalef.
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ScaleByPowerOfTwo(T a, T k)
    {
        if (typeof(T) == typeof(float))
        {
            int n = (int)AsFloat(k), half = n >> 1;
            return AsT(AsFloat(a) * BitConverter.Int32BitsToSingle((half + 127) << 23) * BitConverter.Int32BitsToSingle((n - half + 127) << 23));
        }
        if (typeof(T) == typeof(double))
        {
            long n = (long)Unsafe.As<T, double>(ref k), half = n >> 1;
            double product = Unsafe.As<T, double>(ref a) * BitConverter.Int64BitsToDouble((half + 1023) << 52) * BitConverter.Int64BitsToDouble((n - half + 1023) << 52);
            return Unsafe.As<double, T>(ref product);
        }
        throw new NotSupportedException($"Scalar<{typeof(T).Name}> supports float and double.");
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T SplitExponent(T x, out T exponent)
    {
        if (typeof(T) == typeof(float))
        {
            int bits = BitConverter.SingleToInt32Bits(AsFloat(x)), e = (bits - 0x3F3504F3) >> 23;
            exponent = AsT(e);
            return AsT(BitConverter.Int32BitsToSingle(bits - (e << 23)));
        }
        if (typeof(T) == typeof(double))
        {
            long bits = BitConverter.DoubleToInt64Bits(Unsafe.As<T, double>(ref x)), e = (bits - 0x3FE6A09E667F3BCDL) >> 52;
            double de = e, m = BitConverter.Int64BitsToDouble(bits - (e << 52));
            exponent = Unsafe.As<double, T>(ref de);
            return Unsafe.As<double, T>(ref m);
        }
        throw new NotSupportedException($"Scalar<{typeof(T).Name}> supports float and double.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float AsFloat(T value) => Unsafe.As<T, float>(ref value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T AsT(float value) => Unsafe.As<float, T>(ref value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(T a) => a;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAcross(T a) => a;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MinAcross(T a) => a;
}
