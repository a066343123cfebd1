using BenchmarkDotNet.Attributes;
using NormGen.Benchmarks.Aten;
using NormGen.Benchmarks.Baselines;
using NormGen.Benchmarks.Infrastructure;
using NormGen.Benchmarks.Modern;
using Gen = NormGen.TestLayers;

namespace NormGen.Benchmarks.Benchmarks;

/// <summary>InstanceNorm (affine) forward, NCHW: y, and mean/rstd per (sample, channel) saved.</summary>
public class InstanceNormForward : NormBenchmark
{
    public static IEnumerable<ImageShape> Shapes => ImageShapes.All;

    [ParamsSource(nameof(Shapes))]
    public ImageShape Shape { get; set; } = ImageShapes.All[0];

    private NativeBuffer x = null!, gamma = null!, beta = null!, y = null!, mean = null!, rstd = null!;
    private int C => Shape.C;
    private long NC => (long)Shape.N * C;

    // read x, gamma, beta; write y, mean, rstd
    public override long BytesMoved => Bytes(2 * Shape.Elements + 2L * C + 2 * NC);

    protected override void Setup()
    {
        (_libTorch, _ort) = (null, null);
        (x, gamma, beta) = AffineInputs(Shape.Elements, C, seed: 41);
        y = Zeros(Shape.Elements);
        mean = Zeros(NC);
        rstd = Zeros(NC);
    }

    public override void ResetOutputs()
    {
        Poison(y);
        Poison(mean);
        Poison(rstd);
    }

    public override IReadOnlyList<(string Name, NativeBuffer Buffer)> Outputs => [("y", y), ("mean", mean), ("rstd", rstd)];

    public override IReadOnlyCollection<string> OutputsNotWrittenBy(string method)
        => method is nameof(Generated) or nameof(LibTorch) or nameof(Ort) ? ["mean", "rstd"] : [];

    [Benchmark(Baseline = true)]
    public void Simd() => InstanceNormSimd.Forward(Shape.N, C, Shape.HW, x.Span, gamma.Span, beta.Span, y.Span, mean.Span, rstd.Span, Eps);

    [Benchmark]
    public void Naive() => InstanceNormNaive.Forward(Shape.N, C, Shape.HW, x.Span, gamma.Span, beta.Span, y.Span, mean.Span, rstd.Span, Eps);

    [Benchmark]
    public void TensorPrimitives() => InstanceNormTensorPrimitives.Forward(Shape.N, C, Shape.HW, x.Span, gamma.Span, beta.Span, y.Span, mean.Span, rstd.Span, Eps);

    /// <summary>As at::instance_norm: gamma/beta repeated n times, at::native_batch_norm on x viewed as [1, n*c, h*w].</summary>
    [Benchmark]
    public void Aten() => AtenOps.InstanceNormForward(Shape, x, gamma, beta, y, mean, rstd, Eps);

    private TorchForward? _libTorch;
    private OrtGraph? _ort;

    /// <summary>LibTorch 2.10 eager: F.instance_norm with the input's statistics.</summary>
    [Benchmark]
    public void LibTorch() => (_libTorch ??= Own(ModernOps.TorchInstanceNorm(Shape, x, gamma, beta, Eps))).Run(y);

    /// <summary>ONNX Runtime: InstanceNormalization (opset 6) writing y.</summary>
    [Benchmark]
    public void Ort() => (_ort ??= Own(ModernOps.OrtInstanceNorm(Shape, x, gamma, beta, y, Eps))).Run();

    private Gen.InstanceNorm.Saved<float>? _saved;

    /// <summary>The NormGen kernel generated from InstanceNorm's formula.</summary>
    [Benchmark]
    public override void Generated()
    {
        var s = new Gen.InstanceNorm.Shape(n: Shape.N, c: C, h: Shape.H, w: Shape.W);
        if (_saved?.Shape != s) _saved = new Gen.InstanceNorm.Saved<float>(s);
        Gen.InstanceNorm.Forward(s, x.Span, gamma.Span, beta.Span, y.Span, _saved, Eps);
    }
}

