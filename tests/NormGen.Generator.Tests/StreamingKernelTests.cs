namespace NormGen.Generator.Tests;

/// <summary>
/// Emit/Loops/StreamingStores.cs: a kernel with streaming copies of its loops chooses them once per call, by type, so
/// that its ordinary instantiation (the one the dispatcher calls) compiles to the loops of a kernel without them. Chosen
/// per row in one method, as first built, the two copies of each loop measured 6-16% slower in BenchmarkDotNet on a
/// LayerNorm forward that never streams (docs/statistics.md, "Prefetch and streaming stores").
/// </summary>
public sealed class StreamingKernelTests
{
    private const string Ordinary = "typeof(__NT) == typeof(global::NormGen.Kernels.NonTemporal.Ordinary)";
    private const string Streamed = "typeof(__NT) == typeof(global::NormGen.Kernels.NonTemporal.Streamed)";

    [Fact]
    public void Every_streaming_copy_is_dead_code_in_the_ordinary_instantiation_which_hands_streaming_calls_on_first()
    {
        var streaming = KernelStaticsTests.KernelBodies().Where(b => b.Contains("NonTemporal.Store<", StringComparison.Ordinal)).ToList();
        Assert.True(streaming.Count >= 10, $"only {streaming.Count} kernels with streaming copies in the snapshots");
        foreach (var body in streaming)
        {
            var lines = body.Split('\n').Select(l => l.Trim()).ToList();
            // The choice, once per call, comes before any loop: the redirect to the Streamed instantiation and its fence.
            int redirect = lines.FindIndex(l => l.StartsWith("if (" + Ordinary + " && (global::NormGen.Kernels.NonTemporal.Use<", StringComparison.Ordinal));
            Assert.True(redirect >= 0, "no per-call choice in\n" + body);
            Assert.True(redirect < lines.FindIndex(l => l.StartsWith("for (", StringComparison.Ordinal)), "the per-call choice comes after a loop in\n" + body);
            Assert.Contains(", global::NormGen.Kernels.NonTemporal.Streamed>(", lines[redirect + 2], StringComparison.Ordinal);
            Assert.Equal("global::NormGen.Kernels.NonTemporal.Fence();", lines[redirect + 3]);
            // Every other test of whether to stream is a JIT-time false in the ordinary instantiation.
            foreach (var line in lines.Where((l, i) => i != redirect && l.Contains("NonTemporal.Use<", StringComparison.Ordinal)))
                Assert.Contains("= " + Streamed + " && global::NormGen.Kernels.NonTemporal.Use<", line, StringComparison.Ordinal);
            foreach (var line in lines.Where(l => l.StartsWith("if (", StringComparison.Ordinal) && l.EndsWith("__stream)", StringComparison.Ordinal)))
                Assert.StartsWith("if (" + Streamed + " && ", line, StringComparison.Ordinal);
        }
    }
}
