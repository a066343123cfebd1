using BenchmarkDotNet.Attributes;
using NormGen.Benchmarks.Aten;
using NormGen.Benchmarks.Baselines;
using NormGen.Benchmarks.Infrastructure;
using NormGen.Benchmarks.Modern;
using Gen = NormGen.TestLayers;

namespace NormGen.Benchmarks.Benchmarks;

/// <summary>LayerNorm forward over the last axis: y, and mean/rstd per row saved.</summary>
public class LayerNormForward : NormBenchmark
{
    public static IEnumerable<RowShape> Shapes => RowShapes.All;

    [ParamsSource(nameof(Shapes))]
    public RowShape Shape { get; set; } = RowShapes.All[0];

    private NativeBuffer x = null!, gamma = null!, beta = null!, y = null!, mean = null!, rstd = null!;
    private int R => Shape.Rows;
    private int D => Shape.Features;

    // read x, gamma, beta; write y, mean, rstd
    public override long BytesMoved => Bytes(2 * Shape.Elements + 2L * D + 2L * R);

    protected override void Setup()
    {
        (_libTorch, _ort) = (null, null);
        x = Random(Shape.Elements, seed: 1, scale: 1.5f, offset: 0.25f);
        gamma = Random(D, seed: 2, scale: 0.5f, offset: 1f);
        beta = Random(D, seed: 3, scale: 0.5f);
        y = Zeros(Shape.Elements);
        mean = Zeros(R);
        rstd = Zeros(R);
    }

    public override void ResetOutputs()
    {
        Poison(y);
        Poison(mean);
        Poison(rstd);
    }

    public override IReadOnlyList<(string Name, NativeBuffer Buffer)> Outputs => [("y", y), ("mean", mean), ("rstd", rstd)];

    public override IReadOnlyCollection<string> OutputsNotWrittenBy(string method)
        => method is nameof(Generated) or nameof(GeneratedTensorSpan) or nameof(GeneratedSpecialized) or nameof(LibTorch) ? ["mean", "rstd"] : [];

    [Benchmark(Baseline = true)]
    public void Simd() => LayerNormSimd.Forward(R, D, x.Span, gamma.Span, beta.Span, y.Span, mean.Span, rstd.Span, Eps);

    [Benchmark]
    public void Naive() => LayerNormNaive.Forward(R, D, x.Span, gamma.Span, beta.Span, y.Span, mean.Span, rstd.Span, Eps);

    [Benchmark]
    public void TensorPrimitives() => LayerNormTensorPrimitives.Forward(R, D, x.Span, gamma.Span, beta.Span, y.Span, mean.Span, rstd.Span, Eps);

    /// <summary>at::native_layer_norm, results copied into y, mean, rstd.</summary>
    [Benchmark]
    public void Aten() => AtenOps.LayerNormForward(R, D, x, gamma, beta, y, mean, rstd, Eps);

    /// <summary>at::native_layer_norm alone: results left in ATen's own tensors (measures the copy-out).</summary>
    [Benchmark]
    [SkipOutputCheck("leaves the results in ATen's tensors")]
    public void AtenNoCopy()
    {
        AtenShim.SetCopyOutputs(false);
        try { Aten(); }
        finally { AtenShim.SetCopyOutputs(true); }
    }

    /// <summary>ATen's CPU kernel without the operator: at::native::LayerNormKernel writing into y, mean, rstd.</summary>
    [Benchmark]
    public void AtenKernel() => AtenOps.LayerNormForwardKernel(R, D, x, gamma, beta, y, mean, rstd, Eps);

    private TorchForward? _libTorch;
    private OrtGraph? _ort;

    /// <summary>LibTorch 2.10 eager: F.layer_norm returning a new y (its mean and rstd stay inside LibTorch).</summary>
    [Benchmark]
    public void LibTorch() => (_libTorch ??= Own(ModernOps.TorchLayerNorm(Shape, x, gamma, beta, Eps))).Run(y);

    /// <summary>ONNX Runtime: LayerNormalization (opset 17) writing y, mean and rstd into the buffers.</summary>
    [Benchmark]
    public void Ort() => (_ort ??= Own(ModernOps.OrtLayerNorm(Shape, x, gamma, beta, y, mean, rstd, Eps))).Run();

