using BenchmarkDotNet.Attributes;
using NormGen.Benchmarks.Aten;
using NormGen.Benchmarks.Baselines;
using NormGen.Benchmarks.Infrastructure;
using NormGen.Benchmarks.Modern;
using Gen = NormGen.TestLayers;

namespace NormGen.Benchmarks.Benchmarks;

/// <summary>BatchNorm2d training forward, NCHW or NHWC: y, saved mean/invstd, running buffers updated.</summary>
public class BatchNorm2dForward : NormBenchmark, IHasFloor
{
    public static IEnumerable<ImageShape> Shapes => ImageShapes.All;

    [ParamsSource(nameof(Shapes))]
    public ImageShape Shape { get; set; } = ImageShapes.All[0];

    [Params(ImageLayout.Nchw, ImageLayout.Nhwc)]
    public ImageLayout Layout { get; set; } = ImageLayout.Nchw;

    private NativeBuffer x = null!, gamma = null!, beta = null!, runningMean = null!, runningVar = null!, y = null!, saveMean = null!, saveInvstd = null!, floorY = null!;
    private int C => Shape.C;

    // read x, gamma, beta; write y, save_mean, save_invstd; read and write running_mean, running_var
    public override long BytesMoved => Bytes(2 * Shape.Elements + 2L * C + 2L * C + 4L * C);

    protected override void Setup()
    {
        (_libTorch, _ort) = (null, null);
        x = Random(Shape.Elements, seed: 21, scale: 1.5f, offset: 0.25f);
        gamma = Random(C, seed: 22, scale: 0.5f, offset: 1f);
        beta = Random(C, seed: 23, scale: 0.5f);
        runningMean = Zeros(C);
        runningVar = Zeros(C);
        y = Zeros(Shape.Elements);
        saveMean = Zeros(C);
        saveInvstd = Zeros(C);
        floorY = Zeros(Shape.Elements);
    }

    public override void ResetOutputs()
    {
        Poison(y);
        Poison(saveMean);
        Poison(saveInvstd);
        Reset(runningMean, seed: 24, scale: 0.1f);
        Reset(runningVar, seed: 25, scale: 0.1f, offset: 1f);
    }

    public override IReadOnlyList<(string Name, NativeBuffer Buffer)> Outputs
        => [("y", y), ("save_mean", saveMean), ("save_invstd", saveInvstd), ("running_mean", runningMean), ("running_var", runningVar)];

    public override IReadOnlyCollection<string> OutputsNotWrittenBy(string method)
        => method switch
        {
            nameof(Generated) or nameof(LibTorch) => ["save_mean", "save_invstd"],
            // ONNX's training BatchNormalization updates running_var with the biased variance: only y is compared.
            nameof(Ort) => ["save_mean", "save_invstd", "running_mean", "running_var"],
            _ => [],
        };

    [Benchmark(Baseline = true)]
    public void Simd()
    {
        if (Layout == ImageLayout.Nchw)
            BatchNorm2dNchwSimd.Forward(Shape.N, C, Shape.HW, x.Span, gamma.Span, beta.Span, runningMean.Span, runningVar.Span, y.Span, saveMean.Span, saveInvstd.Span, Eps, Momentum);
        else
            BatchNorm2dNhwcSimd.Forward(Shape.N, C, Shape.HW, x.Span, gamma.Span, beta.Span, runningMean.Span, runningVar.Span, y.Span, saveMean.Span, saveInvstd.Span, Eps, Momentum);
    }

    /// <summary>
    /// The bytes the structure forces (<see cref="StatisticsFloor"/>): x read for the statistics, then read again and y
    /// written (into a buffer of its own), over the whole tensor. Target 4's explanation column.
    /// </summary>
    [Benchmark]
    [SkipOutputCheck("moves bytes only")]
    public void Floor() => FloorSink = StatisticsFloor.Forward(x.Span, floorY.Span);

    public float FloorSink { get; private set; }

    public IReadOnlyList<NativeBuffer> FloorInputs => [x];

    public NativeBuffer FloorOutput => floorY;

    [Benchmark]
    public void Naive() => BatchNorm2dNaive.Forward(Layout, Shape.N, C, Shape.HW, x.Span, gamma.Span, beta.Span,
        runningMean.Span, runningVar.Span, y.Span, saveMean.Span, saveInvstd.Span, Eps, Momentum);

    [Benchmark]
    public void TensorPrimitives() => BatchNorm2dTensorPrimitives.Forward(Layout, Shape.N, C, Shape.HW, x.Span, gamma.Span, beta.Span,
        runningMean.Span, runningVar.Span, y.Span, saveMean.Span, saveInvstd.Span, Eps, Momentum);

