using System.Globalization;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using NormGen.Package.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NormGen.Package.Tests;

/// <summary>
/// What a user gets from `dotnet add package NormGen`: one package, and projects made from scratch that build
/// warning-free under the strictest settings, run, and compute the right numbers. The tests share one pack and
/// run in order (one collection), since each consumer build takes the machine's both cores.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed partial class PackageTests(PackageFixture package, ITestOutputHelper output)
{
    [Fact]
    public void Pack_makes_one_package_with_the_runtime_as_library_and_the_generator_as_analyzer()
    {
        Assert.Equal($"NormGen.{package.Version}.nupkg", Path.GetFileName(package.PackagePath));
        var files = package.Entries().Where(e => !e.StartsWith("_rels/", StringComparison.Ordinal)
            && !e.StartsWith("package/", StringComparison.Ordinal) && e != "[Content_Types].xml").Order(StringComparer.Ordinal);
        Assert.Equal(
            ["LICENSE", "NormGen.nuspec", "README.md", "analyzers/dotnet/cs/NormGen.Generator.dll",
             "lib/net10.0/NormGen.Runtime.dll", "lib/net10.0/NormGen.Runtime.xml"],
            files);

        var nuspec = XDocument.Parse(System.Text.Encoding.UTF8.GetString(package.Read("NormGen.nuspec")).TrimStart('\uFEFF'));
        var ns = nuspec.Root!.GetDefaultNamespace();
        var meta = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal("NormGen", meta.Element(ns + "id")!.Value);
        Assert.Equal(package.Version, meta.Element(ns + "version")!.Value);
        Assert.Equal("MIT", meta.Element(ns + "license")!.Value);
        Assert.Equal("README.md", meta.Element(ns + "readme")!.Value);
        Assert.Contains("normalization", meta.Element(ns + "tags")!.Value, StringComparison.Ordinal);
        Assert.Contains("source generator", meta.Element(ns + "description")!.Value, StringComparison.Ordinal);
        // No package dependencies: the generator is an analyzer inside, not a dependency, and the runtime needs none.
        Assert.Empty(meta.Element(ns + "dependencies")!.Descendants(ns + "dependency"));

        Assert.Equal(File.ReadAllBytes(Path.Combine(package.RepositoryRoot, "README.md")), package.Read("README.md"));
    }

    [Fact]
    public void The_packaged_runtime_holds_only_what_generated_code_and_users_call()
    {
        using var pe = new PEReader(new MemoryStream(package.Read("lib/net10.0/NormGen.Runtime.dll")));
        var md = pe.GetMetadataReader();
        var namespaces = md.TypeDefinitions.Select(h => md.GetString(md.GetTypeDefinition(h).Namespace)).Where(n => n.Length > 0).ToHashSet();
        Assert.Equal(["NormGen", "NormGen.Kernels"], namespaces.Order(StringComparer.Ordinal));
        // The reflection-based reference interpreter lives in its own (unpackaged) assembly.
        var typeNames = md.TypeDefinitions.Select(h => md.GetString(md.GetTypeDefinition(h).Name)).ToHashSet();
        Assert.DoesNotContain("ReferenceInterpreter", typeNames);
        Assert.DoesNotContain("ExprInterpreter", typeNames);
    }

    [Fact]
    public void The_README_quick_start_builds_without_warnings_under_strict_settings_and_prints_RMSNorm()
    {
        string quickStart = QuickStart(File.ReadAllText(Path.Combine(package.RepositoryRoot, "README.md")));
        var consumer = new Consumer(package, "QuickStart", "QuickStart", new Dictionary<string, string> { ["Program.cs"] = quickStart });
        Log(consumer.Build());
        var run = Log(consumer.Run());

        // By hand: RMSNorm of x = [1, 2, 3, 4] with gamma = 1, eps = 1e-6: y = x / sqrt(mean(x^2) + eps);
        // for L = sum(y * dy), dx = r * dy - x * r^3 * sum(x * dy) / d with r = 1 / sqrt(mean(x^2) + eps).
        double[] x = [1, 2, 3, 4], dy = [1, 0, 0, 0];
        double r = 1 / Math.Sqrt(x.Select(v => v * v).Average() + 1e-6), xdy = x.Zip(dy, (a, b) => a * b).Sum();
        var y = x.Select(v => v * r).ToArray();
        var dx = x.Select((v, i) => r * dy[i] - v * r * r * r * xdy / x.Length).ToArray();
        AssertClose(y, Numbers(run.Output, "y"), 1e-6);
        AssertClose(dx, Numbers(run.Output, "dx"), 1e-6);
    }

    [Fact]
    public void A_layer_library_and_app_made_from_scratch_build_warning_free_with_trim_and_AOT_analysis_and_match_hand_computation()
    {
        var app = CheckedConsumer();
        Log(app.Build());
        var run = Log(app.Run());
        AssertChecks(run.Output);
    }

    [Fact]
    public void A_NativeAOT_publish_of_the_app_is_warning_free_and_computes_the_same_numbers()
    {
        if (Environment.GetEnvironmentVariable("NORMGEN_SKIP_AOT") == "1")
        {
            output.WriteLine("NORMGEN_SKIP_AOT=1: NativeAOT publish not tested.");
            return;
        }
        var app = CheckedConsumer();
        string publish = Path.Combine(app.Directory, "aot");
        List<string> args = ["publish", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", publish, "--disable-build-servers"];
        // ILCompiler links with `clang`; Debian's versioned clang-NN works too when the unversioned name is absent.
        if (FindOnPath("clang") is null && FindVersionedClang() is { } clang) args.Add($"-p:CppCompilerAndLinker={clang}");
        var result = Log(DotNet.Cli(app.Directory, PackageFixture.CommandTimeout, [.. args]));
        Assert.True(result.ExitCode == 0,
            $"NativeAOT publish failed (it needs clang and zlib1g-dev: apt-get install clang zlib1g-dev; NORMGEN_SKIP_AOT=1 skips this test):\n{result.Output}");
        Assert.DoesNotMatch(@"warning [A-Z]+\d+", result.Output);
        var run = Log(DotNet.Run(Path.Combine(publish, "App"), [], app.Directory, PackageFixture.CommandTimeout).EnsureSuccess());
        AssertChecks(run.Output);
    }

    /// <summary>
    /// A library of public layers (XML docs required on its public API, so every generated public member needs its
    /// docs; trimming and AOT analysis on) and an app that references it. Made once, shared by the two tests.
    /// </summary>
    private Consumer CheckedConsumer()
    {
        lock (package)
        {
            if (package.CheckedApp is { } made) return made;
            string consumers = Path.Combine(AppContext.BaseDirectory, "Consumers");
            Dictionary<string, string> Sources(string folder) =>
                Directory.GetFiles(Path.Combine(consumers, folder)).ToDictionary(f => Path.GetFileName(f), File.ReadAllText);

            _ = new Consumer(package, Path.Combine("Checked", "Layers"), "Layers", Sources("Layers"),
                "<OutputType>Library</OutputType><IsAotCompatible>true</IsAotCompatible>");
            return package.CheckedApp = new Consumer(package, Path.Combine("Checked", "App"), "App", Sources("App"),
                "<IsAotCompatible>true</IsAotCompatible>", projectReference: Path.Combine("..", "Layers", "Layers.csproj"));
        }
    }

    private static void AssertChecks(string text)
    {
        var checks = CheckLine().Matches(text);
        Assert.True(checks.Count == 11, $"expected 11 check lines, got {checks.Count}:\n{text}");
        foreach (Match m in checks)
        {
            double error = double.Parse(m.Groups["err"].Value, CultureInfo.InvariantCulture);
            double tolerance = double.Parse(m.Groups["tol"].Value, CultureInfo.InvariantCulture);
            Assert.True(error <= tolerance, $"{m.Groups["name"].Value}: relative error {error} exceeds {tolerance}");
        }
    }

    /// <summary>The C# block between the quick-start markers of README.md: exactly what a user pastes.</summary>
    internal static string QuickStart(string readme)
    {
        var m = QuickStartBlock().Match(readme);
        Assert.True(m.Success, "README.md has no ```csharp block between <!-- quick-start --> and <!-- /quick-start -->");
        return m.Groups["code"].Value;
    }

    private static double[] Numbers(string text, string name)
    {
        var m = new Regex($@"^{name} = (?<v>.+)$", RegexOptions.Multiline).Match(text);
        Assert.True(m.Success, $"no line '{name} = ...' in:\n{text}");
        return m.Groups["v"].Value.Trim().Split(", ").Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"[{i}]: expected {expected[i]}, got {actual[i]}");
    }

    private CommandResult Log(CommandResult result)
    {
        output.WriteLine($"$ {result.Command}  ({result.Elapsed.TotalSeconds:F1} s)");
        output.WriteLine(result.Output);
        return result;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    private static string? FindVersionedClang() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Where(Directory.Exists)
            .SelectMany(dir => Directory.GetFiles(dir, "clang-[0-9]*"))
            .Select(Path.GetFileName).Where(n => Regex.IsMatch(n!, @"^clang-\d+$")).Order(StringComparer.Ordinal).LastOrDefault();

    [GeneratedRegex(@"<!-- quick-start -->\s*```csharp\n(?<code>.*?)```\s*<!-- /quick-start -->", RegexOptions.Singleline)]
    private static partial Regex QuickStartBlock();

    [GeneratedRegex(@"^check (?<name>\S+) maxerr=(?<err>\S+) tol=(?<tol>\S+)$", RegexOptions.Multiline)]
    private static partial Regex CheckLine();
}
