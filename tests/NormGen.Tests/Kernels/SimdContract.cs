using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using NormGen.Kernels;

namespace NormGen.Tests.Kernels;

/// <summary>
/// Every <see cref="ISimd{TV, T}"/> member of one width and element type against scalar Math in float64.
/// Each concrete subclass runs the whole contract for its (width, T).
/// </summary>
public abstract class SimdContract<V, TV, T>
    where V : struct, ISimd<TV, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    // The relative size of one ulp of T (an upper bound: 2^-(mantissa bits)).
    private static readonly double s_ulp = typeof(T) == typeof(float) ? Math.Pow(2, -23) : Math.Pow(2, -52);

    protected abstract int ExpectedCount { get; }

    [Fact]
    public void Count_is_the_lane_count_of_the_width()
    {
        Assert.Equal(ExpectedCount, V.Count);
    }

    [Fact]
    public void Zero_Splat_Load_and_Store()
    {
        var source = Values(V.Count + 3, -5, 5, seed: 1);
        var destination = new T[V.Count + 5];
        // Offsets 3 and 2 are unaligned on purpose.
        V.Store(V.Load(ref MemoryMarshal.GetArrayDataReference(source), 3), ref MemoryMarshal.GetArrayDataReference(destination), 2);
        Assert.Equal(source[3..], destination[2..(2 + V.Count)]);
        Assert.All(destination[..2].Concat(destination[(2 + V.Count)..]), v => Assert.Equal(T.Zero, v));
        Assert.All(Lanes(V.Zero), v => Assert.Equal(T.Zero, v));
        Assert.All(Lanes(V.Splat(T.CreateTruncating(2.5))), v => Assert.Equal(T.CreateTruncating(2.5), v));
    }

    [Fact]
    public void Arithmetic_is_exact_lane_by_lane()
    {
        var a = Values(8 * V.Count, -10, 10, seed: 2);
        var b = Values(8 * V.Count, 0.5, 10, seed: 3);
        AssertExact(Map(a, b, V.Add), a, b, (x, y) => x + y, "+");
        AssertExact(Map(a, b, V.Subtract), a, b, (x, y) => x - y, "-");
        AssertExact(Map(a, b, V.Multiply), a, b, (x, y) => x * y, "*");
        AssertExact(Map(a, b, V.Divide), a, b, (x, y) => x / y, "/");
        AssertExact(Map(a, V.Negate), a, b, (x, _) => -x, "negate");
    }

    [Fact]
    public void MultiplyAdd_fuses_exactly_when_the_hardware_has_FMA()
    {
        // (1 + 2^-k)^2 - (1 + 2^-(k-1)) = 2^-2k: lost entirely by an unfused multiply's rounding.
        int k = typeof(T) == typeof(float) ? 13 : 27;
        T a = T.One + T.CreateTruncating(Math.Pow(2, -k)), c = -(T.One + T.CreateTruncating(Math.Pow(2, 1 - k)));
        T expected = Fma.IsSupported || AdvSimd.IsSupported ? T.CreateTruncating(Math.Pow(2, -2 * k)) : T.Zero;
        Assert.All(Lanes(V.MultiplyAdd(V.Splat(a), V.Splat(a), V.Splat(c))), v => Assert.Equal(expected, v));

        var x = Values(8 * V.Count, -10, 10, seed: 4);
        var y = Values(8 * V.Count, -10, 10, seed: 5);
        var result = Map(x, y, (p, q) => V.MultiplyAdd(p, q, V.Splat(T.CreateTruncating(0.75))));
        for (int i = 0; i < x.Length; i++)
            AssertUlps(D(x[i]) * D(y[i]) + 0.75, result[i], 1 + 30 / Math.Max(Math.Abs(D(x[i]) * D(y[i]) + 0.75), 1e-3), "MultiplyAdd");
    }

    [Fact]
    public void NegatedMultiplyAdd_is_c_minus_a_b_fused_like_MultiplyAdd()
    {
        int k = typeof(T) == typeof(float) ? 13 : 27;
        T a = T.One + T.CreateTruncating(Math.Pow(2, -k)), c = T.One + T.CreateTruncating(Math.Pow(2, 1 - k));
        T expected = Fma.IsSupported || AdvSimd.IsSupported ? -T.CreateTruncating(Math.Pow(2, -2 * k)) : T.Zero;
        Assert.All(Lanes(V.NegatedMultiplyAdd(V.Splat(a), V.Splat(a), V.Splat(c))), v => Assert.Equal(expected, v));

        var x = Values(8 * V.Count, -10, 10, seed: 16);
        var y = Values(8 * V.Count, -10, 10, seed: 17);
        var result = Map(x, y, (p, q) => V.NegatedMultiplyAdd(p, q, V.Splat(T.CreateTruncating(0.75))));
        for (int i = 0; i < x.Length; i++)
            AssertUlps(0.75 - D(x[i]) * D(y[i]), result[i], 1 + 30 / Math.Max(Math.Abs(0.75 - D(x[i]) * D(y[i])), 1e-3), "NegatedMultiplyAdd");
    }

    [Fact]
    public void Sqrt_and_Rsqrt_are_exactly_rounded()
    {
        var a = Values(16 * V.Count, 1e-3, 1e3, seed: 6).Append(T.Zero).Append(T.PositiveInfinity).ToArray();
        a = Pad(a);
        AssertExact(Map(a, V.Sqrt), a, a, (x, _) => T.Sqrt(x), "Sqrt");
        AssertExact(Map(a, V.Rsqrt), a, a, (x, _) => T.One / T.Sqrt(x), "Rsqrt");
    }

    [Fact]
    public void Exp_and_Log_are_accurate()
    {
        var x = Pad([.. Values(32 * V.Count, -20, 20, seed: 7), T.Zero, T.CreateTruncating(1e30), T.CreateTruncating(-1e30)]);
        AssertFunction(x, V.Exp, Math.Exp, ulps: 2, "Exp");
        var positive = Pad([.. Values(32 * V.Count, -30, 30, seed: 8).Select(e => T.Exp10(e)), T.One, T.Zero, T.PositiveInfinity, -T.One]);
        AssertFunction(positive, V.Log, Math.Log, ulps: 2, "Log");
    }

    [Fact]
    public void Tanh_is_accurate_near_zero_and_saturates_without_NaN()
    {
        var x = Pad([
            .. Values(32 * V.Count, -10, 10, seed: 9),
            .. Values(32 * V.Count, -0.35, 0.35, seed: 10),
            T.Zero, T.CreateTruncating(0.3), T.CreateTruncating(-0.3), T.CreateTruncating(1e-20), T.CreateTruncating(-1e-6),
            T.CreateTruncating(30), T.CreateTruncating(-30), T.CreateTruncating(1e30), T.CreateTruncating(-1e30),
            T.CreateSaturating(double.MaxValue), T.CreateSaturating(double.MinValue), T.PositiveInfinity, T.NegativeInfinity,
        ]);
        AssertFunction(x, V.Tanh, Math.Tanh, ulps: 4, "Tanh");
    }

    [Fact]
    public void Sigmoid_is_accurate_and_saturates_without_NaN()
    {
        var x = Pad([
            .. Values(32 * V.Count, -30, 30, seed: 11),
            T.Zero, T.CreateTruncating(1e30), T.CreateTruncating(-1e30), T.CreateSaturating(double.MaxValue), T.CreateSaturating(double.MinValue), T.PositiveInfinity, T.NegativeInfinity,
        ]);
        AssertFunction(x, V.Sigmoid, v => 1 / (1 + Math.Exp(-v)), ulps: 4, "Sigmoid");
    }

    [Fact]
    public void Pow_with_a_non_integer_exponent()
    {
        var a = Pad([.. Values(16 * V.Count, 0.01, 100, seed: 12), T.Zero]);
        foreach (double p in new[] { 0.5, 1.0 / 3, 2.5, -1.5 })
        {
            var result = Map(a, v => V.Pow(v, T.CreateTruncating(p)));
            for (int i = 0; i < a.Length; i++)
            {
                // e^(p ln a) turns the rounding of p ln a into a relative error of |p ln a| ulps.
                double exponent = D(T.CreateTruncating(p)) * Math.Log(D(a[i]));
                AssertUlps(Math.Pow(D(a[i]), D(T.CreateTruncating(p))), result[i], 4 + 2 * Math.Abs(double.IsFinite(exponent) ? exponent : 0), $"Pow(a, {p})");
            }
        }
    }

    [Fact]
    public void Abs_Sign_Max_and_Min()
    {
        var a = Pad([.. Values(8 * V.Count, -5, 5, seed: 13), T.Zero, T.NegativeZero, T.CreateTruncating(-3), T.NaN]);
        var b = Pad([.. Values(8 * V.Count, -5, 5, seed: 14), T.NegativeZero, T.Zero, T.CreateTruncating(-3), T.One]);
        AssertExact(Map(a, V.Abs), a, b, (x, _) => T.Abs(x), "Abs");
        AssertExact(Map(a, b, V.Max), a, b, T.Max, "Max");
        AssertExact(Map(a, b, V.Min), a, b, T.Min, "Min");
        // The derivative of Abs: 0 at ±0 (and for NaN, whose value is NaN anyway).
        AssertExact(Map(a, V.Sign), a, b, (x, _) => T.IsNaN(x) ? T.Zero : T.CreateTruncating(T.Sign(x)), "Sign");
    }

    [Fact]
    public void EqualMask_and_GreaterMask_are_one_or_zero()
    {
        var a = Values(8 * V.Count, -2, 2, seed: 15);
        var b = a.Select((v, i) => i % 3 == 0 ? v : i % 3 == 1 ? v + T.One : v - T.One).ToArray();
        a[^1] = T.NaN;
        AssertExact(Map(a, b, V.EqualMask), a, b, (x, y) => x == y ? T.One : T.Zero, "EqualMask");
        AssertExact(Map(a, b, V.GreaterMask), a, b, (x, y) => x > y ? T.One : T.Zero, "GreaterMask");
    }

    [Fact]
    public void LessThan_Equal_Select_and_CopySign()
    {
        var a = Pad([.. Values(8 * V.Count, -2, 2, seed: 18), T.NaN, T.Zero, T.NegativeZero, T.PositiveInfinity]);
        var b = a.Select((v, i) => i % 3 == 0 ? v : i % 3 == 1 ? v + T.One : -v).ToArray();
        // Select on the masks is the lane-wise ternary, whatever the values (infinities and NaN included).
        AssertExact(Map(a, b, (x, y) => V.Select(V.LessThan(x, y), x, y)), a, b, (x, y) => x < y ? x : y, "Select(LessThan)");
        AssertExact(Map(a, b, (x, y) => V.Select(V.Equal(x, y), y, V.Splat(T.NaN))), a, b, (x, y) => x == y ? y : T.NaN, "Select(Equal)");
        AssertExact(Map(a, b, V.CopySign), a, b, T.CopySign, "CopySign");
    }

    [Fact]
    public void ScaleByPowerOfTwo_rounds_once_into_the_subnormals_and_overflows_to_infinity()
    {
        int maxExponent = typeof(T) == typeof(float) ? 127 : 1023, mantissa = typeof(T) == typeof(float) ? 23 : 52;
        var a = Values(8 * V.Count, -2, 2, seed: 19);
        foreach (int k in new[] { 0, 1, -1, 5, -maxExponent - mantissa + 1, -maxExponent - mantissa / 2, -2 * maxExponent + 2, maxExponent, maxExponent + 1, 2 * maxExponent })
            AssertExact(Map(a, x => V.ScaleByPowerOfTwo(x, V.Splat(T.CreateTruncating(k)))), a, a, (x, _) => T.ScaleB(x, k), $"ScaleByPowerOfTwo(k = {k})");
    }

    [Fact]
    public void SplitExponent_gives_m_in_sqrt_half_to_sqrt_two_and_an_integer_exponent()
    {
        var a = Pad([.. Values(16 * V.Count, -30, 30, seed: 20).Select(e => T.Exp10(e)), T.One, T.CreateTruncating(Math.Sqrt(0.5)), T.CreateTruncating(Math.Sqrt(2)), T.CreateSaturating(double.MaxValue)]);
        var m = Map(a, x => V.SplitExponent(x, out _));
        var e = Map(a, x => { V.SplitExponent(x, out var ex); return ex; });
        for (int i = 0; i < a.Length; i++)
        {
            Assert.True(D(m[i]) >= Math.Sqrt(0.5) * (1 - s_ulp) && D(m[i]) < Math.Sqrt(2), $"SplitExponent({a[i]}): m = {m[i]}");
            Assert.True(T.IsInteger(e[i]), $"SplitExponent({a[i]}): e = {e[i]}");
            Assert.Equal(a[i], T.ScaleB(m[i], int.CreateTruncating(e[i])));
        }
    }

    [Fact]
    public void Horizontal_Sum_MaxAcross_and_MinAcross()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var lanes = Values(V.Count, -100, 100, seed: 100 + seed);
            var v = V.Load(ref MemoryMarshal.GetArrayDataReference(lanes), 0);
            double exact = lanes.Sum(D);
            double bound = V.Count * s_ulp * lanes.Sum(l => Math.Abs(D(l)));
            Assert.True(Math.Abs(D(V.Sum(v)) - exact) <= bound, $"Sum {V.Sum(v)} vs {exact}");
            Assert.Equal(lanes.Max(), V.MaxAcross(v));
            Assert.Equal(lanes.Min(), V.MinAcross(v));
        }
    }

    private static double D(T value) => double.CreateTruncating(value);

    private static T[] Values(int count, double low, double high, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => T.CreateTruncating(low + (high - low) * rng.NextDouble())).ToArray();
    }

    /// <summary>Pads with ones to a whole number of vectors.</summary>
    private static T[] Pad(T[] values) =>
        [.. values, .. Enumerable.Repeat(T.One, (V.Count - values.Length % V.Count) % V.Count)];

    private static T[] Lanes(TV v)
    {
        var lanes = new T[V.Count];
        V.Store(v, ref MemoryMarshal.GetArrayDataReference(lanes), 0);
        return lanes;
    }

    private static T[] Map(T[] a, Func<TV, TV> f) => Map(a, a, (x, _) => f(x));

    private static T[] Map(T[] a, T[] b, Func<TV, TV, TV> f)
    {
        Assert.Equal(0, a.Length % V.Count);
        var result = new T[a.Length];
        for (int i = 0; i < a.Length; i += V.Count)
        {
            var va = V.Load(ref MemoryMarshal.GetArrayDataReference(a), i);
            var vb = V.Load(ref MemoryMarshal.GetArrayDataReference(b), i);
            V.Store(f(va, vb), ref MemoryMarshal.GetArrayDataReference(result), i);
        }
        return result;
    }

    private static void AssertExact(T[] actual, T[] a, T[] b, Func<T, T, T> expected, string what)
    {
        for (int i = 0; i < actual.Length; i++)
        {
            T e = expected(a[i], b[i]);
            Assert.True(e.Equals(actual[i]), $"{what}({a[i]}, {b[i]}): got {actual[i]}, expected {e}");
        }
    }

    private static void AssertFunction(T[] x, Func<TV, TV> f, Func<double, double> reference, double ulps, string what)
    {
        var result = Map(x, f);
        for (int i = 0; i < x.Length; i++) AssertUlps(reference(D(x[i])), result[i], ulps, $"{what}({x[i]})");
    }

    /// <summary>Within <paramref name="ulps"/> ulps of T of the float64 value (which is first rounded to T, as the best T can do).</summary>
    private static void AssertUlps(double expected, T actual, double ulps, string what)
    {
        double e = D(T.CreateTruncating(expected)), a = D(actual);
        if (double.IsNaN(e) || double.IsInfinity(e) || e == 0)
        {
            Assert.True(e.Equals(a) || (e == 0 && Math.Abs(a) <= double.CreateTruncating(T.Epsilon) * 4), $"{what}: got {a:R}, expected {e:R}");
            return;
        }
        double error = Math.Abs(a - expected) / Math.Abs(expected);
        Assert.True(error <= ulps * s_ulp, $"{what}: got {a:R}, expected {expected:R} (relative error {error:E2} > {ulps} ulp = {ulps * s_ulp:E2})");
    }
}
