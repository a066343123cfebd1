using NormGen.Benchmarks.Baselines;
using NormGen.Benchmarks.Benchmarks;

namespace NormGen.Benchmarks.Tests;

/// <summary>
/// The row-pipelining model (docs/statistics.md, "Row software-pipelining") computes what the generated LayerNorm forward
/// does: its two schedules agree bit for bit (each row's sums add in the same order), and with the generated kernel
/// (the same arithmetic) on y, mean and rstd, on row lengths with and without vector remainders and scalar tails.
/// </summary>
public sealed class RowPipelineModelTests
{
    [Theory]
    [InlineData(5, 256)]
    [InlineData(4, 1024)]
    [InlineData(3, 77)]
    [InlineData(1, 100)]
    [InlineData(6, 16)]
    public void Both_schedules_give_the_generated_kernels_bits(int rows, int features)
    {
        var bench = new LayerNormRowPipelineForward { Shape = new(rows, features) };
        bench.Setup();
        try
        {
            var b = bench.B;
            b.Generated();
            float[] y = b.Y.Span.ToArray(), mean = b.Saved.Mean[..rows], rstd = b.Saved.Rstd[..rows];
            foreach (var run in new Action[] { b.TwoSweep, b.Pipelined })
            {
                b.Y.Span.Fill(float.NaN);
                b.Mean.Span.Fill(float.NaN);
                b.Rstd.Span.Fill(float.NaN);
                run();
                Assert.Equal(Bits(y), Bits(b.Y.Span.ToArray()));
                Assert.Equal(Bits(mean), Bits(b.Mean.Span.ToArray()));
                Assert.Equal(Bits(rstd), Bits(b.Rstd.Span.ToArray()));
            }
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];
}
