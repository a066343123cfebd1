using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Reflection.Emit;
using NormGen;
using NormGen.Kernels;
using static NormGen.Ops;

namespace NormGen.Tests.Kernels;

/// <summary>
/// The warm-up call the README recommends for fast first calls ("Fast first calls"; docs/benchmarks.md, "First
/// calls"): one forward + backward on a small input of the same layer (one row; a batch of two 1x1 images) compiles
/// every kernel the full-size calls run, because the vector width a kernel is compiled for is the machine's, not the
/// input's. Checked from the runtime's own JIT events: after the warm-up, a full-size call (large enough to be split
/// across threads) JIT-compiles no kernel of the layer. The probe layers below are called by no other test, so their
/// kernels are compiled exactly when this test calls them.
/// </summary>
// Serialized with the tests that change process-wide settings: under StreamingStoreTests' low NonTemporal.MinBytes the
// full-size call streamed and compiled the kernels' NonTemporal.Streamed instantiation, which the warm-up had not
// (the intermittent failure seen in CI at DOTNET_PreferredVectorBitWidth=128 on 2026-12-01).
[Collection(nameof(ThreadingTests))]
public sealed class WarmupTests
{
    [Fact]
    public void A_warm_up_call_on_one_row_compiles_every_kernel_a_full_size_call_runs()
    {
        const int d = 1024;
        var row = new WarmupRowData(1, d);
        var full = new WarmupRowData(512, d); // 2^19 elements: split across threads where there are several cores
        AssertWarmupCovers(typeof(WarmupRowNorm), () => row.Step(), () => full.Step());
    }

    [Fact]
    public void A_warm_up_call_on_two_1x1_images_compiles_every_kernel_a_full_size_batch_norm_call_runs()
    {
        var small = new WarmupChannelData(2, 64, 1, 1);
        var full = new WarmupChannelData(32, 64, 16, 16);
        AssertWarmupCovers(typeof(WarmupChannelNorm), () => small.Step(), () => full.Step());
    }

    /// <summary>
    /// Calls that stream their stores (NonTemporal: at least NonTemporal.MinBytes, 40 MB, read and written, and long
    /// rows) run another instantiation of the kernels, which a plain warm-up call does not compile; README's recipe, a
    /// second warm-up call with both thresholds at 1, does. Here the full-size call is made to stream by lowering the
    /// thresholds, as a 40 MB call would under the defaults.
    /// </summary>
    [Fact]
    public void A_second_warm_up_call_with_streaming_stores_on_compiles_what_a_streaming_call_runs()
    {
        var row = new WarmupStreamData(1, 1024);
        var full = new WarmupStreamData(512, 1024);
        using var jit = new KernelJitListener(typeof(WarmupStreamNorm).FullName!);
        jit.Mark();
        row.Step();
        var plain = jit.Mark();
        Assert.Contains(plain, name => name.StartsWith("__Backward", StringComparison.Ordinal) && name.Contains("Kernel", StringComparison.Ordinal));
        Streaming(1, 1, row.Step);
        var streamed = jit.Mark();
        // The control: the plain warm-up had not compiled the streaming instantiation (where there is one: streaming
        // stores are x86 SSE's, which DOTNET_EnableHWIntrinsic=0 turns off).
        if (System.Runtime.Intrinsics.X86.Sse.IsSupported)
            Assert.True(streamed.Count > plain.Count, "the streaming warm-up call compiled nothing new: " + string.Join("; ", streamed));
        else
            Assert.Equal(plain, streamed);
        Streaming(4096, 1, full.Step);
        Assert.Equal(streamed, jit.Mark());
    }

    private static void Streaming(long minBytes, int minRowBytes, Action call)
    {
        var (bytes, rowBytes) = (NonTemporal.MinBytes, NonTemporal.MinRowBytes);
        try
        {
            (NonTemporal.MinBytes, NonTemporal.MinRowBytes) = (minBytes, minRowBytes);
            call();
        }
        finally
        {
            (NonTemporal.MinBytes, NonTemporal.MinRowBytes) = (bytes, rowBytes);
        }
    }

    private static void AssertWarmupCovers(Type layer, Action warmup, Action fullSize)
    {
        using var jit = new KernelJitListener(layer.FullName!);
        jit.Mark();

        warmup();
        var afterWarmup = jit.Mark();
        // The control: the warm-up did compile the layer's kernels, and the listener saw it.
        // A kernel split into stages (Scheduler.Stages.cs) has one per stage: __ForwardTrainingStage2Kernel.
        Assert.Contains(afterWarmup, name => name.StartsWith("__Forward", StringComparison.Ordinal) && name.Contains("Kernel", StringComparison.Ordinal));
        Assert.Contains(afterWarmup, name => name.StartsWith("__Backward", StringComparison.Ordinal) && name.Contains("Kernel", StringComparison.Ordinal));

        fullSize();
        var afterFull = jit.Mark();
        Assert.Equal(afterWarmup, afterFull);
    }

    /// <summary>The kernels (methods named *Kernel*) of one type that the JIT compiles, from the runtime's MethodLoadVerbose events.</summary>
    private sealed class KernelJitListener(string typeName) : EventListener
    {
        private const EventKeywords JitKeyword = (EventKeywords)0x10;
        private readonly ConcurrentQueue<string> kernels = new();
        private readonly ConcurrentDictionary<string, bool> marks = new();

