using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NormGen.Kernels;
using NormGen.Tests.Shared;
using NormGen.Tests.Support;

namespace NormGen.Tests.Kernels;

/// <summary>
/// Streaming (non-temporal) stores of large outputs (<see cref="NonTemporal"/>, docs/statistics.md "Prefetch and
/// streaming stores"): the element-wise sweeps of every row-wise kernel store their aligned row through
/// <see cref="NonTemporal.Store{TSimd, TV, T, TS}"/>, which must write exactly what an ordinary store writes, wherever
/// the data lies, on one thread or several.
/// </summary>
[Collection(nameof(ThreadingTests))] // they change the process-wide NonTemporal.MinBytes and Threading.MaxThreads
public sealed class StreamingStoreTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)] // 4 bytes past the allocation's start: the aligned head runs a scalar part first
    [InlineData(3, 1)]
    [InlineData(0, 2)]
    public void Streaming_changes_no_bit_of_any_row_wise_kernel(int offset, int threads)
    {
        // Off (never streams) against on for every output and row (both minimums 1 byte); the defaults sit between.
        var off = RunAll(offset, threads, long.MaxValue);
        var on = RunAll(offset, threads, 1);
        Assert.Equal(off.Count, on.Count);
        foreach (var (name, values) in off) Assert.True(values.SequenceEqual(on[name]), $"{name} differs when streamed");
    }

    [Fact]
    public void The_choice_is_made_per_call_and_a_streamed_call_gives_the_bits_of_an_ordinary_one()
    {
        // One process, one kernel: calls of 64 rows stream (over MinBytes), calls of 4 rows do not, alternately (that
        // the public method makes this choice per call is StreamingKernelTests'). The streamed path pins its spans once
        // per call (LayerEmitter.Streaming.cs) and, like the ordinary path, allocates nothing (docs/api.md: no kernel
        // allocates). 64 x 4096 floats on one thread runs the sequential chunks (partial parameter-gradient sums),
        // 4 x 4096 one chunk.
        long before = NonTemporal.MinBytes;
        int rowBefore = NonTemporal.MinRowBytes, threadsBefore = Threading.MaxThreads;
        try
        {
            Threading.MaxThreads = 1;
            NonTemporal.MinRowBytes = 1;
            const int d = 4096;
            var rng = new Random(5);
            var gamma = Tensor(rng, d, 0, 1);
            var beta = Tensor(rng, d, 0, 0);
            (long[] Y, long[] Dx, long[] Dgamma, long Allocated) Call(int n, long minBytes)
            {
                NonTemporal.MinBytes = minBytes;
                var x = Tensor(new Random(n), n * d, 0, 3);
                var dy = Tensor(new Random(n + 1), n * d, 0, 0);
                var s = new LayerNorm.Shape(n: n, d: d);
                var saved = new LayerNorm.Saved<float>(s);
                float[] y = new float[n * d], dx = new float[n * d], dgamma = Enumerable.Repeat(0.25f, d).ToArray(), dbeta = new float[d];
                long allocated = ThreadAllocations.Of(() =>
                {
                    LayerNorm.Forward(s, x, gamma, beta, y, saved);
                    LayerNorm.Backward(s, dy, x, gamma, beta, saved, dx, dgamma, dbeta);
                });
                return (Bits(y), Bits(dx), Bits(dgamma), allocated);
            }
            const long between = 1L << 20; // 64 rows touch 2.1 MB, 4 rows 160 KB
            var bigOff = Call(64, long.MaxValue);
            var smallOff = Call(4, long.MaxValue);
            Call(64, between); // compiles the streamed path
            for (int round = 0; round < 2; round++)
            {
                var big = Call(64, between);
                var small = Call(4, between);
                Assert.Equal(0, big.Allocated);
                Assert.Equal(0, small.Allocated);
                Assert.Equal(bigOff.Y, big.Y);
                Assert.Equal(bigOff.Dx, big.Dx);
                Assert.Equal(bigOff.Dgamma, big.Dgamma);
                Assert.Equal(smallOff.Y, small.Y);
                Assert.Equal(smallOff.Dx, small.Dx);
                Assert.Equal(smallOff.Dgamma, small.Dgamma);
            }
        }
        finally
        {
            NonTemporal.MinBytes = before;
            NonTemporal.MinRowBytes = rowBefore;
            Threading.MaxThreads = threadsBefore;
        }
    }

    [Fact]
    public void Store_writes_the_vector_and_nothing_else_at_every_offset_and_width()
    {
        StoreAtEveryOffset<Simd128<float>, Vector128<float>>();
        if (Vector256.IsHardwareAccelerated) StoreAtEveryOffset<Simd256<float>, Vector256<float>>();
        if (Vector512.IsHardwareAccelerated) StoreAtEveryOffset<Simd512<float>, Vector512<float>>();
        StoreAtEveryOffset<Scalar<float>, float>();
    }

    [Fact]
    public void Streams_only_rows_and_calls_of_at_least_the_minimum_sizes_in_the_type_computed()
    {
        long before = NonTemporal.MinBytes;
        int rowBefore = NonTemporal.MinRowBytes;
        try
        {
            Assert.Equal(40L << 20, NonTemporal.DefaultMinBytes);
            Assert.Equal(8192, NonTemporal.DefaultMinRowBytes);
            NonTemporal.MinBytes = 4096;
            NonTemporal.MinRowBytes = 256;
            bool x86 = System.Runtime.Intrinsics.X86.Sse.IsSupported;
            Assert.Equal(x86, NonTemporal.Use<float, float>(1024, 64));
            Assert.False(NonTemporal.Use<float, float>(1023, 64)); // too little data
            Assert.False(NonTemporal.Use<float, float>(1 << 20, 63)); // rows too short
            Assert.Equal(x86, NonTemporal.Use<double, double>(512, 32));
            Assert.False(NonTemporal.Use<Half, float>(1 << 20, 1 << 10)); // narrowed stores stay ordinary
            Assert.False(NonTemporal.Use<BFloat16, float>(1 << 20, 1 << 10));
            NonTemporal.MinRowBytes = int.MaxValue;
            Assert.False(NonTemporal.Use<float, float>(1 << 30, 1 << 30));
            Assert.Throws<ArgumentOutOfRangeException>(() => NonTemporal.MinBytes = 0);
            Assert.Throws<ArgumentOutOfRangeException>(() => NonTemporal.MinRowBytes = 0);
        }
        finally
        {
            NonTemporal.MinBytes = before;
            NonTemporal.MinRowBytes = rowBefore;
        }
    }

    [Fact]
    public void By_default_Vector512_kernels_also_stream_1_to_2_KB_rows_in_calls_over_the_minimum_and_nothing_else_short()
    {
        // The default rule, pinned on the shapes it was measured on (docs/statistics.md, "Prefetch and streaming stores"),
        // with the element counts LayerNorm's public method passes: forward x, y, gamma, beta; backward dy, x, dx, gamma,
        // beta, dgamma. Vector512 is the generated dispatcher's width (Vector256 under DOTNET_PreferredVectorBitWidth=256).
        long before = NonTemporal.MinBytes;
        int rowBefore = NonTemporal.MinRowBytes;
        try
        {
            (NonTemporal.MinBytes, NonTemporal.MinRowBytes) = (NonTemporal.DefaultMinBytes, NonTemporal.DefaultMinRowBytes);
            bool x86 = System.Runtime.Intrinsics.X86.Sse.IsSupported, wide = x86 && Vector512.IsHardwareAccelerated;
            static bool Forward(long n, long d) => NonTemporal.Use<float, float>(2 * n * d + 2 * d, d);
            static bool Backward(long n, long d) => NonTemporal.Use<float, float>(3 * n * d + 3 * d, d);
            Assert.False(Forward(16384, 256)); // 33.6 MB: under 40 MB, fits the L3 the next call reads it from
            Assert.False(Forward(4096, 1024));
            Assert.Equal(wide, Backward(16384, 256)); // 50 MB in 1 KB rows: Vector512 only
            Assert.Equal(wide, Backward(8192, 512)); // 2 KB rows
            Assert.Equal(wide, Forward(32768, 256)); // 67 MB in 1 KB rows
            Assert.False(Backward(4096, 1024)); // 4 KB rows: mixed, not streamed
            Assert.False(Backward(5461, 768)); // 3 KB rows: not measured, not streamed
            Assert.False(Backward(32768, 128)); // 512-byte rows: not measured, not streamed
            Assert.False(NonTemporal.Use<float, float>(3L * 16384 * 256, 255)); // just under 1 KB
            Assert.False(NonTemporal.Use<float, float>(3L * 16384 * 256, 513)); // just over 2 KB
            Assert.Equal(wide, NonTemporal.Use<double, double>(3L * 8192 * 256, 128)); // 1 KB of doubles
            Assert.False(NonTemporal.Use<Half, float>(3L * 32768 * 256, 512)); // narrowed stores stay ordinary
            Assert.Equal(x86, Backward(2048, 4096)); // 16 KB rows: both widths
            Assert.Equal(x86, Forward(2048, 4096));
            NonTemporal.MinRowBytes = 16384; // a setting of the user's replaces the short-row rule
            Assert.False(Backward(16384, 256));
            NonTemporal.MinRowBytes = int.MaxValue;
            Assert.False(Backward(16384, 256));
            NonTemporal.MinRowBytes = NonTemporal.DefaultMinRowBytes;
            NonTemporal.MinBytes = 64L << 20;
            Assert.False(Backward(16384, 256)); // the call-size minimum holds for short rows too
        }
        finally
        {
            NonTemporal.MinBytes = before;
            NonTemporal.MinRowBytes = rowBefore;
        }
    }

    private static void StoreAtEveryOffset<TSimd, TV>() where TSimd : struct, ISimd<TV, float>
    {
        int lanes = TSimd.Count;
        var buffer = GC.AllocateArray<float>(4 * lanes + 64, pinned: true);
        int aligned = (int)((64 - Unsafe.ByteOffset(ref Unsafe.NullRef<float>(), ref buffer[0]) % 64) % 64) / sizeof(float);
        var source = Enumerable.Range(0, lanes).Select(i => i + 0.5f).ToArray();
        var value = TSimd.Load(ref source[0], 0);
        for (int at = aligned; at < aligned + lanes; at++)
        {
            Array.Fill(buffer, -1f);
            NonTemporal.Store<TSimd, TV, float, float>(value, ref buffer[0], at);
            NonTemporal.Fence();
            for (int i = 0; i < buffer.Length; i++)
                Assert.Equal(i >= at && i < at + lanes ? source[i - at] : -1f, buffer[i]);
        }
    }

    /// <summary>Every output of the four row-wise layers' forward and backward, with the tensors <paramref name="offset"/> floats into their arrays.</summary>
    private static Dictionary<string, long[]> RunAll(int offset, int threads, long minBytes)
    {
        long before = NonTemporal.MinBytes;
        int rowBefore = NonTemporal.MinRowBytes, threadsBefore = Threading.MaxThreads;
        NonTemporal.MinBytes = minBytes;
        NonTemporal.MinRowBytes = minBytes == long.MaxValue ? int.MaxValue : 1;
        Threading.MaxThreads = threads;
        try
        {
            var results = new Dictionary<string, long[]>();
            var rng = new Random(17);
            // LayerNorm and RMSNorm: rows with a vector tail; with 2 threads, enough elements (2^18) to split.
            int n = threads > 1 ? 64 : 5, d = threads > 1 ? 4096 : 1007;
            var x = Tensor(rng, n * d, offset, 3);
            var dy = Tensor(rng, n * d, offset, 0);
            var gamma = Tensor(rng, d, 0, 1);
            var beta = Tensor(rng, d, 0, 0);
            {
                var s = new LayerNorm.Shape(n: n, d: d);
                var saved = new LayerNorm.Saved<float>(s);
                float[] y = new float[n * d + offset], dx = new float[n * d + offset], dgamma = new float[d], dbeta = new float[d];
                LayerNorm.Forward(s, x.AsSpan(offset), gamma, beta, y.AsSpan(offset), saved);
                LayerNorm.Backward(s, dy.AsSpan(offset), x.AsSpan(offset), gamma, beta, saved, dx.AsSpan(offset), dgamma, dbeta);
                results["LayerNorm y"] = Bits(y); results["LayerNorm dx"] = Bits(dx); results["LayerNorm dgamma"] = Bits(dgamma); results["LayerNorm dbeta"] = Bits(dbeta);
            }
            {
                var s = new RmsNorm.Shape(n: n, d: d);
                var saved = new RmsNorm.Saved<float>(s);
                float[] y = new float[n * d + offset], dx = new float[n * d + offset], dgamma = new float[d];
                RmsNorm.Forward(s, x.AsSpan(offset), gamma, y.AsSpan(offset), saved);
                RmsNorm.Backward(s, dy.AsSpan(offset), x.AsSpan(offset), gamma, saved, dx.AsSpan(offset), dgamma);
                results["RmsNorm y"] = Bits(y); results["RmsNorm dx"] = Bits(dx); results["RmsNorm dgamma"] = Bits(dgamma);
            }
            // GroupNorm and InstanceNorm: rows of c h w (h w) elements.
            const int N = 2, G = 2, C = 3, H = 9, W = 11;
            int e = N * G * C * H * W;
            var x4 = Tensor(rng, e, offset, 1);
            var dy4 = Tensor(rng, e, offset, 0);
            var g4 = Tensor(rng, G * C, 0, 1);
            var b4 = Tensor(rng, G * C, 0, 0);
            {
                var s = new GroupNorm.Shape(N, G, C, H, W);
                var saved = new GroupNorm.Saved<float>(s);
                float[] y = new float[e + offset], dx = new float[e + offset], dgamma = new float[G * C], dbeta = new float[G * C];
                GroupNorm.Forward(s, x4.AsSpan(offset), g4, b4, y.AsSpan(offset), saved);
                GroupNorm.Backward(s, dy4.AsSpan(offset), x4.AsSpan(offset), g4, b4, saved, dx.AsSpan(offset), dgamma, dbeta);
                results["GroupNorm y"] = Bits(y); results["GroupNorm dx"] = Bits(dx); results["GroupNorm dgamma"] = Bits(dgamma); results["GroupNorm dbeta"] = Bits(dbeta);
            }
            {
                var s = new InstanceNorm.Shape(N, G * C, H, W);
                var saved = new InstanceNorm.Saved<float>(s);
                float[] y = new float[e + offset], dx = new float[e + offset], dgamma = new float[G * C], dbeta = new float[G * C];
                InstanceNorm.Forward(s, x4.AsSpan(offset), g4, b4, y.AsSpan(offset), saved);
                InstanceNorm.Backward(s, dy4.AsSpan(offset), x4.AsSpan(offset), g4, b4, saved, dx.AsSpan(offset), dgamma, dbeta);
                results["InstanceNorm y"] = Bits(y); results["InstanceNorm dx"] = Bits(dx); results["InstanceNorm dgamma"] = Bits(dgamma); results["InstanceNorm dbeta"] = Bits(dbeta);
            }
            // double: streams too (the store moves the vector's bits, whatever its lanes).
            {
                var s = new LayerNorm.Shape(n: 3, d: 517);
                var saved = new LayerNorm.Saved<double>(s);
                var xd = RandomData.Uniform(rng, 3 * 517 + offset);
                var gd = RandomData.Uniform(rng, 517);
                double[] y = new double[3 * 517 + offset];
                LayerNorm.Forward(s, xd.AsSpan(offset), gd, gd, y.AsSpan(offset), saved);
                results["LayerNorm double y"] = y.Select(BitConverter.DoubleToInt64Bits).ToArray();
            }
            return results;
        }
        finally
        {
            NonTemporal.MinBytes = before;
            NonTemporal.MinRowBytes = rowBefore;
            Threading.MaxThreads = threadsBefore;
        }
    }

    private static long[] Bits(float[] values) => values.Select(v => (long)BitConverter.SingleToInt32Bits(v)).ToArray();

    private static float[] Tensor(Random rng, int count, int offset, double shift) =>
        new float[offset].Concat(RandomData.Uniform(rng, count).Select(v => (float)(v + shift))).ToArray();
}
