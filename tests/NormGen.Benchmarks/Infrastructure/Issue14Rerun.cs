using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;
using NormGen.Benchmarks.Report;

namespace NormGen.Benchmarks.Infrastructure;

/// <summary>
/// The second half of <c>--issue14</c>: the cases that missed a target whose threshold sits inside a short run's noise
/// (3: Generated ÷ Simd, 8: default threads ÷ one thread, both ≤ 1.03; <see cref="Analysis.NoiseTargets"/>), evaluated from
/// the CSVs the main run just wrote exactly as the report evaluates them, measured again with more iterations: only the two
/// rows each ratio reads, the main run's job with <c>--iterationCount</c> (default 15: BenchmarkDotNet's 99.9% error shrinks
/// about 17-fold from 3 iterations). The re-run's CSVs go into the main run's results folder as <c>rerun.*-report.csv</c>
/// (<see cref="Analysis.RerunPrefix"/>), where the report attaches them to their cases.
/// </summary>
public static class Issue14Rerun
{
    public const string IterationsFlag = "--rerun-iterations";
    public const string JobFlag = "--rerun-job";
    public const int DefaultIterations = 15;

    /// <summary>Runs the re-run for the results folder of the main run; returns the CSVs it added there.</summary>
    public static IReadOnlyList<string> Run(string resultsDirectory, DateTimeOffset mainStarted, string[] mainArguments, IConfig config, int iterations, string? job)
    {
        // An earlier run's re-run in this folder would be read as this run's.
        foreach (var stale in Directory.GetFiles(resultsDirectory, Analysis.RerunPrefix + "*").Where(f => File.GetLastWriteTimeUtc(f) < mainStarted.UtcDateTime))
            File.Delete(stale);
        var csvs = Directory.GetFiles(resultsDirectory, "*-report.csv")
            .Where(f => !Path.GetFileName(f).StartsWith(Analysis.RerunPrefix, StringComparison.Ordinal)
                && File.GetLastWriteTimeUtc(f) >= mainStarted.UtcDateTime.AddSeconds(-2))
            .ToList();
        var misses = Analysis.NoiseMisses(Analysis.Cases(csvs.SelectMany(BdnCsv.ReadFile)), new Thresholds());
        if (misses.Count == 0)
        {
            Console.WriteLine("// NormGen --issue14: no case missed target 3 or 8; nothing to re-run.");
            return [];
        }
        Console.WriteLine($"// NormGen --issue14: re-running {misses.Sum(m => m.Methods.Count)} benchmarks of the {misses.Count} cases that missed target 3 or 8, {iterations} iterations:");
        foreach (var (c, methods) in misses)
            Console.WriteLine($"//   {c.Class} {c.Label}: {string.Join(", ", methods)}");

        string rerunArtifacts = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(resultsDirectory))!, "rerun");
        var filtered = config.AddFilter(new SimpleFilter(b => misses.Any(m => Selects(m.Case, m.Methods, b))));
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Issue14Rerun).Assembly).Run(Arguments(mainArguments, iterations, job, rerunArtifacts), filtered).ToList();

        var added = new List<string>();
        foreach (var directory in summaries.Select(s => s.ResultsDirectoryPath).Where(Directory.Exists).Distinct())
        {
            foreach (var file in Directory.GetFiles(directory, "*-report.csv").Concat(Directory.GetFiles(directory, "*-report-github.md")))
            {
                string target = Path.Combine(resultsDirectory, Analysis.RerunPrefix + Path.GetFileName(file));
                File.Move(file, target, overwrite: true);
                if (target.EndsWith(".csv", StringComparison.Ordinal))
                    added.Add(target);
            }
        }
        return added;
    }

    /// <summary>The main run's BenchmarkDotNet arguments with the re-run's job, iteration count and artifacts folder.</summary>
    public static string[] Arguments(string[] mainArguments, int iterations, string? job, string artifacts)
    {
        var result = new List<string>();
        string mainJob = "short";
        for (int i = 0; i < mainArguments.Length; i++)
        {
            string a = mainArguments[i];
            if (a is "--job" or "-j" or "--artifacts" or "-a" or "--iterationCount" && i + 1 < mainArguments.Length)
            {
                if (a is "--job" or "-j")
                    mainJob = mainArguments[i + 1];
                i++;
                continue;
            }
            result.Add(a);
        }
        result.AddRange(["--job", job ?? mainJob, "--iterationCount", iterations.ToString(System.Globalization.CultureInfo.InvariantCulture), "--artifacts", artifacts]);
        return [.. result];
    }

    /// <summary>Whether <paramref name="benchmark"/> is one of <paramref name="methods"/> of <paramref name="c"/>'s class at its parameters.</summary>
    public static bool Selects(BenchCase c, IReadOnlyList<string> methods, BenchmarkCase benchmark)
        => benchmark.Descriptor.Type.Name == c.Class
        && methods.Contains(benchmark.Descriptor.WorkloadMethod.Name)
        && c.Rows[0].Parameters.All(p => benchmark.Parameters.Items.FirstOrDefault(i => i.Name == p.Key)?.Value?.ToString() == p.Value);
}