        /// <summary>
        /// Compiles and calls a new dynamic method on this thread and waits for its JIT event, which comes after the
        /// events of everything this thread (and the threads it waited for) compiled before; then the kernels compiled
        /// so far, sorted. The runtime's event session starts asynchronously, so the first mark retries until it is live.
        /// </summary>
        public List<string> Mark()
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                string name = "WarmupTestsMark" + Guid.NewGuid().ToString("N");
                var mark = new DynamicMethod(name, typeof(int), Type.EmptyTypes, typeof(WarmupTests).Module);
                var il = mark.GetILGenerator();
                il.Emit(OpCodes.Ldc_I4_1);
                il.Emit(OpCodes.Ret);
                mark.CreateDelegate<Func<int>>()();
                for (var wait = DateTime.UtcNow.AddSeconds(2); DateTime.UtcNow < wait && !marks.ContainsKey(name);) Thread.Sleep(20);
                if (marks.ContainsKey(name))
                {
                    Thread.Sleep(200); // the listener merges threads' events by time stamp: let stragglers of other threads in
                    break;
                }
                Assert.True(DateTime.UtcNow < deadline, "no JIT event within 60 s: the runtime's events did not arrive");
            }
            return kernels.Order(StringComparer.Ordinal).ToList();
        }

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, JitKeyword);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName is null || !e.EventName.StartsWith("MethodLoadVerbose", StringComparison.Ordinal) || e.Payload is null || e.PayloadNames is null) return;
            string? Field(string field) => e.PayloadNames.IndexOf(field) is var i and >= 0 ? e.Payload[i] as string : null;
            string? type = Field("MethodNamespace"), method = Field("MethodName");
            if (type is null || method is null) return;
            if (type.StartsWith(typeName, StringComparison.Ordinal) && method.Contains("Kernel", StringComparison.Ordinal))
                kernels.Enqueue($"{method} {Field("MethodSignature")}");
            else if (method.StartsWith("WarmupTestsMark", StringComparison.Ordinal))
                marks[method] = true;
        }
    }
}

/// <summary>LayerNorm, for <see cref="WarmupTests"/> only.</summary>
[NormLayer("n d")]
public sealed partial class WarmupRowNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, [Param("d", Init = 0)] Expr beta, double eps = 1e-5)
        => gamma * (x - Mean(x, "d")) * Rsqrt(Var(x, "d") + eps) + beta;
}

/// <summary>LayerNorm again, for <see cref="WarmupTests"/>' streaming warm-up only (its kernels compiled by that test alone).</summary>
[NormLayer("n d")]
public sealed partial class WarmupStreamNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, [Param("d", Init = 0)] Expr beta, double eps = 1e-5)
        => gamma * (x - Mean(x, "d")) * Rsqrt(Var(x, "d") + eps) + beta;
}

/// <summary>BatchNorm2d over NCHW, for <see cref="WarmupTests"/> only.</summary>
[NormLayer("n c h w")]
public sealed partial class WarmupChannelNorm
{
    [Formula]
    static Expr Forward(Expr x, [Param("c")] Expr gamma, [Param("c", Init = 0)] Expr beta, double eps = 1e-5, double momentum = 0.1)
    {
        var mean = Running(Mean(x, "n h w"), momentum);
        var variance = Running(Var(x, "n h w"), momentum, unbiased: true);
        return gamma * (x - mean) * Rsqrt(variance + eps) + beta;
    }
}

internal sealed class WarmupRowData(int n, int d)
{
    private readonly WarmupRowNorm.Shape shape = new(n: n, d: d);
    private readonly float[] x = Filled(n * d, 0.5f), gamma = Filled(d, 1f), beta = new float[d], y = new float[n * d],
        dy = Filled(n * d, 0.25f), dx = new float[n * d], dgamma = new float[d], dbeta = new float[d];

    public void Step()
    {
        var saved = new WarmupRowNorm.Saved<float>(shape);
        WarmupRowNorm.Forward(shape, x, gamma, beta, y, saved);
        WarmupRowNorm.Backward(shape, dy, x, gamma, beta, saved, dx, dgamma, dbeta);
    }

    internal static float[] Filled(int length, float start)
    {
        var a = new float[length];
        for (int i = 0; i < a.Length; i++) a[i] = start + (i % 7) * 0.125f;
        return a;
    }
}

internal sealed class WarmupStreamData(int n, int d)
{
    private readonly WarmupStreamNorm.Shape shape = new(n: n, d: d);
    private readonly float[] x = WarmupRowData.Filled(n * d, 0.5f), gamma = WarmupRowData.Filled(d, 1f), beta = new float[d], y = new float[n * d],
        dy = WarmupRowData.Filled(n * d, 0.25f), dx = new float[n * d], dgamma = new float[d], dbeta = new float[d];

    public void Step()
    {
        var saved = new WarmupStreamNorm.Saved<float>(shape);
        WarmupStreamNorm.Forward(shape, x, gamma, beta, y, saved);
        WarmupStreamNorm.Backward(shape, dy, x, gamma, beta, saved, dx, dgamma, dbeta);
    }
}

internal sealed class WarmupChannelData(int n, int c, int h, int w)
{
    private readonly WarmupChannelNorm.Shape shape = new(n: n, c: c, h: h, w: w);
    private readonly float[] x = WarmupRowData.Filled(n * c * h * w, 0.5f), gamma = WarmupRowData.Filled(c, 1f), beta = new float[c],
        runningMean = new float[c], runningVar = WarmupRowData.Filled(c, 1f), y = new float[n * c * h * w],
        dy = WarmupRowData.Filled(n * c * h * w, 0.25f), dx = new float[n * c * h * w], dgamma = new float[c], dbeta = new float[c];

    public void Step()
    {
        var saved = new WarmupChannelNorm.Saved<float>(shape);
        WarmupChannelNorm.Forward(shape, x, gamma, beta, runningMean, runningVar, y, saved, training: true);
        WarmupChannelNorm.Backward(shape, dy, x, gamma, beta, runningMean, runningVar, saved, dx, dgamma, dbeta, training: true);
    }
}
