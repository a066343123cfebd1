using BenchmarkDotNet.Attributes;
using NormGen.Benchmarks.Aten;
using NormGen.Benchmarks.Baselines;
using NormGen.Benchmarks.Infrastructure;
using NormGen.Benchmarks.Modern;
using Gen = NormGen.TestLayers;

namespace NormGen.Benchmarks.Benchmarks;

/// <summary>GroupNorm forward, NCHW: y, and mean/rstd per (sample, group) saved.</summary>
public class GroupNormForward : NormBenchmark
{
    public static IEnumerable<ImageShape> Shapes => ImageShapes.All;

    [ParamsSource(nameof(Shapes))]
    public ImageShape Shape { get; set; } = ImageShapes.All[0];

    [Params(8)]
    public int Groups { get; set; } = 8;

    private NativeBuffer x = null!, gamma = null!, beta = null!, y = null!, mean = null!, rstd = null!;
    private int C => Shape.C;

    // read x, gamma, beta; write y, mean, rstd
    public override long BytesMoved => Bytes(2 * Shape.Elements + 2L * C + 2L * Shape.N * Groups);

    protected override void Setup()
    {
        _libTorch = null;
        (x, gamma, beta) = AffineInputs(Shape.Elements, C, seed: 31);
        y = Zeros(Shape.Elements);
        mean = Zeros((long)Shape.N * Groups);
        rstd = Zeros((long)Shape.N * Groups);
    }

    public override void ResetOutputs()
    {
        Poison(y);
        Poison(mean);
        Poison(rstd);
    }

    public override IReadOnlyList<(string Name, NativeBuffer Buffer)> Outputs => [("y", y), ("mean", mean), ("rstd", rstd)];

    public override IReadOnlyCollection<string> OutputsNotWrittenBy(string method)
        => method is nameof(Generated) or nameof(LibTorch) ? ["mean", "rstd"] : [];

    [Benchmark(Baseline = true)]
    public void Simd() => GroupNormSimd.Forward(Shape.N, C, Shape.HW, Groups, x.Span, gamma.Span, beta.Span, y.Span, mean.Span, rstd.Span, Eps);

    [Benchmark]
    public void Naive() => GroupNormNaive.Forward(Shape.N, C, Shape.HW, Groups, x.Span, gamma.Span, beta.Span, y.Span, mean.Span, rstd.Span, Eps);

    [Benchmark]
    public void TensorPrimitives() => GroupNormTensorPrimitives.Forward(Shape.N, C, Shape.HW, Groups, x.Span, gamma.Span, beta.Span, y.Span, mean.Span, rstd.Span, Eps);

    /// <summary>at::native_group_norm.</summary>
    [Benchmark]
    public void Aten() => AtenOps.GroupNormForward(Shape, Groups, x, gamma, beta, y, mean, rstd, Eps);

    private TorchForward? _libTorch;

    /// <summary>LibTorch 2.10 eager: F.group_norm (ONNX Runtime's GroupNormalization has no CPU kernel: no Ort row).</summary>
    [Benchmark]
    public void LibTorch() => (_libTorch ??= Own(ModernOps.TorchGroupNorm(Shape, Groups, x, gamma, beta, Eps))).Run(y);

    private Gen.GroupNorm.Saved<float>? _saved;

    /// <summary>The NormGen kernel generated from GroupNorm's formula ("n (g c) h w").</summary>
    [Benchmark]
    public override void Generated()
    {
        var s = new Gen.GroupNorm.Shape(n: Shape.N, g: Groups, c: C / Groups, h: Shape.H, w: Shape.W);
        if (_saved?.Shape != s) _saved = new Gen.GroupNorm.Saved<float>(s);
        Gen.GroupNorm.Forward(s, x.Span, gamma.Span, beta.Span, y.Span, _saved, Eps);
    }
}

