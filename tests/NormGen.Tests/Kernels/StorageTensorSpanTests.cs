using System.Buffers;
using System.Numerics.Tensors;
using NormGen.Tests.Support;

namespace NormGen.Tests.Kernels;

/// <summary>
/// docs/api.md, "Tensor spans", in Half and bfloat16: the tensor-span overloads also take ReadOnlyTensorSpan/TensorSpan
/// of System.Half and NormGen.BFloat16 for the layout tensors (float parameters, parameter and conditioning gradients,
/// Saved&lt;float&gt;), give the storage span overloads' bits, and refuse a wrong tensor by name before writing.
/// </summary>
public sealed class StorageTensorSpanTests
{
    private const int N = 3, D = 37;
    private static readonly nint[] Lengths = [N, D];

    private static float[] Floats(int seed, int count) => RandomData.Uniform(new Random(seed), count).Select(v => (float)v).ToArray();
    private static BFloat16[] Bf16(int seed, int count) => Array.ConvertAll(Floats(seed, count), v => (BFloat16)v);
    private static Half[] Halves(int seed, int count) => Array.ConvertAll(Floats(seed, count), v => (Half)v);

    [Fact]
    public void BFloat16LayerNormMatchesTheSpanOverloadBitForBit()
    {
        BFloat16[] x = Bf16(1, N * D), dy = Bf16(4, N * D);
        float[] gamma = Floats(2, D), beta = Floats(3, D);
        var s = new LayerNorm.Shape(N, D);

        BFloat16[] y = new BFloat16[N * D], dx = new BFloat16[N * D];
        float[] dgamma = new float[D], dbeta = new float[D];
        var saved = new LayerNorm.Saved<float>(s);
        LayerNorm.Forward(s, x, gamma, beta, y, saved);
        LayerNorm.Backward(s, dy, x, gamma, beta, saved, dx, dgamma, dbeta);

        BFloat16[] ty = new BFloat16[N * D], tdx = new BFloat16[N * D];
        float[] tdgamma = new float[D], tdbeta = new float[D];
        var tsaved = new LayerNorm.Saved<float>(s);
        LayerNorm.Forward(Tensor.Create(x, Lengths), gamma, beta, new TensorSpan<BFloat16>(ty, Lengths), tsaved);
        LayerNorm.Backward(new ReadOnlyTensorSpan<BFloat16>(dy, Lengths), new ReadOnlyTensorSpan<BFloat16>(x, Lengths), gamma, beta, tsaved,
            new TensorSpan<BFloat16>(tdx, Lengths), tdgamma, tdbeta);

        Assert.Equal(y, ty);
        Assert.Equal(saved.Mean, tsaved.Mean);
        Assert.Equal(dx, tdx);
        Assert.Equal(dgamma, tdgamma);
        Assert.Equal(dbeta, tdbeta);
    }

    /// <summary>A tuple (y, h) of Half tensors: both outputs and both gradients are tensor spans.</summary>
    [Fact]
    public void HalfFusedAddRmsNormMatchesTheSpanOverloadBitForBit()
    {
        Half[] x = Halves(1, N * D), residual = Halves(5, N * D), dy = Halves(4, N * D), dh = Halves(6, N * D);
        float[] gamma = Floats(2, D);
        var s = new AddRmsNorm.Shape(N, D);

        Half[] y = new Half[N * D], h = new Half[N * D], dx = new Half[N * D], dresidual = new Half[N * D];
        float[] dgamma = new float[D];
        var saved = new AddRmsNorm.Saved<float>(s);
        AddRmsNorm.Forward(s, x, residual, gamma, y, h, saved);
        AddRmsNorm.Backward(s, dy, dh, x, residual, gamma, saved, dx, dresidual, dgamma);

        Half[] ty = new Half[N * D], th = new Half[N * D], tdx = new Half[N * D], tdresidual = new Half[N * D];
        float[] tdgamma = new float[D];
        var tsaved = new AddRmsNorm.Saved<float>(s);
        AddRmsNorm.Forward(new ReadOnlyTensorSpan<Half>(x, Lengths), new ReadOnlyTensorSpan<Half>(residual, Lengths), gamma,
            new TensorSpan<Half>(ty, Lengths), new TensorSpan<Half>(th, Lengths), tsaved);
        AddRmsNorm.Backward(new ReadOnlyTensorSpan<Half>(dy, Lengths), new ReadOnlyTensorSpan<Half>(dh, Lengths),
            new ReadOnlyTensorSpan<Half>(x, Lengths), new ReadOnlyTensorSpan<Half>(residual, Lengths), gamma, tsaved,
            new TensorSpan<Half>(tdx, Lengths), new TensorSpan<Half>(tdresidual, Lengths), tdgamma);

        Assert.Equal(y, ty);
        Assert.Equal(h, th);
        Assert.Equal(dx, tdx);
        Assert.Equal(dresidual, tdresidual);
        Assert.Equal(dgamma, tdgamma);
    }

