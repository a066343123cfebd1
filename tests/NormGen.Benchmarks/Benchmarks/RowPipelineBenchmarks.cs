using System.Globalization;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using NormGen.Benchmarks.Baselines;
using NormGen.Benchmarks.Infrastructure;
using NormGen.Kernels;
using Gen = NormGen.TestLayers;

namespace NormGen.Benchmarks.Benchmarks
{
    /// <summary>
    /// Row software-pipelining, measured on a model before the generator does it (docs/statistics.md, "Row
    /// software-pipelining"): the generated LayerNorm forward, <see cref="LayerNormRowPipeline"/>'s model of it in today's
    /// two-sweep schedule and in the two-slot schedule, and a copy of the bytes the forward moves. One thread, float32.
    /// <code>
    /// NORMGEN_BENCH_SHAPES=4096x1024 dotnet run -c Release --project tests/NormGen.Benchmarks -- --filter '*LayerNormRowPipeline*' --job short
    /// dotnet run -c Release --project tests/NormGen.Benchmarks -- --interleaved rowpipe 4096x1024,16384x256,2048x4096 [rounds]
    /// </code>
    /// </summary>
    public class LayerNormRowPipelineForward
    {
        public static IEnumerable<RowShape> Shapes => ShapeFilter.Apply(new RowShape[] { new(4096, 1024), new(16384, 256), new(2048, 4096) });

        [ParamsSource(nameof(Shapes))]
        public RowShape Shape { get; set; } = new(4096, 1024);

        public Buffers B { get; private set; } = null!;

        [GlobalSetup]
        public void Setup()
        {
            Threading.MaxThreads = 1;
            B = new Buffers(Shape.Rows, Shape.Features);
        }

        [GlobalCleanup]
        public void Cleanup() => B.Dispose();

        [Benchmark(Baseline = true)]
        public void Generated() => B.Generated();

        [Benchmark]
        public void TwoSweep() => B.TwoSweep();

        [Benchmark]
        public void Pipelined() => B.Pipelined();

        /// <summary>x's bytes copied into y's: the forward's traffic without its statistics.</summary>
        [Benchmark]
        public void Copy() => B.Copy();

        public sealed class Buffers : IDisposable
        {
            private readonly int _rows, _features;
            private readonly NativeBuffer _x, _gamma, _beta, _y, _mean, _rstd, _copyX, _copyY;
            private readonly Gen.LayerNorm.Saved<float> _saved;

            public Buffers(int rows, int features)
            {
                (_rows, _features) = (rows, features);
                long e = (long)rows * features;
                _x = new(e);
                _gamma = new(features);
                _beta = new(features);
                _y = new(e);
                _mean = new(rows);
                _rstd = new(rows);
                _copyX = new(e);
                _copyY = new(e);
                TestData.Fill(_x.Span, 1, 1.5f, 0.25f);
                TestData.Fill(_gamma.Span, 2, 0.5f, 1f);
                TestData.Fill(_beta.Span, 3, 0.5f);
                TestData.Fill(_copyX.Span, 99);
                _saved = new Gen.LayerNorm.Saved<float>(new Gen.LayerNorm.Shape(n: rows, d: features));
            }

            public NativeBuffer Y => _y;
            public NativeBuffer Mean => _mean;
            public NativeBuffer Rstd => _rstd;
            public Gen.LayerNorm.Saved<float> Saved => _saved;

            public void Generated() => Gen.LayerNorm.Forward(new Gen.LayerNorm.Shape(n: _rows, d: _features), _x.Span, _gamma.Span, _beta.Span, _y.Span, _saved, 1e-5f);

            public void TwoSweep() => LayerNormRowPipeline.TwoSweep(_rows, _features, _x.Span, _gamma.Span, _beta.Span, _y.Span, _mean.Span, _rstd.Span, 1e-5f);

