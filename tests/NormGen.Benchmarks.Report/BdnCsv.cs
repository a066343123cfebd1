using System.Globalization;
using System.Text;

namespace NormGen.Benchmarks.Report;

/// <summary>One benchmark case (one row of a BenchmarkDotNet <c>*-report.csv</c>), with the units resolved.</summary>
public sealed record BenchmarkRow
{
    /// <summary>The benchmark class, without namespace ("LayerNormForward").</summary>
    public required string Class { get; init; }

    public required string Method { get; init; }

    public string Job { get; init; } = "";

    /// <summary>The [Params] values in column order (name, value), e.g. ("Shape", "4096x1024"), ("Layout", "Nhwc").</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; }

    public double? MeanNs { get; init; }

    /// <summary>BenchmarkDotNet's "Error": half of the 99.9% confidence interval of the mean.</summary>
    public double? ErrorNs { get; init; }

    public double? StdDevNs { get; init; }

    /// <summary>The "Moved" column: bytes one call must move at the least.</summary>
    public double? MovedBytes { get; init; }

    /// <summary>The "GB/s" column as BenchmarkDotNet printed it (used only when Moved is missing).</summary>
    public double? PrintedGBps { get; init; }

    /// <summary>Managed bytes allocated per call (MemoryDiagnoser's "Allocated").</summary>
    public double? AllocatedBytes { get; init; }

    /// <summary>The CSV this row came from (file name only).</summary>
    public string Source { get; init; } = "";

    /// <summary>"4096x1024" or "32x64x32x32, Nhwc": the parameter values, as one case label.</summary>
    public string CaseLabel => string.Join(", ", Parameters.Select(p => p.Value));

    /// <summary>The first parameter named Shape (else the first parameter): what the plot labels a point with.</summary>
    public string Shape => Parameters.FirstOrDefault(p => p.Key == "Shape").Value ?? Parameters.FirstOrDefault().Value ?? "";

    /// <summary>Rows with the same class, parameters and job are one case, compared with each other.</summary>
    public string CaseKey => Class + "|" + CaseLabel + "|" + Job;

    /// <summary>Bytes moved / mean (1 GB = 1e9 B), or the printed GB/s.</summary>
    public double? GBps => MovedBytes is > 0 && MeanNs is > 0 ? MovedBytes.Value / MeanNs.Value : PrintedGBps;
}

/// <summary>
/// Reads the CSV that BenchmarkDotNet's CsvExporter writes (0.15.x): a header row of column names, units in the
/// header ("Mean [us]", "Allocated [B]") and not in the cells, cells quoted when they hold the separator
/// ("1,719.123"), the separator being the exporting culture's list separator (',' or ';'). The job
/// characteristics (Job, Runtime, WarmupCount, ...) sit between Method and the [Params] columns; the
/// parameter columns are the ones between the last job characteristic and "Mean".
/// </summary>
public static class BdnCsv
{
    /// <summary>Columns of BenchmarkDotNet's summary that are not [Params] (job characteristics and the like).</summary>
    private static readonly HashSet<string> NotParameters = new(StringComparer.Ordinal)
    {
        "Type", "Namespace", "Method", "Job", "Categories", "Id", "Toolchain", "Runtime", "Jit", "Platform",
        "AnalyzeLaunchVariance", "EvaluateOverhead", "MaxAbsoluteError", "MaxRelativeError", "MinInvokeCount",
        "MinIterationTime", "OutlierMode", "Affinity", "EnvironmentVariables", "LargeAddressAware", "PowerPlanMode",
        "AllowVeryLargeObjects", "Concurrent", "CpuGroups", "Force", "HeapAffinitizeMask", "HeapCount", "NoAffinitize",
        "RetainVm", "Server", "Arguments", "BuildConfiguration", "Clock", "EngineFactory", "NuGetReferences",
        "IsMutator", "InvocationCount", "IterationCount", "IterationTime", "LaunchCount", "MaxIterationCount",
        "MaxWarmupIterationCount", "MemoryRandomization", "MinIterationCount", "MinWarmupIterationCount",
        "RunStrategy", "UnrollFactor", "WarmupCount", "Baseline", "Description", "Hardware Intrinsics",
        "HardwareIntrinsics", "Gc", "Infrastructure", "Accuracy", "Run", "Environment",
    };

    public static IReadOnlyList<BenchmarkRow> ReadFile(string path)
        => Read(File.ReadAllText(path), Path.GetFileName(path));

    /// <summary>Parses one CSV export. <paramref name="source"/> is its file name: the class when no "Type" column.</summary>
    public static IReadOnlyList<BenchmarkRow> Read(string text, string source)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').Where(l => l.Length > 0).ToList();
        if (lines.Count == 0)
            return [];
        char separator = DetectSeparator(lines[0]);
        var header = SplitLine(lines[0], separator);
        var (names, units) = (header.Select(h => StripUnit(h).Name).ToArray(), header.Select(h => StripUnit(h).Unit).ToArray());

        int Index(string name) => Array.IndexOf(names, name);
        int method = Index("Method"), mean = Index("Mean");
        if (method < 0 || mean < 0)
            throw new FormatException($"{source}: not a BenchmarkDotNet report CSV (no Method or Mean column in the header).");

        int lastNonParameter = -1;
        for (int i = 0; i < mean; i++)
            if (NotParameters.Contains(names[i]))
                lastNonParameter = i;
        var parameterColumns = Enumerable.Range(lastNonParameter + 1, mean - lastNonParameter - 1).ToArray();

