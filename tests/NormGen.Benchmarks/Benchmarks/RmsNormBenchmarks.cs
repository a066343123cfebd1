using BenchmarkDotNet.Attributes;
using NormGen.Benchmarks.Aten;
using NormGen.Benchmarks.Baselines;
using NormGen.Benchmarks.Infrastructure;
using NormGen.Benchmarks.Modern;
using Gen = NormGen.TestLayers;

namespace NormGen.Benchmarks.Benchmarks;

/// <summary>RMSNorm forward over the last axis: y, and rstd per row saved.</summary>
public class RmsNormForward : NormBenchmark
{
    public static IEnumerable<RowShape> Shapes => RowShapes.All;

    [ParamsSource(nameof(Shapes))]
    public RowShape Shape { get; set; } = RowShapes.All[0];

    private NativeBuffer x = null!, gamma = null!, y = null!, rstd = null!;
    private int R => Shape.Rows;
    private int D => Shape.Features;

    // read x, gamma; write y, rstd
    public override long BytesMoved => Bytes(2 * Shape.Elements + D + R);

    protected override void Setup()
    {
        (_libTorch, _ort, _ortSkip) = (null, null, null);
        x = Random(Shape.Elements, seed: 11, scale: 1.5f, offset: 0.25f);
        gamma = Random(D, seed: 12, scale: 0.5f, offset: 1f);
        y = Zeros(Shape.Elements);
        rstd = Zeros(R);
    }

    public override void ResetOutputs()
    {
        Poison(y);
        Poison(rstd);
    }

    public override IReadOnlyList<(string Name, NativeBuffer Buffer)> Outputs => [("y", y), ("rstd", rstd)];

    public override IReadOnlyCollection<string> OutputsNotWrittenBy(string method)
        => method is nameof(Generated) or nameof(LibTorch) or nameof(Ort) ? ["rstd"] : [];

    [Benchmark(Baseline = true)]
    public void Simd() => RmsNormSimd.Forward(R, D, x.Span, gamma.Span, y.Span, rstd.Span, Eps);

    [Benchmark]
    public void Naive() => RmsNormNaive.Forward(R, D, x.Span, gamma.Span, y.Span, rstd.Span, Eps);

    [Benchmark]
    public void TensorPrimitives() => RmsNormTensorPrimitives.Forward(R, D, x.Span, gamma.Span, y.Span, rstd.Span, Eps);

    /// <summary>Composed ATen ops (no fused rms_norm in PyTorch 1.13): pow, mean, add_, rsqrt, mul_out, mul_.</summary>
    [Benchmark]
    public void Aten() => AtenOps.RmsNormForward(R, D, x, gamma, y, rstd, Eps);

    private TorchForward? _libTorch;
    private OrtGraph? _ort, _ortSkip;

    /// <summary>LibTorch 2.10 eager, composed as the module does it (TorchSharp 0.107 has no rms_norm): x * rsqrt(mean(x^2) + eps) * gamma.</summary>
    [Benchmark]
    public void LibTorch() => (_libTorch ??= Own(ModernOps.TorchRmsNorm(Shape, x, gamma, Eps))).Run(y);

    /// <summary>ONNX Runtime: RMSNormalization (opset 23) writing y.</summary>
    [Benchmark]
    public void Ort() => (_ort ??= Own(ModernOps.OrtRmsNorm(Shape, x, gamma, y, Eps))).Run();

    /// <summary>
    /// ONNX Runtime's fused add + RMSNorm, com.microsoft SkipSimplifiedLayerNormalization, with a zero skip: reads one tensor
    /// more than RMSNorm (not the same work: the bound for a fused add+RMSNorm, not a target here).
    /// </summary>
    [Benchmark]
    public void OrtSkipRmsNorm() => (_ortSkip ??= Own(ModernOps.OrtSkipRmsNorm(Shape, x, Zeros(Shape.Elements), gamma, y, rstd, Eps))).Run();

    private Gen.RmsNorm.Saved<float>? _saved;

