using System.Runtime.CompilerServices;
using DiffPlex.Renderer;
using Xunit.Sdk;

namespace NormGen.Generator.Tests.Infrastructure;

/// <summary>
/// Snapshot assertions with Verify's conventions (Verify itself is not available to this project), so moving to
/// Verify later is a one-line change per test: <c>&lt;TestClass&gt;.&lt;TestMethod&gt;.verified.cs</c> beside the
/// test's source file; on a mismatch <c>.received.cs</c> is written beside it and the test fails with a unified diff.
/// Set NORMGEN_ACCEPT=1 to accept received output; that is refused when CI=true. See README.md.
/// </summary>
internal static class Snapshot
{
    /// <summary>
    /// The test class is taken to be the source file's name, as Verify does by default; pass
    /// <paramref name="name"/> to snapshot several values from one test.
    /// </summary>
    public static void Verify(
        string actual,
        string extension = "cs",
        string? name = null,
        [CallerFilePath] string sourceFile = "",
        [CallerMemberName] string testMethod = "")
    {
        var file = SnapshotFile.For(SourcePaths.Resolve(sourceFile), testMethod, name, extension);
        Check(file, actual, SnapshotSettings.FromEnvironment());
    }

    /// <summary>Compares, writes received/verified files and throws <see cref="SnapshotMismatchException"/> on a mismatch.</summary>
    public static void Check(SnapshotFile file, string actual, SnapshotSettings settings)
    {
        actual = NormalizeLineEndings(actual);
        string? verified = File.Exists(file.VerifiedPath) ? NormalizeLineEndings(File.ReadAllText(file.VerifiedPath)) : null;

        if (verified == actual)
        {
            // A .received file from an earlier failure would otherwise linger and be mistaken for a current one.
            File.Delete(file.ReceivedPath);
            return;
        }

        if (settings.Accept && !settings.IsCi)
        {
            File.WriteAllText(file.VerifiedPath, actual);
            File.Delete(file.ReceivedPath);
            return;
        }

        File.WriteAllText(file.ReceivedPath, actual);
        throw new SnapshotMismatchException(Describe(file, verified, actual, settings));
    }

    public static string NormalizeLineEndings(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');

    private static string Describe(SnapshotFile file, string? verified, string actual, SnapshotSettings settings)
    {
        var message = new System.Text.StringBuilder();
        message.AppendLine(verified is null
            ? $"No verified snapshot {Path.GetFileName(file.VerifiedPath)} yet."
            : $"Snapshot {Path.GetFileName(file.VerifiedPath)} does not match.");
        message.AppendLine($"Received: {file.ReceivedPath}");
        message.AppendLine(settings.IsCi
            ? "CI=true: snapshots are never accepted automatically; accept locally and commit the .verified file."
            : "To accept: review the diff, then rerun with NORMGEN_ACCEPT=1 (or rename .received to .verified).");
        if (settings.Accept && settings.IsCi) message.AppendLine("NORMGEN_ACCEPT=1 was ignored because CI=true.");
        message.AppendLine();
        message.Append(new UnidiffRenderer(contextLines: 3).Generate(
            verified ?? "", actual, Path.GetFileName(file.VerifiedPath), Path.GetFileName(file.ReceivedPath),
            ignoreWhitespace: false, ignoreCase: false));
        return message.ToString();
    }
}

/// <summary>Where one snapshot lives.</summary>
internal sealed record SnapshotFile(string VerifiedPath, string ReceivedPath)
{
    public static SnapshotFile For(string sourceFile, string testMethod, string? name, string extension)
    {
        string directory = Path.GetDirectoryName(sourceFile) ?? ".";
        string testClass = Path.GetFileNameWithoutExtension(sourceFile);
        string stem = Path.Combine(directory, name is null ? $"{testClass}.{testMethod}" : $"{testClass}.{testMethod}_{name}");
        return new SnapshotFile($"{stem}.verified.{extension}", $"{stem}.received.{extension}");
    }
}

/// <summary>The two switches of the snapshot workflow, read from the environment by tests and set directly by the helper's own tests.</summary>
internal sealed record SnapshotSettings(bool Accept, bool IsCi)
{
    public static SnapshotSettings FromEnvironment() => new(
        Accept: IsSet(Environment.GetEnvironmentVariable("NORMGEN_ACCEPT")),
        IsCi: string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase));

    private static bool IsSet(string? value) =>
        value is not null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));
}

public sealed class SnapshotMismatchException(string message) : XunitException(message);
