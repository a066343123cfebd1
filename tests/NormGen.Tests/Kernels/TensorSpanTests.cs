using System.Buffers;
using System.Numerics.Tensors;
using NormGen.Tests.Support;

namespace NormGen.Tests.Kernels;

/// <summary>
/// docs/api.md, "Tensor spans": with System.Numerics.Tensors referenced, each layer has Forward/Backward overloads
/// taking ReadOnlyTensorSpan/TensorSpan for inputs, output and their gradients, the Shape read from the lengths. They
/// give the span overloads' bits, and refuse a wrong rank, mismatched lengths or non-dense memory with an
/// ArgumentException naming the argument before anything is written.
/// </summary>
public sealed class TensorSpanTests
{
    private const int N = 5, D = 37;
    private static readonly nint[] Lengths = [N, D];

    private static float[] Floats(int seed, int count) => RandomData.Uniform(new Random(seed), count).Select(v => (float)v).ToArray();

    [Fact]
    public void FloatLayerNormForwardAndBackwardMatchTheSpanOverloadBitForBit()
    {
        float[] x = Floats(1, N * D), gamma = Floats(2, D), beta = Floats(3, D), dy = Floats(4, N * D);
        var s = new LayerNorm.Shape(N, D);

        float[] y = new float[N * D], dx = new float[N * D], dgamma = new float[D], dbeta = new float[D];
        var saved = new LayerNorm.Saved<float>(s);
        LayerNorm.Forward(s, x, gamma, beta, y, saved);
        LayerNorm.Backward(s, dy, x, gamma, beta, saved, dx, dgamma, dbeta);

        float[] ty = new float[N * D], tdx = new float[N * D], tdgamma = new float[D], tdbeta = new float[D];
        var tsaved = new LayerNorm.Saved<float>(s);
        LayerNorm.Forward(Tensor.Create(x, Lengths), gamma, beta, new TensorSpan<float>(ty, Lengths), tsaved);
        LayerNorm.Backward(new ReadOnlyTensorSpan<float>(dy, Lengths), new ReadOnlyTensorSpan<float>(x, Lengths), gamma, beta, tsaved,
            new TensorSpan<float>(tdx, Lengths), tdgamma, tdbeta);

        Assert.Equal(y, ty);
        Assert.Equal(saved.Mean, tsaved.Mean);
        Assert.Equal(dx, tdx);
        Assert.Equal(dgamma, tdgamma);
        Assert.Equal(dbeta, tdbeta);
    }

    [Fact]
    public void DoubleLayerNormForwardAndBackwardMatchTheSpanOverloadBitForBit()
    {
        var rng = new Random(5);
        double[] x = RandomData.Uniform(rng, N * D), gamma = RandomData.Uniform(rng, D), beta = RandomData.Uniform(rng, D), dy = RandomData.Uniform(rng, N * D);
        var s = new LayerNorm.Shape(N, D);

        double[] y = new double[N * D], dx = new double[N * D], dgamma = new double[D], dbeta = new double[D];
        var saved = new LayerNorm.Saved<double>(s);
        LayerNorm.Forward(s, x, gamma, beta, y, saved, 1e-3);
        LayerNorm.Backward(s, dy, x, gamma, beta, saved, dx, dgamma, dbeta, 1e-3);

        double[] ty = new double[N * D], tdx = new double[N * D], tdgamma = new double[D], tdbeta = new double[D];
        var tsaved = new LayerNorm.Saved<double>(s);
        Tensor<double> yTensor = Tensor.Create(ty, Lengths);
        LayerNorm.Forward(new ReadOnlyTensorSpan<double>(x, Lengths), gamma, beta, yTensor, tsaved, 1e-3);
        LayerNorm.Backward(Tensor.Create(dy, Lengths), Tensor.Create(x, Lengths), gamma, beta, tsaved,
            new TensorSpan<double>(tdx, Lengths), tdgamma, tdbeta, 1e-3);

        Assert.Equal(y, yTensor.ToArray());
        Assert.Equal(dx, tdx);
        Assert.Equal(dgamma, tdgamma);
        Assert.Equal(dbeta, tdbeta);
    }

    public static TheoryData<string> BadTensors => new() { "rank", "lengths", "sliced", "strided" };

    [Theory]
    [MemberData(nameof(BadTensors))]
    public void AWrongOutputIsRefusedByNameBeforeAnythingIsWritten(string bad)
    {
        float[] x = Floats(1, N * D), gamma = Floats(2, D), beta = Floats(3, D);
        float[] memory = Enumerable.Repeat(-7f, N * (D + 1)).ToArray();
        var y = bad switch
        {
            "rank" => new TensorSpan<float>(memory, [N * D]),
            "lengths" => new TensorSpan<float>(memory, [D, N]),
            // Columns 0..D-1 of an N x (D+1) tensor: row stride D+1, not dense.
            "sliced" => new TensorSpan<float>(memory, [N, D + 1]).Slice([new NRange(0, N), new NRange(0, D)]),
            _ => new TensorSpan<float>(memory, [N, D], [1, N]),
        };
        var saved = new LayerNorm.Saved<float>(new LayerNorm.Shape(N, D));

        ArgumentException? e = null;
        try { LayerNorm.Forward(new ReadOnlyTensorSpan<float>(x, Lengths), gamma, beta, y, saved); }
        catch (ArgumentException caught) { e = caught; } // a lambda cannot capture the TensorSpan

        Assert.NotNull(e);
        Assert.Equal(typeof(ArgumentException), e.GetType());

        Assert.Equal("y", e.ParamName);
        Assert.All(memory, v => Assert.Equal(-7f, v));
        Assert.All(saved.Mean, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void AWrongInputIsRefusedByNameInTheBackward()
    {
        float[] gamma = Floats(2, D), beta = Floats(3, D), dx = Enumerable.Repeat(-7f, N * D).ToArray(), dgamma = new float[D], dbeta = new float[D];
        var s = new LayerNorm.Shape(N, D);
        var saved = new LayerNorm.Saved<float>(s);
        LayerNorm.Forward(s, Floats(1, N * D), gamma, beta, new float[N * D], saved);
        var x = new ReadOnlyTensorSpan<float>(Floats(1, N * (D + 1)), [N, D + 1]).Slice([new NRange(0, N), new NRange(0, D)]);

        ArgumentException? e = null;
        try { LayerNorm.Backward(new ReadOnlyTensorSpan<float>(Floats(4, N * D), Lengths), x, gamma, beta, saved, new TensorSpan<float>(dx, Lengths), dgamma, dbeta); }
        catch (ArgumentException caught) { e = caught; } // a lambda cannot capture the TensorSpan

        Assert.NotNull(e);

        Assert.Equal("x", e.ParamName);
        Assert.All(dx, v => Assert.Equal(-7f, v));
        Assert.All(dgamma, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void TheShapeComesFromTheFirstTensorAndAnEmptyAxisIsRefusedByItsName()
    {
        var saved = new LayerNorm.Saved<float>(new LayerNorm.Shape(1, D));
        var e = Assert.ThrowsAny<ArgumentException>(() => LayerNorm.Forward(new ReadOnlyTensorSpan<float>(new float[0], [0, D]), new float[D], new float[D],
            new TensorSpan<float>(new float[0], [0, D]), saved));
        Assert.Equal("x", e.ParamName);
    }
}