    /// <summary>The NormGen kernel generated from RMSNorm's formula (rstd stays in its Saved).</summary>
    [Benchmark]
    public override void Generated()
    {
        var s = new Gen.RmsNorm.Shape(n: R, d: D);
        if (_saved?.Shape != s) _saved = new Gen.RmsNorm.Saved<float>(s);
        Gen.RmsNorm.Forward(s, x.Span, gamma.Span, y.Span, _saved, Eps);
    }
}

/// <summary>RMSNorm backward over the last axis: dx, and dgamma accumulated.</summary>
public class RmsNormBackward : NormBenchmark
{
    public static IEnumerable<RowShape> Shapes => RowShapes.All;

    [ParamsSource(nameof(Shapes))]
    public RowShape Shape { get; set; } = RowShapes.All[0];

    private NativeBuffer dy = null!, x = null!, gamma = null!, rstd = null!, dx = null!, dgamma = null!, scratch = null!;
    private int R => Shape.Rows;
    private int D => Shape.Features;

    // read dy, x, gamma, rstd; write dx; read and write dgamma
    public override long BytesMoved => Bytes(3 * Shape.Elements + D + R + 2L * D);

    protected override void Setup()
    {
        _libTorch = null;
        x = Random(Shape.Elements, seed: 11, scale: 1.5f, offset: 0.25f);
        gamma = Random(D, seed: 12, scale: 0.5f, offset: 1f);
        dy = Random(Shape.Elements, seed: 14);
        rstd = Zeros(R);
        dx = Zeros(Shape.Elements);
        dgamma = Zeros(D);
        scratch = Zeros(RmsNormTensorPrimitives.ScratchLength(D));
        RmsNormSimd.Forward(R, D, x.Span, gamma.Span, dx.Span, rstd.Span, Eps); // saved statistics
    }

    public override void ResetOutputs()
    {
        Poison(dx);
        Reset(dgamma, seed: 15);
    }

    public override IReadOnlyList<(string Name, NativeBuffer Buffer)> Outputs => [("dx", dx), ("dgamma", dgamma)];

    [Benchmark(Baseline = true)]
    public void Simd() => RmsNormSimd.Backward(R, D, dy.Span, x.Span, gamma.Span, rstd.Span, dx.Span, dgamma.Span);

    [Benchmark]
    public void Naive() => RmsNormNaive.Backward(R, D, dy.Span, x.Span, gamma.Span, rstd.Span, dx.Span, dgamma.Span);

    [Benchmark]
    public void TensorPrimitives() => RmsNormTensorPrimitives.Backward(R, D, dy.Span, x.Span, gamma.Span, rstd.Span, dx.Span, dgamma.Span, scratch.Span);

    /// <summary>Composed ATen ops: mul, mean, pow, mul_, sum, mul_out, sub_, add_.</summary>
    [Benchmark]
    public void Aten() => AtenOps.RmsNormBackward(R, D, dy, x, gamma, rstd, dx, dgamma);

    private TorchBackward? _libTorch;

    /// <summary>LibTorch 2.10: torch.autograd.grad over the composed RMSNorm's graph (built once), new dx and dgamma.</summary>
    [Benchmark]
    public void LibTorch() => (_libTorch ??= Own(ModernOps.TorchRmsNormBackward(Shape, dy, x, gamma, Eps))).Run(dx, dgamma);

    private Gen.RmsNorm.Saved<float>? _saved;

    /// <summary>The NormGen kernel generated from RMSNorm's formula, from its own forward's saved statistics.</summary>
    [Benchmark]
    public override void Generated()
    {
        var s = new Gen.RmsNorm.Shape(n: R, d: D);
        if (_saved?.Shape != s)
        {
            _saved = new Gen.RmsNorm.Saved<float>(s);
            Gen.RmsNorm.Forward(s, x.Span, gamma.Span, new float[Shape.Elements], _saved, Eps);
        }
        Gen.RmsNorm.Backward(s, dy.Span, x.Span, gamma.Span, _saved, dx.Span, dgamma.Span, Eps);
    }
}
