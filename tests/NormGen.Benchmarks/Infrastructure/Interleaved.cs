using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using NormGen.Kernels;
using Gen = NormGen.TestLayers;

namespace NormGen.Benchmarks.Infrastructure;

/// <summary>
/// In-process A/B of a runtime setting on the generated kernels, for a shared machine where BenchmarkDotNet's
/// separate runs drift apart with the load: the variants alternate call by call (ABBA order), many rounds, and the
/// result is each variant's median and best-decile time plus the median and interquartile range of the per-round
/// ratio to the first variant, so a change shows against the spread measured in the same minutes. Single-threaded
/// comparisons are timed in process CPU time (clock_gettime(CLOCK_PROCESS_CPUTIME_ID): the time other processes hold
/// the cores does not count), thread comparisons in wall time.
/// <code>
/// dotnet run -c Release --project tests/NormGen.Benchmarks -- --interleaved prefetch 4096x1024,2048x4096,16384x256 [rounds]
/// dotnet run -c Release --project tests/NormGen.Benchmarks -- --interleaved threads 4096x1024,... [rounds]
/// </code>
/// <c>hand</c>: the benchmark classes' own Generated, Simd and Copy (InterleavedHand.cs). <c>streaming</c>: a class's generated kernel with
/// streaming stores forced off and on (InterleavedStreaming.cs). <c>prefetch</c>: <see cref="Prefetch.MinRowBytes"/> off (int.MaxValue), the default (<see cref="Prefetch.DefaultMinRowBytes"/>)
/// and 1 (every row prefetched),
/// one thread, for LayerNorm and RMSNorm forward and backward; <c>threads</c>: <see cref="Threading.MaxThreads"/> 1 and
/// 2 on LayerNorm and RMSNorm forward and backward, in wall time; <c>threads-cpu</c>: the same in process CPU time (all threads),
/// the work the split adds. Shapes are rows x features; GroupNorm shapes are n x g x c x h x w.
/// </summary>
public static partial class Interleaved
{
    public static void Run(string[] args)
    {
        string what = args.Length > 0 ? args[0] : "prefetch";
        var shapes = (args.Length > 1 ? args[1] : "4096x1024,2048x4096,16384x256").Split(',');
        int rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 101;
        Console.WriteLine($"Interleaved {what}: Vector512 accelerated={Vector512.IsHardwareAccelerated}, cores={Environment.ProcessorCount}, load {File.ReadAllText("/proc/loadavg").Trim()}");
        if (what == "storage")
        {
            RunStorage(shapes, rounds); // InterleavedStorage.cs: float32 against bfloat16, staged and not
            return;
        }
        if (what == "rowpipe")
        {
            RunRowPipeline(shapes, rounds); // Benchmarks/RowPipelineBenchmarks.cs: the row-pipelining model
            return;
        }
        if (what == "hand")
        {
            RunHand(HandCases(args), HandRounds(args)); // InterleavedHand.cs: the benchmark classes' Generated against Simd
            return;
        }
        if (what == "aliasing")
        {
            RunAliasing(shapes, rounds, args); // InterleavedAliasing.cs: the parameter buffers at chosen page offsets from the rows
            return;
        }
        if (what == "placement")
        {
            RunPlacement(shapes, rounds); // InterleavedPlacement.cs: copies of one kernel at different code addresses
            return;
        }
        if (what == "streaming")
        {
            RunStreaming(args); // InterleavedStreaming.cs: the per-call streaming-store choice forced off and on
            return;
        }
        if (what == "dyt")
        {
            RunDyT(shapes, rounds); // Benchmarks/DyTInterleaved.cs: DyT's forward against a copy, main's Tanh and this one
            return;
        }
        foreach (var shape in shapes)
        {
            var size = shape.Split('x').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            foreach (var (name, call) in Kernels(size))
            {
                var variants = what switch
                {
                    "prefetch" => new (string, Action)[]
                    {
                        ("prefetch off", () => WithPrefetch(int.MaxValue, call)),
                        ("prefetch default", () => WithPrefetch(Prefetch.DefaultMinRowBytes, call)),
                        ("prefetch every row", () => WithPrefetch(1, call)),
                    },
                    "threads" or "threads-cpu" => [("1 thread", () => WithThreads(1, call)), ("2 threads", () => WithThreads(2, call))],
                    _ => throw new ArgumentException($"Unknown interleaved comparison '{what}' (prefetch, threads, threads-cpu, storage, rowpipe, hand, dyt, placement, streaming)."),
                };
                long elements = size.Aggregate(1L, (p, s) => p * s);
                Measure($"{name} {shape}", variants, rounds, (int)Math.Max(1, 4_000_000 / elements), cpu: what != "threads");
            }
        }
    }

    /// <summary>
    /// <paramref name="call"/> on one thread with the next-row prefetch on for rows of at least <paramref name="bytes"/>
    /// (e.g. 4096: DyT's and LayerNorm's 1024-float rows, below the default 8 KB, qualify).
    /// </summary>
    private static void WithPrefetch(int bytes, Action call)
    {
        Threading.MaxThreads = 1;
        int was = Prefetch.MinRowBytes;
        Prefetch.MinRowBytes = bytes;
        try { call(); }
        finally { Prefetch.MinRowBytes = was; }
    }

    private static void WithThreads(int threads, Action call)
    {
        Threading.MaxThreads = threads;
        call();
        Threading.MaxThreads = 1;
    }

