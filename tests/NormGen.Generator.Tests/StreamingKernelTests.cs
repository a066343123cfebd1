using NormGen.Generator.Tests.Infrastructure;

namespace NormGen.Generator.Tests;

/// <summary>
/// Emit/Loops/StreamingStores.cs and Emit/LayerEmitter.Streaming.cs: a kernel with streaming copies of its loops is
/// chosen once per call, by type, by the public method, so that its ordinary instantiation compiles to the code of a
/// kernel without them, prologue included. Chosen per row in one method, as first built, the two copies of each loop
/// measured 6-16% slower in BenchmarkDotNet on a LayerNorm forward that never streams; chosen at the kernel's top, the
/// ordinary kernel still carried the test and the call (docs/statistics.md, "Prefetch and streaming stores").
/// </summary>
public sealed class StreamingKernelTests
{
    private const string Streamed = "typeof(__NT) == typeof(global::NormGen.Kernels.NonTemporal.Streamed)";

    [Fact]
    public void Every_streaming_copy_and_test_in_a_kernel_is_dead_code_in_its_ordinary_instantiation()
    {
        var streaming = KernelStaticsTests.KernelBodies().Where(b => b.Contains("NonTemporal.Store<", StringComparison.Ordinal)).ToList();
        Assert.True(streaming.Count >= 10, $"only {streaming.Count} kernels with streaming copies in the snapshots");
        foreach (var body in streaming)
        {
            var lines = body.Split('\n').Select(l => l.Trim()).ToList();
            // No per-call choice, call or fence inside the kernel: the ordinary instantiation is the kernel without streaming.
            Assert.DoesNotContain(lines, l => l.Contains("NonTemporal.Ordinary", StringComparison.Ordinal) || l.Contains("NonTemporal.Fence", StringComparison.Ordinal));
            Assert.True(lines.Count(l => l.Contains("NonTemporal.Use<", StringComparison.Ordinal)) > 0, "no per-row test in\n" + body);
            foreach (var line in lines.Where(l => l.Contains("NonTemporal.Use<", StringComparison.Ordinal)))
                Assert.Contains("= " + Streamed + " && global::NormGen.Kernels.NonTemporal.Use<", line, StringComparison.Ordinal);
            foreach (var line in lines.Where(l => l.StartsWith("if (", StringComparison.Ordinal) && l.EndsWith("__stream)", StringComparison.Ordinal)))
                Assert.StartsWith("if (" + Streamed + " && ", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_public_method_chooses_once_per_call_and_a_streaming_call_runs_on_spans_pinned_once()
    {
        var generated = Assert.Single(GeneratorHarness.Run(DesignLayers.LayerNorm).GeneratedSources).Value;
        var lines = generated.Split('\n').Select(l => l.Trim()).ToList();
        int core = lines.FindIndex(l => l.StartsWith("private static void __ForwardCore<", StringComparison.Ordinal));
        int choice = lines.FindIndex(core, l => l.StartsWith("if (global::NormGen.Kernels.NonTemporal.Use<__S, __T>(", StringComparison.Ordinal));
        Assert.True(choice > core, "no per-call choice in the forward's public method");
        Assert.Equal("__ForwardStreamed(s, x, gamma, beta, y, saved, eps);", lines[choice + 2]);
        Assert.Equal("else", lines[choice + 4]);
        // Every dispatch of the ordinary path names the Ordinary instantiation; of the streamed path, the Streamed one.
        int end = lines.FindIndex(choice, l => l.StartsWith("saved.filledBy", StringComparison.Ordinal));
        var ordinary = lines.Skip(choice + 4).Take(end - choice - 4).Where(l => l.StartsWith("__Forward", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, ordinary.Count);
        Assert.All(ordinary, l => Assert.Contains("<__T, __S, global::NormGen.Kernels.NonTemporal.Ordinary>(", l, StringComparison.Ordinal));
        int pinned = lines.FindIndex(l => l.StartsWith("private static void __ForwardStreamed<", StringComparison.Ordinal));
        // One pinning per call, through a static lambda with the scalars in a struct: nothing allocated per call.
        string pin = lines.Skip(pinned).First(l => l.StartsWith("global::NormGen.Kernels.Pinned.Run<", StringComparison.Ordinal));
        Assert.StartsWith("global::NormGen.Kernels.Pinned.Run<__T, (Shape, Saved<__T>, __T, int, int, int, int)>(static (global::System.ReadOnlySpan<nint> __address, ref (Shape, Saved<__T>, __T, int, int, int, int) __state) => __ForwardStreamedRun<__T, __S>(__state.Item1, ", pin);
        Assert.Contains("var __call = (s, saved, eps, x.Length, gamma.Length, beta.Length, y.Length);", lines);
        int run = lines.FindIndex(l => l.StartsWith("private static void __ForwardStreamedRun<", StringComparison.Ordinal));
        var streamed = lines.Skip(run).TakeWhile(l => !l.StartsWith("private static void __ForwardDispatch<", StringComparison.Ordinal)).Where(l => l.StartsWith("__Forward", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, streamed.Count);
        Assert.All(streamed, l => Assert.Contains("<__T, __S, global::NormGen.Kernels.NonTemporal.Streamed>(", l, StringComparison.Ordinal));
        // The dispatcher fences the streamed kernel's stores on the thread that made them.
        Assert.Contains("if (" + Streamed + ") global::NormGen.Kernels.NonTemporal.Fence();", lines);
    }
}
