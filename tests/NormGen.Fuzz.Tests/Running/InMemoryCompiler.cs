using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NormGen.Generator;

namespace NormGen.Fuzz.Tests.Running;

/// <summary>What the generator and the C# compiler made of one layer.</summary>
public sealed record GeneratorOutcome(
    Exception? GeneratorException,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<Diagnostic> CompilerDiagnostics,
    IReadOnlyDictionary<string, string> GeneratedSources,
    Compilation Output);

/// <summary>
/// Runs <see cref="NormGenGenerator"/> over a user file as a project build would, compiles the result in memory with
/// every warning on, and loads it into a collectible context so thousands of layers do not pile up in memory.
/// </summary>
public static class InMemoryCompiler
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);
    private static readonly CSharpParseOptions s_parse = new(LanguageVersion.Latest);

    /// <summary>A user project with nullable on and all warnings (the strictest a user can set short of analyzers).</summary>
    private static readonly CSharpCompilationOptions s_options = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        warningLevel: 9999,
        optimizationLevel: OptimizationLevel.Release,
        allowUnsafe: false);

    public static GeneratorOutcome Generate(params (string Path, string Source)[] files)
    {
        var compilation = CSharpCompilation.Create(
            "FuzzLayer" + Guid.NewGuid().ToString("N"),
            files.Select(f => CSharpSyntaxTree.ParseText(f.Source, s_parse, f.Path)),
            s_references.Value,
            s_options);
        var driver = CSharpGeneratorDriver.Create([new NormGenGenerator().AsSourceGenerator()], parseOptions: s_parse)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var driverDiagnostics);
        var result = driver.GetRunResult().Results.Single();
        // The driver's diagnostics repeat the generator's and add its own (CS8785 when it threw).
        var generatorDiagnostics = result.Diagnostics.AddRange(driverDiagnostics.Where(d => !result.Diagnostics.Contains(d)));
        return new GeneratorOutcome(
            result.Exception,
            generatorDiagnostics,
            output.GetDiagnostics(),
            result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal),
            output);
    }

    /// <summary>Emits <paramref name="compilation"/> and loads it into a new collectible context.</summary>
    public static (Assembly Assembly, AssemblyLoadContext Context) Load(Compilation compilation)
    {
        using var image = new MemoryStream();
        var emit = compilation.Emit(image);
        if (!emit.Success)
            throw new InvalidOperationException("emit failed: " + string.Join("; ", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        // NormGen.Runtime resolves to the test host's copy (a custom context falls back to the default one), so the
        // formula's Expr trees are the interpreter's type.
        var context = new AssemblyLoadContext("fuzz", isCollectible: true);
        return (context.LoadFromStream(image), context);
    }

    /// <summary>The framework as the test host runs it, plus NormGen.Runtime as a user project references it.</summary>
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        var trusted = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "";
        foreach (var path in trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)) paths.Add(path);
        paths.Add(typeof(Expr).Assembly.Location);
        // A user project does not reference the generator (it would see the parser's public types), nor Roslyn.
        paths.RemoveWhere(p =>
        {
            string name = Path.GetFileNameWithoutExtension(p);
            return name == typeof(NormGenGenerator).Assembly.GetName().Name || name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)
                || name.StartsWith("CsCheck", StringComparison.Ordinal) || name.StartsWith("xunit", StringComparison.OrdinalIgnoreCase);
        });
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }
}
