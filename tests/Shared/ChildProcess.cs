using System.Diagnostics;
using System.Text;

namespace NormGen.Tests.Shared;

/// <summary>
/// Runs a child process to its end or a time-out, with standard output and error interleaved as they arrive:
/// the packaging test's consumer builds and the vector-width reruns of the kernel tests both read it this way.
/// </summary>
internal static class ChildProcess
{
    /// <summary>Starts <paramref name="start"/> (its output redirected here) and waits at most <paramref name="timeout"/>; a child still running then is killed with its tree.</summary>
    public static (int ExitCode, string Output, bool TimedOut) Run(ProcessStartInfo start, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        bool timedOut = !process.WaitForExit(timeout);
        if (timedOut) process.Kill(entireProcessTree: true);
        process.WaitForExit(); // drains the redirected streams
        lock (output) return (timedOut ? -1 : process.ExitCode, output.ToString(), timedOut);
    }
}
