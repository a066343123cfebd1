using BenchmarkDotNet.Attributes;
using NormGen.Benchmarks.Baselines;
using NormGen.Benchmarks.Infrastructure;
using NormGen.Benchmarks.Modern;
using Gen = NormGen.TestLayers;

namespace NormGen.Benchmarks.Benchmarks;

/// <summary>
/// Dynamic Tanh (issue 14's DyT case): y = gamma * tanh(alpha * x) + beta over rows, alpha = 0.5 (the constant of the
/// benchmarked layer, tests/NormGen.Benchmarks/Layers.cs). Elementwise: a forward must read x and write y, so the
/// target is within 1.3x of Copy of the same bytes. PyTorch 1.13 has no DyT op, so there is no Aten row.
/// </summary>
public class DyTForward : NormBenchmark
{
    public const float Alpha = 0.5f;

    public static IEnumerable<RowShape> Shapes => ShapeFilter.Apply(Candidates(Environment.GetEnvironmentVariable(ShapeFilter.Variable)));

    /// <summary>
    /// The 4096x1024 (x and y, 32 MB, stream from L3 and memory) and, only when NORMGEN_BENCH_SHAPES names it,
    /// 64x1024 (x and y, 512 KB, stay in the 2 MB L2), which splits the 4096x1024 time into arithmetic and memory:
    /// the kernel's code is the same at both (docs/benchmarks-dyt.md, "Compute or memory").
    /// </summary>
    /// <param name="listed">NORMGEN_BENCH_SHAPES's value (null when unset).</param>
    public static RowShape[] Candidates(string? listed)
    {
        RowShape l2 = new(64, 1024);
        bool named = listed?.Split(',').Any(s => string.Equals(s.Trim(), l2.ToString(), StringComparison.OrdinalIgnoreCase)) == true;
        return named ? [new(4096, 1024), l2] : [new(4096, 1024)];
    }

    [ParamsSource(nameof(Shapes))]
    public RowShape Shape { get; set; } = new(4096, 1024);

    private NativeBuffer x = null!, gamma = null!, beta = null!, y = null!;
    private int R => Shape.Rows;
    private int D => Shape.Features;

    // read x, gamma, beta; write y
    public override long BytesMoved => Bytes(2 * Shape.Elements + 2L * D);

    protected override void Setup()
    {
        _libTorch = null;
        (x, gamma, beta) = AffineInputs(Shape.Elements, D, seed: 31, xScale: 3f);
        y = Zeros(Shape.Elements);
    }

    public override void ResetOutputs() => Poison(y);

    public override IReadOnlyList<(string Name, NativeBuffer Buffer)> Outputs => [("y", y)];

    [Benchmark(Baseline = true)]
    public void Simd() => DyTSimd.Forward(R, D, x.Span, gamma.Span, beta.Span, y.Span, Alpha);

    [Benchmark]
    public void Naive() => DyTNaive.Forward(R, D, x.Span, gamma.Span, beta.Span, y.Span, Alpha);

    [Benchmark]
    public void TensorPrimitives() => DyTTensorPrimitives.Forward(R, D, x.Span, gamma.Span, beta.Span, y.Span, Alpha);

    private TorchForward? _libTorch;

    /// <summary>LibTorch 2.10 eager: gamma * tanh(alpha * x) + beta (three ops, as the DyT module writes it), a new y.</summary>
    [Benchmark]
    public void LibTorch() => (_libTorch ??= Own(ModernOps.TorchDyT(Shape, x, gamma, beta, Alpha))).Run(y);

    /// <summary>Hand models of the forward loop (<see cref="DyTHandModels"/>): plain, unrolled x2 and x4 (loads of both
    /// vectors first), and x2 with streaming stores; docs/benchmarks-dyt.md, "Hand models".</summary>
    [Benchmark]
    public void Model() => DyTHandModels.Run(R, D, x, gamma, beta, y, 0, 1, false);

    [Benchmark]
    public void ModelX2() => DyTHandModels.Run(R, D, x, gamma, beta, y, 0, 2, false);

    [Benchmark]
    public void ModelX4() => DyTHandModels.Run(R, D, x, gamma, beta, y, 0, 4, false);

    [Benchmark]
    public void ModelX2Streaming() => DyTHandModels.Run(R, D, x, gamma, beta, y, 0, 2, true);

    private Gen.DyT.Saved<float>? _saved;

