namespace NormGen.Package.Tests.Infrastructure;

/// <summary>
/// A console project made from scratch beside the feed: references only the NormGen package, with the strictest
/// settings a user may have (warnings as errors, nullable, every analyzer, no implicit usings, XML docs required).
/// </summary>
public sealed class Consumer
{
    /// <param name="package">The packed NormGen and its feed.</param>
    /// <param name="folder">The project's folder, relative to the fixture's work directory.</param>
    /// <param name="name">The project (and assembly) name.</param>
    /// <param name="sources">File name to C# text.</param>
    /// <param name="extraProperties">More MSBuild properties, as XML.</param>
    /// <param name="projectReference">Another consumer project this one references, relative to its folder.</param>
    public Consumer(PackageFixture package, string folder, string name, IReadOnlyDictionary<string, string> sources,
        string extraProperties = "", string? projectReference = null)
    {
        Name = name;
        Directory = System.IO.Directory.CreateDirectory(Path.Combine(package.WorkDirectory, folder)).FullName;
        string reference = projectReference is null ? "" : $"""<ProjectReference Include="{projectReference}" />""";
        File.WriteAllText(Path.Combine(Directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <AnalysisLevel>latest-all</AnalysisLevel>
                <GenerateDocumentationFile>true</GenerateDocumentationFile>
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="NormGen" Version="{package.Version}" />
                {reference}
              </ItemGroup>
            </Project>
            """);
        foreach (var (file, text) in sources)
        {
            string path = Path.Combine(Directory, file);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
    }

    public string Name { get; }
    public string Directory { get; }

    /// <summary>`dotnet build` in Release; fails the test on any warning or error.</summary>
    public CommandResult Build(params string[] extra) =>
        DotNet.Cli(Directory, PackageFixture.CommandTimeout, ["build", "-c", "Release", "--disable-build-servers", .. extra]).EnsureSuccess();

    /// <summary>Runs the built program (framework-dependent) and returns its output.</summary>
    public CommandResult Run(params string[] args) =>
        DotNet.Cli(Directory, PackageFixture.CommandTimeout,
            [Path.Combine(Directory, "bin", "Release", "net10.0", Name + ".dll"), .. args]).EnsureSuccess();
}
