using System.Diagnostics;
using NormGen.Tests.Shared;

namespace NormGen.Package.Tests.Infrastructure;

/// <summary>The result of one command: its exit code and everything it printed.</summary>
public sealed record CommandResult(string Command, int ExitCode, string Output, TimeSpan Elapsed)
{
    /// <summary>Fails the test with the command's output unless it exited with 0.</summary>
    public CommandResult EnsureSuccess()
    {
        Assert.True(ExitCode == 0, $"`{Command}` exited with {ExitCode}:\n{Output}");
        return this;
    }
}

/// <summary>Runs the dotnet CLI (or a built program) the way a user would, isolated from this test run.</summary>
public static class DotNet
{
    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.
    /// The MSBuild and VSTest variables `dotnet test` sets for its own children are removed, so the consumer's
    /// build resolves its SDK and packages from scratch, as on a user's machine.
    /// </summary>
    public static CommandResult Run(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var key in start.Environment.Keys.ToArray())
        {
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || key.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase))
                start.Environment.Remove(key);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        // Numbers are printed with the invariant culture whatever the machine's locale.
        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";

        var watch = Stopwatch.StartNew();
        var (exitCode, output, timedOut) = ChildProcess.Run(start, timeout);
        if (timedOut) output += $"[timed out after {timeout}]\n";
        return new CommandResult($"{fileName} {string.Join(' ', arguments)}", exitCode, output, watch.Elapsed);
    }

    /// <summary>A `dotnet` CLI command; build servers off, so nothing outlives the test holding its output open.</summary>
    public static CommandResult Cli(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        Run("dotnet", arguments, workingDirectory, timeout);
}