    /// <summary>
    /// Byte offset of every buffer from a 64-byte boundary (NORMGEN_INTERLEAVED_OFFSET, default 0: cache-line aligned,
    /// like BenchmarkDotNet's buffers; 16 is where a plain float[] usually starts).
    /// </summary>
    private static readonly int Offset = int.TryParse(Environment.GetEnvironmentVariable("NORMGEN_INTERLEAVED_OFFSET"), out int o) ? o : 0;

    private static IEnumerable<(string Name, Action Call)> Kernels(int[] size)
    {
        var rng = new Random(1);
        Console.WriteLine($"  (buffers {Offset} bytes past a 64-byte boundary)");
        Memory<float> Random(long n)
        {
            // Pinned, so the alignment holds: the slice starts Offset bytes past a cache line.
            var array = GC.AllocateArray<float>((int)n + 32, pinned: true);
            long address = System.Runtime.CompilerServices.Unsafe.ByteOffset(ref System.Runtime.CompilerServices.Unsafe.NullRef<float>(), ref array[0]);
            int start = (int)((64 - address % 64) % 64 + Offset) / sizeof(float);
            var memory = array.AsMemory(start, (int)n);
            foreach (ref float v in memory.Span) v = (float)(rng.NextDouble() * 2 - 1);
            return memory;
        }
        if (size.Length == 5)
        {
            var s = new Gen.GroupNorm.Shape(n: size[0], g: size[1], c: size[2], h: size[3], w: size[4]);
            long e = size.Aggregate(1L, (p, v) => p * v);
            int ch = size[1] * size[2];
            Memory<float> x = Random(e), dy = Random(e), y = Random(e), dx = Random(e), gamma = Random(ch), beta = Random(ch), dgamma = Random(ch), dbeta = Random(ch);
            var saved = new Gen.GroupNorm.Saved<float>(s);
            yield return ("GroupNorm forward", () => Gen.GroupNorm.Forward(s, x.Span, gamma.Span, beta.Span, y.Span, saved));
            yield return ("GroupNorm backward", () => Gen.GroupNorm.Backward(s, dy.Span, x.Span, gamma.Span, beta.Span, saved, dx.Span, dgamma.Span, dbeta.Span));
            yield break;
        }
        {
            int n = size[0], d = size[1];
            long e = (long)n * d;
            Memory<float> x = Random(e), dy = Random(e), y = Random(e), dx = Random(e), gamma = Random(d), beta = Random(d), dgamma = Random(d), dbeta = Random(d);
            var ls = new Gen.LayerNorm.Shape(n: n, d: d);
            var lsaved = new Gen.LayerNorm.Saved<float>(ls);
            var rs = new Gen.RmsNorm.Shape(n: n, d: d);
            var rsaved = new Gen.RmsNorm.Saved<float>(rs);
            Gen.LayerNorm.Forward(ls, x.Span, gamma.Span, beta.Span, y.Span, lsaved);
            Gen.RmsNorm.Forward(rs, x.Span, gamma.Span, y.Span, rsaved);
            yield return ("LayerNorm forward", () => Gen.LayerNorm.Forward(ls, x.Span, gamma.Span, beta.Span, y.Span, lsaved));
            yield return ("LayerNorm backward", () => Gen.LayerNorm.Backward(ls, dy.Span, x.Span, gamma.Span, beta.Span, lsaved, dx.Span, dgamma.Span, dbeta.Span));
            yield return ("RMSNorm forward", () => Gen.RmsNorm.Forward(rs, x.Span, gamma.Span, y.Span, rsaved));
            yield return ("RMSNorm backward", () => Gen.RmsNorm.Backward(rs, dy.Span, x.Span, gamma.Span, rsaved, dx.Span, dgamma.Span));
        }
    }

    private static void Measure(string title, (string Name, Action Body)[] variants, int rounds, int reps, bool cpu)
    {
        var times = variants.Select(_ => new double[rounds]).ToArray();
        foreach (var (_, body) in variants)
            for (int w = 0; w < 3; w++) body();
        var watch = new Stopwatch();
        for (int r = 0; r < rounds; r++)
        {
            for (int k = 0; k < variants.Length; k++)
            {
                int i = r % 2 == 0 ? k : variants.Length - 1 - k; // ABBA: neither variant always runs first
                double cpuStart = CpuMilliseconds();
                watch.Restart();
                for (int q = 0; q < reps; q++) variants[i].Body();
                times[i][r] = (cpu ? CpuMilliseconds() - cpuStart : watch.Elapsed.TotalMilliseconds) / reps;
            }
        }
        Console.WriteLine($"== {title} ({rounds} rounds x {reps} call(s); {(cpu ? "CPU" : "wall")} ms per call: median, best decile; per-round ratio to the first: median [interquartile range])");
        for (int i = 0; i < variants.Length; i++)
        {
            var sorted = times[i].Order().ToArray();
            var ratios = Enumerable.Range(0, rounds).Select(r => times[i][r] / times[0][r]).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {variants[i].Name,-20} {sorted[rounds / 2],9:0.000} {sorted[rounds / 10],9:0.000}   ratio {ratios[rounds / 2]:0.000} [{ratios[rounds / 4]:0.000}, {ratios[3 * rounds / 4]:0.000}]"));
        }
    }

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>CPU time of the process in ms (Linux; elsewhere the wall clock).</summary>
    private static double CpuMilliseconds() =>
        OperatingSystem.IsLinux() && ClockGetTime(2, out var t) == 0 ? t.Seconds * 1e3 + t.Nanoseconds * 1e-6 : Stopwatch.GetTimestamp() * 1e3 / Stopwatch.Frequency;
}
