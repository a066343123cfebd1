using System.Globalization;
using NormGen.Kernels;

namespace NormGen.Benchmarks.Infrastructure;

public static partial class Interleaved
{
    /// <summary>
    /// <c>--interleaved streaming LayerNormBackward:16384x256,FusedAddRmsNormForward:4096x1024 [rounds] [calls] [threads]</c>: the
    /// benchmark classes' generated kernel (<c>Generated</c>, or <c>Fused</c>) with the per-call streaming choice forced off
    /// (<see cref="NonTemporal.MinRowBytes"/> = int.MaxValue), at the default rule, forced on for rows of any length in calls
    /// of at least <see cref="NonTemporal.MinBytes"/> (<c>rows</c>), forced on for every call (<c>all</c>), and the class's
    /// <c>Copy</c> of the same bytes; interleaved in one process, CPU time on one thread (the default), wall time on more. Each variant runs
    /// <c>calls</c> (default 4) calls in a row per round, so that all but its first see the cache its own previous call left
    /// (a streamed call leaves its outputs out of the cache, an ordinary one in it: that is what decides short rows).
    /// Shapes are rows x features, any shape (not only the class's list). docs/statistics.md, "Prefetch and streaming stores".
    /// </summary>
    private static void RunStreaming(string[] args)
    {
        var cases = args.Length > 1 ? args[1].Split(',') : ["LayerNormBackward:16384x256"];
        int rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 41;
        int calls = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 4;
        int threads = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1;
        foreach (var spec in cases)
        {
            var (className, shapeText) = (spec.Split(':')[0], spec.Split(':')[1]);
            var size = shapeText.Split('x').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            using var benchmark = new SetUpBenchmark(className, _ => new RowShape(size[0], size[1]));
            var generated = benchmark.Method(benchmark.Has("Generated") ? "Generated" : "Fused");
            Action Repeated(Action call) => () => { for (int c = 0; c < calls; c++) call(); };
            long touched = benchmark.BytesMoved;
            Measure(string.Create(CultureInfo.InvariantCulture, $"{className} {shapeText} ({touched / 1e6:0.0} MB, rows {size[1] * sizeof(float)} B; {threads} thread(s), {calls} calls per variant and round, ms per {calls} calls)"),
            [
                ("stream off", Repeated(() => WithStreaming(long.MaxValue, int.MaxValue, threads, generated))),
                ("default rule", Repeated(() => WithStreaming(NonTemporal.DefaultMinBytes, NonTemporal.DefaultMinRowBytes, threads, generated))),
                ("rows (>= 40 MB)", Repeated(() => WithStreaming(NonTemporal.DefaultMinBytes, 1, threads, generated))),
                ("all calls", Repeated(() => WithStreaming(1, 1, threads, generated))),
                ("Copy", Repeated(benchmark.Method("Copy"))),
            ], rounds, 1, cpu: threads == 1);
        }
    }

    /// <summary><paramref name="call"/> on <paramref name="threads"/> threads with <see cref="NonTemporal"/>'s two thresholds set as given.</summary>
    private static void WithStreaming(long minBytes, int minRowBytes, int threads, Action call)
    {
        Threading.MaxThreads = threads;
        (long bytes, int row) = (NonTemporal.MinBytes, NonTemporal.MinRowBytes);
        (NonTemporal.MinBytes, NonTemporal.MinRowBytes) = (minBytes, minRowBytes);
        try { call(); }
        finally { (NonTemporal.MinBytes, NonTemporal.MinRowBytes) = (bytes, row); }
    }
}
