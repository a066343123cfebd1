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
        var run = new GeneratorRun(compilation, output, driver.GetRunResult(), driverDiagnostics);
        AssertSecondRunIsCached(driver, compilation, run.Result);
        return run;
    }

    /// <summary>Every tracked step of the pipeline, in order.</summary>
    public static readonly string[] TrackedSteps = [TrackingNames.Parse, TrackingNames.Bind, TrackingNames.Layer, TrackingNames.Compile];

    /// <summary>
    /// As NetEscapades.EnumGenerators' tests do after every run, a second run on the same input must reuse every step's
    /// output. The input is the same text parsed again (new syntax trees, as after an edit the IDE undoes), so the parse
    /// step really runs again: a model that is not equatable (an array, a symbol, a fresh object) comes out Modified
    /// and would re-run the compiler on every keystroke anywhere in the project.
    /// </summary>
    private static void AssertSecondRunIsCached(GeneratorDriver driver, CSharpCompilation compilation, GeneratorRunResult first)
    {
        var reparsed = compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(
            compilation.SyntaxTrees.Select(t => CSharpSyntaxTree.ParseText(t.GetText(), ParseOptions, t.FilePath)));
        var second = driver.RunGenerators(reparsed).GetRunResult().Results.Single();
        foreach (var step in TrackedSteps)
        {
            var before = first.TrackedSteps.TryGetValue(step, out var b) ? b.SelectMany(s => s.Outputs).Select(o => o.Value).ToList() : [];
            var after = second.TrackedSteps.TryGetValue(step, out var a) ? a.SelectMany(s => s.Outputs).ToList() : [];
            Assert.Equal(before.Count, after.Count);
            for (int i = 0; i < after.Count; i++)
            {
                Assert.True(after[i].Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"second run: step {step} output {i} is {after[i].Reason}");
                Assert.Equal(before[i], after[i].Value);
            }
        }
        foreach (var output in second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs))
            Assert.Equal(IncrementalStepRunReason.Cached, output.Reason);
    }

    public static GeneratorDriver CreateDriver(IIncrementalGenerator? generator = null) =>
        CSharpGeneratorDriver.Create(
            new[] { (generator ?? new NormGenGenerator()).AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static CSharpCompilation CreateCompilation(params (string Path, string Source)[] files) =>
        CreateCompilation(s_references.Value, files);

    /// <summary>A project that also references System.Numerics.Tensors: the generator adds the tensor-span overloads.</summary>
    public static CSharpCompilation CreateCompilationWithTensors(params (string Path, string Source)[] files) =>
        CreateCompilation(s_references.Value.Add(MetadataReference.CreateFromFile(typeof(System.Numerics.Tensors.TensorSpan<>).Assembly.Location)), files);

    private static CSharpCompilation CreateCompilation(ImmutableArray<MetadataReference> references, (string Path, string Source)[] files) =>
        CSharpCompilation.Create(
            "NormGen.UserAssembly",
            files.Select(f => CSharpSyntaxTree.ParseText(f.Source, ParseOptions, f.Path)),
            references,
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
        // The test project references System.Numerics.Tensors for CreateCompilationWithTensors; a plain user project does not.
        paths.RemoveWhere(p => Path.GetFileNameWithoutExtension(p) == "System.Numerics.Tensors");
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }
}