/// <summary>GroupNorm backward, NCHW: dx, and dgamma/dbeta accumulated.</summary>
public class GroupNormBackward : NormBenchmark
{
    public static IEnumerable<ImageShape> Shapes => ImageShapes.All;

    [ParamsSource(nameof(Shapes))]
    public ImageShape Shape { get; set; } = ImageShapes.All[0];

    [Params(8)]
    public int Groups { get; set; } = 8;

    private NativeBuffer dy = null!, x = null!, gamma = null!, beta = null!, mean = null!, rstd = null!, dx = null!, dgamma = null!, dbeta = null!;
    private int C => Shape.C;

    // read dy, x, gamma, mean, rstd; write dx; read and write dgamma, dbeta
    public override long BytesMoved => Bytes(3 * Shape.Elements + C + 2L * Shape.N * Groups + 4L * C);

    protected override void Setup()
    {
        _libTorch = null;
        (x, gamma, beta) = AffineInputs(Shape.Elements, C, seed: 31);
        (dy, dx, dgamma, dbeta) = AffineGradients(Shape.Elements, C, seed: 31);
        mean = Zeros((long)Shape.N * Groups);
        rstd = Zeros((long)Shape.N * Groups);
        GroupNormSimd.Forward(Shape.N, C, Shape.HW, Groups, x.Span, gamma.Span, beta.Span, dx.Span, mean.Span, rstd.Span, Eps); // saved statistics
    }

    public override void ResetOutputs()
    {
        ResetGradients(dx, dgamma, dbeta, seed: 31);
    }

    public override IReadOnlyList<(string Name, NativeBuffer Buffer)> Outputs => [("dx", dx), ("dgamma", dgamma), ("dbeta", dbeta)];

    [Benchmark(Baseline = true)]
    public void Simd() => GroupNormSimd.Backward(Shape.N, C, Shape.HW, Groups, dy.Span, x.Span, gamma.Span, mean.Span, rstd.Span, dx.Span, dgamma.Span, dbeta.Span);

    [Benchmark]
    public void Naive() => GroupNormNaive.Backward(Shape.N, C, Shape.HW, Groups, dy.Span, x.Span, gamma.Span, mean.Span, rstd.Span, dx.Span, dgamma.Span, dbeta.Span);

    [Benchmark]
    public void TensorPrimitives() => GroupNormTensorPrimitives.Backward(Shape.N, C, Shape.HW, Groups, dy.Span, x.Span, gamma.Span, mean.Span, rstd.Span, dx.Span, dgamma.Span, dbeta.Span);

    /// <summary>at::native_group_norm_backward.</summary>
    [Benchmark]
    public void Aten() => AtenOps.GroupNormBackward(Shape, Groups, dy, x, gamma, mean, rstd, dx, dgamma, dbeta);

    private TorchBackward? _libTorch;

    /// <summary>LibTorch 2.10: torch.autograd.grad over F.group_norm's graph (built once), new dx, dgamma, dbeta.</summary>
    [Benchmark]
    public void LibTorch() => (_libTorch ??= Own(ModernOps.TorchGroupNormBackward(Shape, Groups, dy, x, gamma, beta, Eps))).Run(dx, dgamma, dbeta);

    private Gen.GroupNorm.Saved<float>? _saved;

    /// <summary>The NormGen kernel generated from GroupNorm's formula, from its own forward's saved statistics.</summary>
    [Benchmark]
    public override void Generated()
    {
        var s = new Gen.GroupNorm.Shape(n: Shape.N, g: Groups, c: C / Groups, h: Shape.H, w: Shape.W);
        if (_saved?.Shape != s)
        {
            _saved = new Gen.GroupNorm.Saved<float>(s);
            Gen.GroupNorm.Forward(s, x.Span, gamma.Span, gamma.Span, new float[Shape.Elements], _saved, Eps);
        }
        Gen.GroupNorm.Backward(s, dy.Span, x.Span, gamma.Span, gamma.Span, _saved, dx.Span, dgamma.Span, dbeta.Span, Eps);
    }
}
