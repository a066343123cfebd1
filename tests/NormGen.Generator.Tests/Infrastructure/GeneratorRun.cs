using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NormGen.Generator.Model;
using NormGen.Generator.Parsing;

namespace NormGen.Generator.Tests.Infrastructure;

/// <summary>The outcome of one generator run: what it produced, what it reported, and what the pipeline held.</summary>
internal sealed class GeneratorRun(
    CSharpCompilation input,
    Compilation output,
    GeneratorDriverRunResult runResult,
    ImmutableArray<Diagnostic> driverDiagnostics)
{
    public CSharpCompilation Input { get; } = input;

    /// <summary>The user's compilation with the generated sources added.</summary>
    public Compilation Output { get; } = output;

    public GeneratorDriverRunResult RunResult { get; } = runResult;

    public GeneratorRunResult Result => RunResult.Results.Single();

    /// <summary>What the generator reported (NG....).</summary>
    public ImmutableArray<Diagnostic> Diagnostics => RunResult.Diagnostics;

    /// <summary>What the driver reported about the generator, e.g. CS8785 when it threw.</summary>
    public ImmutableArray<Diagnostic> DriverDiagnostics { get; } = driverDiagnostics;

    /// <summary>Compiler diagnostics of the output compilation: the generated code must not add errors.</summary>
    public ImmutableArray<Diagnostic> OutputDiagnostics => Output.GetDiagnostics();

    public IReadOnlyDictionary<string, string> GeneratedSources =>
        Result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);

    /// <summary>The parse step's outputs, in the order the pipeline produced them.</summary>
    public IReadOnlyList<LayerParseResult> ParseResults =>
        StepOutputs(TrackingNames.Parse).Select(o => (LayerParseResult)o.Value).ToList();

    /// <summary>The bind step's outputs: each layer's location-free <see cref="BoundLayer"/> and every diagnostic.</summary>
    public IReadOnlyList<BindResult> BindResults =>
        StepOutputs(TrackingNames.Bind).Select(o => (BindResult)o.Value).ToList();

    /// <summary>The one layer's compile-step input.</summary>
    public BoundLayer SingleLayer()
    {
        var result = Assert.Single(BindResults);
        Assert.True(result.Layer is not null, "no bound layer; diagnostics: " + string.Join("; ", Diagnostics));
        return result.Layer!;
    }

    public LayerModel SingleModel()
    {
        var result = Assert.Single(ParseResults);
        Assert.True(result.Model is not null, "no model; diagnostics: " + string.Join("; ", Diagnostics));
        return result.Model!;
    }

    public IEnumerable<(object Value, IncrementalStepRunReason Reason)> StepOutputs(string stepName) =>
        Result.TrackedSteps.TryGetValue(stepName, out var steps) ? steps.SelectMany(s => s.Outputs) : [];

    /// <summary>Each generator diagnostic as its id and the exact source text it points at.</summary>
    public IReadOnlyList<(string Id, string Text)> LocatedDiagnostics() =>
        Diagnostics.Select(d => (d.Id, TextAt(d.Location))).ToList();

    public string TextAt(Location location)
    {
        if (location == Location.None) return "<no location>";
        var path = location.GetLineSpan().Path;
        var tree = Input.SyntaxTrees.Single(t => t.FilePath == path);
        return tree.GetText().ToString(location.SourceSpan);
    }

    public string TextAt(LocationInfo? location)
    {
        Assert.NotNull(location);
        var tree = Input.SyntaxTrees.Single(t => t.FilePath == location!.FilePath);
        return tree.GetText().ToString(location!.Span);
    }

    /// <summary>The generator must never throw: an exception surfaces as CS8785 and disables it for the whole project.</summary>
    public void AssertDidNotCrash()
    {
        Assert.Null(Result.Exception);
        Assert.DoesNotContain(DriverDiagnostics, d => d.Id == "CS8785");
        Assert.DoesNotContain(Diagnostics, d => d.Id == "CS8785");
        Assert.DoesNotContain(Diagnostics, d => d.Id == "NG0099");
    }
}