    /// <summary>at::native_batch_norm (training), channels_last strided tensors for NHWC.</summary>
    [Benchmark]
    public void Aten() => AtenOps.BatchNormForward(Layout, Shape, x, gamma, beta, runningMean, runningVar, y, saveMean, saveInvstd, Eps, Momentum);

    private TorchForward? _libTorch;
    private OrtGraph? _ort;

    /// <summary>LibTorch 2.10 eager: F.batch_norm (training, running buffers updated in place; channels_last for NHWC).</summary>
    [Benchmark]
    public void LibTorch() => (_libTorch ??= Own(ModernOps.TorchBatchNorm(Layout, Shape, x, gamma, beta, runningMean, runningVar, Eps, Momentum))).Run(y);

    /// <summary>ONNX Runtime: BatchNormalization (opset 15, training_mode = 1) writing y; NHWC between two Transposes.</summary>
    [Benchmark]
    public void Ort() => (_ort ??= Own(ModernOps.OrtBatchNorm(Layout, Shape, x, gamma, beta, runningMean, runningVar, y, Zeros(C), Zeros(C), Eps, Momentum))).Run();

    private Gen.BatchNorm2d.Saved<float>? _nchw;
    private Gen.BatchNorm2dNhwc.Saved<float>? _nhwc;

    /// <summary>The NormGen kernels generated from BatchNorm2d's formula, declared "n c h w" and "n h w c".</summary>
    [Benchmark]
    public override void Generated()
    {
        if (Layout == ImageLayout.Nchw)
        {
            var s = new Gen.BatchNorm2d.Shape(n: Shape.N, c: C, h: Shape.H, w: Shape.W);
            if (_nchw?.Shape != s) _nchw = new Gen.BatchNorm2d.Saved<float>(s);
            Gen.BatchNorm2d.Forward(s, x.Span, gamma.Span, beta.Span, runningMean.Span, runningVar.Span, y.Span, _nchw, true, Eps, Momentum);
        }
        else
        {
            var s = new Gen.BatchNorm2dNhwc.Shape(n: Shape.N, h: Shape.H, w: Shape.W, c: C);
            if (_nhwc?.Shape != s) _nhwc = new Gen.BatchNorm2dNhwc.Saved<float>(s);
            Gen.BatchNorm2dNhwc.Forward(s, x.Span, gamma.Span, beta.Span, runningMean.Span, runningVar.Span, y.Span, _nhwc, true, Eps, Momentum);
        }
    }
}

/// <summary>BatchNorm2d training backward, NCHW or NHWC: dx, and dgamma/dbeta accumulated.</summary>
public class BatchNorm2dBackward : NormBenchmark, IHasFloor
{
    public static IEnumerable<ImageShape> Shapes => ImageShapes.All;

    [ParamsSource(nameof(Shapes))]
    public ImageShape Shape { get; set; } = ImageShapes.All[0];

    [Params(ImageLayout.Nchw, ImageLayout.Nhwc)]
    public ImageLayout Layout { get; set; } = ImageLayout.Nchw;

    private NativeBuffer dy = null!, x = null!, gamma = null!, beta = null!, saveMean = null!, saveInvstd = null!, dx = null!, dgamma = null!, dbeta = null!, floorDx = null!;
    private int C => Shape.C;

    // read dy, x, gamma, save_mean, save_invstd; write dx; read and write dgamma, dbeta
    public override long BytesMoved => Bytes(3 * Shape.Elements + C + 2L * C + 4L * C);

    protected override void Setup()
    {
        _libTorch = null;
        x = Random(Shape.Elements, seed: 21, scale: 1.5f, offset: 0.25f);
        gamma = Random(C, seed: 22, scale: 0.5f, offset: 1f);
        beta = Random(C, seed: 23, scale: 0.5f);
        dy = Random(Shape.Elements, seed: 26);
        saveMean = Zeros(C);
        saveInvstd = Zeros(C);
        dx = Zeros(Shape.Elements);
        dgamma = Zeros(C);
        dbeta = Zeros(C);
        floorDx = Zeros(Shape.Elements);
        BatchNorm2dNaive.Forward(Layout, Shape.N, C, Shape.HW, x.Span, gamma.Span, beta.Span, Zeros(C).Span, Zeros(C).Span,
            dx.Span, saveMean.Span, saveInvstd.Span, Eps, Momentum); // saved statistics
    }

    public override void ResetOutputs()
    {
        Poison(dx);
        Reset(dgamma, seed: 27);
        Reset(dbeta, seed: 28);
    }

    public override IReadOnlyList<(string Name, NativeBuffer Buffer)> Outputs => [("dx", dx), ("dgamma", dgamma), ("dbeta", dbeta)];