    /// <summary>adaLN: x, y and their gradients are tensor spans; shift and scale stay Half spans, their gradients float.</summary>
    [Fact]
    public void BFloat16AdaLNKeepsConditioningInputsAsSpansAndTheirGradientsFloat()
    {
        const int n = 2, t = 3, d = 20;
        nint[] lengths = [n, t, d];
        BFloat16[] x = Bf16(1, n * t * d), dy = Bf16(2, n * t * d), shift = Bf16(3, n * d), scale = Bf16(4, n * d);
        var s = new AdaLN.Shape(n, t, d);

        BFloat16[] y = new BFloat16[n * t * d], dx = new BFloat16[n * t * d];
        float[] dshift = new float[n * d], dscale = new float[n * d];
        var saved = new AdaLN.Saved<float>(s);
        AdaLN.Forward(s, x, shift, scale, y, saved);
        AdaLN.Backward(s, dy, x, shift, scale, saved, dx, dshift, dscale);

        BFloat16[] ty = new BFloat16[n * t * d], tdx = new BFloat16[n * t * d];
        float[] tdshift = new float[n * d], tdscale = new float[n * d];
        var tsaved = new AdaLN.Saved<float>(s);
        AdaLN.Forward(new ReadOnlyTensorSpan<BFloat16>(x, lengths), shift, scale, new TensorSpan<BFloat16>(ty, lengths), tsaved);
        AdaLN.Backward(new ReadOnlyTensorSpan<BFloat16>(dy, lengths), new ReadOnlyTensorSpan<BFloat16>(x, lengths), shift, scale, tsaved,
            new TensorSpan<BFloat16>(tdx, lengths), tdshift, tdscale);

        Assert.Equal(y, ty);
        Assert.Equal(dx, tdx);
        Assert.Equal(dshift, tdshift);
        Assert.Equal(dscale, tdscale);
    }

    public static TheoryData<string> BadTensors => new() { "rank", "lengths", "sliced", "strided" };

    [Theory]
    [MemberData(nameof(BadTensors))]
    public void AWrongHalfOutputIsRefusedByNameBeforeAnythingIsWritten(string bad)
    {
        Half[] x = Halves(1, N * D);
        float[] gamma = Floats(2, D), beta = Floats(3, D);
        Half[] memory = Enumerable.Repeat((Half)(-7f), N * (D + 1)).ToArray();
        var y = bad switch
        {
            "rank" => new TensorSpan<Half>(memory, [N * D]),
            "lengths" => new TensorSpan<Half>(memory, [D, N]),
            "sliced" => new TensorSpan<Half>(memory, [N, D + 1]).Slice([new NRange(0, N), new NRange(0, D)]),
            _ => new TensorSpan<Half>(memory, [N, D], [1, N]),
        };
        var saved = new LayerNorm.Saved<float>(new LayerNorm.Shape(N, D));

        ArgumentException? e = null;
        try { LayerNorm.Forward(new ReadOnlyTensorSpan<Half>(x, Lengths), gamma, beta, y, saved); }
        catch (ArgumentException caught) { e = caught; } // a lambda cannot capture the TensorSpan

        Assert.NotNull(e);
        Assert.Equal(typeof(ArgumentException), e.GetType());
        Assert.Equal("y", e.ParamName);
        Assert.All(memory, v => Assert.Equal((Half)(-7f), v));
        Assert.All(saved.Mean, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void AWrongBFloat16InputIsRefusedByNameInTheBackward()
    {
        float[] gamma = Floats(2, D), beta = Floats(3, D), dgamma = new float[D], dbeta = new float[D];
        BFloat16[] dx = Enumerable.Repeat((BFloat16)(-7f), N * D).ToArray();
        var s = new LayerNorm.Shape(N, D);
        var saved = new LayerNorm.Saved<float>(s);
        LayerNorm.Forward(s, Bf16(1, N * D), gamma, beta, new BFloat16[N * D], saved);
        var x = new ReadOnlyTensorSpan<BFloat16>(Bf16(1, N * (D + 1)), [N, D + 1]).Slice([new NRange(0, N), new NRange(0, D)]);

        ArgumentException? e = null;
        try { LayerNorm.Backward(new ReadOnlyTensorSpan<BFloat16>(Bf16(4, N * D), Lengths), x, gamma, beta, saved, new TensorSpan<BFloat16>(dx, Lengths), dgamma, dbeta); }
        catch (ArgumentException caught) { e = caught; }

        Assert.NotNull(e);
        Assert.Equal("x", e.ParamName);
        Assert.All(dx, v => Assert.Equal((BFloat16)(-7f), v));
        Assert.All(dgamma, v => Assert.Equal(0f, v));
    }
}