    /// <summary>The NormGen kernel generated from DyT's formula.</summary>
    [Benchmark]
    public override void Generated()
    {
        var s = new Gen.DyT.Shape(n: R, d: D);
        if (_saved?.Shape != s) _saved = new Gen.DyT.Saved<float>(s);
        Gen.DyT.Forward(s, x.Span, gamma.Span, beta.Span, y.Span, _saved, Alpha);
    }

    /// <summary>
    /// <see cref="Generated"/> with the next row prefetched (<see cref="NormGen.Kernels.Prefetch.MinRowBytes"/> 4 KB for the
    /// call; the default, 8 KB, leaves DyT's 4 KB rows alone): faster in process under load (docs/benchmarks-dyt.md,
    /// "Constants out of the loop"); this row is for the quiet BenchmarkDotNet run that decides it.
    /// </summary>
    [Benchmark]
    public void GeneratedNextRowPrefetch()
    {
        int before = NormGen.Kernels.Prefetch.MinRowBytes;
        NormGen.Kernels.Prefetch.MinRowBytes = 4096;
        try { Generated(); }
        finally { NormGen.Kernels.Prefetch.MinRowBytes = before; }
    }
}

/// <summary>DyT backward: dx, and dgamma/dbeta accumulated (t = tanh(alpha x) recomputed from x: nothing is saved).</summary>
public class DyTBackward : NormBenchmark
{
    public static IEnumerable<RowShape> Shapes => DyTForward.Shapes;

    [ParamsSource(nameof(Shapes))]
    public RowShape Shape { get; set; } = new(4096, 1024);

    private NativeBuffer dy = null!, x = null!, gamma = null!, beta = null!, dx = null!, dgamma = null!, dbeta = null!, scratch = null!;
    private int R => Shape.Rows;
    private int D => Shape.Features;

    // read dy, x, gamma; write dx; read and write dgamma, dbeta
    public override long BytesMoved => Bytes(3 * Shape.Elements + D + 4L * D);

    protected override void Setup()
    {
        _libTorch = null;
        (x, gamma, beta) = AffineInputs(Shape.Elements, D, seed: 31, xScale: 3f);
        (dy, dx, dgamma, dbeta) = AffineGradients(Shape.Elements, D, seed: 31);
        scratch = Zeros(D);
    }

    public override void ResetOutputs()
    {
        ResetGradients(dx, dgamma, dbeta, seed: 31);
    }

    public override IReadOnlyList<(string Name, NativeBuffer Buffer)> Outputs => [("dx", dx), ("dgamma", dgamma), ("dbeta", dbeta)];

    [Benchmark(Baseline = true)]
    public void Simd() => DyTSimd.Backward(R, D, dy.Span, x.Span, gamma.Span, dx.Span, dgamma.Span, dbeta.Span, DyTForward.Alpha);

    [Benchmark]
    public void Naive() => DyTNaive.Backward(R, D, dy.Span, x.Span, gamma.Span, dx.Span, dgamma.Span, dbeta.Span, DyTForward.Alpha);

    [Benchmark]
    public void TensorPrimitives()
        => DyTTensorPrimitives.Backward(R, D, dy.Span, x.Span, gamma.Span, dx.Span, dgamma.Span, dbeta.Span, DyTForward.Alpha, scratch.Span);

    private TorchBackward? _libTorch;

    /// <summary>LibTorch 2.10: torch.autograd.grad over gamma * tanh(alpha * x) + beta (graph built once), new dx, dgamma, dbeta.</summary>
    [Benchmark]
    public void LibTorch() => (_libTorch ??= Own(ModernOps.TorchDyTBackward(Shape, dy, x, gamma, beta, DyTForward.Alpha))).Run(dx, dgamma, dbeta);

    private Gen.DyT.Saved<float>? _saved;

    /// <summary>The NormGen kernel generated from DyT's formula (its forward run once for whatever it saves).</summary>
    [Benchmark]
    public override void Generated()
    {
        var s = new Gen.DyT.Shape(n: R, d: D);
        if (_saved?.Shape != s)
        {
            _saved = new Gen.DyT.Saved<float>(s);
            Gen.DyT.Forward(s, x.Span, gamma.Span, beta.Span, new float[Shape.Elements], _saved, DyTForward.Alpha);
        }
        Gen.DyT.Backward(s, dy.Span, x.Span, gamma.Span, beta.Span, _saved, dx.Span, dgamma.Span, dbeta.Span, DyTForward.Alpha);
    }
}
