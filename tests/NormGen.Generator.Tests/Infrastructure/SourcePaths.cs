namespace NormGen.Generator.Tests.Infrastructure;

/// <summary>
/// [CallerFilePath] is the path at build time. A deterministic CI build maps it to "/_/..." (PathMap), which does
/// not exist; then the file is found under the repository root, located from the test binaries.
/// </summary>
internal static class SourcePaths
{
    private const string MappedRoot = "/_/";

    public static string Resolve(string callerFilePath)
    {
        if (File.Exists(callerFilePath) || !callerFilePath.StartsWith(MappedRoot, StringComparison.Ordinal)) return callerFilePath;
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "NormGen.sln")))
                return Path.Combine(directory.FullName, callerFilePath.Substring(MappedRoot.Length));
        }
        return callerFilePath;
    }
}
