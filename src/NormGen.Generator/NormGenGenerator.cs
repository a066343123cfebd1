using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using NormGen.Generator.Diagnostics;
using NormGen.Generator.Emit;
using NormGen.Generator.Model;
using NormGen.Generator.Parsing;

namespace NormGen.Generator;

/// <summary>
/// The incremental pipeline: find [NormLayer] classes, parse each into a <see cref="LayerModel"/> (which keeps source
/// locations for diagnostics), bind it into a location-free <see cref="BoundLayer"/> while reporting every diagnostic,
/// compile that to C#, add the sources. Only the parse step sees symbols, and the compile step sees no location, so
/// an edit elsewhere, or one that only moves a layer's text (a comment above it), skips the layer's compilation.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NormGenGenerator : IIncrementalGenerator
{
    private const string GeneratedSuffix = ".g.cs";

    private readonly Func<BoundLayer, EmitOptions, CompiledLayer> _compile;

    public NormGenGenerator()
        : this(LayerCompiler.Compile)
    {
    }

    /// <summary>Lets tests substitute the compiler, e.g. one that throws, to exercise the error path.</summary>
    internal NormGenGenerator(Func<BoundLayer, CompiledLayer> compile)
        : this((layer, _) => compile(layer))
    {
    }

    private NormGenGenerator(Func<BoundLayer, EmitOptions, CompiledLayer> compile) => _compile = compile;

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                NormGenTypes.NormLayerAttributeMetadataName,
                // Records too, so 'partial record' gets NG0007 rather than silence.
                predicate: static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                transform: static (context, ct) => LayerParser.Parse(context, ct))
            .WithTrackingName(TrackingNames.Parse);

        var bound = parsed
            .Select(static (result, ct) => Binder.Bind(result, ct))
            .WithTrackingName(TrackingNames.Bind);

        // The layer without the diagnostics (and their locations): equal after an edit that only moves text, so the
        // compile step below stays cached.
        var layers = bound
            .Select(static (result, _) => result.Layer)
            .WithTrackingName(TrackingNames.Layer);

        // A bool, not the symbol: equal across runs, so referencing the package re-runs the compile step only once.
        var options = context.CompilationProvider
            .Select(static (compilation, _) => EmitOptions.From(compilation))
            .WithTrackingName(TrackingNames.Options);

        var compile = _compile;
        var compiled = layers
            .Combine(options)
            .Select((pair, ct) => Compile(pair.Left, pair.Right, compile, ct))
            .WithTrackingName(TrackingNames.Compile);

        // Collected so hint names can be made unique across layers in a stable, ordinal order.
        context.RegisterSourceOutput(bound.Collect().Combine(compiled.Collect()),
            static (context, pair) => AddOutputs(context, pair.Left, pair.Right));
    }

    private static LayerOutput Compile(BoundLayer? layer, EmitOptions options, Func<BoundLayer, EmitOptions, CompiledLayer> compile, CancellationToken ct)
    {
        if (layer is null) return LayerOutput.None;
        ct.ThrowIfCancellationRequested();
        try
        {
            var compiled = compile(layer, options);
            return new LayerOutput(compiled.HintName, compiled.Source, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A compiler bug must cost one layer a diagnostic, not the whole project its generator (CS8785).
            return new LayerOutput(layer.HintName, null, InternalErrors.Describe(exception));
        }
    }

    private static void AddOutputs(SourceProductionContext context, ImmutableArray<BindResult> bound, ImmutableArray<LayerOutput> layers)
    {
        var byHintName = new Dictionary<string, BindResult>(StringComparer.Ordinal);
        foreach (var result in bound.OrderBy(b => b.HintName ?? "", StringComparer.Ordinal))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            foreach (var diagnostic in result.Diagnostics) context.ReportDiagnostic(ToDiagnostic(diagnostic));
            if (result.HintName is { } key && !byHintName.ContainsKey(key)) byHintName[key] = result;
        }

        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var layer in layers.Where(l => l.HintName is not null).OrderBy(l => l.HintName, StringComparer.Ordinal))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (layer.Failure is { } failure)
            {
                var site = byHintName.TryGetValue(layer.HintName!, out var b) ? b : null;
                context.ReportDiagnostic(InternalErrors.Create(site?.ClassName ?? layer.HintName!, site?.Location, failure).ToDiagnostic());
                continue;
            }
            if (layer.Source is null) continue;
            try
            {
                context.AddSource(UniqueHintName(layer.HintName!, used), SourceText.From(layer.Source, Encoding.UTF8));
            }
            catch (ArgumentException exception)
            {
                // An invalid hint name is a NormGen bug; AddSource's exception would otherwise disable the generator.
                context.ReportDiagnostic(InternalErrors.Create(layer.HintName!, null, exception).ToDiagnostic());
            }
        }
    }

    /// <summary>
    /// Roslyn compares hint names ignoring case, so classes A.LayerNorm and A.layerNorm would collide; the later
    /// one in ordinal order gets a numeric suffix.
    /// </summary>
    private static string UniqueHintName(string hintName, HashSet<string> used)
    {
        if (used.Add(hintName)) return hintName;
        string stem = hintName.EndsWith(GeneratedSuffix, StringComparison.Ordinal)
            ? hintName.Substring(0, hintName.Length - GeneratedSuffix.Length)
            : hintName;
        for (int i = 2; ; i++)
        {
            string candidate = stem + "." + i + GeneratedSuffix;
            if (used.Add(candidate)) return candidate;
        }
    }

    private static Diagnostic ToDiagnostic(DiagnosticInfo diagnostic)
    {
        try
        {
            return diagnostic.ToDiagnostic();
        }
        catch (KeyNotFoundException exception)
        {
            // A descriptor missing from DiagnosticDescriptors' index: report that rather than crash.
            return InternalErrors.Create(diagnostic.Id, diagnostic.Location, exception).ToDiagnostic();
        }
    }
}
