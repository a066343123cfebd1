using System.Runtime.InteropServices;

namespace NormGen.FirstCalls;

/// <summary>
/// CPU time of the whole process (all threads: the caller, the kernels' worker threads, the JIT), in ms. On a shared
/// machine the wall time of a call includes the time other processes held the cores; the CPU time does not, so ratios
/// of CPU times stay meaningful under load. Linux: clock_gettime(CLOCK_PROCESS_CPUTIME_ID), nanosecond resolution
/// (Process.TotalProcessorTime reads /proc at 10 ms resolution). Elsewhere: NaN.
/// </summary>
internal static partial class CpuTime
{
    private const int ClockProcessCpuTimeId = 2;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    public static double Milliseconds()
    {
        if (!OperatingSystem.IsLinux()) return double.NaN;
        return ClockGetTime(ClockProcessCpuTimeId, out var t) == 0 ? t.Seconds * 1e3 + t.Nanoseconds * 1e-6 : double.NaN;
    }
}
