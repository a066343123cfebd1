using System.Reflection;
using System.Runtime.CompilerServices;
using NormGen.Kernels;
using NormGen.TestSupport;

namespace NormGen.FirstCalls;

/// <summary>
/// <c>--kernel-jit CASE</c>: in a fresh process, the process CPU time the JIT takes to compile the case's two kernels
/// (the fully optimized forward and backward of the vector width this machine runs, compiled alone through
/// RuntimeHelpers.PrepareMethod, before anything else of the layer runs), against the CPU time of 20 steady calls. At
/// small shapes that compilation alone is many times 20 calls, which no JIT setting can change: the bound behind the
/// LayerNorm 64x768 row of docs/benchmarks.md, "First calls". CPU time, so other processes' load does not inflate it.
/// </summary>
internal static class KernelJit
{
    // A JIT diagnostic: the NativeAOT build of this harness (FirstCallsAot) compiles it but has no JIT to measure.
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("AOT", "IL3050", Justification = "JIT-only diagnostic")]
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2060", Justification = "JIT-only diagnostic")]
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "JIT-only diagnostic")]
    public static int Run(string caseName)
    {
        ChildRun.ApplyThreads();
        var workload = Case.Create(caseName);
        workload.Setup();
        CpuTime.Milliseconds();
        var (vector, lanes) = KernelTypeArguments.DispatchWidth;
        var kernels = new List<(string Name, double CpuMs)>();
        foreach (var name in workload.KernelNames)
        {
            var method = workload.Layer.GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)
                ?? throw new InvalidOperationException($"{workload.Layer.Name} has no {name}.");
            var instance = method.MakeGenericMethod(method.GetGenericArguments().Select(a =>
                a.Name == "__NT" ? typeof(NonTemporal.Ordinary)
                : KernelTypeArguments.Of(a.Name, vector, lanes) ?? throw new InvalidOperationException($"{name} has an unknown type parameter {a.Name}.")).ToArray());
            double before = CpuTime.Milliseconds();
            RuntimeHelpers.PrepareMethod(instance.MethodHandle);
            kernels.Add((name, CpuTime.Milliseconds() - before));
        }

        double forkJoin = double.NaN;
        if (Environment.GetEnvironmentVariable("NORMGEN_FIRSTCALLS_FORKJOIN_FIRST") == "1")
        {
            // The fork-join alone, started before call 1 on empty chunks: its own start-up (helper thread, its methods' JIT).
            double b = CpuTime.Milliseconds();
            Threading.For(64, static _ => { });
            forkJoin = CpuTime.Milliseconds() - b;
        }
        // Call 1 with the kernels already compiled: the rest of a first call (wrappers and dispatchers at tier 0, the type
        // loads under them, the threaded path's start when the case splits).
        double callBefore = CpuTime.Milliseconds();
        workload.Step();
        double rest = CpuTime.Milliseconds() - callBefore;

        ChildRun.WarmUp(workload); // past tiering of the wrappers (the kernels are compiled once), as the main measurement
        for (int i = 0; i < 5; i++) workload.Step();
        double steadyBefore = CpuTime.Milliseconds();
        for (int i = 0; i < ChildResult.Calls; i++) workload.Step();
        double steady = CpuTime.Milliseconds() - steadyBefore;
        double jit = kernels.Sum(k => k.CpuMs);
        Console.WriteLine(FormattableString.Invariant(
            $"{caseName} ({vector.Name}, MaxThreads {Threading.MaxThreads}): kernels compiled {jit:F2} ms CPU ({string.Join(", ", kernels.Select(k => $"{k.Name} {k.CpuMs:F2}"))}); then {(double.IsNaN(forkJoin) ? "" : $"an empty Threading.For {forkJoin:F2} ms CPU, ")}call 1 {rest:F2} ms CPU; 20 steady calls {steady:F3} ms CPU; compilation / 20 calls {jit / steady:F1}"));
        return 0;
    }
}
