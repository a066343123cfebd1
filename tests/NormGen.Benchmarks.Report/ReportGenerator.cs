using System.Text;

namespace NormGen.Benchmarks.Report;

public sealed record ReportOptions
{
    /// <summary>Folders (all their *-report.csv) and CSV files to read.</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    public required string MarkdownPath { get; init; }

    public required string PngPath { get; init; }

    /// <summary>The benchmark command, for CSVs whose run recorded none (normgen-runs.json missing).</summary>
    public string? Command { get; init; }

    public Thresholds Thresholds { get; init; } = new();

    /// <summary>The report tool's own command line, printed in the header.</summary>
    public string ReportCommand { get; init; } = "dotnet run --project tests/NormGen.Benchmarks.Report -- BenchmarkDotNet.Artifacts/results";
}

public sealed record ReportResult(string MarkdownPath, string PngPath, IReadOnlyList<BenchCase> Cases, IReadOnlyList<TargetResult> Targets, int PlottedPoints)
{
    /// <summary>The MISS checks the Notes give no bound or plan for (issue 14 wants one for each).</summary>
    public IReadOnlyList<(TargetResult Target, CaseCheck Check)> Unexplained { get; init; } = [];
}

/// <summary>Reads the CSV exports, writes docs/benchmarks.md and docs/benchmarks-bandwidth.png.</summary>
public static class ReportGenerator
{
    public static ReportResult Run(ReportOptions options)
    {
        var csvFiles = new List<string>();
        foreach (var input in options.Inputs)
        {
            if (Directory.Exists(input))
                csvFiles.AddRange(Directory.GetFiles(input, "*-report.csv").OrderBy(f => f, StringComparer.Ordinal));
            else if (File.Exists(input))
                csvFiles.Add(input);
            else
                throw new FileNotFoundException($"No such folder or CSV file: {input}", input);
        }
        if (csvFiles.Count == 0)
            throw new InvalidOperationException(
                $"No BenchmarkDotNet CSV export (*-report.csv) in {string.Join(", ", options.Inputs)}. Run the benchmarks first (tests/NormGen.Benchmarks/README.md).");

        var runInfos = new Dictionary<string, Dictionary<string, RunInfo>>(StringComparer.Ordinal);
        var rows = new List<BenchmarkRow>();
        var sources = new List<SourceFile>();
        foreach (var csv in csvFiles)
        {
            string directory = Path.GetDirectoryName(Path.GetFullPath(csv))!;
            if (!runInfos.TryGetValue(directory, out var runs))
                runInfos[directory] = runs = RunInfo.ReadAll(directory);
            var fileRows = BdnCsv.ReadFile(csv);
            rows.AddRange(fileRows);
            string name = Path.GetFileName(csv);
            sources.Add(new SourceFile(name, fileRows.Select(r => r.Class).Distinct().ToList(),
                runs.GetValueOrDefault(name), new DateTimeOffset(File.GetLastWriteTimeUtc(csv), TimeSpan.Zero)));
        }

        var cases = Analysis.Cases(rows);
        var targets = Analysis.Targets(cases, options.Thresholds);

        int points = BandwidthPlot.Write(cases, options.PngPath);

        string markdownDirectory = Path.GetDirectoryName(Path.GetFullPath(options.MarkdownPath))!;
        Directory.CreateDirectory(markdownDirectory);
        string? existing = File.Exists(options.MarkdownPath) ? File.ReadAllText(options.MarkdownPath) : null;
        var report = new ReportInput
        {
            Cases = cases,
            Targets = targets,
            Sources = sources,
            Thresholds = options.Thresholds,
            ProbedMachine = MachineInfo.Probe(),
            CommandOverride = options.Command,
            BdnEnvironment = BdnEnvironment(csvFiles),
            PlotLink = Path.GetRelativePath(markdownDirectory, Path.GetFullPath(options.PngPath)).Replace('\\', '/'),
            ReportCommand = options.ReportCommand,
        };
        File.WriteAllText(options.MarkdownPath, MarkdownReport.Write(report, existing), new UTF8Encoding(false));
        return new ReportResult(options.MarkdownPath, options.PngPath, cases, targets, points)
        {
            Unexplained = MarkdownReport.Unexplained(targets, existing),
        };
    }

    /// <summary>The first code block of BenchmarkDotNet's *-report-github.md beside each CSV (distinct ones, joined).</summary>
    private static string? BdnEnvironment(IEnumerable<string> csvFiles)
    {
        var blocks = new List<string>();
        foreach (var csv in csvFiles)
        {
            string markdown = csv.EndsWith("-report.csv", StringComparison.Ordinal) ? csv[..^".csv".Length] + "-github.md" : "";
            if (!File.Exists(markdown))
                continue;
            var lines = File.ReadAllLines(markdown);
            int open = Array.FindIndex(lines, l => l.StartsWith("```", StringComparison.Ordinal));
            int close = open < 0 ? -1 : Array.FindIndex(lines, open + 1, l => l.StartsWith("```", StringComparison.Ordinal));
            if (close < 0)
                continue;
            string block = string.Join('\n', lines[(open + 1)..close]).Trim('\n', ' ');
            if (block.Length > 0 && !blocks.Contains(block))
                blocks.Add(block);
        }
        return blocks.Count == 0 ? null : string.Join("\n\n", blocks);
    }
}
