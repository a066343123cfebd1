using BenchmarkDotNet.Attributes;
using NormGen.Benchmarks.Infrastructure;
using Gen = NormGen.TestLayers;

namespace NormGen.Benchmarks.Benchmarks;

/// <summary>
/// A row-wise layer's kernels on 1 and 2 threads (NormGen.Kernels.Threading.MaxThreads): its buffers, filled once, and
/// the thread setting, restored after. Rows are split into chunks fixed by the size, so both give the same bits.
/// </summary>
public abstract class RowThreadsBenchmark
{
    [Params(1, 2)]
    public int Threads { get; set; } = 1;

    public abstract RowShape Shape { get; set; }

    protected float[] x = [], gamma = [], beta = [], y = [], dy = [], dx = [], dgamma = [], dbeta = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        float[] Random(long n) => Enumerable.Range(0, (int)n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        x = Random(Shape.Elements);
        gamma = Random(Shape.Features);
        beta = Random(Shape.Features);
        dy = Random(Shape.Elements);
        y = new float[Shape.Elements];
        dx = new float[Shape.Elements];
        dgamma = new float[Shape.Features];
        dbeta = new float[Shape.Features];
        Prepare();
        NormGen.Kernels.Threading.MaxThreads = Threads;
    }

    /// <summary>The layer's shape and saved state for <see cref="Shape"/>, and anything the timed call needs first.</summary>
    protected abstract void Prepare();

    [GlobalCleanup]
    public void Cleanup() => NormGen.Kernels.Threading.MaxThreads = Environment.ProcessorCount;
}

/// <summary>The generated LayerNorm forward + backward on 1 and 2 threads; the ratio is the 2-thread speed-up.</summary>
[MemoryDiagnoser]
public class LayerNormThreads : RowThreadsBenchmark
{
    public static IEnumerable<RowShape> Shapes => ShapeFilter.Apply<RowShape>([new(4096, 1024), new(2048, 4096)]);

    [ParamsSource(nameof(Shapes))]
    public override RowShape Shape { get; set; } = new(4096, 1024);

    private Gen.LayerNorm.Saved<float> saved = null!;
    private Gen.LayerNorm.Shape shape;

    protected override void Prepare()
    {
        shape = new Gen.LayerNorm.Shape(n: Shape.Rows, d: Shape.Features);
        saved = new Gen.LayerNorm.Saved<float>(shape);
    }

    [Benchmark]
    public void ForwardBackward()
    {
        Gen.LayerNorm.Forward(shape, x, gamma, beta, y, saved, NormBenchmark.Eps);
        Gen.LayerNorm.Backward(shape, dy, x, gamma, beta, saved, dx, dgamma, dbeta, NormBenchmark.Eps);
    }

    /// <summary>What the last run wrote, for the test that checks 1 and 2 threads agree.</summary>
    public (float[] Y, float[] Dx, float[] Dgamma) Results => (y, dx, dgamma);
}

/// <summary>
/// The backward of a layer with work after its loop over rows (<see cref="Gen.TemperedLayerNorm"/>: dgamma scaled
/// once summed) on 1 and 2 threads: the loop splits only since that work is a stage of its own.
/// </summary>
[MemoryDiagnoser]
public class TemperedLayerNormThreads : RowThreadsBenchmark
{
    public static IEnumerable<RowShape> Shapes => ShapeFilter.Apply<RowShape>([new(4096, 1024), new(16384, 256)]);

    [ParamsSource(nameof(Shapes))]
    public override RowShape Shape { get; set; } = new(4096, 1024);

    private Gen.TemperedLayerNorm.Saved<float> saved = null!;
    private Gen.TemperedLayerNorm.Shape shape;

    protected override void Prepare()
    {
        shape = new Gen.TemperedLayerNorm.Shape(n: Shape.Rows, d: Shape.Features);
        saved = new Gen.TemperedLayerNorm.Saved<float>(shape);
        Gen.TemperedLayerNorm.Forward(shape, x, gamma, beta, y, saved, NormBenchmark.Eps);
    }

    [Benchmark]
    public void Backward() => Gen.TemperedLayerNorm.Backward(shape, dy, x, gamma, beta, saved, dx, dgamma, dbeta, NormBenchmark.Eps);
}

/// <summary>
/// <see cref="Gen.CosineNorm"/> (rows of <see cref="RowShape.Features"/> inputs onto 32 outputs) on 1 and 2 threads:
/// its loops split only since each chunk has its own copies of the working buffers its rows reuse.
/// </summary>
[MemoryDiagnoser]
public class CosineNormThreads : RowThreadsBenchmark
{
    public const int Outputs = 32;

    public static IEnumerable<RowShape> Shapes => ShapeFilter.Apply<RowShape>([new(4096, 1024), new(16384, 256)]);

    [ParamsSource(nameof(Shapes))]
    public override RowShape Shape { get; set; } = new(4096, 1024);

    private Gen.CosineNorm.Saved<float> saved = null!;
    private Gen.CosineNorm.Shape shape;
    private float[] w = [], output = [], dOutput = [], dw = [];

    protected override void Prepare()
    {
        shape = new Gen.CosineNorm.Shape(n: Shape.Rows, i: Shape.Features, o: Outputs);
        saved = new Gen.CosineNorm.Saved<float>(shape);
        var rng = new Random(2);
        w = Enumerable.Range(0, Outputs * Shape.Features).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        dOutput = Enumerable.Range(0, Shape.Rows * Outputs).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        output = new float[Shape.Rows * Outputs];
        dw = new float[w.Length];
        Gen.CosineNorm.Forward(shape, x, w, output, saved);
    }

    [Benchmark]
    public void Forward() => Gen.CosineNorm.Forward(shape, x, w, output, saved);

    [Benchmark]
    public void Backward() => Gen.CosineNorm.Backward(shape, dOutput, x, w, saved, dx, dw);

    /// <summary>What the last run wrote, for the test that checks 1 and 2 threads agree.</summary>
    public (float[] Y, float[] Dx, float[] Dw) Results => (output, dx, dw);
}
