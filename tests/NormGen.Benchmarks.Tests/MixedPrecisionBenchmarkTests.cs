using NormGen.Benchmarks.Benchmarks;

namespace NormGen.Benchmarks.Tests;

/// <summary>
/// The <see cref="MixedPrecision"/> rows compute what their float32 baseline computes: y and dx of each storage type
/// within the storage type's rounding of the float32 result (its inputs are the float inputs rounded, so a little more
/// than one rounding apart), on a size with vector tails.
/// </summary>
public sealed class MixedPrecisionBenchmarkTests
{
    [Fact]
    public void Bfloat16_and_half_rows_match_the_float32_rows()
    {
        var b = new MixedPrecision { Rows = 8, Features = 77 };
        b.Setup(); // runs every forward
        try
        {
            Check(b.Outputs(gradient: false), "LayerNorm/RMSNorm forward");
            b.LayerNormForwardFloat32();
            b.LayerNormForwardBFloat16();
            b.LayerNormForwardHalf();
            Check(b.Outputs(gradient: false), "LayerNorm forward");
            b.LayerNormBackwardFloat32();
            b.LayerNormBackwardBFloat16();
            b.LayerNormBackwardHalf();
            Check(b.Outputs(gradient: true), "LayerNorm backward");
            b.RmsNormBackwardFloat32();
            b.RmsNormBackwardBFloat16();
            b.RmsNormBackwardHalf();
            Check(b.Outputs(gradient: true), "RMSNorm backward");
        }
        finally
        {
            b.Cleanup();
        }

        static void Check((float[] Single, float[] BFloat16, float[] Half) o, string what)
        {
            float largest = o.Single.Max(Math.Abs);
            Assert.True(largest > 0, what);
            for (int i = 0; i < o.Single.Length; i++)
            {
                Assert.True(Math.Abs(o.BFloat16[i] - o.Single[i]) <= 0.03f * largest, $"{what} bfloat16[{i}]: {o.BFloat16[i]} vs {o.Single[i]}");
                Assert.True(Math.Abs(o.Half[i] - o.Single[i]) <= 0.004f * largest, $"{what} half[{i}]: {o.Half[i]} vs {o.Single[i]}");
            }
        }
    }
}
