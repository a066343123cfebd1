using BenchmarkDotNet.Attributes;
using NormGen.Benchmarks.Infrastructure;
using NormGen.Benchmarks.Modern;
using Gen = NormGen.TestLayers;

namespace NormGen.Benchmarks.Benchmarks
{
    /// <summary>
    /// Issue 13's several outputs: fused add+RMSNorm (one formula returning y and h = x + residual) against what a user
    /// without it runs, the generated RMSNorm after a separate add (TensorPrimitives.Add writes h, RMSNorm reads it back),
    /// and ONNX Runtime's fused com.microsoft SkipSimplifiedLayerNormalization writing y, rstd and h
    /// (input_skip_bias_sum), LibTorch 2.10 eager (h = x + residual, then the composed RMSNorm, both returned), and Copy of
    /// the same bytes. Single thread, at the width the generated kernels pick. Fused (the generated kernel: the report
    /// reads it as Generated) is the baseline.
    /// </summary>
    [Config(typeof(NormBenchConfig))]
    public class FusedAddRmsNormForward : IMovesBytes
    {
        [ParamsSource(nameof(Shapes))]
        public RowShape Shape { get; set; } = new(4096, 1024);

        public static IEnumerable<RowShape> Shapes => [new(4096, 1024)];

        private NativeBuffer _x = null!, _residual = null!, _gamma = null!, _y = null!, _h = null!, _rstd = null!;
        private Gen.AddRmsNorm.Saved<float> _fused = null!;
        private Gen.RmsNorm.Saved<float> _rms = null!;
        private OrtGraph? _ort;
        private TorchForward? _libTorch;
        private CopyFloor _copy = null!;

        private int R => Shape.Rows;
        private int D => Shape.Features;

        // read x, residual, gamma; write y, h, rstd (kept in the generated kernel's Saved)
        public long BytesMoved => sizeof(float) * (4 * Shape.Elements + D + R);

        [GlobalSetup]
        public void Setup()
        {
            NormGen.Kernels.Threading.MaxThreads = 1;
            _copy = new CopyFloor(BytesMoved);
            _x = Filled(Shape.Elements, 21, 1.5f, 0.25f);
            _residual = Filled(Shape.Elements, 22, 1f, 0f);
            _gamma = Filled(D, 23, 0.5f, 1f);
            _y = new NativeBuffer(Shape.Elements);
            _h = new NativeBuffer(Shape.Elements);
            _rstd = new NativeBuffer(R);
            _fused = new Gen.AddRmsNorm.Saved<float>(new(R, D));
            _rms = new Gen.RmsNorm.Saved<float>(new(R, D));
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            _ort?.Dispose();
            _ort = null;
            _libTorch?.Dispose();
            _libTorch = null;
            _copy.Dispose();
            foreach (var b in new[] { _x, _residual, _gamma, _y, _h, _rstd }) b.Dispose();
        }

        /// <summary>The buffers, for the check in NormGen.Benchmarks.Tests.</summary>
        public (NativeBuffer X, NativeBuffer Residual, NativeBuffer Gamma, NativeBuffer Y, NativeBuffer H) Buffers => (_x, _residual, _gamma, _y, _h);

        /// <summary>Source and destination of <see cref="Copy"/>, for the test.</summary>
        public (NativeBuffer Source, NativeBuffer Destination) CopyBuffers => _copy.Buffers;

        /// <summary>The generated tuple kernel: reads x and residual, writes y and h in the same sweep.</summary>
        [Benchmark(Baseline = true)]
        public void Fused() => Gen.AddRmsNorm.Forward(new(R, D), _x.Span, _residual.Span, _gamma.Span, _y.Span, _h.Span, _fused, NormGen.Benchmarks.Infrastructure.NormBenchmark.Eps);

        /// <summary><see cref="Fused"/> at the library's default thread setting (the core count): the 2-thread column.</summary>
        [Benchmark]
        public void GeneratedDefaultThreads() => CopyFloor.WithDefaultThreads(Fused);

