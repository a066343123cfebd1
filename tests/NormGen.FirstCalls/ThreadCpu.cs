using System.Diagnostics;
using System.Globalization;

namespace NormGen.FirstCalls;

/// <summary>
/// <c>--thread-cpu CASE</c>: which threads of a fresh process spend the CPU time of call 1 and of calls 2..20 (the
/// caller, the kernels' helper threads, the runtime's tiering, finalizer and thread-pool threads), from Linux's
/// per-thread scheduler statistics (/proc/self/task/TID/schedstat: nanoseconds on a CPU; /proc's 10 ms clock ticks
/// are too coarse for a 20 ms call). Attributes the CPU time that process-wide clocks only total. Linux only.
/// </summary>
internal static class ThreadCpu
{
    public static int Run(string caseName)
    {
        if (!OperatingSystem.IsLinux()) { Console.Error.WriteLine("--thread-cpu reads /proc: Linux only."); return 2; }
        ChildRun.ApplyThreads();
        var workload = Case.Create(caseName);
        workload.Setup();
        CpuTime.Milliseconds();
        Snapshot(); // its own code compiled now, not inside call 1's numbers
        string before1 = Environment.GetEnvironmentVariable("NORMGEN_FIRSTCALLS_BEFORE") ?? "";
        var preStart = Snapshot();
        double preCpu = CpuTime.Milliseconds();
        if (before1 == "pool")
        {
            // The thread pool started and one work item run, before call 1: the pool's own start-up cost.
            using var ran = new ManualResetEventSlim();
            ThreadPool.UnsafeQueueUserWorkItem(static e => e.Set(), ran, preferLocal: false);
            ran.Wait();
        }
        else if (before1 == "thread")
        {
            var t = new Thread(static () => { });
            t.Start();
            t.Join();
        }
        else if (before1 == "forkjoin")
        {
            NormGen.Kernels.Threading.For(64, static _ => { });
        }
        else if (before1 == "single")
        {
            // Kernels compiled on the caller alone first: call 1 then measures the threaded path without the kernels' JIT.
            int max = NormGen.Kernels.Threading.MaxThreads;
            NormGen.Kernels.Threading.MaxThreads = 1;
            workload.Step();
            NormGen.Kernels.Threading.MaxThreads = max;
        }
        if (before1.Length > 0)
        {
            var pre = Snapshot();
            Console.WriteLine(FormattableString.Invariant($"before call 1 ({before1}): {CpuTime.Milliseconds() - preCpu:F2} ms CPU; new threads: {string.Join(", ", pre.Where(t => !preStart.ContainsKey(t.Key)).Select(t => $"{t.Value.Name} {t.Value.Ns / 1e6:F2}"))}"));
        }
        Thread.Sleep(200);

        var before = Snapshot();
        double cpu = CpuTime.Milliseconds();
        long start = Stopwatch.GetTimestamp();
        workload.Step();
        double wall1 = Stopwatch.GetElapsedTime(start).TotalMilliseconds, cpu1 = CpuTime.Milliseconds() - cpu;
        var afterFirst = Snapshot();
        cpu = CpuTime.Milliseconds();
        for (int i = 1; i < ChildResult.Calls; i++) workload.Step();
        double cpuRest = CpuTime.Milliseconds() - cpu;
        var afterRest = Snapshot();

        Console.WriteLine(FormattableString.Invariant($"{caseName}, MaxThreads {NormGen.Kernels.Threading.MaxThreads}: call 1 {wall1:F2} ms wall, {cpu1:F2} ms CPU; calls 2..20 {cpuRest:F2} ms CPU (process clock). Per thread, CPU ms (schedstat):"));
        Console.WriteLine();
        Console.WriteLine("| thread | call 1 | calls 2..20 |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (tid, (name, ns)) in afterRest.OrderBy(t => t.Key))
        {
            double first = (afterFirst.TryGetValue(tid, out var a) ? a.Ns : 0) - (before.TryGetValue(tid, out var b) ? b.Ns : 0);
            double rest = ns - (afterFirst.TryGetValue(tid, out var c) ? c.Ns : 0);
            if (first + rest < 10_000) continue; // under 10 µs: idle threads
            string born = before.ContainsKey(tid) ? "" : afterFirst.ContainsKey(tid) ? " (started in call 1)" : " (started in calls 2..20)";
            Console.WriteLine(FormattableString.Invariant($"| {tid} {name}{born} | {first / 1e6:F2} | {rest / 1e6:F2} |"));
        }
        return 0;
    }

    /// <summary>Every thread of this process: its name and nanoseconds run so far.</summary>
    private static Dictionary<int, (string Name, long Ns)> Snapshot()
    {
        var threads = new Dictionary<int, (string, long)>();
        foreach (var dir in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                int tid = int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture);
                long ns = long.Parse(File.ReadAllText(Path.Combine(dir, "schedstat")).Split(' ')[0], CultureInfo.InvariantCulture);
                threads[tid] = (File.ReadAllText(Path.Combine(dir, "comm")).Trim(), ns);
            }
            catch (IOException) { } // the thread ended meanwhile
        }
        return threads;
    }
}
