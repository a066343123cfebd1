using System.Reflection;
using Microsoft.CodeAnalysis;
using NormGen.Fuzz.Tests.Model;
using NormGen.Interpretation;

namespace NormGen.Fuzz.Tests.Running;

public enum Outcome { Passed, Rejected, Skipped, Failed }

/// <summary>
/// What checking one layer found. <see cref="Kind"/> names the class of a failure (e.g. "CS0136 in generated code",
/// "float64 dgamma") so the shrinker keeps a smaller layer only when it fails the same way.
/// </summary>
public sealed record Verdict(Outcome Outcome, string Kind, string Detail)
{
    /// <summary>What of the runtime the layer's generated code reaches, for the run's statistics (<see cref="RuntimeReach"/>).</summary>
    public RuntimeReach Reach { get; init; }

    public static Verdict Pass { get; } = new(Outcome.Passed, "", "");
    public static Verdict Fail(string kind, string detail) => new(Outcome.Failed, kind, detail);
    public static Verdict Skip(string kind, string detail) => new(Outcome.Skipped, kind, detail);
}

/// <summary>What of the runtime a layer's kernels reach once their calls are split (<see cref="RuntimePath"/>).</summary>
[Flags]
public enum RuntimeReach
{
    None = 0,

    /// <summary>A kernel whose outer loop can be split into chunks.</summary>
    SplitLoop = 1,

    /// <summary>A kernel whose chunks sum across the outer loop (a parameter's gradient, or a working buffer) through per-chunk copies.</summary>
    SumsAcrossChunks = 2,

    /// <summary>A kernel that sums across rows into the caller's buffers (a parameter's gradient), through a placed copy when unsplit.</summary>
    SumsIntoCallers = 4,

    /// <summary>A kernel whose iterations reuse a working buffer, of which each chunk of a split call gets its own copy.</summary>
    IterationCopies = 8,
}

/// <summary>
/// The fuzzer's invariant for one layer: EITHER the generator reports NG diagnostics (no crash, no C# error in what
/// it emitted, every diagnostic located in the user's file), OR the generated code compiles without any warning and
/// its kernels agree with the float64 reference interpreter (float64 within <see cref="Tolerances.Double"/>, float32
/// within <see cref="Tolerances.Single"/>).
/// </summary>
public static class LayerCheck
{
    private const string LayerPath = "Layer.cs";
    private const string AdapterPath = "FuzzAdapter.cs";

    /// <param name="tamper">For the oracle's own tests: replaces the kernels' results before they are compared.</param>
    public static Verdict Check(FuzzLayer layer, KernelTamper? tamper = null)
    {
        var outcome = InMemoryCompiler.Generate((LayerPath, layer.RenderSource()), (AdapterPath, layer.RenderAdapter()));
        if (outcome.GeneratorException is { } ex)
            return Verdict.Fail("generator exception " + ex.GetType().Name, ex.ToString());
        if (outcome.GeneratorDiagnostics.FirstOrDefault(d => d.Id is "CS8785" or "NG0099") is { } crash)
            return Verdict.Fail("generator crash " + crash.Id, crash.ToString());

        var generatedErrors = InGenerated(outcome.CompilerDiagnostics, DiagnosticSeverity.Error);
        var ng = outcome.GeneratorDiagnostics.Where(d => d.Id.StartsWith("NG", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error).ToList();
        if (ng.Count > 0)
        {
            if (generatedErrors.Count > 0)
                return Verdict.Fail($"{generatedErrors[0].Id} in generated code beside NG diagnostics", Describe(generatedErrors));
            // The generator re-creates locations from its equatable model, so they are file locations, not tree ones.
            var unlocated = ng.FirstOrDefault(d => d.Location == Location.None || d.Location.GetLineSpan().Path != LayerPath);
            if (unlocated is not null)
                return Verdict.Fail($"{unlocated.Id} without a location in the user's file", unlocated.ToString());
            return new Verdict(Outcome.Rejected, string.Join(",", ng.Select(d => d.Id).Distinct().Order(StringComparer.Ordinal)),
                               string.Join("; ", ng.Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))));
        }

        if (generatedErrors.Count > 0)
            return Verdict.Fail($"{generatedErrors[0].Id} in generated code", Describe(generatedErrors));
        var userErrors = outcome.CompilerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (userErrors.Count > 0)
        {
            // The adapter calls the API as the contract documents it. An error in the user's file is the fuzzer's own
            // mistake or a collision with what the generator added (a formula method named Shape: CS0102).
            bool adapter = userErrors.Any(d => d.Location.SourceTree?.FilePath == AdapterPath);
            return Verdict.Fail(adapter ? $"{userErrors[0].Id}: generated API differs from the contract" : $"{userErrors[0].Id} in the user's file",
                                Describe(userErrors) + "\n" + string.Join("\n", outcome.GeneratedSources.Select(s => s.Key)));
        }
        var generatedWarnings = InGenerated(outcome.CompilerDiagnostics, DiagnosticSeverity.Warning);
        if (generatedWarnings.Count > 0)
            return Verdict.Fail($"{generatedWarnings[0].Id} warning in generated code", Describe(generatedWarnings));

        var (assembly, context) = InMemoryCompiler.Load(outcome.Output);
        try
        {
            return Numerics.Compare(layer, assembly, tamper) with { Reach = Reached(outcome.GeneratedSources.Values) };
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>
    /// Read off the generated code: a kernel that can split its outer loop asks the runtime for a chunk count, one whose
    /// chunks sum across it rents partial copies, one whose sums go into the caller's buffers also asks whether an
    /// unsplit call does that through a copy, and one whose iterations reuse a working buffer reserves a copy of it per chunk.
    /// </summary>
    public static RuntimeReach Reached(IEnumerable<string> generated)
    {
        var reach = RuntimeReach.None;
        foreach (string source in generated)
        {
            if (source.Contains("Threading.Chunks(", StringComparison.Ordinal)) reach |= RuntimeReach.SplitLoop;
            if (source.Contains("Kernels.PartialSums<", StringComparison.Ordinal)) reach |= RuntimeReach.SumsAcrossChunks;
            if (source.Contains("Threading.SumsInCopies(", StringComparison.Ordinal)) reach |= RuntimeReach.SumsIntoCallers;
            if (source.Contains("__copy = __sums.Reserve(", StringComparison.Ordinal)) reach |= RuntimeReach.IterationCopies;
        }
        return reach;
    }

    private static List<Diagnostic> InGenerated(IEnumerable<Diagnostic> diagnostics, DiagnosticSeverity severity) =>
        diagnostics.Where(d => d.Severity == severity && d.Location.SourceTree is { } tree
                               && tree.FilePath != LayerPath && tree.FilePath != AdapterPath).ToList();

    private static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Take(8).Select(d =>
        {
            string line = d.Location.SourceTree is { } tree
                ? tree.GetText().Lines.GetLineFromPosition(d.Location.SourceSpan.Start).ToString().Trim()
                : "";
            return d + (line.Length > 0 ? "\n    at: " + (line.Length > 300 ? line[..300] + "..." : line) : "");
        }));
}
