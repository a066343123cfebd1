using System.IO.Compression;
using System.Xml.Linq;

namespace NormGen.Package.Tests.Infrastructure;

/// <summary>
/// Packs NormGen once for every packaging test into a local folder feed. The version is the repository's
/// (Directory.Build.props) with a unique prerelease suffix, so a consumer can only restore this build of the
/// package, never a stale copy from the NuGet cache; that cache entry is deleted again afterwards.
/// </summary>
public sealed class PackageFixture : IDisposable
{
    /// <summary>Generous bounds for one CLI command on a loaded 2-core machine; a hang fails instead of blocking CI.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    public PackageFixture()
    {
        RepositoryRoot = FindRepositoryRoot();
        WorkDirectory = Directory.CreateTempSubdirectory("normgen-package-").FullName;
        Feed = Directory.CreateDirectory(Path.Combine(WorkDirectory, "feed")).FullName;
        VersionPrefix = XDocument.Load(Path.Combine(RepositoryRoot, "Directory.Build.props"))
            .Descendants("VersionPrefix").Single().Value;
        Version = $"{VersionPrefix}-pkgtest.t{DateTime.UtcNow.Ticks}";

        Pack = DotNet.Cli(RepositoryRoot, CommandTimeout,
            "pack", Path.Combine(RepositoryRoot, "src", "NormGen.Runtime", "NormGen.Runtime.csproj"),
            "-c", "Release", "-o", Feed, "--version-suffix", Version[(VersionPrefix.Length + 1)..], "--disable-build-servers");
        Pack.EnsureSuccess();
        PackagePath = Directory.GetFiles(Feed, "*.nupkg").Single();

        File.WriteAllText(Path.Combine(WorkDirectory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local"><package pattern="NormGen" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
    }

    /// <summary>The directory holding NormGen.sln.</summary>
    public string RepositoryRoot { get; }

    /// <summary>A fresh temporary directory: the feed, nuget.config and the consumer projects live here.</summary>
    public string WorkDirectory { get; }

    public string Feed { get; }
    public string VersionPrefix { get; }
    public string Version { get; }
    public string PackagePath { get; }
    public CommandResult Pack { get; }

    /// <summary>The checked app (with its layer library), made by the first test that needs it.</summary>
    internal Consumer? CheckedApp { get; set; }

    /// <summary>The entries of the .nupkg, with '/' separators.</summary>
    public IReadOnlyList<string> Entries()
    {
        using var zip = ZipFile.OpenRead(PackagePath);
        return zip.Entries.Select(e => e.FullName).ToArray();
    }

    /// <summary>One file of the .nupkg.</summary>
    public byte[] Read(string entry)
    {
        using var zip = ZipFile.OpenRead(PackagePath);
        using var stream = zip.GetEntry(entry)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public void Dispose()
    {
        try { Directory.Delete(WorkDirectory, recursive: true); } catch (IOException) { }
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        try { Directory.Delete(Path.Combine(cache, "normgen", Version.ToLowerInvariant()), recursive: true); } catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NormGen.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("No NormGen.sln above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "package";
}
