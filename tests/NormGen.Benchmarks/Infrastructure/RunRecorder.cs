using System.Collections;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NormGen.Benchmarks.Infrastructure;

/// <summary>
/// Records, next to BenchmarkDotNet's CSV exports, what the CSVs do not say: the command that produced them (with the
/// environment variables that change the code the JIT emits), the machine and the time. One file per results folder,
/// <c>normgen-runs.json</c>, keyed by CSV file name; a later run replaces the entries of the CSVs it rewrote.
/// tests/NormGen.Benchmarks.Report reads it for the header of docs/benchmarks.md.
/// </summary>
public static class RunRecorder
{
    public const string FileName = "normgen-runs.json";

    /// <summary>Environment variables that change what is measured, printed in the reproducing command.</summary>
    public static IEnumerable<KeyValuePair<string, string>> RelevantEnvironment()
    {
        var all = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Select(e => new KeyValuePair<string, string>((string)e.Key, (string?)e.Value ?? ""));
        string[] skip = ["ROOT", "CLI", "HOST", "NOLOGO", "SKIP", "TELEMETRY", "MSBUILD", "INSTALL", "CERTIFICATE", "CONTAINER",
            "WATCH", "LAUNCH", "GLOBALIZATION", "TOOLS", "MULTILEVEL", "NUGET", "BUNDLE", "UPGRADE", "WORKLOAD", "VERSION"];
        return all
            .Where(e => e.Key.StartsWith("NORMGEN_", StringComparison.Ordinal)
                || ((e.Key.StartsWith("DOTNET_", StringComparison.Ordinal) || e.Key.StartsWith("COMPlus_", StringComparison.Ordinal))
                    && !skip.Any(s => e.Key.Contains(s, StringComparison.OrdinalIgnoreCase))))
            .OrderBy(e => e.Key, StringComparer.Ordinal);
    }

    /// <summary>The command, as typed from the repository root, that reproduces a run with <paramref name="args"/>.</summary>
    public static string Command(IEnumerable<string> args, IEnumerable<KeyValuePair<string, string>> environment)
    {
        string configuration = typeof(RunRecorder).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var parts = environment.Select(e => e.Key + "=" + Quote(e.Value)).ToList();
        parts.Add($"dotnet run -c {configuration} --project tests/NormGen.Benchmarks --");
        parts.AddRange(args.Select(Quote));
        return string.Join(' ', parts);
    }

    public static string Quote(string arg)
        => arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=' or ':' or ',' or '+' or '@')
            ? arg
            : "'" + arg.Replace("'", "'\\''") + "'";

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

    /// <summary>
    /// Adds (or replaces) the entries of <paramref name="csvFiles"/> in <c>normgen-runs.json</c> of
    /// <paramref name="resultsDirectory"/>.
    /// </summary>
    public static void Record(string resultsDirectory, IEnumerable<string> csvFiles, string command, DateTimeOffset started, DateTimeOffset finished, string aten)
    {
        string path = Path.Combine(resultsDirectory, FileName);
        JsonObject root;
        try
        {
            root = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? new JsonObject() : new JsonObject();
        }
        catch (JsonException)
        {
            root = new JsonObject();
        }
        if (root["runs"] is not JsonObject runs)
            root["runs"] = runs = new JsonObject();

        foreach (var csv in csvFiles)
        {
            runs[Path.GetFileName(csv)] = new JsonObject
            {
                ["command"] = command,
                ["started"] = started.ToUniversalTime().ToString("o"),
                ["finished"] = finished.ToUniversalTime().ToString("o"),
                ["machine"] = new JsonObject
                {
                    ["cpu"] = CpuModel(),
                    ["logicalCores"] = Environment.ProcessorCount,
                    ["vector512"] = Vector512.IsHardwareAccelerated,
                    ["vector256"] = Vector256.IsHardwareAccelerated,
                    ["vector128"] = Vector128.IsHardwareAccelerated,
                    ["runtime"] = RuntimeInformation.FrameworkDescription,
                    ["os"] = RuntimeInformation.OSDescription,
                },
                ["aten"] = aten,
            };
        }
        Directory.CreateDirectory(resultsDirectory);
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
    }
}