    [Benchmark(Baseline = true)]
    public void Simd()
    {
        if (Layout == ImageLayout.Nchw)
            BatchNorm2dNchwSimd.Backward(Shape.N, C, Shape.HW, dy.Span, x.Span, gamma.Span, saveMean.Span, saveInvstd.Span, dx.Span, dgamma.Span, dbeta.Span);
        else
            BatchNorm2dNhwcSimd.Backward(Shape.N, C, Shape.HW, dy.Span, x.Span, gamma.Span, saveMean.Span, saveInvstd.Span, dx.Span, dgamma.Span, dbeta.Span);
    }

    /// <summary>
    /// The bytes the structure forces (<see cref="StatisticsFloor"/>): dy and x read for the channel sums, then both read
    /// again and dx written (into a buffer of its own), over the whole tensor. Target 4's explanation column.
    /// </summary>
    [Benchmark]
    [SkipOutputCheck("moves bytes only")]
    public void Floor() => FloorSink = StatisticsFloor.Backward(dy.Span, x.Span, floorDx.Span);

    public float FloorSink { get; private set; }

    public IReadOnlyList<NativeBuffer> FloorInputs => [dy, x];

    public NativeBuffer FloorOutput => floorDx;

    [Benchmark]
    public void Naive() => BatchNorm2dNaive.Backward(Layout, Shape.N, C, Shape.HW, dy.Span, x.Span, gamma.Span,
        saveMean.Span, saveInvstd.Span, dx.Span, dgamma.Span, dbeta.Span);

    [Benchmark]
    public void TensorPrimitives() => BatchNorm2dTensorPrimitives.Backward(Layout, Shape.N, C, Shape.HW, dy.Span, x.Span, gamma.Span,
        saveMean.Span, saveInvstd.Span, dx.Span, dgamma.Span, dbeta.Span);

    /// <summary>at::native_batch_norm_backward (train=true, from save_mean/save_invstd).</summary>
    [Benchmark]
    public void Aten() => AtenOps.BatchNormBackward(Layout, Shape, dy, x, gamma, saveMean, saveInvstd, dx, dgamma, dbeta, Eps);

    private TorchBackward? _libTorch;

    /// <summary>LibTorch 2.10: torch.autograd.grad over F.batch_norm's training graph (built once), new dx, dgamma, dbeta.</summary>
    [Benchmark]
    public void LibTorch() => (_libTorch ??= Own(ModernOps.TorchBatchNormBackward(Layout, Shape, dy, x, gamma, beta, Eps, Momentum))).Run(dx, dgamma, dbeta);

    private Gen.BatchNorm2d.Saved<float>? _nchw;
    private Gen.BatchNorm2dNhwc.Saved<float>? _nhwc;

    /// <summary>The NormGen kernels generated from BatchNorm2d's formula, from their own forward's saved statistics.</summary>
    [Benchmark]
    public override void Generated()
    {
        if (Layout == ImageLayout.Nchw)
        {
            var s = new Gen.BatchNorm2d.Shape(n: Shape.N, c: C, h: Shape.H, w: Shape.W);
            if (_nchw?.Shape != s)
            {
                _nchw = new Gen.BatchNorm2d.Saved<float>(s);
                Gen.BatchNorm2d.Forward(s, x.Span, gamma.Span, gamma.Span, Zeros(C).Span, Zeros(C).Span, new float[Shape.Elements], _nchw, true, Eps, Momentum);
            }
            Gen.BatchNorm2d.Backward(s, dy.Span, x.Span, gamma.Span, gamma.Span, gamma.Span, gamma.Span, _nchw, dx.Span, dgamma.Span, dbeta.Span, true, Eps, Momentum);
        }
        else
        {
            var s = new Gen.BatchNorm2dNhwc.Shape(n: Shape.N, h: Shape.H, w: Shape.W, c: C);
            if (_nhwc?.Shape != s)
            {
                _nhwc = new Gen.BatchNorm2dNhwc.Saved<float>(s);
                Gen.BatchNorm2dNhwc.Forward(s, x.Span, gamma.Span, gamma.Span, Zeros(C).Span, Zeros(C).Span, new float[Shape.Elements], _nhwc, true, Eps, Momentum);
            }
            Gen.BatchNorm2dNhwc.Backward(s, dy.Span, x.Span, gamma.Span, gamma.Span, gamma.Span, gamma.Span, _nhwc, dx.Span, dgamma.Span, dbeta.Span, true, Eps, Momentum);
        }
    }
}

/// <summary>The image shape, N x C x H x W (NORMGEN_BENCH_SHAPES filters these too).</summary>
public static class ImageShapes
{
    public static readonly ImageShape[] All = ShapeFilter.Apply<ImageShape>([new(32, 64, 32, 32)]);
}