        string classFromFile = ClassFromFileName(source);
        var rows = new List<BenchmarkRow>();
        foreach (var line in lines.Skip(1))
        {
            var cells = SplitLine(line, separator);
            string Cell(int i) => i >= 0 && i < cells.Count ? cells[i].Trim() : "";
            string Named(string name) => Cell(Index(name));
            string Unit(string name) => Index(name) is >= 0 and var i ? units[i] : "";

            string type = Named("Type");
            rows.Add(new BenchmarkRow
            {
                Class = type.Length > 0 ? LastSegment(type) : classFromFile,
                Method = Cell(method),
                Job = Named("Job"),
                Parameters = parameterColumns.Select(i => new KeyValuePair<string, string>(names[i], Cell(i))).ToArray(),
                MeanNs = ParseTime(Cell(mean), units[mean]),
                ErrorNs = ParseTime(Named("Error"), Unit("Error")),
                StdDevNs = ParseTime(Named("StdDev"), Unit("StdDev")),
                MovedBytes = ParseSize(Named("Moved"), Unit("Moved"), decimalUnits: true),
                PrintedGBps = ParseNumber(Named("GB/s")),
                AllocatedBytes = ParseSize(Named("Allocated"), Unit("Allocated"), decimalUnits: false),
                Source = source,
            });
        }
        return rows;
    }

    /// <summary>"NormGen.Benchmarks.Benchmarks.LayerNormForward-report.csv" -> "LayerNormForward".</summary>
    public static string ClassFromFileName(string fileName)
    {
        string name = Path.GetFileName(fileName);
        int report = name.IndexOf("-report", StringComparison.Ordinal);
        if (report > 0)
            name = name[..report];
        else if (name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            name = name[..^4];
        return LastSegment(name);
    }

    private static string LastSegment(string typeName)
    {
        int generic = typeName.IndexOf('<');
        string head = generic >= 0 ? typeName[..generic] : typeName;
        int dot = head.LastIndexOf('.');
        return dot >= 0 ? typeName[(dot + 1)..] : typeName;
    }

    private static char DetectSeparator(string header)
    {
        // The header starts with the first column's name, then the separator ("Method,Job,..." or "Type;Method;...").
        foreach (var first in new[] { "Method", "Type", "Namespace" })
            if (header.StartsWith(first, StringComparison.Ordinal) && header.Length > first.Length)
                return header[first.Length];
        return new[] { ',', ';', '\t' }.OrderByDescending(c => header.Count(h => h == c)).First();
    }

    /// <summary>Splits one CSV line: fields quoted with '"' when they hold the separator, '""' for a quote.</summary>
    public static List<string> SplitLine(string line, char separator)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == separator) { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return cells;
    }

    /// <summary>"Mean [us]" -> ("Mean", "us"); "GB/s" -> ("GB/s", "").</summary>
    private static (string Name, string Unit) StripUnit(string header)
    {
        header = header.Trim();
        if (header.EndsWith(']') && header.LastIndexOf(" [", StringComparison.Ordinal) is > 0 and var open)
            return (header[..open], header[(open + 2)..^1].Trim());
        return (header, "");
    }

    /// <summary>A number as BenchmarkDotNet prints it (invariant, ',' grouping), possibly followed by a unit.</summary>
    private static (double Value, string Unit)? SplitNumber(string cell)
    {
        cell = cell.Trim().Replace("\u00a0", " ");
        if (cell.Length == 0 || cell is "NA" or "?" or "-" or "N/A")
            return null;
        int end = 0;
        while (end < cell.Length && (char.IsDigit(cell[end]) || cell[end] is '.' or ',' or '-' or '+' or 'E' or 'e'))
            end++;
        // A unit may follow without a space ("12 %", "1.2 ms", "33.595 MB"); 'e'/'E' of a unit is not an exponent.
        while (end > 0 && cell[end - 1] is 'E' or 'e')
            end--;
        if (!double.TryParse(cell[..end], NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out double value))
            return null;
        return (value, cell[end..].Trim());
    }

    public static double? ParseNumber(string cell) => SplitNumber(cell)?.Value;

    /// <summary>A time cell in nanoseconds; the unit comes from the cell or else the header.</summary>
    public static double? ParseTime(string cell, string headerUnit)
    {
        var number = SplitNumber(cell);
        if (number is null)
            return null;
        string unit = number.Value.Unit.Length > 0 ? number.Value.Unit : headerUnit;
        double scale = unit switch
        {
            "" or "ns" => 1,
            "us" or "\u03bcs" or "\u00b5s" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "ps" => 1e-3,
            _ => throw new FormatException($"Unknown time unit '{unit}' in '{cell}'."),
        };
        return number.Value.Value * scale;
    }

    /// <summary>
    /// A size cell in bytes. BenchmarkDotNet's Allocated uses binary units (1 KB = 1024 B); NormGen's Moved column
    /// prints decimal MB (1e6 B).
    /// </summary>
    public static double? ParseSize(string cell, string headerUnit, bool decimalUnits)
    {
        if (cell.Trim() == "-" && !decimalUnits)
            return 0; // BenchmarkDotNet prints a zero allocation as "-" unless zero values are kept
        var number = SplitNumber(cell);
        if (number is null)
            return null;
        string unit = (number.Value.Unit.Length > 0 ? number.Value.Unit : headerUnit).ToUpperInvariant();
        double k = decimalUnits ? 1e3 : 1024;
        double scale = unit switch
        {
            "" or "B" => 1,
            "KB" => k,
            "MB" => k * k,
            "GB" => k * k * k,
            _ => throw new FormatException($"Unknown size unit '{unit}' in '{cell}'."),
        };
        return number.Value.Value * scale;
    }
}
