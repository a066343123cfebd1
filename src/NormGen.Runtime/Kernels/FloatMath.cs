using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace NormGen.Kernels;

/// <summary>
/// float32 Exp, Log, Tanh and Sigmoid for every width, written once over <see cref="ISimd{TV, T}"/> so that
/// <see cref="Simd512{T}"/>, <see cref="Simd256{T}"/>, <see cref="Simd128{T}"/> and <see cref="Scalar{T}"/> (a
/// row's tail) run the same operations and agree bit for bit. Branch-free: range reduction, a minimax
/// polynomial, and <see cref="ISimd{TV, T}.Select"/> for the special values, which follow System.MathF
/// (NaN in, NaN out; Exp(-inf) = 0, Log(0) = -inf, Tanh(-0) = -0, ...).
/// </summary>
/// <remarks>
/// Error bounds are the maximum over all 2^32 float inputs against the float64 function, in ulps of the exact
/// result, measured with FMA by <c>NORMGEN_ULP_FULL=1 dotnet test tests/NormGen.Tests -c Release --filter
/// FloatMathUlpTests</c> (docs/transcendentals.md).
/// The polynomial coefficients come from tools/coefficients/remez.py (a weighted Remez exchange in mpmath, error
/// relative to the function's value) rounded to float; that script prints each polynomial's own error.
/// Double precision is not here: the widths keep .NET's Vector*.Exp/Log and <see cref="SimdMath"/>.
/// </remarks>
internal static class FloatMath
{
    // Beyond these the result is +inf (e^89 > float.MaxValue) or 0 (e^-104 is below half the smallest subnormal);
    // clamping keeps k = round(x / ln 2) within [-150, 128], which ScaleByPowerOfTwo takes exactly.
    private const float ExpMax = 89f, ExpMin = -104f;
    private const float Log2E = 1.44269504088896341f;
    // ln 2 = Ln2Hi + Ln2Lo (Cody-Waite). Where MultiplyAdd fuses, Ln2Hi is ln 2 rounded to float: x - k * Ln2Hi is then
    // exact for every |x| <= 104 (both are multiples of 2^-25 and the difference is below 1/2), so only the tiny
    // k * Ln2Lo term rounds. Without FMA, k * Ln2Hi itself must be exact: Ln2Hi = 355/512 has 9 significant bits,
    // |k| <= 150 has 8, and x - k * Ln2Hi is exact as before.
    // These three are JIT-time constants only once inlined: in a large generated kernel the JIT's inlining budget runs
    // out and, without AggressiveInlining, Exp's loop body called get_Ln2Hi and get_Ln2Lo for every vector, and each call
    // spilled every live vector register (DyT's forward ran at 2.5 copies instead of 1.5; docs/transcendentals.md, Speed).
    private static float Ln2Hi
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Fused ? 0.693147182464599609375f : 0.693359375f;
    }

    private static float Ln2Lo
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Fused ? -1.9046542999577e-9f : -2.12194440e-4f;
    }

    // Whether ISimd.MultiplyAdd is one rounding (a JIT-time constant; Scalar and the vector widths agree on it).
    private static bool Fused
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Fma.IsSupported || AdvSimd.IsSupported;
    }
    // 1.5 * 2^23: adding and subtracting it rounds a float below 2^22 in magnitude to the nearest integer.
    private const float RoundMagic = 12582912f;

    /// <summary>
    /// e^x, max error 0.91 ulp over all 2^32 floats (1.13 ulp on the CI sweep without FMA; subnormal results count
    /// in units of 2^-149).
    /// x = k ln 2 + r, |r| &lt;= ln2 / 2; e^r = 1 + r + r^2 (c2 + ... + c6 r^4), a degree-6 minimax polynomial with
    /// relative error 3.1e-9 (2^-28.3); then r scaled by 2^k in one rounding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Exp<V, TV>(TV x) where V : struct, ISimd<TV, float> => Exp<V, TV, ExpLiteral<V, TV>>(x, default);

    /// <summary><see cref="Exp{V, TV}(TV)"/> with its constants from <paramref name="k"/> (MathConstants.cs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Exp<V, TV, K>(TV x, in K k) where V : struct, ISimd<TV, float> where K : struct, IExpConstants<TV> =>
        ExpClamped<V, TV, K>(V.AtLeast(V.AtMost(x, k.Max), k.Min), k);

    /// <summary>Exp's and Sigmoid's constants as JIT-time constants: the one-argument functions' source.</summary>
    internal readonly struct ExpLiteral<V, TV> : IExpConstants<TV> where V : struct, ISimd<TV, float>
    {
        public TV Max { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(ExpMax); }
        public TV Min { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(ExpMin); }
        public TV SigmoidLimit { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(-ExpMin); }
        public TV Log2E { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(FloatMath.Log2E); }
        public TV Magic { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(RoundMagic); }
        public TV Ln2Hi { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(FloatMath.Ln2Hi); }
        public TV Ln2Lo { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(FloatMath.Ln2Lo); }
        public TV P0 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(0.001381461275741458f); }
        public TV P1 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(0.008368710055947304f); }
        public TV P2 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(0.04166838899254799f); }
        public TV P3 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(0.1666652113199234f); }
        public TV P4 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(0.4999999403953552f); }
        public TV One { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(1f); }
    }

    /// <summary>
    /// Cody-Waite reduction shared by Exp and Tanh: with k = round(f x / ln 2) (<paramref name="log2E"/> = f / ln 2,
    /// <paramref name="magic"/> = RoundMagic; <paramref name="kMagic"/> = RoundMagic + k, whose low bits build 2^k), returns
    /// x - k ln 2 / f, with ln 2 / f split in two (<paramref name="ln2Hi"/> = <see cref="Ln2Hi"/> / f is exact for f = 1
    /// and f = -2, so the first step is exact as described there). <paramref name="lowPart"/> false skips the
    /// k * Ln2Lo / f step (Tanh with FMA, where |k| &lt;= 28 makes it worth 0.03 ulp at most). The constants come from
    /// the caller's source (the literal structs below, or a kernel's hoisted ones: MathConstants.cs).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Reduce<V, TV>(TV x, TV log2E, TV magic, TV ln2Hi, TV ln2Lo, bool lowPart, out TV k, out TV kMagic) where V : struct, ISimd<TV, float>
    {
        kMagic = V.MultiplyAdd(x, log2E, magic);
        k = V.Subtract(kMagic, magic);
        var r = V.NegatedMultiplyAdd(k, ln2Hi, x);
        return lowPart ? V.NegatedMultiplyAdd(k, ln2Lo, r) : r;
    }

    /// <summary>e^x for x already within [<see cref="ExpMin"/>, <see cref="ExpMax"/>] or NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpClamped<V, TV, K>(TV x, in K c) where V : struct, ISimd<TV, float> where K : struct, IExpConstants<TV>
    {
        var r = Reduce<V, TV>(x, c.Log2E, c.Magic, c.Ln2Hi, c.Ln2Lo, lowPart: true, out var k, out _);

        var p = V.MultiplyAdd(c.P0, r, c.P1);
        p = V.MultiplyAdd(p, r, c.P2);
        p = V.MultiplyAdd(p, r, c.P3);
        p = V.MultiplyAdd(p, r, c.P4);
        p = V.MultiplyAdd(p, r, c.One);
        p = V.MultiplyAdd(p, r, c.One);
        return V.ScaleByPowerOfTwo(p, k);
    }

    /// <summary>
    /// ln x, max error 0.89 ulp over all 2^32 floats. x = m 2^e with m in [sqrt(1/2), sqrt(2)) (subnormals are
    /// scaled by 2^23 first), f = m - 1 (exact), ln(1 + f) = f - f^2/2 + f^3 (c3 + ... + c11 f^8), a minimax
    /// polynomial with relative error 7.3e-10 (2^-30.4), plus e ln 2 (Cody-Waite). Log(0) = -inf, Log(x &lt; 0) = NaN,
    /// Log(+inf) = +inf.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log<V, TV>(TV x) where V : struct, ISimd<TV, float> => Log<V, TV, LogLiteral<V, TV>>(x, default);

    /// <summary><see cref="Log{V, TV}(TV)"/> with its constants from <paramref name="c"/> (MathConstants.cs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log<V, TV, K>(TV x, in K c) where V : struct, ISimd<TV, float> where K : struct, ILogConstants<TV>
    {
        var subnormal = V.LessThan(x, c.SmallestNormal);
        var m = V.SplitExponent(V.Select(subnormal, V.Multiply(x, c.TwoTo23), x), out var e);
        e = V.Select(subnormal, V.Subtract(e, c.TwentyThree), e);
        var f = V.Subtract(m, c.One);

        var p = V.MultiplyAdd(c.P0, f, c.P1);
        p = V.MultiplyAdd(p, f, c.P2);
        p = V.MultiplyAdd(p, f, c.P3);
        p = V.MultiplyAdd(p, f, c.P4);
        p = V.MultiplyAdd(p, f, c.P5);
        p = V.MultiplyAdd(p, f, c.P6);
        p = V.MultiplyAdd(p, f, c.P7);
        p = V.MultiplyAdd(p, f, c.P8);
        p = V.MultiplyAdd(p, f, c.P9);
        var tail = V.Multiply(V.Multiply(f, f), p);                   // ln(1 + f) - f
        var y = V.Add(V.MultiplyAdd(e, c.Ln2Lo, tail), f);
        y = V.MultiplyAdd(e, c.Ln2Hi, y);

        y = V.Select(V.LessThan(x, c.Infinity), y, x); // +inf and NaN pass through
        y = V.Select(V.Equal(x, V.Zero), c.NegativeInfinity, y);
        return V.Select(V.LessThan(x, V.Zero), c.NaN, y);
    }

    /// <summary>Log's constants as JIT-time constants: the one-argument function's source.</summary>
    internal readonly struct LogLiteral<V, TV> : ILogConstants<TV> where V : struct, ISimd<TV, float>
    {
        public TV SmallestNormal { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(1.17549435e-38f /* 2^-126 */); }
        public TV TwoTo23 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(8388608f); }
        public TV TwentyThree { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(23f); }
        public TV One { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(1f); }
        public TV P0 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(0.06914696842432022f); }
        public TV P1 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(-0.11789573729038239f); }
        public TV P2 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(0.11873128265142441f); }
        public TV P3 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(-0.12384393066167831f); }
        public TV P4 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(0.14218644797801971f); }
        public TV P5 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(-0.16669248044490814f); }
        public TV P6 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(0.20002226531505585f); }
        public TV P7 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(-0.24999986588954926f); }
        public TV P8 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(0.3333331048488617f); }
        public TV P9 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(-0.5f); }
        public TV Ln2Lo { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(FloatMath.Ln2Lo); }
        public TV Ln2Hi { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(FloatMath.Ln2Hi); }
        public TV Infinity { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(float.PositiveInfinity); }
        public TV NegativeInfinity { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(float.NegativeInfinity); }
        public TV NaN { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(float.NaN); }
    }

    // tanh(9.5) rounds to 1 in float; clamping there keeps e^-2|x| within the reduction's range without losing NaN.
    private const float TanhSaturation = 9.5f;

    /// <summary>
    /// tanh x, max error 2.56 ulp over all 2^32 floats. With a = |x| and t = -2a: tanh a = (1 - e^t) / (1 + e^t), the
    /// numerator from e^t - 1 in one fused multiply-add, so small a loses nothing to cancellation and no separate
    /// small-x polynomial (or select between two results) is needed: t = k ln 2 + r, r = -2u, 1 - e^r = u P(u),
    /// P(u) = 2 - u (c0 + ... + c4 u^4), a minimax fit with relative error 1.3e-8 (2^-26.2); then
    /// 1 - e^t = (2^k u) P + (1 - 2^k) (2^k u exact) and 1 + e^t = 2 - (1 - e^t), one division. 18 x86 vector
    /// instructions (AVX2 or AVX-512), against 22 for the form before (1.93 ulp: the denominator from its own
    /// multiply-add, 2u - u^2 q, the low half of ln 2, a compare-and-blend clamp): DyT's forward is bound by Tanh's
    /// instruction count, and issue 14 allows 4 ulp; the 0.63 ulp bought 0.77 of the time (docs/transcendentals.md).
    /// Subnormal x come back exactly; the sign is copied from x, so Tanh(-0) = -0 and Tanh(±inf) = ±1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Tanh<V, TV>(TV x) where V : struct, ISimd<TV, float> => Tanh<V, TV, TanhLiteral<V, TV>>(x, default);

    /// <summary><see cref="Tanh{V, TV}(TV)"/> with its constants from <paramref name="c"/> (MathConstants.cs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Tanh<V, TV, K>(TV x, in K c) where V : struct, ISimd<TV, float> where K : struct, ITanhConstants<TV>
    {
        var a = V.AtMost(V.Abs(x), c.Saturation);
        // t = -2a = k ln 2 + r, u = -r/2 = a + k ln 2 / 2, k in [-28, 0]. With FMA, u = a + k * (ln 2 rounded to float)
        // / 2 rounds once and the low half of ln 2 would move it by at most 28 * 9.5e-10: 0.03 ulp of the result.
        var u = Reduce<V, TV>(a, c.Log2E, c.Magic, c.Ln2Hi, c.Ln2Lo, lowPart: !Fused, out _, out var kMagic);
        var q = V.MultiplyAdd(c.Q0, u, c.Q1);
        q = V.MultiplyAdd(q, u, c.Q2);
        q = V.MultiplyAdd(q, u, c.Q3);
        q = V.MultiplyAdd(q, u, c.Q4);
        var p = V.NegatedMultiplyAdd(u, q, c.Two);                      // (1 - e^r) / u
        // 2^k from kMagic's low bits: (RoundMagic + k + 127) << 23 keeps exactly (k + 127) << 23, a normal float (vscalef
        // instead, one instruction less on AVX-512, measured the same time).
        var scale = V.ShiftLeftBits(V.AddBits(kMagic, c.Bias), 23);
        var numerator = V.MultiplyAdd(V.Multiply(scale, u), p, V.Subtract(c.One, scale)); // 1 - e^t
        var denominator = V.Subtract(c.Two, numerator);                                  // 1 + e^t
        return V.CopySign(V.Divide(numerator, denominator), x);
    }

    /// <summary>Tanh's constants as JIT-time constants, the one-argument function's source (Exp's reduction with ln 2 / -2:
    /// Ln2Hi / -2 is exact).</summary>
    internal readonly struct TanhLiteral<V, TV> : ITanhConstants<TV> where V : struct, ISimd<TV, float>
    {
        public TV Saturation { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(TanhSaturation); }
        public TV Log2E { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(-2f * FloatMath.Log2E); }
        public TV Magic { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(RoundMagic); }
        public TV Ln2Hi { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(FloatMath.Ln2Hi / -2f); }
        public TV Ln2Lo { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(FloatMath.Ln2Lo / -2f); }
        public TV Q0 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(0.08884815126657486f); }
        public TV Q1 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(-0.26772844791412354f); }
        public TV Q2 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(0.6666752099990845f); }
        public TV Q3 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(-1.3333234786987305f); }
        public TV Q4 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(1.9999998807907104f); }
        public TV Two { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(2f); }
        public TV One { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(1f); }
        public TV Bias { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => V.Splat(BitConverter.Int32BitsToSingle(127)); }
    }

    /// <summary>
    /// 1 / (1 + e^-x), max error 2.40 ulp over all 2^32 floats (for x &lt; 0, E's own error, the rounding of 1 + E
    /// and of the quotient add up), including the subnormal results below x = -87 that 1 / (1 + e^-x) would flush
    /// to 0: with E = e^-|x| in (0, 1], it is 1 / (1 + E) for x &gt;= 0 and E / (1 + E) for x &lt; 0, one division
    /// either way. Sigmoid(-inf) = 0, Sigmoid(+inf) = 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Sigmoid<V, TV>(TV x) where V : struct, ISimd<TV, float> => Sigmoid<V, TV, ExpLiteral<V, TV>>(x, default);

    /// <summary><see cref="Sigmoid{V, TV}(TV)"/> with Exp's constants from <paramref name="c"/> (MathConstants.cs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Sigmoid<V, TV, K>(TV x, in K c) where V : struct, ISimd<TV, float> where K : struct, IExpConstants<TV>
    {
        var e = ExpClamped<V, TV, K>(V.Negate(V.AtMost(V.Abs(x), c.SigmoidLimit)), c);
        return V.Divide(V.Select(V.LessThan(x, V.Zero), e, c.One), V.Add(c.One, e));
    }
}
