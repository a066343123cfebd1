using System.ComponentModel;
using System.Numerics;

namespace NormGen.Kernels;

/// <summary>
/// The vector vocabulary generated kernels are written in. A kernel is one generic method over
/// <c>V : ISimd&lt;TV, T&gt;</c> and the vector type <c>TV</c> it works on; the dispatcher instantiates it with
/// (<see cref="Simd512{T}"/>, <c>Vector512&lt;T&gt;</c>), (<see cref="Simd256{T}"/>, <c>Vector256&lt;T&gt;</c>),
/// (<see cref="Simd128{T}"/>, <c>Vector128&lt;T&gt;</c>), whichever the JIT reports accelerated, or
/// (<see cref="Scalar{T}"/>, <c>T</c>), so one text serves every width.
/// </summary>
/// <remarks>
/// <c>V</c> is a stateless struct of static operations and the values are the runtime's own vector types, not a
/// wrapper around them: the JIT folds loads into arithmetic and accumulates in place (vfmadd231) only when the
/// values it sees are SIMD types; through a one-field wrapper struct it copies every result once more.
/// Every member is a JIT-time constant or an aggressively inlined intrinsic.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)] // called by generated kernels; public for them, hidden from IntelliSense
public interface ISimd<TV, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Lanes per value (1 for <see cref="Scalar{T}"/>).</summary>
    static abstract int Count { get; }
    /// <summary>All lanes zero.</summary>
    static abstract TV Zero { get; }
    /// <summary>Every lane set to <paramref name="value"/>.</summary>
    static abstract TV Splat(T value);
    /// <summary>Loads <see cref="Count"/> elements starting at <c>Unsafe.Add(ref source, index)</c>.</summary>
    static abstract TV Load(ref T source, nint index);
    /// <summary>Stores the <see cref="Count"/> lanes of <paramref name="value"/> starting at <c>Unsafe.Add(ref destination, index)</c>.</summary>
    static abstract void Store(TV value, ref T destination, nint index);

    /// <summary>
    /// Loads <see cref="Count"/> elements of storage type <typeparamref name="TStorage"/> starting at
    /// <c>Unsafe.Add(ref source, index)</c> and widens them exactly to <typeparamref name="T"/>: with
    /// <typeparamref name="TStorage"/> = <typeparamref name="T"/> this is <see cref="Load(ref T, nint)"/> (the JIT
    /// folds the choice away); with <typeparamref name="T"/> = float it also reads <see cref="Half"/> and
    /// <see cref="BFloat16"/>, branch-free. Any other pair throws <see cref="NotSupportedException"/>.
    /// </summary>
    /// <remarks>
    /// A kernel generic over its tensors' storage type <c>TS</c> calls <c>V.Load&lt;TS&gt;(ref x, i)</c> and
    /// <c>V.Store&lt;TS&gt;(y, ref dst, i)</c>, and the same text serves float, double, Half and bfloat16 storage.
    /// </remarks>
    static abstract TV Load<TStorage>(ref TStorage source, nint index) where TStorage : unmanaged;
    /// <summary>
    /// Narrows the <see cref="Count"/> lanes of <paramref name="value"/> to <typeparamref name="TStorage"/>, each rounded
    /// to nearest, ties to even (a NaN stays a quiet NaN), and stores them starting at
    /// <c>Unsafe.Add(ref destination, index)</c>; <typeparamref name="TStorage"/> = <typeparamref name="T"/> is
    /// <see cref="Store(TV, ref T, nint)"/>. Supports the pairs <see cref="Load{TStorage}"/> does.
    /// </summary>
    static abstract void Store<TStorage>(TV value, ref TStorage destination, nint index) where TStorage : unmanaged;

    /// <summary>a + b, lane-wise.</summary>
    static abstract TV Add(TV a, TV b);
    /// <summary>a - b, lane-wise.</summary>
    static abstract TV Subtract(TV a, TV b);
    /// <summary>a * b, lane-wise.</summary>
    static abstract TV Multiply(TV a, TV b);
    /// <summary>a / b, lane-wise.</summary>
    static abstract TV Divide(TV a, TV b);
    /// <summary>-a, lane-wise.</summary>
    static abstract TV Negate(TV a);

    /// <summary>a * b + c, fused where the hardware has FMA.</summary>
    static abstract TV MultiplyAdd(TV a, TV b, TV c);
    /// <summary>c - a * b, fused where <see cref="MultiplyAdd"/> is.</summary>
    static abstract TV NegatedMultiplyAdd(TV a, TV b, TV c);
    /// <summary>sqrt(a), lane-wise, correctly rounded.</summary>
    static abstract TV Sqrt(TV a);
    /// <summary>Exactly 1 / sqrt(a) (no hardware estimate: kernels must match float64 references).</summary>
    static abstract TV Rsqrt(TV a);
    /// <summary>e^a, lane-wise.</summary>
    static abstract TV Exp(TV a);
    /// <summary>The natural logarithm of a, lane-wise.</summary>
    static abstract TV Log(TV a);
    /// <summary>tanh(a), lane-wise.</summary>
    static abstract TV Tanh(TV a);
    /// <summary>1 / (1 + e^-a), lane-wise.</summary>
    static abstract TV Sigmoid(TV a);
    /// <summary>log(1 + e^a), lane-wise, as PyTorch's softplus: a itself above 20.</summary>
    static abstract TV Softplus(TV a);
    /// <summary>
    /// The constants of <see cref="Exp(TV)"/> and <see cref="Sigmoid(TV)"/>, for a kernel to read once before its loops
    /// and pass to <see cref="Exp(TV, in ExpConstants{TV})"/> and <see cref="Sigmoid(TV, in ExpConstants{TV})"/>, which then
    /// take them from registers instead of reloading them per vector (MathConstants.cs); unused (default) for double.
    /// </summary>
    static abstract ExpConstants<TV> ExpConstants { get; }
    /// <summary>The constants of <see cref="Log(TV)"/> (see <see cref="ExpConstants"/>).</summary>
    static abstract LogConstants<TV> LogConstants { get; }
    /// <summary>The constants of <see cref="Tanh(TV)"/> (see <see cref="ExpConstants"/>).</summary>
    static abstract TanhConstants<TV> TanhConstants { get; }
    /// <summary><see cref="Exp(TV)"/>, bit for bit, with its constants from <see cref="ExpConstants"/>.</summary>
    static abstract TV Exp(TV a, in ExpConstants<TV> k);
    /// <summary><see cref="Log(TV)"/>, bit for bit, with its constants from <see cref="LogConstants"/>.</summary>
    static abstract TV Log(TV a, in LogConstants<TV> k);
    /// <summary><see cref="Tanh(TV)"/>, bit for bit, with its constants from <see cref="TanhConstants"/>.</summary>
    static abstract TV Tanh(TV a, in TanhConstants<TV> k);
    /// <summary><see cref="Sigmoid(TV)"/>, bit for bit, with Exp's constants from <see cref="ExpConstants"/>.</summary>
    static abstract TV Sigmoid(TV a, in ExpConstants<TV> k);
    /// <summary><see cref="Softplus(TV)"/>, bit for bit, with Exp's and Log's constants.</summary>
    static abstract TV Softplus(TV a, in ExpConstants<TV> e, in LogConstants<TV> l);
    /// <summary>|a|, lane-wise.</summary>
    static abstract TV Abs(TV a);
    /// <summary>sign(a) as -1, 0 or 1 (the derivative of <see cref="Abs"/>).</summary>
    static abstract TV Sign(TV a);
    /// <summary>The larger of a and b, lane-wise.</summary>
    static abstract TV Max(TV a, TV b);
    /// <summary>The smaller of a and b, lane-wise.</summary>
    static abstract TV Min(TV a, TV b);
    /// <summary>min(x, limit) where a NaN x passes through (the transcendentals' clamps; SimdClamps.cs).</summary>
    static abstract TV AtMost(TV x, TV limit);
    /// <summary>max(x, limit) where a NaN x passes through (the transcendentals' clamps; SimdClamps.cs).</summary>
    static abstract TV AtLeast(TV x, TV limit);
    /// <summary>a^p for a constant p, element-wise (p is not an integer here; integer powers are multiplied out).</summary>
    static abstract TV Pow(TV a, T p);
    /// <summary>1 where a == b, else 0 (finds the ties among which a Max/Min or Maximum/Minimum gradient is split).</summary>
    static abstract TV EqualMask(TV a, TV b);
    /// <summary>1 where a &gt; b, else 0 (routes a Maximum/Minimum gradient).</summary>
    static abstract TV GreaterMask(TV a, TV b);

    /// <summary>All bits set in the lanes where a &lt; b, zero elsewhere (and where either is NaN); feeds <see cref="Select"/>.</summary>
    static abstract TV LessThan(TV a, TV b);
    /// <summary>All bits set in the lanes where a == b (+0 == -0), zero elsewhere; feeds <see cref="Select"/>.</summary>
    static abstract TV Equal(TV a, TV b);
    /// <summary>a where the lane of <paramref name="mask"/> (from <see cref="LessThan"/> or <see cref="Equal"/>) is set, else b.</summary>
    static abstract TV Select(TV mask, TV a, TV b);
    /// <summary>|magnitude| with the sign bit of <paramref name="sign"/>.</summary>
    static abstract TV CopySign(TV magnitude, TV sign);
    /// <summary>
    /// a * 2^k, rounded once, for integral k within twice the normal exponent range (float: [-252, 254]); exact
    /// unless the result is subnormal or overflows. Builds 2^k from exponent bits: the core of <c>Exp</c>.
    /// </summary>
    static abstract TV ScaleByPowerOfTwo(TV a, TV k);
    /// <summary>
    /// Splits a positive normal x into m * 2^e with m in [sqrt(1/2), sqrt(2)), returning m (exactly) and e (an
    /// integer); anything else (zero, subnormal, negative, infinite, NaN) gives unspecified finite-or-not lanes
    /// that the caller replaces. The core of <c>Log</c>.
    /// </summary>
    static abstract TV SplitExponent(TV x, out TV exponent);

    // The lanes' bits as integers of T's width (32-bit for float, 64-bit for double): what StorageMath writes the
    // Half and bfloat16 conversions in, once for every width.

    /// <summary>a &amp; b, bitwise.</summary>
    static abstract TV AndBits(TV a, TV b);
    /// <summary>a | b, bitwise.</summary>
    static abstract TV OrBits(TV a, TV b);
    /// <summary>a + b on the lanes' bits as unsigned integers (wrapping).</summary>
    static abstract TV AddBits(TV a, TV b);
    /// <summary>a - b on the lanes' bits as unsigned integers (wrapping).</summary>
    static abstract TV SubtractBits(TV a, TV b);
    /// <summary>The lanes' bits shifted left by <paramref name="count"/>.</summary>
    static abstract TV ShiftLeftBits(TV a, int count);
    /// <summary>The lanes' bits shifted right by <paramref name="count"/>, zeros shifted in.</summary>
    static abstract TV ShiftRightBits(TV a, int count);
    /// <summary>All bits set in the lanes whose bits are equal, zero elsewhere (a NaN equals itself here); feeds <see cref="Select"/> and <see cref="AndBits"/>.</summary>
    static abstract TV EqualBits(TV a, TV b);
    /// <summary>All bits set in the lanes where a &gt; b as signed integers, zero elsewhere.</summary>
    static abstract TV GreaterThanBits(TV a, TV b);
    /// <summary>The smaller of a and b as signed integers.</summary>
    static abstract TV MinBits(TV a, TV b);
    /// <summary>The larger of a and b as signed integers.</summary>
    static abstract TV MaxBits(TV a, TV b);

    /// <summary>The sum of the lanes of <paramref name="a"/> (horizontal reduction).</summary>
    static abstract T Sum(TV a);
    /// <summary>The largest lane of <paramref name="a"/>.</summary>
    static abstract T MaxAcross(TV a);
    /// <summary>The smallest lane of <paramref name="a"/>.</summary>
    static abstract T MinAcross(TV a);
}
