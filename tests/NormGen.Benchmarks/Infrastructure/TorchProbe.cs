using System.Diagnostics;
using NormGen.Benchmarks.Aten;
using NormGen.Benchmarks.Modern;

namespace NormGen.Benchmarks.Infrastructure;

/// <summary>
/// Whether the ATen shim and LibTorch load, asked of a child process each (<c>--probe aten</c>, <c>--probe libtorch</c>):
/// the two cannot share a process (<see cref="TorchLibraries"/>), and the host process, which filters the benchmarks and
/// prints the banner, runs none of them. The child prints "OK" or "SKIPPED" on its first line, then the description.
/// </summary>
public static class TorchProbe
{
    public const string Flag = "--probe";

    public sealed record Result(bool Available, string Summary, IReadOnlyList<string> Details);

    /// <summary>In the child: loads <paramref name="which"/> and prints what it found.</summary>
    public static int Print(string which)
    {
        var result = which switch
        {
            "aten" => ProbeAten(),
            "libtorch" => new Result(LibTorchRuntime.IsAvailable, LibTorchRuntime.Description, []),
            _ => throw new ArgumentException($"{Flag} takes aten or libtorch, not '{which}'."),
        };
        Console.WriteLine((result.Available ? "OK " : "SKIPPED ") + result.Summary);
        foreach (var line in result.Details)
            Console.WriteLine(line);
        return 0;
    }

    /// <summary>In the host: runs this program with <c>--probe <paramref name="which"/></c> and reads its answer.</summary>
    public static Result Run(string which)
    {
        string self = typeof(TorchProbe).Assembly.Location;
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            start.ArgumentList.Add(self);
        start.ArgumentList.Add(Flag);
        start.ArgumentList.Add(which);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var lines = process.StandardOutput.ReadToEnd().Replace("\r\n", "\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            return new Result(false, $"the {which} probe ({self} {Flag} {which}) did not finish in 5 minutes", []);
        }
        int first = lines.FindIndex(l => l.StartsWith("OK ", StringComparison.Ordinal) || l.StartsWith("SKIPPED ", StringComparison.Ordinal));
        if (first < 0)
            return new Result(false, $"the {which} probe exited with code {process.ExitCode} without an answer: {error.Result.Trim()}", []);
        bool ok = lines[first].StartsWith("OK ", StringComparison.Ordinal);
        return new Result(ok, lines[first][(ok ? 3 : 8)..], lines[(first + 1)..]);
    }

    private static Result ProbeAten()
    {
        if (!AtenShim.IsAvailable)
            return new Result(false, AtenShim.UnavailableReason!, []);
        var interesting = AtenShim.Configuration.Split('\n').Where(l => l.Contains("CPU capability", StringComparison.OrdinalIgnoreCase)
            || l.Contains("at::get_num_threads", StringComparison.Ordinal)
            || l.Contains("parallel backend", StringComparison.OrdinalIgnoreCase)
            || l.StartsWith("PyTorch built with", StringComparison.Ordinal)
            || l.Contains("PyTorch Version", StringComparison.Ordinal)
            || l.Contains("Torch version", StringComparison.OrdinalIgnoreCase)).Select(l => l.Trim()).ToList();
        string summary = string.Join("; ", interesting.Select(l => l.TrimStart('-', ' ')).Where(l => l.Length > 0 && !l.StartsWith("PyTorch built with", StringComparison.Ordinal)))
            + $" (shim {AtenShim.LoadedFrom})";
        return new Result(true, summary, [$"{AtenShim.LoadedFrom}, intra-op threads {AtenShim.Threads}", .. interesting]);
    }
}
