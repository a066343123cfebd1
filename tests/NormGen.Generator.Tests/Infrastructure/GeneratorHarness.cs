using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NormGen.Generator.Tests.Infrastructure;

/// <summary>
/// Compiles C# source against the real runtime and runs <see cref="NormGenGenerator"/> over it the way the compiler
/// does, with step tracking on so tests can inspect the pipeline.
/// </summary>
internal static class GeneratorHarness
{
    public const string Usings = "using NormGen;\nusing static NormGen.Ops;\n";

    // Loading ~200 reference assemblies is the slow part of a run; every test shares them.
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>One file, Layer.cs.</summary>
    public static GeneratorRun Run(string source, IIncrementalGenerator? generator = null) =>
        Run(CreateCompilation(("Layer.cs", source)), generator);

    public static GeneratorRun Run(CSharpCompilation compilation, IIncrementalGenerator? generator = null)
    {
        var driver = CreateDriver(generator).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var driverDiagnostics);
        return new GeneratorRun(compilation, output, driver.GetRunResult(), driverDiagnostics);
    }

    public static GeneratorDriver CreateDriver(IIncrementalGenerator? generator = null) =>
        CSharpGeneratorDriver.Create(
            new[] { (generator ?? new NormGenGenerator()).AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static CSharpCompilation CreateCompilation(params (string Path, string Source)[] files) =>
        CSharpCompilation.Create(
            "NormGen.UserAssembly",
            files.Select(f => CSharpSyntaxTree.ParseText(f.Source, ParseOptions, f.Path)),
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static SyntaxTree ParseTree(string path, string source) => CSharpSyntaxTree.ParseText(source, ParseOptions, path);

    /// <summary>The framework as the test host runs it, plus NormGen.Runtime as a user project references it.</summary>
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        var trusted = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "";
        foreach (var path in trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)) paths.Add(path);
        paths.Add(typeof(NormGen.Expr).Assembly.Location);

        // The generator itself would let user code see the parser's public types; a user project does not reference it.
        paths.RemoveWhere(p => Path.GetFileNameWithoutExtension(p) == typeof(NormGenGenerator).Assembly.GetName().Name);
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }
}
