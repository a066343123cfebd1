using BenchmarkDotNet.Attributes;
using NormGen.Benchmarks.Infrastructure;
using Gen = NormGen.TestLayers;

namespace NormGen.Benchmarks.Benchmarks;

/// <summary>
/// The generated LayerNorm forward + backward on 1 and 2 threads (NormGen.Kernels.Threading.MaxThreads). Rows are
/// split into chunks fixed by the size, so both give the same bits; the ratio is the 2-thread speed-up.
/// </summary>
[MemoryDiagnoser]
public class LayerNormThreads
{
    public static IEnumerable<RowShape> Shapes => ShapeFilter.Apply<RowShape>([new(4096, 1024), new(2048, 4096)]);

    [ParamsSource(nameof(Shapes))]
    public RowShape Shape { get; set; } = new(4096, 1024);

    [Params(1, 2)]
    public int Threads { get; set; } = 1;

    private float[] x = [], gamma = [], beta = [], y = [], dy = [], dx = [], dgamma = [], dbeta = [];
    private Gen.LayerNorm.Saved<float> saved = null!;
    private Gen.LayerNorm.Shape shape;

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
        shape = new Gen.LayerNorm.Shape(n: Shape.Rows, d: Shape.Features);
        saved = new Gen.LayerNorm.Saved<float>(shape);
        NormGen.Kernels.Threading.MaxThreads = Threads;
    }

    [GlobalCleanup]
    public void Cleanup() => NormGen.Kernels.Threading.MaxThreads = Environment.ProcessorCount;

    [Benchmark]
    public void ForwardBackward()
    {
        Gen.LayerNorm.Forward(shape, x, gamma, beta, y, saved, NormBenchmark.Eps);
        Gen.LayerNorm.Backward(shape, dy, x, gamma, beta, saved, dx, dgamma, dbeta, NormBenchmark.Eps);
    }

    /// <summary>What the last run wrote, for the test that checks 1 and 2 threads agree.</summary>
    public (float[] Y, float[] Dx, float[] Dgamma) Results => (y, dx, dgamma);
}
