using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NormGen.Kernels;

// Each width's FloatMath constants as loop-invariant values (MathConstants.cs) and the functions that take them: float
// runs FloatMath on them (for T = float the Unsafe.As below is from a type to itself, which the JIT drops), double
// ignores them (.NET's functions, SimdMath). The constants are read from the mutable statics of Hoisted. Below
// AVX-512 (16 vector registers; Simd256, Simd128 and Scalar) only Tanh takes them: Exp's 13 and Log's 19 spill there,
// and Swish's backward measured 3% slower with them, while DyT's forward with Tanh's 12 was 4-9% faster (the one-argument
// forms' constants, which the JIT reloads per use, docs/benchmarks-dyt.md "Constants out of the loop").

public readonly partial struct Simd512<T>
{
    /// <inheritdoc/>
    public static ExpConstants<Vector512<T>> ExpConstants
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(float) ? Unsafe.As<ExpConstants<Vector512<float>>, ExpConstants<Vector512<T>>>(ref Hoisted<Simd512<float>, Vector512<float>>.Exp) : default;
    }

    /// <inheritdoc/>
    public static LogConstants<Vector512<T>> LogConstants
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(float) ? Unsafe.As<LogConstants<Vector512<float>>, LogConstants<Vector512<T>>>(ref Hoisted<Simd512<float>, Vector512<float>>.Log) : default;
    }

    /// <inheritdoc/>
    public static TanhConstants<Vector512<T>> TanhConstants
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(float) ? Unsafe.As<TanhConstants<Vector512<float>>, TanhConstants<Vector512<T>>>(ref Hoisted<Simd512<float>, Vector512<float>>.Tanh) : default;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Exp(Vector512<T> a, in ExpConstants<Vector512<T>> k) => typeof(T) == typeof(float)
        ? FloatMath.Exp<Simd512<float>, Vector512<float>, ExpConstants<Vector512<float>>>(a.AsSingle(), Unsafe.As<ExpConstants<Vector512<T>>, ExpConstants<Vector512<float>>>(ref Unsafe.AsRef(in k))).As<float, T>()
        : Exp(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Log(Vector512<T> a, in LogConstants<Vector512<T>> k) => typeof(T) == typeof(float)
        ? FloatMath.Log<Simd512<float>, Vector512<float>, LogConstants<Vector512<float>>>(a.AsSingle(), Unsafe.As<LogConstants<Vector512<T>>, LogConstants<Vector512<float>>>(ref Unsafe.AsRef(in k))).As<float, T>()
        : Log(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Tanh(Vector512<T> a, in TanhConstants<Vector512<T>> k) => typeof(T) == typeof(float)
        ? FloatMath.Tanh<Simd512<float>, Vector512<float>, TanhConstants<Vector512<float>>>(a.AsSingle(), Unsafe.As<TanhConstants<Vector512<T>>, TanhConstants<Vector512<float>>>(ref Unsafe.AsRef(in k))).As<float, T>()
        : Tanh(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sigmoid(Vector512<T> a, in ExpConstants<Vector512<T>> k) => typeof(T) == typeof(float)
        ? FloatMath.Sigmoid<Simd512<float>, Vector512<float>, ExpConstants<Vector512<float>>>(a.AsSingle(), Unsafe.As<ExpConstants<Vector512<T>>, ExpConstants<Vector512<float>>>(ref Unsafe.AsRef(in k))).As<float, T>()
        : Sigmoid(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Softplus(Vector512<T> a, in ExpConstants<Vector512<T>> e, in LogConstants<Vector512<T>> l) => SimdMath.Softplus<Simd512<T>, Vector512<T>, T>(a, e, l);
}

public readonly partial struct Simd256<T>
{
    /// <inheritdoc/>
    public static ExpConstants<Vector256<T>> ExpConstants
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(float) ? Unsafe.As<ExpConstants<Vector256<float>>, ExpConstants<Vector256<T>>>(ref Hoisted<Simd256<float>, Vector256<float>>.Exp) : default;
    }

    /// <inheritdoc/>
    public static LogConstants<Vector256<T>> LogConstants
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(float) ? Unsafe.As<LogConstants<Vector256<float>>, LogConstants<Vector256<T>>>(ref Hoisted<Simd256<float>, Vector256<float>>.Log) : default;
    }

    /// <inheritdoc/>
    public static TanhConstants<Vector256<T>> TanhConstants
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(float) ? Unsafe.As<TanhConstants<Vector256<float>>, TanhConstants<Vector256<T>>>(ref Hoisted<Simd256<float>, Vector256<float>>.Tanh) : default;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Exp(Vector256<T> a, in ExpConstants<Vector256<T>> k) => typeof(T) == typeof(float) && Hoisted.AllFit
        ? FloatMath.Exp<Simd256<float>, Vector256<float>, ExpConstants<Vector256<float>>>(a.AsSingle(), Unsafe.As<ExpConstants<Vector256<T>>, ExpConstants<Vector256<float>>>(ref Unsafe.AsRef(in k))).As<float, T>()
        : Exp(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Log(Vector256<T> a, in LogConstants<Vector256<T>> k) => typeof(T) == typeof(float) && Hoisted.AllFit
        ? FloatMath.Log<Simd256<float>, Vector256<float>, LogConstants<Vector256<float>>>(a.AsSingle(), Unsafe.As<LogConstants<Vector256<T>>, LogConstants<Vector256<float>>>(ref Unsafe.AsRef(in k))).As<float, T>()
        : Log(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Tanh(Vector256<T> a, in TanhConstants<Vector256<T>> k) => typeof(T) == typeof(float)
        ? FloatMath.Tanh<Simd256<float>, Vector256<float>, TanhConstants<Vector256<float>>>(a.AsSingle(), Unsafe.As<TanhConstants<Vector256<T>>, TanhConstants<Vector256<float>>>(ref Unsafe.AsRef(in k))).As<float, T>()
        : Tanh(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Sigmoid(Vector256<T> a, in ExpConstants<Vector256<T>> k) => typeof(T) == typeof(float) && Hoisted.AllFit
        ? FloatMath.Sigmoid<Simd256<float>, Vector256<float>, ExpConstants<Vector256<float>>>(a.AsSingle(), Unsafe.As<ExpConstants<Vector256<T>>, ExpConstants<Vector256<float>>>(ref Unsafe.AsRef(in k))).As<float, T>()
        : Sigmoid(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Softplus(Vector256<T> a, in ExpConstants<Vector256<T>> e, in LogConstants<Vector256<T>> l) => !Hoisted.AllFit ? Softplus(a) : SimdMath.Softplus<Simd256<T>, Vector256<T>, T>(a, e, l);
}

public readonly partial struct Simd128<T>
{
    /// <inheritdoc/>
    public static ExpConstants<Vector128<T>> ExpConstants
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(float) ? Unsafe.As<ExpConstants<Vector128<float>>, ExpConstants<Vector128<T>>>(ref Hoisted<Simd128<float>, Vector128<float>>.Exp) : default;
    }

    /// <inheritdoc/>
    public static LogConstants<Vector128<T>> LogConstants
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(float) ? Unsafe.As<LogConstants<Vector128<float>>, LogConstants<Vector128<T>>>(ref Hoisted<Simd128<float>, Vector128<float>>.Log) : default;
    }

    /// <inheritdoc/>
    public static TanhConstants<Vector128<T>> TanhConstants
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(float) ? Unsafe.As<TanhConstants<Vector128<float>>, TanhConstants<Vector128<T>>>(ref Hoisted<Simd128<float>, Vector128<float>>.Tanh) : default;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Exp(Vector128<T> a, in ExpConstants<Vector128<T>> k) => typeof(T) == typeof(float) && Hoisted.AllFit
        ? FloatMath.Exp<Simd128<float>, Vector128<float>, ExpConstants<Vector128<float>>>(a.AsSingle(), Unsafe.As<ExpConstants<Vector128<T>>, ExpConstants<Vector128<float>>>(ref Unsafe.AsRef(in k))).As<float, T>()
        : Exp(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Log(Vector128<T> a, in LogConstants<Vector128<T>> k) => typeof(T) == typeof(float) && Hoisted.AllFit
        ? FloatMath.Log<Simd128<float>, Vector128<float>, LogConstants<Vector128<float>>>(a.AsSingle(), Unsafe.As<LogConstants<Vector128<T>>, LogConstants<Vector128<float>>>(ref Unsafe.AsRef(in k))).As<float, T>()
        : Log(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Tanh(Vector128<T> a, in TanhConstants<Vector128<T>> k) => typeof(T) == typeof(float)
        ? FloatMath.Tanh<Simd128<float>, Vector128<float>, TanhConstants<Vector128<float>>>(a.AsSingle(), Unsafe.As<TanhConstants<Vector128<T>>, TanhConstants<Vector128<float>>>(ref Unsafe.AsRef(in k))).As<float, T>()
        : Tanh(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Sigmoid(Vector128<T> a, in ExpConstants<Vector128<T>> k) => typeof(T) == typeof(float) && Hoisted.AllFit
        ? FloatMath.Sigmoid<Simd128<float>, Vector128<float>, ExpConstants<Vector128<float>>>(a.AsSingle(), Unsafe.As<ExpConstants<Vector128<T>>, ExpConstants<Vector128<float>>>(ref Unsafe.AsRef(in k))).As<float, T>()
        : Sigmoid(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Softplus(Vector128<T> a, in ExpConstants<Vector128<T>> e, in LogConstants<Vector128<T>> l) => !Hoisted.AllFit ? Softplus(a) : SimdMath.Softplus<Simd128<T>, Vector128<T>, T>(a, e, l);
}

public readonly partial struct Scalar<T>
{
    /// <inheritdoc/>
    public static ExpConstants<T> ExpConstants
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(float) ? Unsafe.As<ExpConstants<float>, ExpConstants<T>>(ref Hoisted<Scalar<float>, float>.Exp) : default;
    }

    /// <inheritdoc/>
    public static LogConstants<T> LogConstants
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(float) ? Unsafe.As<LogConstants<float>, LogConstants<T>>(ref Hoisted<Scalar<float>, float>.Log) : default;
    }

    /// <inheritdoc/>
    public static TanhConstants<T> TanhConstants
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(float) ? Unsafe.As<TanhConstants<float>, TanhConstants<T>>(ref Hoisted<Scalar<float>, float>.Tanh) : default;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Exp(T a, in ExpConstants<T> k) => typeof(T) == typeof(float) && Hoisted.AllFit
        ? AsT(FloatMath.Exp<Scalar<float>, float, ExpConstants<float>>(AsFloat(a), Unsafe.As<ExpConstants<T>, ExpConstants<float>>(ref Unsafe.AsRef(in k))))
        : Exp(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Log(T a, in LogConstants<T> k) => typeof(T) == typeof(float) && Hoisted.AllFit
        ? AsT(FloatMath.Log<Scalar<float>, float, LogConstants<float>>(AsFloat(a), Unsafe.As<LogConstants<T>, LogConstants<float>>(ref Unsafe.AsRef(in k))))
        : Log(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Tanh(T a, in TanhConstants<T> k) => typeof(T) == typeof(float)
        ? AsT(FloatMath.Tanh<Scalar<float>, float, TanhConstants<float>>(AsFloat(a), Unsafe.As<TanhConstants<T>, TanhConstants<float>>(ref Unsafe.AsRef(in k))))
        : Tanh(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sigmoid(T a, in ExpConstants<T> k) => typeof(T) == typeof(float) && Hoisted.AllFit
        ? AsT(FloatMath.Sigmoid<Scalar<float>, float, ExpConstants<float>>(AsFloat(a), Unsafe.As<ExpConstants<T>, ExpConstants<float>>(ref Unsafe.AsRef(in k))))
        : Sigmoid(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Softplus(T a, in ExpConstants<T> e, in LogConstants<T> l) => !Hoisted.AllFit ? Softplus(a) : SimdMath.Softplus<Scalar<T>, T, T>(a, e, l);
}
