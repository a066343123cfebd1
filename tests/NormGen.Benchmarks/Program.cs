using System.Globalization;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;
using NormGen.Benchmarks.Infrastructure;
using NormGen.Benchmarks.Modern;

namespace NormGen.Benchmarks;

/// <summary>
/// dotnet run -c Release --project tests/NormGen.Benchmarks -- --filter '*LayerNormForward*'
/// (any BenchmarkDotNet arguments: --job short, --list flat, --anyCategories ...); --issue14 runs what docs/benchmarks.md needs.
/// Results: BenchmarkDotNet.Artifacts/results/*-report.csv (and -github.md, .html), plus normgen-runs.json (the
/// command, machine and time of each CSV), which tests/NormGen.Benchmarks.Report turns into docs/benchmarks.md.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        // The CSV exporter separates with the current culture's list separator: keep it ',' whatever the locale.
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (args is ["--interleaved", .. var rest])
        {
            Interleaved.Run(rest);
            return;
        }
        if (args is [TorchProbe.Flag, var which])
        {
            TorchProbe.Print(which);
            return;
        }
        var started = DateTimeOffset.UtcNow;
        string aten = "";

        Console.WriteLine($"NormGen benchmarks: Vector256 accelerated={Vector256.IsHardwareAccelerated}, Vector512 accelerated={Vector512.IsHardwareAccelerated}, cores={Environment.ProcessorCount}");

        // BenchmarkDotNet's default build timeout (2 minutes) is too short on a loaded 2-core machine now that the output holds
        // LibTorch and ONNX Runtime.
        IConfig config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(15));
        // PyTorch 1.13 and LibTorch 2.10 cannot share a process (TorchLibraries): this one loads neither, a child each says whether it loads.
        var atenProbe = TorchProbe.Run("aten");
        if (atenProbe.Available)
        {
            Console.WriteLine("ATen baseline: " + atenProbe.Details.FirstOrDefault());
            foreach (var line in atenProbe.Details.Skip(1))
                Console.WriteLine("  " + line);
            aten = atenProbe.Summary;
        }
        else
        {
            Console.WriteLine();
            Console.WriteLine("*** ATen baseline SKIPPED: " + atenProbe.Summary);
            Console.WriteLine("*** The Aten* benchmarks are left out of this run.");
            Console.WriteLine();
            config = config.AddFilter(new SimpleFilter(b => !b.Descriptor.WorkloadMethod.Name.StartsWith("Aten", StringComparison.Ordinal)));
            aten = "skipped: " + atenProbe.Summary;
        }

        // The modern baselines (issue 14): each is left out, with the reason, when its native library does not load.
        var libTorch = TorchProbe.Run("libtorch");
        foreach (var (prefix, available, description) in new[]
        {
            ("LibTorch", libTorch.Available, libTorch.Summary),
            ("Ort", OrtRuntime.IsAvailable, OrtRuntime.Description),
        })
        {
            if (available)
            {
                Console.WriteLine($"{prefix} baseline: {description}");
                aten += $"; {description}";
                continue;
            }
            Console.WriteLine();
            Console.WriteLine($"*** {prefix} baseline SKIPPED: {description}");
            Console.WriteLine($"*** The {prefix}* benchmarks are left out of this run.");
            Console.WriteLine();
            config = config.AddFilter(new SimpleFilter(b => !b.Descriptor.WorkloadMethod.Name.StartsWith(prefix, StringComparison.Ordinal)));
            aten += $"; {prefix} skipped: {description}";
        }

        // tests/NormGen.Benchmarks.Report reads the CSV export; the GitHub markdown one is what results/ quotes.
        // DefaultConfig has both; make sure a change of base config cannot drop them.
        if (!config.GetExporters().Any(e => e is CsvExporter))
            config = config.AddExporter(CsvExporter.Default);
        if (!config.GetExporters().Any(e => e.Name == MarkdownExporter.GitHub.Name))
            config = config.AddExporter(MarkdownExporter.GitHub);

        config = GeneratorComparison.Apply(config);

        string[] switcherArgs = args;
        if (Issue14Preset.IsRequested(args))
        {
            switcherArgs = Issue14Preset.Expand(args);
            config = config.AddFilter(new SimpleFilter(b => Issue14Preset.Includes(b.Descriptor.Type.Name, b.Descriptor.WorkloadMethod.Name)));
            Console.WriteLine($"{Issue14Preset.Flag}: the rows docs/benchmarks.md's targets read (Infrastructure/Issue14Preset.cs), as: {string.Join(' ', switcherArgs)}");
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(switcherArgs, config).ToList();
        string command = RunRecorder.Command(args, RunRecorder.RelevantEnvironment());
        var directories = summaries.Select(s => s.ResultsDirectoryPath).Where(Directory.Exists).Distinct().ToList();
        Record(directories, started, command, aten);

        // --issue14: the cases that missed a noise-margin target, again with more iterations, into the same results folder.
        if (Issue14Preset.IsRequested(args) && Issue14Preset.Rerun(args) is ({ } iterations, var job) && iterations > 0)
        {
            foreach (var directory in directories)
            {
                var rerunStarted = DateTimeOffset.UtcNow;
                var added = Issue14Rerun.Run(directory, started, switcherArgs, config, iterations, job);
                if (added.Count > 0)
                    RunRecorder.Record(directory, added, command, rerunStarted, DateTimeOffset.UtcNow, aten);
            }
        }
    }

    /// <summary>Beside the CSVs this run wrote: the command that reproduces them, the machine, the time.</summary>
    private static void Record(IEnumerable<string> directories, DateTimeOffset started, string command, string aten)
    {
        foreach (var directory in directories)
        {
            var csvs = Directory.GetFiles(directory, "*-report.csv")
                .Where(f => File.GetLastWriteTimeUtc(f) >= started.UtcDateTime.AddSeconds(-2) && !Path.GetFileName(f).StartsWith(Report.Analysis.RerunPrefix, StringComparison.Ordinal))
                .ToList();
            if (csvs.Count > 0)
            {
                RunRecorder.Record(directory, csvs, command, started, DateTimeOffset.UtcNow, aten);
                Console.WriteLine($"// NormGen: recorded the command of {csvs.Count} CSV export(s) in {Path.Combine(directory, RunRecorder.FileName)}");
            }
        }
    }
}
