using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NormGen.Kernels;

/// <summary>
/// <see cref="Simd512{T}"/> with every load of <typeparamref name="T"/> made as two 256-bit halves (<c>vmovups ymm</c>,
/// then <c>vinsertf32x8</c> with the upper half as its memory operand); every other member is Simd512's. Same lanes,
/// same arithmetic, so the same bits: only how a vector reaches its register differs.
/// </summary>
/// <remarks>
/// A generated kernel running Vector512 loads through this, in a call larger than the cache, the rows of a sweep that
/// are off 64-byte lines (<see cref="Alignment.SplitLoadMode"/>), as a <c>float[]</c>'s rows are (.NET places large
/// arrays 24 bytes past one).
/// Every whole 512-bit load from such a row spans two cache lines, and on the AMD EPYC (Zen 4) these were measured
/// they cost far more than the two halves, of which only one spans a line: a hand RMSNorm-backward-like loop at
/// 4096x1024 with x, dy and dx 24 bytes off a line took 1.45-1.66 ms with whole loads against 0.92-0.98 with halves,
/// and 0.84-0.90 with everything on lines (docs/benchmarks.md, "Rows at different offsets"). Stores stay whole: a
/// split store measured free there. Half and bfloat16 loads are 256-bit loads already and stay as they are.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)] // called by generated kernels; public for them, hidden from IntelliSense
public readonly struct Simd512SplitLoads<T> : ISimd<Vector512<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T source, nint index) =>
        Vector256.LoadUnsafe(ref Unsafe.Add(ref source, index)).ToVector512Unsafe()
            .WithUpper(Vector256.LoadUnsafe(ref Unsafe.Add(ref source, index + Vector256<T>.Count)));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load<TStorage>(ref TStorage source, nint index) where TStorage : unmanaged =>
        typeof(TStorage) == typeof(T) ? Load(ref Unsafe.As<TStorage, T>(ref source), index) : Simd512<T>.Load(ref source, index);

    // The rest is Simd512's.

    /// <inheritdoc/>
    public static int Count
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Simd512<T>.Count;
    }

    /// <inheritdoc/>
    public static Vector512<T> Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Simd512<T>.Zero;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Splat(T value) => Simd512<T>.Splat(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T destination, nint index) => Simd512<T>.Store(value, ref destination, index);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<TStorage>(Vector512<T> value, ref TStorage destination, nint index) where TStorage : unmanaged => Simd512<T>.Store<TStorage>(value, ref destination, index);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => Simd512<T>.Add(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Subtract(Vector512<T> a, Vector512<T> b) => Simd512<T>.Subtract(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Multiply(Vector512<T> a, Vector512<T> b) => Simd512<T>.Multiply(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Divide(Vector512<T> a, Vector512<T> b) => Simd512<T>.Divide(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Negate(Vector512<T> a) => Simd512<T>.Negate(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c) => Simd512<T>.MultiplyAdd(a, b, c);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> NegatedMultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c) => Simd512<T>.NegatedMultiplyAdd(a, b, c);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sqrt(Vector512<T> a) => Simd512<T>.Sqrt(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Rsqrt(Vector512<T> a) => Simd512<T>.Rsqrt(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Exp(Vector512<T> a) => Simd512<T>.Exp(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Log(Vector512<T> a) => Simd512<T>.Log(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Tanh(Vector512<T> a) => Simd512<T>.Tanh(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sigmoid(Vector512<T> a) => Simd512<T>.Sigmoid(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Softplus(Vector512<T> a) => Simd512<T>.Softplus(a);

    /// <inheritdoc/>
    public static ExpConstants<Vector512<T>> ExpConstants
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Simd512<T>.ExpConstants;
    }

    /// <inheritdoc/>
    public static LogConstants<Vector512<T>> LogConstants
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Simd512<T>.LogConstants;
    }

    /// <inheritdoc/>
    public static TanhConstants<Vector512<T>> TanhConstants
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Simd512<T>.TanhConstants;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Exp(Vector512<T> a, in ExpConstants<Vector512<T>> k) => Simd512<T>.Exp(a, in k);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Log(Vector512<T> a, in LogConstants<Vector512<T>> k) => Simd512<T>.Log(a, in k);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Tanh(Vector512<T> a, in TanhConstants<Vector512<T>> k) => Simd512<T>.Tanh(a, in k);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sigmoid(Vector512<T> a, in ExpConstants<Vector512<T>> k) => Simd512<T>.Sigmoid(a, in k);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Softplus(Vector512<T> a, in ExpConstants<Vector512<T>> e, in LogConstants<Vector512<T>> l) => Simd512<T>.Softplus(a, in e, in l);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Abs(Vector512<T> a) => Simd512<T>.Abs(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sign(Vector512<T> a) => Simd512<T>.Sign(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Max(Vector512<T> a, Vector512<T> b) => Simd512<T>.Max(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Min(Vector512<T> a, Vector512<T> b) => Simd512<T>.Min(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> AtMost(Vector512<T> x, Vector512<T> limit) => Simd512<T>.AtMost(x, limit);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> AtLeast(Vector512<T> x, Vector512<T> limit) => Simd512<T>.AtLeast(x, limit);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Pow(Vector512<T> a, T p) => Simd512<T>.Pow(a, p);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> EqualMask(Vector512<T> a, Vector512<T> b) => Simd512<T>.EqualMask(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> GreaterMask(Vector512<T> a, Vector512<T> b) => Simd512<T>.GreaterMask(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> LessThan(Vector512<T> a, Vector512<T> b) => Simd512<T>.LessThan(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Equal(Vector512<T> a, Vector512<T> b) => Simd512<T>.Equal(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Select(Vector512<T> mask, Vector512<T> a, Vector512<T> b) => Simd512<T>.Select(mask, a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> CopySign(Vector512<T> magnitude, Vector512<T> sign) => Simd512<T>.CopySign(magnitude, sign);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> ScaleByPowerOfTwo(Vector512<T> a, Vector512<T> k) => Simd512<T>.ScaleByPowerOfTwo(a, k);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> SplitExponent(Vector512<T> x, out Vector512<T> exponent) => Simd512<T>.SplitExponent(x, out exponent);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> AndBits(Vector512<T> a, Vector512<T> b) => Simd512<T>.AndBits(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> OrBits(Vector512<T> a, Vector512<T> b) => Simd512<T>.OrBits(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> AddBits(Vector512<T> a, Vector512<T> b) => Simd512<T>.AddBits(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> SubtractBits(Vector512<T> a, Vector512<T> b) => Simd512<T>.SubtractBits(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> ShiftLeftBits(Vector512<T> a, int count) => Simd512<T>.ShiftLeftBits(a, count);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> ShiftRightBits(Vector512<T> a, int count) => Simd512<T>.ShiftRightBits(a, count);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> EqualBits(Vector512<T> a, Vector512<T> b) => Simd512<T>.EqualBits(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> GreaterThanBits(Vector512<T> a, Vector512<T> b) => Simd512<T>.GreaterThanBits(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MinBits(Vector512<T> a, Vector512<T> b) => Simd512<T>.MinBits(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MaxBits(Vector512<T> a, Vector512<T> b) => Simd512<T>.MaxBits(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector512<T> a) => Simd512<T>.Sum(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAcross(Vector512<T> a) => Simd512<T>.MaxAcross(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MinAcross(Vector512<T> a) => Simd512<T>.MinAcross(a);
}
