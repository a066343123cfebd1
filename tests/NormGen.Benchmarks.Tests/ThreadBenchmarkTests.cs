using NormGen.Benchmarks.Benchmarks;
using NormGen.Benchmarks.Infrastructure;

namespace NormGen.Benchmarks.Tests;

/// <summary>The thread benchmark runs, and its 1- and 2-thread runs write the same bits.</summary>
public sealed class ThreadBenchmarkTests
{
    [Fact]
    public void One_and_two_threads_give_identical_results()
    {
        (float[] Y, float[] Dx, float[] Dgamma) Run(int threads)
        {
            var bench = new LayerNormThreads { Shape = new RowShape(600, 1000), Threads = threads };
            bench.Setup();
            try
            {
                bench.ForwardBackward();
                return bench.Results;
            }
            finally
            {
                bench.Cleanup();
            }
        }

        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Y, two.Y);
        Assert.Equal(one.Dx, two.Dx);
        Assert.Equal(one.Dgamma, two.Dgamma);
        Assert.All(one.Y, v => Assert.True(float.IsFinite(v)));
    }
}
