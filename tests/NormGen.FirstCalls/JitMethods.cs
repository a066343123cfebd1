using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace NormGen.FirstCalls;

/// <summary>
/// <c>--jit-methods CASE</c>: the methods the JIT compiles during the first forward + backward call of a fresh
/// process, at which tier and how long each took, from the runtime's own MethodJittingStarted / MethodLoadVerbose
/// events read in-process by an EventListener: where the JIT time of the first call goes.
/// </summary>
internal static class JitMethods
{
    public static int Run(string caseName)
    {
        var workload = Case.Create(caseName);
        workload.Setup();
        using var listener = new JitListener();
        Thread.Sleep(300); // the runtime's event session starts asynchronously

        var jitBefore = System.Runtime.JitInfo.GetCompilationTime(currentThread: false);
        long start = Stopwatch.GetTimestamp();
        workload.Step();
        double callMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        double jitMs = (System.Runtime.JitInfo.GetCompilationTime(currentThread: false) - jitBefore).TotalMilliseconds;
        DateTime end = DateTime.UtcNow;
        Thread.Sleep(1000); // events arrive on the listener's thread with a delay

        var methods = listener.Compiled.Where(m => m.Started <= end && !m.Name.Contains(nameof(JitListener), StringComparison.Ordinal))
            .OrderByDescending(m => m.Milliseconds).ToList();
        Console.WriteLine(FormattableString.Invariant($"{caseName}: first call {callMs:F2} ms, JIT {jitMs:F2} ms (JitInfo); {methods.Count} methods compiled during it, {methods.Sum(m => m.Milliseconds):F2} ms by the events."));
        Console.WriteLine();
        Console.WriteLine("| tier | methods | JIT ms |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var tier in methods.GroupBy(m => m.Tier).OrderByDescending(g => g.Sum(m => m.Milliseconds)))
            Console.WriteLine(FormattableString.Invariant($"| {tier.Key} | {tier.Count()} | {tier.Sum(m => m.Milliseconds):F2} |"));
        Console.WriteLine();
        Console.WriteLine("| JIT ms | tier | IL bytes | method |");
        Console.WriteLine("|---:|---|---:|---|");
        foreach (var m in methods.Take(15))
            Console.WriteLine(FormattableString.Invariant($"| {m.Milliseconds:F2} | {m.Tier} | {m.IlSize} | {m.Name} |"));
        return 0;
    }

    internal sealed record Method(string Name, string Tier, int IlSize, DateTime Started, double Milliseconds);

    /// <summary>Pairs each MethodJittingStarted with the MethodLoadVerbose of the same method id.</summary>
    private sealed class JitListener : EventListener
    {
        private const EventKeywords JitKeyword = (EventKeywords)0x10;
        private readonly ConcurrentDictionary<ulong, (DateTime Started, int IlSize)> started = new();
        private readonly ConcurrentQueue<Method> compiled = new();

        public IEnumerable<Method> Compiled => compiled.ToArray();

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
                EnableEvents(source, EventLevel.Verbose, JitKeyword);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName is null || e.Payload is null || e.PayloadNames is null) return;
            object? Field(string name) => e.PayloadNames.IndexOf(name) is var i and >= 0 ? e.Payload[i] : null;
            ulong id = Convert.ToUInt64(Field("MethodID"), CultureInfo.InvariantCulture);
            if (e.EventName.StartsWith("MethodJittingStarted", StringComparison.Ordinal))
            {
                started[id] = (e.TimeStamp, Convert.ToInt32(Field("MethodILSize"), CultureInfo.InvariantCulture));
            }
            else if (e.EventName.StartsWith("MethodLoadVerbose", StringComparison.Ordinal) && started.TryRemove(id, out var begin))
            {
                uint flags = Convert.ToUInt32(Field("MethodFlags"), CultureInfo.InvariantCulture);
                string name = $"{Field("MethodNamespace")}::{Field("MethodName")}";
                compiled.Enqueue(new Method(name, Tier(flags), begin.IlSize, begin.Started, (e.TimeStamp - begin.Started).TotalMilliseconds));
            }
        }

        /// <summary>The optimization tier the runtime reports in bits 7..9 of MethodFlags.</summary>
        private static string Tier(uint flags) => ((flags >> 7) & 0x7) switch
        {
            1 => "MinOpts",
            2 => "Optimized (AggressiveOptimization or TieredCompilation=0)",
            3 => "Tier0",
            4 => "Tier1",
            5 => "Tier1 OSR",
            6 => "Tier0 instrumented",
            7 => "Tier1 instrumented",
            var other => $"unknown ({other})",
        };
    }
}
