using System.Diagnostics;
using System.Globalization;
using System.Text;
using NormGen.Tests.Shared;

namespace NormGen.FirstCalls;

/// <summary>
/// The parent side: starts one fresh child process per (run, case, configuration), configurations interleaved
/// (ABAB in even runs, BABA in odd ones) because the load of a shared machine drifts, and summarizes per case and
/// configuration over the processes: medians and the range.
/// </summary>
internal static class Parent
{
    public static int Run(int runs, IReadOnlyList<string> cases, IReadOnlyList<Configuration> configurations, string? outPath)
    {
        var results = new Dictionary<(string Case, string Config), List<ChildResult>>();
        var started = DateTimeOffset.UtcNow;
        for (int run = 0; run < runs; run++)
        {
            foreach (var caseName in cases)
            {
                var order = run % 2 == 0 ? configurations : configurations.Reverse().ToList();
                foreach (var configuration in order)
                {
                    var result = RunChild(configuration, caseName);
                    if (result is null) return 1;
                    if (!results.TryGetValue((caseName, configuration.Name), out var list))
                        results[(caseName, configuration.Name)] = list = [];
                    list.Add(result);
                    Console.Error.WriteLine(FormattableString.Invariant(
                        $"run {run + 1}/{runs} {caseName} [{configuration.Name}]: first 20 {result.FirstTotal:F2} ms (JIT {result.JitTotal:F2}, CPU {result.FirstCpuTotal:F2}), steady 20 {result.SteadyTotal:F2} ms (CPU {result.SteadyCpuTotal:F2}), ratio {result.FirstTotal / result.SteadyTotal:F2} (CPU {result.FirstCpuTotal / result.SteadyCpuTotal:F2})"));
                }
            }
        }

        string report = Report(results, cases, configurations, runs, started);
        Console.WriteLine(report);
        if (outPath is not null) File.WriteAllText(outPath, report);
        return 0;
    }

    private static ChildResult? RunChild(Configuration configuration, string caseName)
    {
        // A .dll runs on the shared runtime; anything else is a native executable (a NativeAOT publish of this project).
        bool managed = configuration.Program.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(managed ? "dotnet" : configuration.Program);
        if (managed) start.ArgumentList.Add(configuration.Program);
        start.ArgumentList.Add("--child");
        start.ArgumentList.Add(caseName);
        foreach (var (name, value) in configuration.Environment) start.Environment[name] = value;
        var (exitCode, output, timedOut) = ChildProcess.Run(start, TimeSpan.FromMinutes(3));
        var result = exitCode == 0 && !timedOut ? ChildResult.Parse(output) : null;
        if (result is null)
            Console.Error.WriteLine($"Child '{caseName}' [{configuration.Name}] failed (exit {exitCode}{(timedOut ? ", timed out" : "")}):\n{output}");
        return result;
    }

    private static string Report(Dictionary<(string Case, string Config), List<ChildResult>> results, IReadOnlyList<string> cases,
        IReadOnlyList<Configuration> configurations, int runs, DateTimeOffset started)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"First calls: {runs} fresh processes per case and configuration, interleaved; started {started:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores.");
        text.AppendLine("Ratios per process, then median [min, max] over processes: time of calls 1..20 (forward + backward each) / time of 20 steady calls after tiering settled.");
        text.AppendLine("Wall: what a user times on an idle machine. CPU: process CPU time (all threads), which other processes' load does not inflate. JIT: compilation time during calls 1..20 (System.Runtime.JitInfo, wall).");
        text.AppendLine();
        text.AppendLine("| case | configuration | first 20 / steady, wall | first 20 / steady, CPU | wall, without JIT | calls 2..20 / steady, CPU | call 1 (ms) | JIT in calls 1..20 (ms) | steady call (ms) | steady call, CPU (ms) | warm-up call, CPU (ms) |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var caseName in cases)
        {
            foreach (var configuration in configurations)
            {
                var list = results[(caseName, configuration.Name)];
                double laterCalls(ChildResult r) => r.FirstCpuMs.Skip(1).Sum() / (r.SteadyCpuTotal * (ChildResult.Calls - 1) / ChildResult.Calls);
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {caseName} | {configuration.Name} | {Range(list.Select(r => r.FirstTotal / r.SteadyTotal))} | {Range(list.Select(r => r.FirstCpuTotal / r.SteadyCpuTotal))} | {Median(list.Select(r => (r.FirstTotal - r.JitTotal) / r.SteadyTotal)):F2} | {Median(list.Select(laterCalls)):F2} | {Median(list.Select(r => r.FirstMs[0])):F2} | {Median(list.Select(r => r.JitTotal)):F2} | {Median(list.Select(r => r.SteadyTotal / ChildResult.Calls)):F4} | {Median(list.Select(r => r.SteadyCpuTotal / ChildResult.Calls)):F4} | {WarmupCall(list)} |");
            }
        }
        return text.ToString();
    }

    /// <summary>The untimed start-up call's CPU time (the "warm-up call" configuration), or a dash.</summary>
    private static string WarmupCall(List<ChildResult> list) =>
        list.Any(r => double.IsNaN(r.StartupCpuMs)) ? "–" : FormattableString.Invariant($"{Median(list.Select(r => r.StartupCpuMs)):F2}");

    private static string Range(IEnumerable<double> values)
    {
        var list = values.ToList();
        return FormattableString.Invariant($"{Median(list):F2} [{list.Min():F2}, {list.Max():F2}]");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
