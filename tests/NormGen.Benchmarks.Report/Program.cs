using System.Globalization;

namespace NormGen.Benchmarks.Report;

/// <summary>
/// dotnet run --project tests/NormGen.Benchmarks.Report -- BenchmarkDotNet.Artifacts/results [options]
/// </summary>
public static class Program
{
    public const string Usage = """
        Usage: dotnet run --project tests/NormGen.Benchmarks.Report -- [RESULTS_DIR_OR_CSV ...] [options]

        Reads BenchmarkDotNet's CSV exports (*-report.csv; default folder BenchmarkDotNet.Artifacts/results) of
        tests/NormGen.Benchmarks and writes docs/benchmarks.md (tables, issue 4's and issue 14's targets, every MISS
        with the bound or plan its "- **[TARGET CLASS CASE]**" bullet in the Notes gives; the Notes section of an
        existing file is kept) and docs/benchmarks-bandwidth.png (GB/s against bytes moved, LayerNorm).

        Options:
          --md PATH            markdown output (default: <repo>/docs/benchmarks.md)
          --png PATH           plot output (default: <repo>/docs/benchmarks-bandwidth.png)
          --command "CMD"      the benchmark command, for runs that did not record it in normgen-runs.json
          --noise-margin F     target 3 passes while Generated / Simd <= 1 + F (default 0.03)
          --large-mb F         target 4 applies to cases moving at least F MB per call (default 4)
          -h, --help           this text
        """;

    public static int Main(string[] args)
    {
        try
        {
            var options = Parse(args);
            if (options is null)
            {
                Console.WriteLine(Usage);
                return 0;
            }
            var result = ReportGenerator.Run(options);
            Console.WriteLine($"{result.Cases.Count} cases from {options.Inputs.Count} input(s).");
            foreach (var t in result.Targets)
                Console.WriteLine($"  target {t.Id,-3} {Format.Verdict(t.Verdict),-8} {t.Passing}/{t.Checks.Count}  {t.Title}");
            foreach (var (target, check) in result.Unexplained)
                Console.WriteLine($"  MISS without a bound or plan in the Notes: target {target.Id} at {check.Case.Class} {check.Case.Label}: {check.Text}"
                    + $" (add \"- **[{target.Id} {check.Case.Class} {check.Case.Label}]** why, and what would close it\" to the Notes)");
            Console.WriteLine($"Wrote {result.MarkdownPath}");
            Console.WriteLine($"Wrote {result.PngPath} ({result.PlottedPoints} points)");
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidOperationException or FormatException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            Console.Error.WriteLine();
            Console.Error.WriteLine(Usage);
            return 2;
        }
    }

    /// <summary>Null for --help.</summary>
    public static ReportOptions? Parse(string[] args)
    {
        var inputs = new List<string>();
        string? md = null, png = null, command = null;
        var thresholds = new Thresholds();
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            double Number() => double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
                ? v : throw new ArgumentException($"{args[i - 1]} needs a number, not '{args[i]}'.");
            switch (args[i])
            {
                case "-h" or "--help": return null;
                case "--md": md = Value(); break;
                case "--png": png = Value(); break;
                case "--command": command = Value(); break;
                case "--noise-margin": thresholds = thresholds with { NoiseMargin = Number() }; break;
                case "--large-mb": thresholds = thresholds with { LargeBytes = Number() * 1e6 }; break;
                case var a when a.StartsWith('-'): throw new ArgumentException($"Unknown option {a}.");
                default: inputs.Add(args[i]); break;
            }
        }

        string root = RepositoryRoot();
        if (inputs.Count == 0)
            inputs.Add(Directory.Exists("BenchmarkDotNet.Artifacts/results") ? "BenchmarkDotNet.Artifacts/results" : Path.Combine(root, "BenchmarkDotNet.Artifacts", "results"));
        return new ReportOptions
        {
            Inputs = inputs,
            MarkdownPath = md ?? Path.Combine(root, "docs", "benchmarks.md"),
            PngPath = png ?? Path.Combine(root, "docs", "benchmarks-bandwidth.png"),
            Command = command,
            Thresholds = thresholds,
            ReportCommand = ("dotnet run --project tests/NormGen.Benchmarks.Report -- " + string.Join(' ', args.Select(Quote))).TrimEnd(),
        };
    }

    /// <summary>The folder holding NormGen.sln, from the current directory up (else the current directory).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NormGen.sln")))
                return dir.FullName;
        return Directory.GetCurrentDirectory();
    }

    /// <summary>Quotes an argument for a POSIX shell when it needs it.</summary>
    public static string Quote(string arg)
        => arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=' or ':' or ',' or '+' or '@')
            ? arg
            : "'" + arg.Replace("'", "'\\''") + "'";
}