        /// <summary>LibTorch 2.10 eager: h = x + residual, y = h * rsqrt(mean(h^2) + eps) * gamma; new y and h.</summary>
        [Benchmark]
        public void LibTorch() => (_libTorch ??= ModernOps.TorchAddRmsNorm(Shape, _x, _residual, _gamma, NormGen.Benchmarks.Infrastructure.NormBenchmark.Eps)).Run(_y, _h);

        /// <summary>The bandwidth floor: a copy of <see cref="BytesMoved"/> / 2 bytes.</summary>
        [Benchmark]
        public void Copy() => _copy.Run();

        /// <summary>h = x + residual (TensorPrimitives), then the generated RMSNorm over h: h written, then read again.</summary>
        [Benchmark]
        public void AddThenRmsNorm()
        {
            System.Numerics.Tensors.TensorPrimitives.Add(_x.Span, _residual.Span, _h.Span);
            Gen.RmsNorm.Forward(new(R, D), _h.Span, _gamma.Span, _y.Span, _rms, NormGen.Benchmarks.Infrastructure.NormBenchmark.Eps);
        }

        /// <summary>ONNX Runtime's fused add + RMSNorm with the sum as its fourth output (input_skip_bias_sum).</summary>
        [Benchmark]
        public void OrtSkipRmsNorm() => (_ort ??= new OrtGraph(
            [new("SkipSimplifiedLayerNormalization", ["x", "skip", "gamma"], ["y", "", "rstd", "h"], "com.microsoft")
                { Attributes = [("epsilon", NormGen.Benchmarks.Infrastructure.NormBenchmark.Eps)] }],
            [("x", _x, [R, D]), ("skip", _residual, [R, D]), ("gamma", _gamma, [D])],
            [("y", _y, [R, D]), ("rstd", _rstd, [R, 1]), ("h", _h, [R, D])],
            [("", 17), ("com.microsoft", 1)])).Run();

        internal static NativeBuffer Filled(long length, ulong seed, float scale, float offset)
        {
            var buffer = new NativeBuffer(length);
            TestData.Fill(buffer.Span, seed, scale, offset);
            return buffer;
        }
    }

    /// <summary>
    /// The backward of <see cref="FusedAddRmsNormForward"/>: the generated tuple kernel takes dy and dh and writes
    /// dx = dresidual (both, as its API has them) and dgamma; without it, the generated RMSNorm backward over h, then
    /// TensorPrimitives.Add of dh (autograd would hand the one result to both x and residual, so it writes one buffer).
    /// </summary>
    [Config(typeof(NormBenchConfig))]
    public class FusedAddRmsNormBackward : IMovesBytes
    {
        [ParamsSource(nameof(Shapes))]
        public RowShape Shape { get; set; } = new(4096, 1024);

        public static IEnumerable<RowShape> Shapes => [new(4096, 1024)];

        private NativeBuffer _x = null!, _residual = null!, _gamma = null!, _h = null!, _dy = null!, _dh = null!, _dx = null!, _dresidual = null!, _dgamma = null!;
        private Gen.AddRmsNorm.Saved<float> _fused = null!;
        private Gen.RmsNorm.Saved<float> _rms = null!;
        private TorchBackward? _libTorch;
        private CopyFloor _copy = null!;

        private int R => Shape.Rows;
        private int D => Shape.Features;

        // read dy, dh, x, residual, gamma, rstd; write dx and dresidual (the API writes both); read and write dgamma
        public long BytesMoved => sizeof(float) * (6 * Shape.Elements + D + R + 2L * D);

