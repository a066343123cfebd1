using NormGen.Benchmarks.Benchmarks;

namespace NormGen.Benchmarks.Tests;

/// <summary>
/// Each fused add+RMSNorm benchmark method once on a small odd shape (vectors and a scalar tail): the fused kernel and
/// the unfused add-then-RMSNorm write the same outputs and gradients, so the timed rows do the same work.
/// </summary>
public sealed class FusedAddRmsNormBenchmarkTests
{
    private const double Tolerance = 1e-5;

    [Fact]
    public void Forward_methods_write_the_same_y_and_h()
    {
        var b = new FusedAddRmsNormForward { Shape = new(5, 37) };
        b.Setup();
        try
        {
            var (expectedY, expectedH) = Run(b, b.AddThenRmsNorm);
            var (y, h) = Run(b, b.Fused);
            Compare.Close(expectedY, y, Tolerance, "y");
            Compare.Close(expectedH, h, Tolerance, "h");
        }
        finally
        {
            b.Cleanup();
        }
    }

    [OrtTheory]
    [InlineData(37)]
    [InlineData(256)]
    public void Ort_writes_the_fused_kernels_y_and_h(int features)
    {
        var b = new FusedAddRmsNormForward { Shape = new(5, features) };
        b.Setup();
        try
        {
            var (y, h) = Run(b, b.Fused);
            var (ortY, ortH) = Run(b, b.OrtSkipRmsNorm);
            Compare.Close(y, ortY, Tolerance, "y (ONNX Runtime)");
            Compare.Close(h, ortH, Tolerance, "h (ONNX Runtime)");
        }
        finally
        {
            b.Cleanup();
        }
    }

    [Fact]
    public void Backward_methods_write_the_same_gradients()
    {
        var b = new FusedAddRmsNormBackward { Shape = new(5, 37) };
        b.Setup();
        try
        {
            b.Gradients.Dgamma.Span.Clear();
            b.Gradients.Dx.Span.Fill(float.NaN);
            b.RmsNormBackwardThenAdd();
            var (expectedDx, expectedDgamma) = (b.Gradients.Dx.ToArray(), b.Gradients.Dgamma.ToArray());
            b.Gradients.Dgamma.Span.Clear();
            b.Gradients.Dx.Span.Fill(float.NaN);
            b.Gradients.Dresidual.Span.Fill(float.NaN);
            b.Fused();
            Compare.Close(expectedDx, b.Gradients.Dx.ToArray(), Tolerance, "dx");
            Compare.Close(expectedDx, b.Gradients.Dresidual.ToArray(), Tolerance, "dresidual");
            Compare.Close(expectedDgamma, b.Gradients.Dgamma.ToArray(), Tolerance, "dgamma");
        }
        finally
        {
            b.Cleanup();
        }
    }

    private static (float[] Y, float[] H) Run(FusedAddRmsNormForward b, Action method)
    {
        b.Buffers.Y.Span.Fill(float.NaN);
        b.Buffers.H.Span.Fill(float.NaN);
        method();
        return (b.Buffers.Y.ToArray(), b.Buffers.H.ToArray());
    }
}
