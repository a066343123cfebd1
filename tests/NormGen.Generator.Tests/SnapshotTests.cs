using NormGen.Generator.Tests.Infrastructure;

namespace NormGen.Generator.Tests;

/// <summary>The snapshot helper itself, in a temporary directory, with the environment switches passed explicitly.</summary>
public sealed class SnapshotTests : IDisposable
{
    private static readonly SnapshotSettings Local = new(Accept: false, IsCi: false);
    private static readonly SnapshotSettings Accepting = new(Accept: true, IsCi: false);

    private readonly string _directory = Directory.CreateTempSubdirectory("normgen-snapshot-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private SnapshotFile File => SnapshotFile.For(Path.Combine(_directory, "SomeTests.cs"), "Method", null, "cs");

    [Fact]
    public void Names_follow_Verify_conventions_beside_the_test_source()
    {
        var file = SnapshotFile.For("/repo/tests/LayerNormTests.cs", "Emits_kernels", null, "cs");
        Assert.Equal("/repo/tests/LayerNormTests.Emits_kernels.verified.cs", file.VerifiedPath);
        Assert.Equal("/repo/tests/LayerNormTests.Emits_kernels.received.cs", file.ReceivedPath);

        var named = SnapshotFile.For("/repo/tests/LayerNormTests.cs", "Emits_kernels", "float", "txt");
        Assert.Equal("/repo/tests/LayerNormTests.Emits_kernels_float.verified.txt", named.VerifiedPath);
    }

    [Fact]
    public void Missing_snapshot_fails_and_writes_received()
    {
        var error = Assert.Throws<SnapshotMismatchException>(() => Snapshot.Check(File, "class C { }\n", Local));

        Assert.Equal("class C { }\n", System.IO.File.ReadAllText(File.ReceivedPath));
        Assert.False(System.IO.File.Exists(File.VerifiedPath));
        Assert.Contains("No verified snapshot SomeTests.Method.verified.cs yet.", error.Message);
        Assert.Contains(File.ReceivedPath, error.Message);
        Assert.Contains("NORMGEN_ACCEPT=1", error.Message);
        Assert.Contains("+class C { }", error.Message);
    }

    [Fact]
    public void Mismatch_fails_with_a_unified_diff_and_keeps_the_verified_file()
    {
        System.IO.File.WriteAllText(File.VerifiedPath, "line 1\nline 2\nline 3\n");

        var error = Assert.Throws<SnapshotMismatchException>(() => Snapshot.Check(File, "line 1\nline two\nline 3\n", Local));

        Assert.Contains("--- SomeTests.Method.verified.cs", error.Message);
        Assert.Contains("+++ SomeTests.Method.received.cs", error.Message);
        Assert.Contains("@@ ", error.Message);
        Assert.Contains("\n-line 2", Snapshot.NormalizeLineEndings(error.Message));
        Assert.Contains("\n+line two", Snapshot.NormalizeLineEndings(error.Message));
        Assert.Contains("\n line 1", Snapshot.NormalizeLineEndings(error.Message));
        Assert.Equal("line 1\nline 2\nline 3\n", System.IO.File.ReadAllText(File.VerifiedPath));
        Assert.Equal("line 1\nline two\nline 3\n", System.IO.File.ReadAllText(File.ReceivedPath));
    }

    [Fact]
    public void Match_passes_and_deletes_a_stale_received_file()
    {
        System.IO.File.WriteAllText(File.VerifiedPath, "same\n");
        System.IO.File.WriteAllText(File.ReceivedPath, "stale\n");

        Snapshot.Check(File, "same\n", Local);

        Assert.False(System.IO.File.Exists(File.ReceivedPath));
    }

    [Fact]
    public void Line_endings_are_normalized()
    {
        System.IO.File.WriteAllText(File.VerifiedPath, "a\r\nb\r\n");
        Snapshot.Check(File, "a\nb\n", Local);
        Snapshot.Check(File, "a\rb\r", Local);
    }

    [Fact]
    public void Trailing_whitespace_and_newlines_still_count()
    {
        System.IO.File.WriteAllText(File.VerifiedPath, "a\n");
        Assert.Throws<SnapshotMismatchException>(() => Snapshot.Check(File, "a", Local));
        Assert.Throws<SnapshotMismatchException>(() => Snapshot.Check(File, "a \n", Local));
    }

    [Fact]
    public void Accept_writes_verified_and_removes_received()
    {
        System.IO.File.WriteAllText(File.VerifiedPath, "old\n");
        System.IO.File.WriteAllText(File.ReceivedPath, "old received\n");

        Snapshot.Check(File, "new\r\n", Accepting);

        Assert.Equal("new\n", System.IO.File.ReadAllText(File.VerifiedPath));
        Assert.False(System.IO.File.Exists(File.ReceivedPath));
        Snapshot.Check(File, "new\n", Local);
    }

    [Fact]
    public void Accept_is_refused_on_CI()
    {
        System.IO.File.WriteAllText(File.VerifiedPath, "old\n");

        var error = Assert.Throws<SnapshotMismatchException>(() => Snapshot.Check(File, "new\n", new SnapshotSettings(Accept: true, IsCi: true)));

        Assert.Equal("old\n", System.IO.File.ReadAllText(File.VerifiedPath));
        Assert.Equal("new\n", System.IO.File.ReadAllText(File.ReceivedPath));
        Assert.Contains("CI=true", error.Message);
        Assert.Contains("NORMGEN_ACCEPT=1 was ignored", error.Message);
    }

    [Fact]
    public void Missing_snapshot_is_not_created_on_CI_even_when_accepting()
    {
        Assert.Throws<SnapshotMismatchException>(() => Snapshot.Check(File, "new\n", new SnapshotSettings(Accept: true, IsCi: true)));
        Assert.False(System.IO.File.Exists(File.VerifiedPath));
    }

    [Fact]
    public void Mapped_CI_source_paths_resolve_into_the_repository()
    {
        var resolved = SourcePaths.Resolve("/_/tests/NormGen.Generator.Tests/SnapshotTests.cs");
        Assert.True(System.IO.File.Exists(resolved), resolved);
        Assert.Equal("/some/local/path.cs", SourcePaths.Resolve("/some/local/path.cs"));
    }

    [Fact]
    public void Verify_finds_the_committed_snapshot_beside_this_file()
    {
        Snapshot.Verify("A committed snapshot, found through [CallerFilePath].\n", extension: "txt");
    }
}
