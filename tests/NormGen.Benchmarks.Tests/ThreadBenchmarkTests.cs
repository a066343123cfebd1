using NormGen.Benchmarks.Benchmarks;
using NormGen.Benchmarks.Infrastructure;

namespace NormGen.Benchmarks.Tests;

/// <summary>The thread benchmarks run, and their 1- and 2-thread runs write the same bits.</summary>
public sealed class ThreadBenchmarkTests
{
    [Fact]
    public void One_and_two_threads_give_identical_results()
    {
        var one = Run(new LayerNormThreads { Shape = new RowShape(600, 1000), Threads = 1 }, b => { b.ForwardBackward(); return b.Results; });
        var two = Run(new LayerNormThreads { Shape = new RowShape(600, 1000), Threads = 2 }, b => { b.ForwardBackward(); return b.Results; });
        Assert.Equal(one.Y, two.Y);
        Assert.Equal(one.Dx, two.Dx);
        Assert.Equal(one.Dgamma, two.Dgamma);
        Assert.All(one.Y, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void CosineNorm_on_one_and_two_threads_gives_identical_results()
    {
        Assert.True(NormGen.Kernels.Threading.Chunks(600, 600 * 1000) > 1, "the benchmark's calls split");
        (float[] Y, float[] Dx, float[] Dw) ForwardBackward(CosineNormThreads b)
        {
            b.Forward();
            b.Backward();
            return b.Results;
        }
        var one = Run(new CosineNormThreads { Shape = new RowShape(600, 1000), Threads = 1 }, ForwardBackward);
        var two = Run(new CosineNormThreads { Shape = new RowShape(600, 1000), Threads = 2 }, ForwardBackward);
        Assert.Equal(one.Y, two.Y);
        Assert.Equal(one.Dx, two.Dx);
        Assert.Equal(one.Dw, two.Dw);
        Assert.All(one.Y, v => Assert.True(float.IsFinite(v) && MathF.Abs(v) <= 1.0001f, "a cosine"));
    }

    /// <summary>The benchmark's setup, <paramref name="run"/>, and its cleanup (which restores the thread setting).</summary>
    private static T Run<TBench, T>(TBench bench, Func<TBench, T> run) where TBench : RowThreadsBenchmark
    {
        bench.Setup();
        try
        {
            return run(bench);
        }
        finally
        {
            bench.Cleanup();
        }
    }
}
