using System.Diagnostics;
using System.Globalization;

namespace NormGen.FirstCalls;

/// <summary>What one fresh process measured: calls 1..20 one by one, the JIT time inside each, then 20 steady calls.</summary>
internal sealed record ChildResult(double[] FirstMs, double[] FirstCpuMs, double[] JitMs, double[] SteadyMs, double[] SteadyCpuMs, int WarmupCalls, double StartupCpuMs)
{
    public const int Calls = 20;
    private const string Prefix = "FIRSTCALLS-RESULT ";

    public double FirstTotal => FirstMs.Sum();
    public double SteadyTotal => SteadyMs.Sum();
    public double JitTotal => JitMs.Sum();
    public double FirstCpuTotal => FirstCpuMs.Sum();
    public double SteadyCpuTotal => SteadyCpuMs.Sum();

    public string Format() => Prefix + string.Join(';',
        Join(FirstMs), Join(FirstCpuMs), Join(JitMs), Join(SteadyMs), Join(SteadyCpuMs), WarmupCalls.ToString(CultureInfo.InvariantCulture),
        StartupCpuMs.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>The result line in a child's output, or null (the caller reports the whole output).</summary>
    public static ChildResult? Parse(string output)
    {
        var line = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        if (line is null) return null;
        var parts = line[Prefix.Length..].Split(';');
        return new ChildResult(Split(parts[0]), Split(parts[1]), Split(parts[2]), Split(parts[3]), Split(parts[4]), int.Parse(parts[5], CultureInfo.InvariantCulture),
            parts.Length > 6 ? double.Parse(parts[6], CultureInfo.InvariantCulture) : double.NaN); // builds older than the field: NaN
    }

    private static string Join(double[] values) => string.Join(',', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
    private static double[] Split(string text) => text.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
}

/// <summary>The child side: runs in a fresh process, so the kernels' first call is the process's first call.</summary>
internal static class ChildRun
{
    /// <summary>Environment variable a configuration sets to run the kernels with <c>Threading.MaxThreads</c> = its value.</summary>
    public const string ThreadsVariable = "NORMGEN_FIRSTCALLS_THREADS";

    /// <summary>Environment variable a configuration sets to make one call on <see cref="Case.Small"/> before call 1, untimed
    /// except for its own CPU time (<see cref="ChildResult.StartupCpuMs"/>): the warm-up an application can do at start-up.</summary>
    public const string WarmupVariable = "NORMGEN_FIRSTCALLS_WARMUP_CALL";

    /// <summary>Sets <c>Threading.MaxThreads</c> from <see cref="ThreadsVariable"/> when a configuration sets it.</summary>
    public static void ApplyThreads()
    {
        if (Environment.GetEnvironmentVariable(ThreadsVariable) is { Length: > 0 } threads)
            NormGen.Kernels.Threading.MaxThreads = int.Parse(threads, CultureInfo.InvariantCulture);
    }

    public static int Run(string caseName)
    {
        ApplyThreads();
        var workload = Case.Create(caseName);
        workload.Setup();
        CpuTime.Milliseconds(); // its P/Invoke stub compiled now, not inside the first timed call
        double startupCpu = double.NaN;
        if (Environment.GetEnvironmentVariable(WarmupVariable) == "1")
        {
            var small = workload.Small();
            small.Setup();
            double before = CpuTime.Milliseconds();
            small.Step();
            startupCpu = CpuTime.Milliseconds() - before;
        }

        var first = new double[ChildResult.Calls];
        var firstCpu = new double[ChildResult.Calls];
        var jit = new double[ChildResult.Calls];
        for (int i = 0; i < ChildResult.Calls; i++)
        {
            // currentThread: false also counts methods the tiering thread or a worker thread compiles meanwhile.
            var jitBefore = System.Runtime.JitInfo.GetCompilationTime(currentThread: false);
            double cpu = CpuTime.Milliseconds();
            long start = Stopwatch.GetTimestamp();
            workload.Step();
            first[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            firstCpu[i] = CpuTime.Milliseconds() - cpu;
            jit[i] = (System.Runtime.JitInfo.GetCompilationTime(currentThread: false) - jitBefore).TotalMilliseconds;
        }

        int warmup = WarmUp(workload);

        // A few calls without a pause first: the warm-up ends with a sleep, after which the caches are someone else's.
        for (int i = 0; i < 5; i++) workload.Step();
        var steady = new double[ChildResult.Calls];
        var steadyCpu = new double[ChildResult.Calls];
        for (int i = 0; i < ChildResult.Calls; i++)
        {
            double cpu = CpuTime.Milliseconds();
            long start = Stopwatch.GetTimestamp();
            workload.Step();
            steady[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            steadyCpu[i] = CpuTime.Milliseconds() - cpu;
        }

        Console.WriteLine(new ChildResult(first, firstCpu, jit, steady, steadyCpu, warmup, startupCpu).Format());
        return 0;
    }

    /// <summary>
    /// Calls until tiered compilation has finished with the kernels: tier-1 promotion needs 30 calls and then a
    /// 100 ms period without new tier-0 compilations (the call-counting delay), after which a background thread
    /// compiles. Rounds of 10 calls with a 150 ms pause; done when two rounds in a row compiled nothing (and at least
    /// 80 calls ran), or after 2000 calls.
    /// </summary>
    public static int WarmUp(Case workload)
    {
        int calls = ChildResult.Calls, quietRounds = 0;
        long compiled = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false);
        while (calls < 2000)
        {
            for (int i = 0; i < 10; i++) workload.Step();
            calls += 10;
            Thread.Sleep(150);
            long now = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false);
            quietRounds = now == compiled ? quietRounds + 1 : 0;
            compiled = now;
            if (quietRounds >= 2 && calls >= 80) break;
        }
        return calls;
    }
}