            public void Pipelined() => LayerNormRowPipeline.Pipelined(_rows, _features, _x.Span, _gamma.Span, _beta.Span, _y.Span, _mean.Span, _rstd.Span, 1e-5f);

            public void StatisticsOnly() => LayerNormRowPipeline.StatisticsOnly(_rows, _features, _x.Span, _mean.Span, _rstd.Span, 1e-5f);

            public void OutputOnly() => LayerNormRowPipeline.OutputOnly(_rows, _features, _x.Span, _gamma.Span, _beta.Span, _y.Span, _mean.Span, _rstd.Span);

            public void OutputOnlyWithoutParameters() => LayerNormRowPipeline.OutputOnlyWithoutParameters(_rows, _features, _x.Span, _y.Span, _mean.Span, _rstd.Span);

            public void Copy() => Vec.Copy(ref _copyX.Span[0], ref _copyY.Span[0], (nuint)_copyX.Length);

            /// <summary>The same copy in Vector512 loads and stores (the model's width), for the interleaved comparison only.</summary>
            public void Copy512()
            {
                ref float src = ref _copyX.Span[0];
                ref float dst = ref _copyY.Span[0];
                nuint n = (nuint)_copyX.Length, i = 0, w = (nuint)Vector512<float>.Count;
                for (; i + 4 * w <= n; i += 4 * w)
                {
                    var v0 = Vector512.LoadUnsafe(ref src, i);
                    var v1 = Vector512.LoadUnsafe(ref src, i + w);
                    var v2 = Vector512.LoadUnsafe(ref src, i + 2 * w);
                    var v3 = Vector512.LoadUnsafe(ref src, i + 3 * w);
                    v0.StoreUnsafe(ref dst, i);
                    v1.StoreUnsafe(ref dst, i + w);
                    v2.StoreUnsafe(ref dst, i + 2 * w);
                    v3.StoreUnsafe(ref dst, i + 3 * w);
                }
                for (; i < n; i++)
                    System.Runtime.CompilerServices.Unsafe.Add(ref dst, i) = System.Runtime.CompilerServices.Unsafe.Add(ref src, i);
            }

            public void Dispose()
            {
                foreach (var b in new[] { _x, _gamma, _beta, _y, _mean, _rstd, _copyX, _copyY }) b.Dispose();
            }
        }
    }
}

namespace NormGen.Benchmarks.Infrastructure
{
    public static partial class Interleaved
    {
        /// <summary>
        /// <c>--interleaved rowpipe</c>: <see cref="Benchmarks.LayerNormRowPipelineForward"/>'s four variants, ABBA, CPU time, and
        /// the model's two sweeps each alone (the statistics sweep reading x from memory; the output sweep with x from memory
        /// too), which show where the time of the two-sweep schedule goes, the model with the next-row prefetch off, the output sweep without gamma and beta, and the copy in Vector512.
        /// </summary>
        private static void RunRowPipeline(string[] shapes, int rounds)
        {
            foreach (var shape in shapes)
            {
                var size = shape.Split('x').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                using var b = new Benchmarks.LayerNormRowPipelineForward.Buffers(size[0], size[1]);
                Threading.MaxThreads = 1;
                Measure($"LayerNorm forward {shape}", [("copy", b.Copy), ("generated", b.Generated), ("model two sweeps", b.TwoSweep), ("model pipelined", b.Pipelined),
                    ("statistics sweep alone", b.StatisticsOnly), ("output sweep alone", b.OutputOnly),
                    ("two sweeps, no prefetch", () => WithPrefetch(int.MaxValue, b.TwoSweep)), ("output alone, no prefetch", () => WithPrefetch(int.MaxValue, b.OutputOnly)),
                    ("output alone, no gamma/beta", b.OutputOnlyWithoutParameters), ("copy, Vector512", b.Copy512)],
                    rounds, (int)Math.Max(1, 4_000_000 / ((long)size[0] * size[1])), cpu: true);
            }
        }
    }
}