        [GlobalSetup]
        public void Setup()
        {
            NormGen.Kernels.Threading.MaxThreads = 1;
            _copy = new CopyFloor(BytesMoved);
            _x = FusedAddRmsNormForward.Filled(Shape.Elements, 21, 1.5f, 0.25f);
            _residual = FusedAddRmsNormForward.Filled(Shape.Elements, 22, 1f, 0f);
            _gamma = FusedAddRmsNormForward.Filled(D, 23, 0.5f, 1f);
            _dy = FusedAddRmsNormForward.Filled(Shape.Elements, 24, 1f, 0f);
            _dh = FusedAddRmsNormForward.Filled(Shape.Elements, 25, 1f, 0f);
            _h = new NativeBuffer(Shape.Elements);
            _dx = new NativeBuffer(Shape.Elements);
            _dresidual = new NativeBuffer(Shape.Elements);
            _dgamma = new NativeBuffer(D);
            var s = new Gen.AddRmsNorm.Shape(R, D);
            _fused = new Gen.AddRmsNorm.Saved<float>(s);
            _rms = new Gen.RmsNorm.Saved<float>(new(R, D));
            // Each kernel's own forward fills its saved statistics; the unfused path keeps h, as autograd would.
            Gen.AddRmsNorm.Forward(s, _x.Span, _residual.Span, _gamma.Span, _dx.Span, _h.Span, _fused, NormGen.Benchmarks.Infrastructure.NormBenchmark.Eps);
            Gen.RmsNorm.Forward(new(R, D), _h.Span, _gamma.Span, _dx.Span, _rms, NormGen.Benchmarks.Infrastructure.NormBenchmark.Eps);
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            _libTorch?.Dispose();
            _libTorch = null;
            _copy.Dispose();
            foreach (var b in new[] { _x, _residual, _gamma, _h, _dy, _dh, _dx, _dresidual, _dgamma }) b.Dispose();
        }

        /// <summary>The buffers, for the check in NormGen.Benchmarks.Tests.</summary>
        public (NativeBuffer Dx, NativeBuffer Dresidual, NativeBuffer Dgamma) Gradients => (_dx, _dresidual, _dgamma);

        /// <summary>Source and destination of <see cref="Copy"/>, for the test.</summary>
        public (NativeBuffer Source, NativeBuffer Destination) CopyBuffers => _copy.Buffers;

        [Benchmark(Baseline = true)]
        public void Fused() => Gen.AddRmsNorm.Backward(new(R, D), _dy.Span, _dh.Span, _x.Span, _residual.Span, _gamma.Span, _fused,
            _dx.Span, _dresidual.Span, _dgamma.Span, NormGen.Benchmarks.Infrastructure.NormBenchmark.Eps);

        /// <summary><see cref="Fused"/> at the library's default thread setting (the core count): the 2-thread column.</summary>
        [Benchmark]
        public void GeneratedDefaultThreads() => CopyFloor.WithDefaultThreads(Fused);

        /// <summary>LibTorch 2.10: torch.autograd.grad of (y, h) with (dy, dh) over the graph of the eager ops (built once); new dx, dresidual, dgamma.</summary>
        [Benchmark]
        public void LibTorch() => (_libTorch ??= ModernOps.TorchAddRmsNormBackward(Shape, _dy, _dh, _x, _residual, _gamma, NormGen.Benchmarks.Infrastructure.NormBenchmark.Eps))
            .RunAll([_dx, _dresidual], [_dgamma]);

        /// <summary>The bandwidth floor: a copy of <see cref="BytesMoved"/> / 2 bytes.</summary>
        [Benchmark]
        public void Copy() => _copy.Run();

        [Benchmark]
        public void RmsNormBackwardThenAdd()
        {
            Gen.RmsNorm.Backward(new(R, D), _dy.Span, _h.Span, _gamma.Span, _rms, _dx.Span, _dgamma.Span, NormGen.Benchmarks.Infrastructure.NormBenchmark.Eps);
            System.Numerics.Tensors.TensorPrimitives.Add(_dx.Span, _dh.Span, _dx.Span);
        }
    }
}
