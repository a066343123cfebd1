using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NormGen.Kernels;

namespace NormGen.Tests.Kernels;

/// <summary>
/// Generated vector loops call Exp, Log, Tanh, Sigmoid and Softplus with their constants read once per kernel call
/// (<c>__V.Tanh(x, __k_tanh)</c>; MathConstants.cs), the scalar tails and everything else the one-argument forms: both
/// must return the same bits at every width, or an element's result would depend on where it lands in a row. Swept
/// over every 65521st float bit pattern (all exponents and signs) and the special values.
/// </summary>
public sealed class HoistedConstantsTests
{
    public static TheoryData<string> Ops() => new() { "Exp", "Log", "Tanh", "Sigmoid", "Softplus" };

    [Theory]
    [MemberData(nameof(Ops))]
    public void Hoisted_constants_give_the_bits_of_the_one_argument_functions(string op)
    {
        var x = Inputs();
        Same<Simd512<float>, Vector512<float>>(op, x, op + " Simd512");
        Same<Simd256<float>, Vector256<float>>(op, x, op + " Simd256");
        Same<Simd128<float>, Vector128<float>>(op, x, op + " Simd128");
        Same<Scalar<float>, float>(op, x, op + " Scalar");
    }

    /// <summary><paramref name="op"/> at the width of <typeparamref name="TS"/>, without and with its hoisted constants.</summary>
    private static void Same<TS, TV>(string op, float[] x, string what) where TS : ISimd<TV, float> where TV : struct
    {
        var (e, l, t) = (TS.ExpConstants, TS.LogConstants, TS.TanhConstants);
        Func<TV, TV> one = op switch
        {
            "Exp" => v => TS.Exp(v),
            "Log" => v => TS.Log(v),
            "Tanh" => v => TS.Tanh(v),
            "Sigmoid" => v => TS.Sigmoid(v),
            _ => v => TS.Softplus(v),
        };
        Func<TV, TV> hoisted = op switch
        {
            "Exp" => v => TS.Exp(v, e),
            "Log" => v => TS.Log(v, l),
            "Tanh" => v => TS.Tanh(v, t),
            "Sigmoid" => v => TS.Sigmoid(v, e),
            _ => v => TS.Softplus(v, e, l),
        };
        Same(x, Apply(x, one), Apply(x, hoisted), what);
    }

    [Fact]
    public void Double_widths_ignore_the_constants()
    {
        var x = Vector256.Create(-3.5, -0.25, 0.5, 40.0);
        Assert.Equal(Simd256<double>.Tanh(x), Simd256<double>.Tanh(x, Simd256<double>.TanhConstants));
        Assert.Equal(Simd256<double>.Exp(x), Simd256<double>.Exp(x, Simd256<double>.ExpConstants));
        Assert.Equal(Simd256<double>.Softplus(x), Simd256<double>.Softplus(x, Simd256<double>.ExpConstants, Simd256<double>.LogConstants));
    }

    private static float[] Inputs()
    {
        var special = new[] { 0f, -0f, float.Epsilon, -float.Epsilon, 1e-40f, float.MaxValue, float.MinValue, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 9.5f, -104f, 89f, 20f };
        var sweep = Enumerable.Range(0, 65536).Select(i => BitConverter.Int32BitsToSingle((int)(uint)((long)i * 65521 & 0xFFFFFFFF)));
        var all = special.Concat(sweep).ToList();
        while (all.Count % 16 != 0) all.Add(0.5f);
        return all.ToArray();
    }

    private static float[] Apply<TV>(float[] x, Func<TV, TV> f) where TV : struct
    {
        var result = new float[x.Length];
        var input = MemoryMarshal.Cast<float, TV>(x.AsSpan());
        var output = MemoryMarshal.Cast<float, TV>(result.AsSpan());
        for (int i = 0; i < input.Length; i++) output[i] = f(input[i]);
        return result;
    }

    private static void Same(float[] x, float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < x.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]) || (float.IsNaN(expected[i]) && float.IsNaN(actual[i])),
                $"{what}({x[i]:R}) = {actual[i]:R} with hoisted constants, {expected[i]:R} without");
    }
}
