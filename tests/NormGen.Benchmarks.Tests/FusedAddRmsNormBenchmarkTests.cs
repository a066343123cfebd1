using NormGen.Benchmarks.Benchmarks;
using NormGen.Benchmarks.Modern;

namespace NormGen.Benchmarks.Tests;

/// <summary>
/// Each fused add+RMSNorm benchmark method once on a small odd shape (vectors and a scalar tail): the fused kernel and
/// the unfused add-then-RMSNorm write the same outputs and gradients, so the timed rows do the same work.
/// </summary>
[Collection(ModernBaselineTests.CopyOutputsCollection)]
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

    [LibTorchTheory]
    [InlineData(37)]
    [InlineData(256)]
    public void LibTorch_forward_writes_the_fused_kernels_y_and_h(int features)
    {
        var b = new FusedAddRmsNormForward { Shape = new(5, features) };
        b.Setup();
        ModernBaselines.CopyOutputs = true;
        try
        {
            var (y, h) = Run(b, b.Fused);
            var (torchY, torchH) = Run(b, b.LibTorch);
            Compare.Close(y, torchY, 1e-4, "y (LibTorch)");
            Compare.Close(h, torchH, 1e-4, "h (LibTorch)");
        }
        finally
        {
            ModernBaselines.CopyOutputs = false;
            b.Cleanup();
        }
    }

    [LibTorchTheory]
    [InlineData(37)]
    [InlineData(256)]
    public void LibTorch_backward_writes_the_fused_kernels_gradients(int features)
    {
        var b = new FusedAddRmsNormBackward { Shape = new(5, features) };
        b.Setup();
        ModernBaselines.CopyOutputs = true;
        try
        {
            var expected = RunBackward(b, b.Fused);
            var actual = RunBackward(b, b.LibTorch);
            Compare.Close(expected.Dx, actual.Dx, 1e-4, "dx (LibTorch)");
            Compare.Close(expected.Dresidual, actual.Dresidual, 1e-4, "dresidual (LibTorch)");
            Compare.Close(expected.Dgamma, actual.Dgamma, 1e-4, "dgamma (LibTorch)");
        }
        finally
        {
            ModernBaselines.CopyOutputs = false;
            b.Cleanup();
        }
    }

    /// <summary>The 2-thread row does the same work: same bits as the one-thread kernel, on a shape large enough to be split.</summary>
    [Fact]
    public void Default_threads_give_the_one_thread_bits()
    {
        var f = new FusedAddRmsNormForward { Shape = new(600, 1000) };
        f.Setup();
        var b = new FusedAddRmsNormBackward { Shape = new(600, 1000) };
        b.Setup();
        try
        {
            Assert.True(NormGen.Kernels.Threading.Chunks(600, 600 * 1000) > 1, "the shape is split");
            var (y, h) = Run(f, f.Fused);
            var (y2, h2) = Run(f, f.GeneratedDefaultThreads);
            Assert.Equal(y, y2);
            Assert.Equal(h, h2);
            var one = RunBackward(b, b.Fused);
            var two = RunBackward(b, b.GeneratedDefaultThreads);
            Assert.Equal(one.Dx, two.Dx);
            Assert.Equal(one.Dresidual, two.Dresidual);
            Assert.Equal(one.Dgamma, two.Dgamma);
        }
        finally
        {
            f.Cleanup();
            b.Cleanup();
        }
    }

    [Fact]
    public void Copy_moves_half_the_bytes_each_way()
    {
        var f = new FusedAddRmsNormForward { Shape = new(5, 37) };
        f.Setup();
        var b = new FusedAddRmsNormBackward { Shape = new(5, 37) };
        b.Setup();
        try
        {
            foreach (var (bytes, copy, buffers) in new[] { (f.BytesMoved, (Action)f.Copy, f.CopyBuffers), (b.BytesMoved, b.Copy, b.CopyBuffers) })
            {
                copy();
                Assert.Equal(buffers.Source.ToArray(), buffers.Destination.ToArray());
                Assert.Equal(bytes / 2 / sizeof(float), buffers.Source.Length);
            }
            Assert.Equal(sizeof(float) * (4 * 5 * 37 + 37 + 5), f.BytesMoved);
        }
        finally
        {
            f.Cleanup();
            b.Cleanup();
        }
    }

    private static (float[] Dx, float[] Dresidual, float[] Dgamma) RunBackward(FusedAddRmsNormBackward b, Action method)
    {
        b.Gradients.Dgamma.Span.Clear();
        b.Gradients.Dx.Span.Fill(float.NaN);
        b.Gradients.Dresidual.Span.Fill(float.NaN);
        method();
        return (b.Gradients.Dx.ToArray(), b.Gradients.Dresidual.ToArray(), b.Gradients.Dgamma.ToArray());
    }

    private static (float[] Y, float[] H) Run(FusedAddRmsNormForward b, Action method)
    {
        b.Buffers.Y.Span.Fill(float.NaN);
        b.Buffers.H.Span.Fill(float.NaN);
        method();
        return (b.Buffers.Y.ToArray(), b.Buffers.H.ToArray());
    }
}
