using System.Globalization;
using System.Runtime.InteropServices;
using NormGen.Benchmarks.Baselines;
using Gen = NormGen.TestLayers;

namespace NormGen.Benchmarks.Infrastructure;

public static partial class Interleaved
{
    /// <summary>
    /// <c>--interleaved aliasing 4096x1024,256x1024 [rounds]</c>: RMSNorm's and LayerNorm's backward, generated and hand-written
    /// (<c>Simd</c>), with the rows (x, dy, dx) 64 bytes into their pages, where glibc puts large buffers, and the per-feature
    /// buffers (gamma and the parameter gradients, which the first sweep reads and writes once per row) at chosen offsets
    /// from that: the same bytes, only their low 12 address bits differ. A load whose address agrees in those bits with
    /// an older store still in the store buffer waits for it (4K aliasing), so a gradient placed a few lines ahead of the
    /// rows' offset can stall every row, and a process's heap decides where the small buffers fall
    /// (docs/statistics.md, "Gradients at chosen offsets"). CPU time, one thread.
    /// </summary>
    private static unsafe void RunAliasing(string[] shapes, int rounds, string[] args)
    {
        // Optional: the offsets (bytes, comma-separated), and which buffers move: "all" (default), "gamma" or "gradients"
        // (the others stay at the rows' offset).
        string moving = args.Length > 4 ? args[4] : "all";
        // "layouts": args[3] is "gamma:dgamma:dbeta;..." byte offsets into one arena aligned to 2^28 (so that every
        // address bit the caches hash is chosen), one variant per triple.
        string[] layouts = moving == "layouts" ? args[3].Split(';') : [];
        int[] deltas = moving == "layouts" ? [.. Enumerable.Range(0, layouts.Length)]
            : args.Length > 3 ? [.. args[3].Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture))] : [0, 64, 256, 1024, 2048, -256];
        bool hand = Environment.GetEnvironmentVariable("NORMGEN_BENCH_ALIASING_HAND") != "0";
        if (Environment.GetEnvironmentVariable("NORMGEN_BENCH_ALIASING_CHUNKS") is { } chunked)
        {
            // Every call split into chunks run on this thread, as large calls are: the gradients go through PartialSums.
            NormGen.Kernels.Threading.MinParallelElements = long.Parse(chunked, CultureInfo.InvariantCulture);
            NormGen.Kernels.Threading.MaxThreads = 1;
            Console.WriteLine($"-- chunked from {chunked} elements, one thread");
        }
        foreach (var shape in shapes)
        {
            var size = shape.Split('x').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            int r = size[0], d = size[1];
            using var pages = new PagedBuffers();
            int rowsAt = int.Parse(Environment.GetEnvironmentVariable("NORMGEN_BENCH_ALIASING_ROWS") ?? "64", CultureInfo.InvariantCulture);
            nint x = pages.Take(r * d, rowsAt), dy = pages.Take(r * d, rowsAt), dx = pages.Take(r * d, rowsAt);
            TestData.Fill(Row(x, r * d), seed: 1);
            TestData.Fill(Row(dy, r * d), seed: 2);
            var rmsRstd = new float[r];
            var lnMean = new float[r];
            var lnRstd = new float[r];
            var rmsShape = new Gen.RmsNorm.Shape(n: r, d: d);
            var rmsSaved = new Gen.RmsNorm.Saved<float>(rmsShape);
            var lnShape = new Gen.LayerNorm.Shape(n: r, d: d);
            var lnSaved = new Gen.LayerNorm.Saved<float>(lnShape);
            var rms = new List<(string, Action)>();
            var ln = new List<(string, Action)>();
            // "gamma-pages": the deltas are page numbers in one arena; gamma moves from page to page at the rows' offset,
            // the gradients stay where they are, so only the address bits above the page offset change.
            nint arena = moving == "gamma-pages" ? pages.Take((deltas.Max() + 2) * 1024, 0) : 0;
            nint layoutArena = moving == "layouts" ? pages.TakeAligned(1 << 26, 1 << 28) : 0;
            nint sharedDgamma = arena != 0 ? pages.Take(d, 64) : 0, sharedDbeta = arena != 0 ? pages.Take(d, 64) : 0;
            if (arena != 0) Console.WriteLine($"-- dgamma utag {Utag(sharedDgamma):x2}, dbeta utag {Utag(sharedDbeta):x2}, x utag {Utag(x):x2} (Zen's hash of bits 12-27, Lipp et al. 2020)");
            foreach (int delta in deltas)
            {
                int at = (64 + delta + 4096) % 4096;
                int gammaAt = moving == "gradients" ? 64 : at, gradientAt = moving == "gamma" ? 64 : at;
                nint gamma = arena != 0 ? arena + delta * 4096 + 64 : pages.Take(d, gammaAt);
                nint dgamma = arena != 0 ? sharedDgamma : pages.Take(d, gradientAt), dbeta = arena != 0 ? sharedDbeta : pages.Take(d, gradientAt);
                if (layoutArena != 0)
                {
                    var o = layouts[delta].Split(':').Select(t => nint.Parse(t, CultureInfo.InvariantCulture)).ToArray();
                    (gamma, dgamma, dbeta) = (layoutArena + o[0], layoutArena + o[1], layoutArena + o[2]);
                    Row(dgamma, d).Clear();
                    Row(dbeta, d).Clear();
                }
                TestData.Fill(Row(gamma, d), seed: 3, scale: 0.5f, offset: 1f);
                if (delta == deltas[0])
                {
                    Gen.RmsNorm.Forward(rmsShape, Row(x, r * d), Row(gamma, d), Row(dx, r * d), rmsSaved, 1e-5f);
                    RmsNormSimd.Forward(r, d, Row(x, r * d), Row(gamma, d), Row(dx, r * d), rmsRstd, 1e-5f);
                    Gen.LayerNorm.Forward(lnShape, Row(x, r * d), Row(gamma, d), Row(gamma, d), Row(dx, r * d), lnSaved, 1e-5f);
                    LayerNormSimd.Forward(r, d, Row(x, r * d), Row(gamma, d), Row(gamma, d), Row(dx, r * d), lnMean, lnRstd, 1e-5f);
                }
                string label = layoutArena != 0 ? layouts[delta] : arena != 0 ? $"page {delta} utag {Utag(gamma):x2}" : delta.ToString("+0;-0;0", CultureInfo.InvariantCulture);
                rms.Add(($"Generated {label}", () => Gen.RmsNorm.Backward(rmsShape, Row(dy, r * d), Row(x, r * d), Row(gamma, d), rmsSaved, Row(dx, r * d), Row(dgamma, d), 1e-5f)));
                if (hand) rms.Add(($"Simd {label}", () => RmsNormSimd.Backward(r, d, Row(dy, r * d), Row(x, r * d), Row(gamma, d), rmsRstd, Row(dx, r * d), Row(dgamma, d))));
                ln.Add(($"Generated {label}", () => Gen.LayerNorm.Backward(lnShape, Row(dy, r * d), Row(x, r * d), Row(gamma, d), Row(gamma, d), lnSaved, Row(dx, r * d), Row(dgamma, d), Row(dbeta, d), 1e-5f)));
                if (hand) ln.Add(($"Simd {label}", () => LayerNormSimd.Backward(r, d, Row(dy, r * d), Row(x, r * d), Row(gamma, d), lnMean, lnRstd, Row(dx, r * d), Row(dgamma, d), Row(dbeta, d))));
            }
            Console.WriteLine($"-- {moving} at (x's page offset + delta): deltas {string.Join(", ", deltas)} bytes");
            Measure($"RmsNormBackward {shape}", [.. rms], rounds, 1, cpu: true);
            Measure($"LayerNormBackward {shape}", [.. ln], rounds, 1, cpu: true);
        }
    }

    /// <summary>The L1 way predictor's tag on Zen: eight XORs of linear address bits 12-27.</summary>
    private static int Utag(nint address)
    {
        long a = address;
        int Bit(int i) => (int)((a >> i) & 1);
        int[][] pairs = [[12, 27], [13, 26], [14, 25], [15, 20], [16, 21], [17, 22], [18, 23], [19, 24]];
        return pairs.Select((p, i) => (Bit(p[0]) ^ Bit(p[1])) << i).Sum();
    }

    private static unsafe Span<float> Row(nint pointer, int length) => new((float*)pointer, length);

    /// <summary>Buffers at a chosen offset within a page; all freed together.</summary>
    private sealed unsafe class PagedBuffers : IDisposable
    {
        private readonly List<nint> _allocations = [];

        public nint Take(int length, int pageOffset)
        {
            var allocation = (byte*)NativeMemory.AlignedAlloc((nuint)length * sizeof(float) + 4096, 4096);
            _allocations.Add((nint)allocation);
            new Span<float>(allocation + pageOffset, length).Clear();
            return (nint)(allocation + pageOffset);
        }

        /// <summary>Bytes at a large alignment (for address-bit experiments); cleared.</summary>
        public nint TakeAligned(int bytes, int alignment)
        {
            var allocation = (byte*)NativeMemory.AlignedAlloc((nuint)bytes, (nuint)alignment);
            _allocations.Add((nint)allocation);
            new Span<byte>(allocation, bytes).Clear();
            return (nint)allocation;
        }

        public void Dispose()
        {
            foreach (var allocation in _allocations) NativeMemory.AlignedFree((void*)allocation);
        }
    }
}
