using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace NormGen.FirstCalls;

/// <summary>
/// <c>--jit-methods CASE</c>: the methods the JIT compiles during the first 20 forward + backward calls of a fresh
/// process, during which call, at which tier and how long each took, from the runtime's own MethodJittingStarted / MethodLoadVerbose
/// events read in-process by an EventListener: where the JIT time of the first calls goes.
/// </summary>
internal static class JitMethods
{
    public static int Run(string caseName)
    {
        var workload = Case.Create(caseName);
        workload.Setup();
        using var listener = new JitListener();
        Thread.Sleep(300); // the runtime's event session starts asynchronously

        // Calls 1..20 as ChildRun times them; each compiled method is charged to the call during which its JIT started.
        var ends = new DateTime[ChildResult.Calls];
        var callMs = new double[ChildResult.Calls];
        for (int i = 0; i < ChildResult.Calls; i++)
        {
            long start = Stopwatch.GetTimestamp();
            workload.Step();
            callMs[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            ends[i] = DateTime.UtcNow;
        }
        Thread.Sleep(1000); // events arrive on the listener's thread with a delay

        int CallOf(Method m) => Array.FindIndex(ends, end => m.Started <= end);
        var methods = listener.Compiled.Where(m => CallOf(m) >= 0 && !m.Name.Contains(nameof(JitListener), StringComparison.Ordinal))
            .OrderByDescending(m => m.Milliseconds).ToList();
        Console.WriteLine(FormattableString.Invariant($"{caseName}: call 1 {callMs[0]:F2} ms, calls 2..20 {callMs.Skip(1).Sum():F2} ms (wall). JIT (runtime events, wall time of each compilation, whichever thread):"));
        Console.WriteLine();
        Console.WriteLine("| during | tier | methods | JIT ms |");
        Console.WriteLine("|---|---|---:|---:|");
        foreach (var group in methods.GroupBy(m => (Calls: CallOf(m) == 0 ? "call 1" : "calls 2..20", m.Tier))
            .OrderBy(g => g.Key.Calls, StringComparer.Ordinal).ThenByDescending(g => g.Sum(m => m.Milliseconds)))
            Console.WriteLine(FormattableString.Invariant($"| {group.Key.Calls} | {group.Key.Tier} | {group.Count()} | {group.Sum(m => m.Milliseconds):F2} |"));
        Console.WriteLine();
        Console.WriteLine("| JIT ms | during call | tier | IL bytes | method |");
        Console.WriteLine("|---:|---:|---|---:|---|");
        foreach (var m in methods.Take(Environment.GetEnvironmentVariable("NORMGEN_FIRSTCALLS_ALL") is null ? 20 : int.MaxValue))
            Console.WriteLine(FormattableString.Invariant($"| {m.Milliseconds:F2} | {CallOf(m) + 1} | {m.Tier} | {m.IlSize} | {m.Name} |"));
        var types = listener.TypeLoads.Where(t => t.At <= ends[0]).ToList();
        Console.WriteLine();
        // Loads nest (a type's interfaces load inside it): the time is the union of the intervals.
        double union = 0;
        DateTime reach = DateTime.MinValue;
        foreach (var t in types.OrderBy(t => t.Start))
        {
            if (t.At <= reach) continue;
            union += (t.At - (t.Start > reach ? t.Start : reach)).TotalMilliseconds;
            reach = t.At;
        }
        Console.WriteLine(FormattableString.Invariant($"Type loads during call 1: {types.Count}, {union:F2} ms (union of their intervals, any thread; inside the JIT times above)"));
        if (Environment.GetEnvironmentVariable("NORMGEN_FIRSTCALLS_ALL") is not null)
            foreach (var t in types) Console.WriteLine($"  {t.Name}");
        return 0;
    }

    internal sealed record Method(string Name, string Tier, int IlSize, DateTime Started, double Milliseconds);

    /// <summary>Pairs each MethodJittingStarted with the MethodLoadVerbose of the same method id.</summary>
    private sealed class JitListener : EventListener
    {
        private const EventKeywords JitKeyword = (EventKeywords)0x10;
        private const EventKeywords TypeKeyword = (EventKeywords)0x8000000000; // TypeDiagnostic: TypeLoadStart/Stop
        public readonly ConcurrentQueue<(DateTime Start, DateTime At, string Name)> TypeLoads = new();
        private readonly ConcurrentDictionary<uint, DateTime> typeStarted = new();
        private readonly ConcurrentDictionary<ulong, (DateTime Started, int IlSize)> started = new();
        private readonly ConcurrentQueue<Method> compiled = new();

        public IEnumerable<Method> Compiled => compiled.ToArray();

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
                EnableEvents(source, EventLevel.Verbose, JitKeyword | TypeKeyword);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName is null || e.Payload is null || e.PayloadNames is null) return;
            object? Field(string name) => e.PayloadNames.IndexOf(name) is var i and >= 0 ? e.Payload[i] : null;
            if (e.EventName.StartsWith("TypeLoadStart", StringComparison.Ordinal))
            {
                typeStarted[Convert.ToUInt32(Field("TypeLoadStartID"), CultureInfo.InvariantCulture)] = e.TimeStamp;
                return;
            }
            if (e.EventName.StartsWith("TypeLoadStop", StringComparison.Ordinal))
            {
                var begun = typeStarted.TryRemove(Convert.ToUInt32(Field("TypeLoadStartID"), CultureInfo.InvariantCulture), out var b) ? b : e.TimeStamp;
                TypeLoads.Enqueue((begun, e.TimeStamp, $"{Field("TypeName")} level {Field("LoadLevel")}"));
                return;
            }
            if (!e.EventName.StartsWith("Method", StringComparison.Ordinal)) return;
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
