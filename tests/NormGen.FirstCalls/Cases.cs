using NormGen.Benchmarks.Infrastructure;
using Gen = NormGen.TestLayers;

namespace NormGen.FirstCalls;

/// <summary>
/// One measured workload: a layer at one shape, its buffers allocated and every page written before the first timed
/// call (a fresh array's pages fault in on first touch, which is the allocation's cost, not the kernel's), and
/// <see cref="Step"/> = one forward + one backward, as a training step calls them.
/// </summary>
internal abstract class Case
{
    public abstract string Name { get; }

    /// <summary>Allocates and touches every buffer; runs no kernel.</summary>
    public abstract void Setup();

    public abstract void Step();

    /// <summary>
    /// The same layer on a small input that runs the same kernels (one row, or a batch of two 1x1 images): what an
    /// application can call once at start-up so that the compilation happens there (the "warm-up call" configuration).
    /// Small inputs are never split across threads, so the threaded path still starts in the first timed call.
    /// </summary>
    public abstract Case Small();

    /// <summary>The generated layer class and its kernels (generic methods over storage, vector ops and vector type) a call of <see cref="Step"/> runs.</summary>
    public abstract Type Layer { get; }

    public abstract IReadOnlyList<string> KernelNames { get; }

    public static readonly IReadOnlyList<string> Names = ["LayerNorm 4096x1024", "LayerNorm 64x768", "BatchNorm2d NCHW 32x64x32x32"];

    public static Case Create(string name) => name switch
    {
        "LayerNorm 4096x1024" => new LayerNormCase(4096, 1024),
        "LayerNorm 64x768" => new LayerNormCase(64, 768),
        "BatchNorm2d NCHW 32x64x32x32" => new BatchNormCase(32, 64, 32, 32),
        _ => throw new ArgumentException($"Unknown case '{name}'; known: {string.Join(", ", Names)}.", nameof(name)),
    };

    protected static float[] Random(long length, ulong seed, float scale = 1f, float offset = 0f)
    {
        var a = new float[length];
        TestData.Fill(a, seed, scale, offset);
        return a;
    }

    /// <summary>An output buffer with every page written (zeros, so accumulated gradients start from 0).</summary>
    protected static float[] Touched(long length)
    {
        var a = new float[length];
        Array.Fill(a, 1f);
        Array.Clear(a);
        return a;
    }

    protected static void Touch(float[] a)
    {
        Array.Fill(a, 1f);
        Array.Clear(a);
    }
}

internal sealed class LayerNormCase(int n, int d) : Case
{
    private readonly Gen.LayerNorm.Shape shape = new(n: n, d: d);
    private float[] x = [], gamma = [], beta = [], y = [], dy = [], dx = [], dgamma = [], dbeta = [];
    private Gen.LayerNorm.Saved<float> saved = null!;

    public override string Name => $"LayerNorm {n}x{d}";

    public override Case Small() => new LayerNormCase(1, d);

    public override Type Layer => typeof(Gen.LayerNorm);

    public override IReadOnlyList<string> KernelNames => ["__ForwardKernel", "__BackwardKernel"];

    public override void Setup()
    {
        long elements = (long)n * d;
        x = Random(elements, seed: 1, scale: 1.5f, offset: 0.25f);
        gamma = Random(d, seed: 2, scale: 0.5f, offset: 1f);
        beta = Random(d, seed: 3, scale: 0.5f);
        dy = Random(elements, seed: 4);
        y = Touched(elements);
        dx = Touched(elements);
        dgamma = Touched(d);
        dbeta = Touched(d);
        saved = new Gen.LayerNorm.Saved<float>(shape);
        Touch(saved.Mean);
        Touch(saved.Rstd);
    }

    public override void Step()
    {
        Gen.LayerNorm.Forward(shape, x, gamma, beta, y, saved);
        Gen.LayerNorm.Backward(shape, dy, x, gamma, beta, saved, dx, dgamma, dbeta);
    }
}

internal sealed class BatchNormCase(int n, int c, int h, int w) : Case
{
    private readonly Gen.BatchNorm2d.Shape shape = new(n: n, c: c, h: h, w: w);
    private float[] x = [], gamma = [], beta = [], runningMean = [], runningVar = [], y = [], dy = [], dx = [], dgamma = [], dbeta = [];
    private Gen.BatchNorm2d.Saved<float> saved = null!;

    public override string Name => $"BatchNorm2d NCHW {n}x{c}x{h}x{w}";

    public override Case Small() => new BatchNormCase(2, c, 1, 1);

    public override Type Layer => typeof(Gen.BatchNorm2d);

    public override IReadOnlyList<string> KernelNames => ["__ForwardTrainingKernel", "__BackwardTrainingKernel"];

    public override void Setup()
    {
        long elements = (long)n * c * h * w;
        x = Random(elements, seed: 21, scale: 1.5f, offset: 0.25f);
        gamma = Random(c, seed: 22, scale: 0.5f, offset: 1f);
        beta = Random(c, seed: 23, scale: 0.5f);
        runningMean = Random(c, seed: 24, scale: 0.1f);
        runningVar = Random(c, seed: 25, scale: 0.1f, offset: 1f);
        dy = Random(elements, seed: 26);
        y = Touched(elements);
        dx = Touched(elements);
        dgamma = Touched(c);
        dbeta = Touched(c);
        saved = new Gen.BatchNorm2d.Saved<float>(shape);
        Touch(saved.Mean);
        Touch(saved.Rstd);
    }

    public override void Step()
    {
        Gen.BatchNorm2d.Forward(shape, x, gamma, beta, runningMean, runningVar, y, saved, training: true);
        Gen.BatchNorm2d.Backward(shape, dy, x, gamma, beta, runningMean, runningVar, saved, dx, dgamma, dbeta, training: true);
    }
}