    private Gen.LayerNorm.Saved<float>? _saved;

    /// <summary>The NormGen kernel generated from LayerNorm's formula (mean and rstd stay in its Saved).</summary>
    [Benchmark]
    public override void Generated()
    {
        var s = new Gen.LayerNorm.Shape(n: R, d: D);
        if (_saved?.Shape != s) _saved = new Gen.LayerNorm.Saved<float>(s);
        Gen.LayerNorm.Forward(s, x.Span, gamma.Span, beta.Span, y.Span, _saved, Eps);
    }

    /// <summary>
    /// The same kernel through its tensor-span overload (docs/api.md, "Tensor spans"): the shape read from x's
    /// lengths, rank, lengths and strides checked; what that costs over <see cref="Generated"/>.
    /// </summary>
    [Benchmark]
    public void GeneratedTensorSpan()
    {
        var s = new Gen.LayerNorm.Shape(n: R, d: D);
        if (_saved?.Shape != s) _saved = new Gen.LayerNorm.Saved<float>(s);
        ReadOnlySpan<nint> lengths = [R, D];
        Gen.LayerNorm.Forward(new System.Numerics.Tensors.ReadOnlyTensorSpan<float>(x.Span, lengths), gamma.Span, beta.Span,
            new System.Numerics.Tensors.TensorSpan<float>(y.Span, lengths), _saved, Eps);
    }

    private Gen.LayerNormSpecialized.Saved<float>? _savedSpecialized;

    /// <summary>The same formula with Specialize = "d=256; d=768; d=1024; d=4096": the gain of compile-time sizes.</summary>
    [Benchmark]
    public void GeneratedSpecialized()
    {
        var s = new Gen.LayerNormSpecialized.Shape(n: R, d: D);
        if (_savedSpecialized?.Shape != s) _savedSpecialized = new Gen.LayerNormSpecialized.Saved<float>(s);
        Gen.LayerNormSpecialized.Forward(s, x.Span, gamma.Span, beta.Span, y.Span, _savedSpecialized, Eps);
    }
}

/// <summary>LayerNorm backward over the last axis: dx, and dgamma/dbeta accumulated.</summary>
public class LayerNormBackward : NormBenchmark
{
    public static IEnumerable<RowShape> Shapes => RowShapes.All;

    [ParamsSource(nameof(Shapes))]
    public RowShape Shape { get; set; } = RowShapes.All[0];

    private NativeBuffer dy = null!, x = null!, gamma = null!, beta = null!, mean = null!, rstd = null!, dx = null!, dgamma = null!, dbeta = null!, scratch = null!;
    private int R => Shape.Rows;
    private int D => Shape.Features;

    // read dy, x, gamma, mean, rstd; write dx; read and write dgamma, dbeta
    public override long BytesMoved => Bytes(3 * Shape.Elements + D + 2L * R + 4L * D);

    protected override void Setup()
    {
        _libTorch = null;
        x = Random(Shape.Elements, seed: 1, scale: 1.5f, offset: 0.25f);
        gamma = Random(D, seed: 2, scale: 0.5f, offset: 1f);
        beta = Random(D, seed: 3, scale: 0.5f);
        dy = Random(Shape.Elements, seed: 4);
        mean = Zeros(R);
        rstd = Zeros(R);
        dx = Zeros(Shape.Elements);
        dgamma = Zeros(D);
        dbeta = Zeros(D);
        scratch = Zeros(LayerNormTensorPrimitives.ScratchLength(D));
        LayerNormSimd.Forward(R, D, x.Span, gamma.Span, beta.Span, dx.Span, mean.Span, rstd.Span, Eps); // saved statistics
    }

    public override void ResetOutputs()
    {
        Poison(dx);
        Reset(dgamma, seed: 5);
        Reset(dbeta, seed: 6);
    }

    public override IReadOnlyList<(string Name, NativeBuffer Buffer)> Outputs => [("dx", dx), ("dgamma", dgamma), ("dbeta", dbeta)];