/// <summary>InstanceNorm (affine) backward, NCHW: dx, and dgamma/dbeta accumulated.</summary>
public class InstanceNormBackward : NormBenchmark
{
    public static IEnumerable<ImageShape> Shapes => ImageShapes.All;

    [ParamsSource(nameof(Shapes))]
    public ImageShape Shape { get; set; } = ImageShapes.All[0];

    private NativeBuffer dy = null!, x = null!, gamma = null!, beta = null!, mean = null!, rstd = null!, dx = null!, dgamma = null!, dbeta = null!;
    private int C => Shape.C;
    private long NC => (long)Shape.N * C;

    // read dy, x, gamma, mean, rstd; write dx; read and write dgamma, dbeta
    public override long BytesMoved => Bytes(3 * Shape.Elements + C + 2 * NC + 4L * C);

    protected override void Setup()
    {
        _libTorch = null;
        (x, gamma, beta) = AffineInputs(Shape.Elements, C, seed: 41);
        (dy, dx, dgamma, dbeta) = AffineGradients(Shape.Elements, C, seed: 41);
        mean = Zeros(NC);
        rstd = Zeros(NC);
        InstanceNormSimd.Forward(Shape.N, C, Shape.HW, x.Span, gamma.Span, beta.Span, dx.Span, mean.Span, rstd.Span, Eps); // saved statistics
    }

    public override void ResetOutputs()
    {
        ResetGradients(dx, dgamma, dbeta, seed: 41);
    }

    public override IReadOnlyList<(string Name, NativeBuffer Buffer)> Outputs => [("dx", dx), ("dgamma", dgamma), ("dbeta", dbeta)];

    [Benchmark(Baseline = true)]
    public void Simd() => InstanceNormSimd.Backward(Shape.N, C, Shape.HW, dy.Span, x.Span, gamma.Span, mean.Span, rstd.Span, dx.Span, dgamma.Span, dbeta.Span);

    [Benchmark]
    public void Naive() => InstanceNormNaive.Backward(Shape.N, C, Shape.HW, dy.Span, x.Span, gamma.Span, mean.Span, rstd.Span, dx.Span, dgamma.Span, dbeta.Span);

    [Benchmark]
    public void TensorPrimitives() => InstanceNormTensorPrimitives.Backward(Shape.N, C, Shape.HW, dy.Span, x.Span, gamma.Span, mean.Span, rstd.Span, dx.Span, dgamma.Span, dbeta.Span);

    /// <summary>What autograd runs for at::instance_norm: at::native_batch_norm_backward on the [1, n*c, h*w] view, then the repeat backward (sum over n) for dgamma, dbeta.</summary>
    [Benchmark]
    public void Aten() => AtenOps.InstanceNormBackward(Shape, dy, x, gamma, mean, rstd, dx, dgamma, dbeta, Eps);

    private TorchBackward? _libTorch;

    /// <summary>LibTorch 2.10: torch.autograd.grad over F.instance_norm's graph (built once), new dx, dgamma, dbeta.</summary>
    [Benchmark]
    public void LibTorch() => (_libTorch ??= Own(ModernOps.TorchInstanceNormBackward(Shape, dy, x, gamma, beta, Eps))).Run(dx, dgamma, dbeta);

    private Gen.InstanceNorm.Saved<float>? _saved;

    /// <summary>The NormGen kernel generated from InstanceNorm's formula, from its own forward's saved statistics.</summary>
    [Benchmark]
    public override void Generated()
    {
        var s = new Gen.InstanceNorm.Shape(n: Shape.N, c: C, h: Shape.H, w: Shape.W);
        if (_saved?.Shape != s)
        {
            _saved = new Gen.InstanceNorm.Saved<float>(s);
            Gen.InstanceNorm.Forward(s, x.Span, gamma.Span, gamma.Span, new float[Shape.Elements], _saved, Eps);
        }
        Gen.InstanceNorm.Backward(s, dy.Span, x.Span, gamma.Span, gamma.Span, _saved, dx.Span, dgamma.Span, dbeta.Span, Eps);
    }
}
