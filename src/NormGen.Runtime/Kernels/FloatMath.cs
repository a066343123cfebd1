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
    public static TV Exp<V, TV>(TV x) where V : struct, ISimd<TV, float> =>
        ExpClamped<V, TV>(AtLeast<V, TV>(AtMost<V, TV>(x, ExpMax), ExpMin));

    // min(x, limit) and max(x, limit) that keep NaN: one minps/maxps on x86 (SimdClamps.cs); Exp, Tanh and Sigmoid are
    // bound by their instruction count.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV AtMost<V, TV>(TV x, float limit) where V : struct, ISimd<TV, float> => V.AtMost(x, V.Splat(limit));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV AtLeast<V, TV>(TV x, float limit) where V : struct, ISimd<TV, float> => V.AtLeast(x, V.Splat(limit));

    /// <summary>
    /// Cody-Waite reduction shared by Exp and Tanh: with k = round(f x / ln 2) (<paramref name="kMagic"/> = RoundMagic + k,
    /// whose low bits build 2^k), returns x - k ln 2 / f, with ln 2 / f split in two (<see cref="Ln2Hi"/> / f is exact for
    /// f = 1 and f = -2, so the first step is exact as described there). <paramref name="lowPart"/> false skips the
    /// k * Ln2Lo / f step (Tanh with FMA, where |k| &lt;= 28 makes it worth 0.03 ulp at most).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Reduce<V, TV>(TV x, float f, bool lowPart, out TV k, out TV kMagic) where V : struct, ISimd<TV, float>
    {
        var magic = V.Splat(RoundMagic);
        kMagic = V.MultiplyAdd(x, V.Splat(f * Log2E), magic);
        k = V.Subtract(kMagic, magic);
        var r = V.NegatedMultiplyAdd(k, V.Splat(Ln2Hi / f), x);
        return lowPart ? V.NegatedMultiplyAdd(k, V.Splat(Ln2Lo / f), r) : r;
    }

    /// <summary>e^x for x already within [<see cref="ExpMin"/>, <see cref="ExpMax"/>] or NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpClamped<V, TV>(TV x) where V : struct, ISimd<TV, float>
    {
        var r = Reduce<V, TV>(x, 1f, lowPart: true, out var k, out _);

        var p = V.MultiplyAdd(V.Splat(0.001381461275741458f), r, V.Splat(0.008368710055947304f));
        p = V.MultiplyAdd(p, r, V.Splat(0.04166838899254799f));
        p = V.MultiplyAdd(p, r, V.Splat(0.1666652113199234f));
        p = V.MultiplyAdd(p, r, V.Splat(0.4999999403953552f));
        var one = V.Splat(1f);
        p = V.MultiplyAdd(p, r, one);
        p = V.MultiplyAdd(p, r, one);
        return V.ScaleByPowerOfTwo(p, k);
    }

    /// <summary>
    /// ln x, max error 0.89 ulp over all 2^32 floats. x = m 2^e with m in [sqrt(1/2), sqrt(2)) (subnormals are
    /// scaled by 2^23 first), f = m - 1 (exact), ln(1 + f) = f - f^2/2 + f^3 (c3 + ... + c11 f^8), a minimax
    /// polynomial with relative error 7.3e-10 (2^-30.4), plus e ln 2 (Cody-Waite). Log(0) = -inf, Log(x &lt; 0) = NaN,
    /// Log(+inf) = +inf.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log<V, TV>(TV x) where V : struct, ISimd<TV, float>
    {
        var subnormal = V.LessThan(x, V.Splat(1.17549435e-38f) /* smallest normal, 2^-126 */);
        var m = V.SplitExponent(V.Select(subnormal, V.Multiply(x, V.Splat(8388608f)), x), out var e);
        e = V.Select(subnormal, V.Subtract(e, V.Splat(23f)), e);
        var f = V.Subtract(m, V.Splat(1f));

        var p = V.MultiplyAdd(V.Splat(0.06914696842432022f), f, V.Splat(-0.11789573729038239f));
        p = V.MultiplyAdd(p, f, V.Splat(0.11873128265142441f));
        p = V.MultiplyAdd(p, f, V.Splat(-0.12384393066167831f));
        p = V.MultiplyAdd(p, f, V.Splat(0.14218644797801971f));
        p = V.MultiplyAdd(p, f, V.Splat(-0.16669248044490814f));
        p = V.MultiplyAdd(p, f, V.Splat(0.20002226531505585f));
        p = V.MultiplyAdd(p, f, V.Splat(-0.24999986588954926f));
        p = V.MultiplyAdd(p, f, V.Splat(0.3333331048488617f));
        p = V.MultiplyAdd(p, f, V.Splat(-0.5f));
        var tail = V.Multiply(V.Multiply(f, f), p);                   // ln(1 + f) - f
        var y = V.Add(V.MultiplyAdd(e, V.Splat(Ln2Lo), tail), f);
        y = V.MultiplyAdd(e, V.Splat(Ln2Hi), y);

        y = V.Select(V.LessThan(x, V.Splat(float.PositiveInfinity)), y, x); // +inf and NaN pass through
        y = V.Select(V.Equal(x, V.Zero), V.Splat(float.NegativeInfinity), y);
        return V.Select(V.LessThan(x, V.Zero), V.Splat(float.NaN), y);
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
    public static TV Tanh<V, TV>(TV x) where V : struct, ISimd<TV, float>
    {
        var a = AtMost<V, TV>(V.Abs(x), TanhSaturation);
        // t = -2a = k ln 2 + r, u = -r/2 = a + k ln 2 / 2, k in [-28, 0]. With FMA, u = a + k * (ln 2 rounded to float)
        // / 2 rounds once and the low half of ln 2 would move it by at most 28 * 9.5e-10: 0.03 ulp of the result.
        var u = Reduce<V, TV>(a, -2f, lowPart: !Fused, out _, out var kMagic);
        var q = V.MultiplyAdd(V.Splat(0.08884815126657486f), u, V.Splat(-0.26772844791412354f));
        q = V.MultiplyAdd(q, u, V.Splat(0.6666752099990845f));
        q = V.MultiplyAdd(q, u, V.Splat(-1.3333234786987305f));
        q = V.MultiplyAdd(q, u, V.Splat(1.9999998807907104f));
        var p = V.NegatedMultiplyAdd(u, q, V.Splat(2f));                      // (1 - e^r) / u
        var one = V.Splat(1f);
        // 2^k from kMagic's low bits: (RoundMagic + k + 127) << 23 keeps exactly (k + 127) << 23, a normal float (vscalef
        // instead, one instruction less on AVX-512, measured the same time).
        var scale = V.ShiftLeftBits(V.AddBits(kMagic, V.Splat(BitConverter.Int32BitsToSingle(127))), 23);
        var numerator = V.MultiplyAdd(V.Multiply(scale, u), p, V.Subtract(one, scale)); // 1 - e^t
        var denominator = V.Subtract(V.Splat(2f), numerator);                            // 1 + e^t
        return V.CopySign(V.Divide(numerator, denominator), x);
    }

    /// <summary>
    /// 1 / (1 + e^-x), max error 2.40 ulp over all 2^32 floats (for x &lt; 0, E's own error, the rounding of 1 + E
    /// and of the quotient add up), including the subnormal results below x = -87 that 1 / (1 + e^-x) would flush
    /// to 0: with E = e^-|x| in (0, 1], it is 1 / (1 + E) for x &gt;= 0 and E / (1 + E) for x &lt; 0, one division
    /// either way. Sigmoid(-inf) = 0, Sigmoid(+inf) = 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Sigmoid<V, TV>(TV x) where V : struct, ISimd<TV, float>
    {
        var one = V.Splat(1f);
        var e = ExpClamped<V, TV>(V.Negate(AtMost<V, TV>(V.Abs(x), -ExpMin)));
        return V.Divide(V.Select(V.LessThan(x, V.Zero), e, one), V.Add(one, e));
    }
}
