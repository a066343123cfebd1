using System.Diagnostics;
using System.Globalization;

namespace NormGen.FirstCalls;

/// <summary>
/// <c>--steady CASE [CALLS]</c>: after the main measurement's tiering warm-up, the process CPU time and wall time per call
/// over CALLS (default 400) steady calls: for A/B comparisons of the steady state between builds (run the two builds'
/// processes alternately; the main measurement's 20 steady calls are too few to show a few percent).
/// </summary>
internal static class Steady
{
    public static int Run(string caseName, int calls)
    {
        ChildRun.ApplyThreads();
        var workload = Case.Create(caseName);
        workload.Setup();
        CpuTime.Milliseconds();
        ChildRun.WarmUp(workload);
        for (int i = 0; i < 5; i++) workload.Step();
        double cpu = CpuTime.Milliseconds();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++) workload.Step();
        double wall = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        cpu = CpuTime.Milliseconds() - cpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{caseName}, MaxThreads {NormGen.Kernels.Threading.MaxThreads}: {calls} steady calls, per call {cpu / calls:F4} ms CPU, {wall / calls:F4} ms wall"));
        return 0;
    }
}