    [Benchmark(Baseline = true)]
    public void Simd() => LayerNormSimd.Backward(R, D, dy.Span, x.Span, gamma.Span, mean.Span, rstd.Span, dx.Span, dgamma.Span, dbeta.Span);

    [Benchmark]
    public void Naive() => LayerNormNaive.Backward(R, D, dy.Span, x.Span, gamma.Span, mean.Span, rstd.Span, dx.Span, dgamma.Span, dbeta.Span);

    [Benchmark]
    public void TensorPrimitives()
        => LayerNormTensorPrimitives.Backward(R, D, dy.Span, x.Span, gamma.Span, mean.Span, rstd.Span, dx.Span, dgamma.Span, dbeta.Span, scratch.Span);

    /// <summary>at::native_layer_norm_backward, dx copied out, dgamma/dbeta accumulated with add_.</summary>
    [Benchmark]
    public void Aten() => AtenOps.LayerNormBackward(R, D, dy, x, gamma, mean, rstd, dx, dgamma, dbeta);

    /// <summary>at::native_layer_norm_backward alone: results left in ATen's tensors (measures the copy-out).</summary>
    [Benchmark]
    [SkipOutputCheck("leaves the results in ATen's tensors")]
    public void AtenNoCopy()
    {
        AtenShim.SetCopyOutputs(false);
        try { Aten(); }
        finally { AtenShim.SetCopyOutputs(true); }
    }

    /// <summary>ATen's CPU kernel without the operator: at::native::LayerNormBackwardKernel writing into dx.</summary>
    [Benchmark]
    public void AtenKernel() => AtenOps.LayerNormBackwardKernel(R, D, dy, x, gamma, mean, rstd, dx, dgamma, dbeta);

    private TorchBackward? _libTorch;

    /// <summary>LibTorch 2.10: torch.autograd.grad over F.layer_norm's graph (built once), new dx, dgamma, dbeta.</summary>
    [Benchmark]
    public void LibTorch() => (_libTorch ??= Own(ModernOps.TorchLayerNormBackward(Shape, dy, x, gamma, beta, Eps))).Run(dx, dgamma, dbeta);

    private Gen.LayerNorm.Saved<float>? _saved;

    /// <summary>The NormGen kernel generated from LayerNorm's formula, from its own forward's saved statistics.</summary>
    [Benchmark]
    public override void Generated()
    {
        var s = new Gen.LayerNorm.Shape(n: R, d: D);
        if (_saved?.Shape != s)
        {
            _saved = new Gen.LayerNorm.Saved<float>(s);
            Gen.LayerNorm.Forward(s, x.Span, gamma.Span, Zeros(D).Span, new float[Shape.Elements], _saved, Eps);
        }
        Gen.LayerNorm.Backward(s, dy.Span, x.Span, gamma.Span, gamma.Span, _saved, dx.Span, dgamma.Span, dbeta.Span, Eps);
    }

    private Gen.LayerNormSpecialized.Saved<float>? _savedSpecialized;

    /// <summary>The same formula with Specialize = "d=256; d=768; d=1024; d=4096": the gain of compile-time sizes.</summary>
    [Benchmark]
    public void GeneratedSpecialized()
    {
        var s = new Gen.LayerNormSpecialized.Shape(n: R, d: D);
        if (_savedSpecialized?.Shape != s)
        {
            _savedSpecialized = new Gen.LayerNormSpecialized.Saved<float>(s);
            Gen.LayerNormSpecialized.Forward(s, x.Span, gamma.Span, Zeros(D).Span, new float[Shape.Elements], _savedSpecialized, Eps);
        }
        Gen.LayerNormSpecialized.Backward(s, dy.Span, x.Span, gamma.Span, gamma.Span, _savedSpecialized, dx.Span, dgamma.Span, dbeta.Span, Eps);
    }
}

/// <summary>
/// The row-wise shapes, rows x features. NORMGEN_BENCH_SHAPES (e.g. "4096x1024,64x768") keeps only
/// the shapes it lists, for a quick run.
/// </summary>
public static class RowShapes
{
    public static readonly RowShape[] All = ShapeFilter.Apply<RowShape>([new(4096, 1024), new(16384, 256), new(64, 768), new(2048, 4096)]);
}
