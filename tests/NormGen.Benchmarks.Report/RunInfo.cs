using System.Runtime.InteropServices;
using System.Text.Json;

namespace NormGen.Benchmarks.Report;

/// <summary>The machine a run was measured on.</summary>
public sealed record MachineInfo(string Cpu, int LogicalCores, bool Vector512, bool Vector256, bool Vector128, string Runtime, string Os)
{
    /// <summary>This machine, now (the fallback when the run recorded nothing).</summary>
    public static MachineInfo Probe() => new(
        CpuModel(),
        Environment.ProcessorCount,
        System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated,
        System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated,
        System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated,
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSDescription);

    /// <summary>The "model name" of /proc/cpuinfo (else the processor architecture).</summary>
    public static string CpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
                foreach (var line in File.ReadLines("/proc/cpuinfo"))
                    if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':') is > 0 and var colon)
                        return line[(colon + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    public string VectorSummary
        => $"Vector512 {(Vector512 ? "accelerated" : "not accelerated")}, Vector256 {(Vector256 ? "accelerated" : "not accelerated")}";
}

/// <summary>
/// What tests/NormGen.Benchmarks records next to its CSV exports (<c>normgen-runs.json</c> in the results folder,
/// written by its Program after the run): the command, the environment variables that change the code the JIT
/// emits, the machine, and when. Keyed by the CSV file it describes.
/// </summary>
public sealed record RunInfo
{
    public const string FileName = "normgen-runs.json";

    /// <summary>The command that reproduces the run, as one would type it from the repository root.</summary>
    public string Command { get; init; } = "";

    public DateTimeOffset? Started { get; init; }

    public DateTimeOffset? Finished { get; init; }

    public MachineInfo? Machine { get; init; }

    /// <summary>PyTorch / ATen as the run saw it ("PyTorch 1.13.1, CPU capability usage: AVX2", or why it was skipped).</summary>
    public string Aten { get; init; } = "";

    /// <summary>The CSV files (names) of this run, and what they hold.</summary>
    public static Dictionary<string, RunInfo> ReadAll(string resultsDirectory)
    {
        var result = new Dictionary<string, RunInfo>(StringComparer.Ordinal);
        string path = Path.Combine(resultsDirectory, FileName);
        if (!File.Exists(path))
            return result;
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        if (!document.RootElement.TryGetProperty("runs", out var runs) || runs.ValueKind != JsonValueKind.Object)
            return result;
        foreach (var run in runs.EnumerateObject())
            result[run.Name] = Parse(run.Value);
        return result;
    }

    private static RunInfo Parse(JsonElement e)
    {
        string Str(JsonElement o, string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
        bool Bool(JsonElement o, string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
        DateTimeOffset? Date(string name) => DateTimeOffset.TryParse(Str(e, name), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var d) ? d : null;

        MachineInfo? machine = null;
        if (e.TryGetProperty("machine", out var m) && m.ValueKind == JsonValueKind.Object)
            machine = new MachineInfo(Str(m, "cpu"),
                m.TryGetProperty("logicalCores", out var c) && c.TryGetInt32(out int cores) ? cores : 0,
                Bool(m, "vector512"), Bool(m, "vector256"), Bool(m, "vector128"), Str(m, "runtime"), Str(m, "os"));
        return new RunInfo { Command = Str(e, "command"), Started = Date("started"), Finished = Date("finished"), Machine = machine, Aten = Str(e, "aten") };
    }
}
