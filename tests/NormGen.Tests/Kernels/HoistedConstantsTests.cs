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
        var (e512, l512, t512) = (Simd512<float>.ExpConstants, Simd512<float>.LogConstants, Simd512<float>.TanhConstants);
        var (e256, l256, t256) = (Simd256<float>.ExpConstants, Simd256<float>.LogConstants, Simd256<float>.TanhConstants);
        var (e128, l128, t128) = (Simd128<float>.ExpConstants, Simd128<float>.LogConstants, Simd128<float>.TanhConstants);
        var (e1, l1, t1) = (Scalar<float>.ExpConstants, Scalar<float>.LogConstants, Scalar<float>.TanhConstants);
        Func<Vector512<float>, Vector512<float>> one512 = op switch
        {
            "Exp" => Simd512<float>.Exp,
            "Log" => Simd512<float>.Log,
            "Tanh" => Simd512<float>.Tanh,
            "Sigmoid" => Simd512<float>.Sigmoid,
            _ => Simd512<float>.Softplus,
        };
        Func<Vector512<float>, Vector512<float>> hoisted512 = op switch
        {
            "Exp" => v => Simd512<float>.Exp(v, e512),
            "Log" => v => Simd512<float>.Log(v, l512),
            "Tanh" => v => Simd512<float>.Tanh(v, t512),
            "Sigmoid" => v => Simd512<float>.Sigmoid(v, e512),
            _ => v => Simd512<float>.Softplus(v, e512, l512),
        };
        Func<Vector256<float>, Vector256<float>> one256 = op switch
        {
            "Exp" => Simd256<float>.Exp,
            "Log" => Simd256<float>.Log,
            "Tanh" => Simd256<float>.Tanh,
            "Sigmoid" => Simd256<float>.Sigmoid,
            _ => Simd256<float>.Softplus,
        };
        Func<Vector256<float>, Vector256<float>> hoisted256 = op switch
        {
            "Exp" => v => Simd256<float>.Exp(v, e256),
            "Log" => v => Simd256<float>.Log(v, l256),
            "Tanh" => v => Simd256<float>.Tanh(v, t256),
            "Sigmoid" => v => Simd256<float>.Sigmoid(v, e256),
            _ => v => Simd256<float>.Softplus(v, e256, l256),
        };
        Func<Vector128<float>, Vector128<float>> one128 = op switch
        {
            "Exp" => Simd128<float>.Exp,
            "Log" => Simd128<float>.Log,
            "Tanh" => Simd128<float>.Tanh,
            "Sigmoid" => Simd128<float>.Sigmoid,
            _ => Simd128<float>.Softplus,
        };
        Func<Vector128<float>, Vector128<float>> hoisted128 = op switch
        {
            "Exp" => v => Simd128<float>.Exp(v, e128),
            "Log" => v => Simd128<float>.Log(v, l128),
            "Tanh" => v => Simd128<float>.Tanh(v, t128),
            "Sigmoid" => v => Simd128<float>.Sigmoid(v, e128),
            _ => v => Simd128<float>.Softplus(v, e128, l128),
        };
        Func<float, float> one1 = op switch
        {
            "Exp" => Scalar<float>.Exp,
            "Log" => Scalar<float>.Log,
            "Tanh" => Scalar<float>.Tanh,
            "Sigmoid" => Scalar<float>.Sigmoid,
            _ => Scalar<float>.Softplus,
        };
        Func<float, float> hoisted1 = op switch
        {
            "Exp" => v => Scalar<float>.Exp(v, e1),
            "Log" => v => Scalar<float>.Log(v, l1),
            "Tanh" => v => Scalar<float>.Tanh(v, t1),
            "Sigmoid" => v => Scalar<float>.Sigmoid(v, e1),
            _ => v => Scalar<float>.Softplus(v, e1, l1),
        };
        Same(x, Apply(x, one512), Apply(x, hoisted512), op + " Simd512");
        Same(x, Apply(x, one256), Apply(x, hoisted256), op + " Simd256");
        Same(x, Apply(x, one128), Apply(x, hoisted128), op + " Simd128");
        Same(x, x.Select(one1).ToArray(), x.Select(hoisted1).ToArray(), op + " Scalar");
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
