using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using CsCheck;
using NormGen.Fuzz.Tests.Generation;
using NormGen.Fuzz.Tests.Model;
using NormGen.Fuzz.Tests.Running;
using Xunit.Abstractions;

namespace NormGen.Fuzz.Tests;

/// <summary>
/// The grammar-based fuzzer of the formula language (docs/fuzzing.md). Every generated layer must EITHER be rejected
/// with NG diagnostics (no generator crash, no C# error in generated code) OR compile warning-free with kernels that
/// agree with the float64 reference interpreter. A failure is shrunk to a minimal layer and printed as C# with the
/// seed that replays it.
/// </summary>
public sealed class FormulaFuzzTests(ITestOutputHelper output)
{
    /// <summary>What a case is drawn from: a seed for the layer's structure and data, and a complexity that bounds depth and counts.</summary>
    private static readonly Gen<(int Seed, int Complexity)> Cases = Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, 10]);

    [Fact]
    public void Every_generated_layer_is_rejected_with_NG_diagnostics_or_compiles_clean_and_matches_the_interpreter()
    {
        var settings = FuzzSettings.FromEnvironment();
        // NORMGEN_FUZZ_SPLIT_LOADS=Always: every sum's sweep of the layers runs its split-load copy (Vector512 only;
        // the fuzzer's inputs are far below Alignment.SplitLoadMinBytes, so by default only the whole-load copy runs).
        if (Enum.TryParse(Environment.GetEnvironmentVariable("NORMGEN_FUZZ_SPLIT_LOADS"), ignoreCase: true, out NormGen.Kernels.SplitLoadMode split))
            NormGen.Kernels.Alignment.SplitLoadMode = split;
        // NORMGEN_FUZZ_PREFETCH_MIN_ROW_BYTES=1: every row but a chunk's last prefetches the next, so the sweeps run their
        // loops with the prefetch lines (by default the fuzzer's short rows run the copies without them).
        if (int.TryParse(Environment.GetEnvironmentVariable("NORMGEN_FUZZ_PREFETCH_MIN_ROW_BYTES"), out int minRowBytes))
            NormGen.Kernels.Prefetch.MinRowBytes = minRowBytes;
        // NORMGEN_FUZZ_MIN_PARALLEL_ELEMENTS=1: every call with two or more outer iterations is split into chunks (on up to
        // Threading.MaxThreads threads), so the layers' parameter gradients and cross-row sums go through PartialSums and
        // the fork-join (by default the fuzzer's small inputs run unsplit).
        if (long.TryParse(Environment.GetEnvironmentVariable("NORMGEN_FUZZ_MIN_PARALLEL_ELEMENTS"), out long minParallel))
            NormGen.Kernels.Threading.MinParallelElements = minParallel;
        var statistics = new FuzzStatistics();
        var failures = new ConcurrentDictionary<string, (int Seed, int Complexity, FuzzLayer Layer, Verdict Verdict)>(StringComparer.Ordinal);
        var log = Log.Open();
        log.Write($"fuzz: {settings.Iterations} layers, seed {settings.Seed}, known issues excluded: {settings.Known}\n");
        var clock = Stopwatch.StartNew();

        var cases = settings.Replay is { } replay
            ? [replay]
            : Enumerable.Range(0, settings.Iterations).Select(i => Cases.Generate(new PCG((uint)i, settings.Seed), null, out _)).ToArray();
        if (settings.Replay is { } one && Environment.GetEnvironmentVariable("NORMGEN_FUZZ_DUMP") is { } dump)
        {
            // Replaying one layer: its source and what the generator emitted, for reading.
            var layer = LayerGenerator.Generate(one.Seed, one.Complexity, settings.Known);
            Directory.CreateDirectory(dump);
            File.WriteAllText(Path.Combine(dump, "Layer.cs"), layer.RenderSource());
            foreach (var (name, text) in InMemoryCompiler.Generate(("Layer.cs", layer.RenderSource())).GeneratedSources)
                File.WriteAllText(Path.Combine(dump, name), text);
        }
        var shrunk = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        Parallel.ForEach(cases, new ParallelOptions { MaxDegreeOfParallelism = settings.Threads }, c =>
        {
            if (clock.Elapsed > settings.TimeLimit) return;
            var layer = LayerGenerator.Generate(c.Seed, c.Complexity, settings.Known);
            // A safety net behind the generator's own avoidance: a layer in an excluded class is counted, not checked.
            var excluded = KnownIssuesFilter.Hits(layer, settings.Known);
            var verdict = excluded == KnownIssues.None ? CheckSafely(layer) : Verdict.Skip("excluded: " + excluded, "");
            statistics.Add(verdict, layer);
            if (verdict.Outcome == Outcome.Failed && failures.TryAdd(verdict.Kind, (c.Seed, c.Complexity, layer, verdict)))
            {
                log.Write($"[{clock.Elapsed:hh\\:mm\\:ss}] new failure class: {verdict.Kind} (replay {c.Seed}:{c.Complexity}), shrinking\n");
                // Shrunk as soon as it is found, so a long campaign stopped early still reports it.
                var (minimal, minimalVerdict, attempts) = Shrinker.Shrink(layer, verdict, CheckSafely, settings.Known);
                string text = Describe(verdict.Kind, c.Seed, c.Complexity, minimal, minimalVerdict, attempts, layer);
                shrunk[verdict.Kind] = text;
                log.Write(text);
            }
            int done = statistics.Total;
            if (done % 250 == 0) log.Write($"[{clock.Elapsed:hh\\:mm\\:ss}] {done} layers: {statistics.Line()}\n");
        });

        var report = new StringBuilder();
        report.AppendLine($"{statistics.Total} layers in {clock.Elapsed.TotalSeconds:F0} s (seed {settings.Seed}, known issues excluded: {settings.Known}): {statistics.Line()}");
        report.Append(statistics.Details());
        report.AppendLine($"  Half/bfloat16 checks: {Storage.Time.TotalSeconds:F0} s summed over the {settings.Threads} thread(s)");
        foreach (var (kind, text) in shrunk.OrderBy(f => f.Key, StringComparer.Ordinal))
            report.Append($"\n{kind}: {statistics.Count(kind)} layer(s)").Append(text);
        output.WriteLine(report.ToString());
        log.Write($"done: {statistics.Line()}\n{statistics.Details()}\n{statistics.Examples()}");
        Assert.True(failures.IsEmpty, report.ToString());
    }

    private static Verdict CheckSafely(FuzzLayer layer)
    {
        try
        {
            return LayerCheck.Check(layer);
        }
        catch (Exception e)
        {
            return Verdict.Fail("fuzzer exception " + e.GetType().Name, e.ToString());
        }
    }

    private static string Describe(string kind, int seed, int complexity, FuzzLayer minimal, Verdict verdict, int attempts, FuzzLayer original) =>
        $"""

        ==== FAILURE: {kind} (replay with NORMGEN_FUZZ_REPLAY={seed}:{complexity}) ====
        Minimal layer after {attempts} shrink attempts ({minimal.DescribeProblem()}):
        {minimal.RenderSource()}
        {verdict.Detail}

        Original layer:
        {original.RenderSource()}
        """;

    /// <summary>Progress and findings, also written to NORMGEN_FUZZ_LOG when set (a long campaign is read while it runs).</summary>
    private sealed class Log
    {
        private readonly string? _path;
        private readonly Lock _lock = new();

        private Log(string? path) => _path = path;

        public static Log Open() => new(Environment.GetEnvironmentVariable("NORMGEN_FUZZ_LOG"));

        public void Write(string text)
        {
            if (_path is null) return;
            lock (_lock) File.AppendAllText(_path, text);
        }
    }
}
