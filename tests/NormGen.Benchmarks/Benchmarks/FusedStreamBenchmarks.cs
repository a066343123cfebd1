using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using NormGen.Benchmarks.Infrastructure;
using Gen = NormGen.TestLayers;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NormGen.Benchmarks.Benchmarks
{
    /// <summary>
    /// The memory bound of the fused add+RMSNorm backward (docs/benchmarks.md Notes, "Fused add+RMSNorm and DyT"): its
    /// API reads x, residual, dy and dh and writes dx and dresidual, six tensor streams, where the unfused pair of
    /// <see cref="FusedAddRmsNormBackward"/> reads h, dy and dh and writes one gradient buffer (its Add re-reads that
    /// buffer from L3 right after writing it). Next to the fused kernel: the unfused pair, the unfused pair that also
    /// fills dresidual as the fused API does, the fused kernel given one buffer for both gradients (a probe of what
    /// the second write stream costs, not an API recommendation), and plain Vector512 loops moving the same streams with
    /// no arithmetic (4 in 2 out; 2 in 1 out is a copy's). Single thread, 4096x1024 floats (16 MB per tensor).
    /// </summary>
    public class FusedAddRmsNormBackwardStreams
    {
        private const int Rows = 4096, Features = 1024;
        private const long Elements = (long)Rows * Features;

        private NativeBuffer _x = null!, _residual = null!, _gamma = null!, _h = null!, _dy = null!, _dh = null!, _dx = null!, _dresidual = null!, _dgamma = null!;
        private Gen.AddRmsNorm.Saved<float> _fused = null!;
        private Gen.RmsNorm.Saved<float> _rms = null!;
        private static readonly Gen.AddRmsNorm.Shape FusedShape = new(Rows, Features);
        private static readonly Gen.RmsNorm.Shape RmsShape = new(Rows, Features);

        [GlobalSetup]
        public void Setup()
        {
            NormGen.Kernels.Threading.MaxThreads = 1;
            _x = FusedAddRmsNormForward.Filled(Elements, 21, 1.5f, 0.25f);
            _residual = FusedAddRmsNormForward.Filled(Elements, 22, 1f, 0f);
            _gamma = FusedAddRmsNormForward.Filled(Features, 23, 0.5f, 1f);
            _dy = FusedAddRmsNormForward.Filled(Elements, 24, 1f, 0f);
            _dh = FusedAddRmsNormForward.Filled(Elements, 25, 1f, 0f);
            _h = new NativeBuffer(Elements);
            _dx = new NativeBuffer(Elements);
            _dresidual = new NativeBuffer(Elements);
            _dgamma = new NativeBuffer(Features);
            _fused = new Gen.AddRmsNorm.Saved<float>(FusedShape);
            _rms = new Gen.RmsNorm.Saved<float>(RmsShape);
            Gen.AddRmsNorm.Forward(FusedShape, _x.Span, _residual.Span, _gamma.Span, _dx.Span, _h.Span, _fused);
            Gen.RmsNorm.Forward(RmsShape, _h.Span, _gamma.Span, _dx.Span, _rms);
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            foreach (var b in new[] { _x, _residual, _gamma, _h, _dy, _dh, _dx, _dresidual, _dgamma }) b.Dispose();
        }

        [Benchmark(Baseline = true)]
        public void Fused() => Gen.AddRmsNorm.Backward(FusedShape, _dy.Span, _dh.Span, _x.Span, _residual.Span, _gamma.Span, _fused, _dx.Span, _dresidual.Span, _dgamma.Span);

        /// <summary>The fused kernel with dresidual and dx the same buffer (both are the same values): five streams.</summary>
        [Benchmark]
        public void FusedOneGradientBuffer() => Gen.AddRmsNorm.Backward(FusedShape, _dy.Span, _dh.Span, _x.Span, _residual.Span, _gamma.Span, _fused, _dx.Span, _dx.Span, _dgamma.Span);

        [Benchmark]
        public void RmsNormBackwardThenAdd()
        {
            Gen.RmsNorm.Backward(RmsShape, _dy.Span, _h.Span, _gamma.Span, _rms, _dx.Span, _dgamma.Span);
            TP.Add(_dx.Span, _dh.Span, _dx.Span);
        }

        /// <summary>The unfused pair writing both gradient buffers, as the fused API does.</summary>
        [Benchmark]
        public void RmsNormBackwardThenAddBoth()
        {
            Gen.RmsNorm.Backward(RmsShape, _dy.Span, _h.Span, _gamma.Span, _rms, _dx.Span, _dgamma.Span);
            TP.Add(_dx.Span, _dh.Span, _dx.Span);
            _dx.Span.CopyTo(_dresidual.Span);
        }

        /// <summary>The fused API's streams with one add per element: read four tensors, write two.</summary>
        [Benchmark]
        public unsafe void Streams4In2Out()
        {
            float* x = _x.Pointer, r = _residual.Pointer, dy = _dy.Pointer, dh = _dh.Pointer, dx = _dx.Pointer, dres = _dresidual.Pointer;
            for (long i = 0; i < Elements; i += Vector512<float>.Count)
            {
                var v = Vector512.Load(x + i) + Vector512.Load(r + i) + Vector512.Load(dy + i) + Vector512.Load(dh + i);
                v.Store(dx + i);
                v.Store(dres + i);
            }
        }

        /// <summary>A copy's streams with Vector512 loads and stores (no library memmove): read one tensor, write one.</summary>
        [Benchmark]
        public unsafe void Streams1In1Out()
        {
            float* x = _x.Pointer, dx = _dx.Pointer;
            for (long i = 0; i < Elements; i += Vector512<float>.Count)
                Vector512.Load(x + i).Store(dx + i);
        }
    }
}
