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
using NormGen.Generator.Model;
using NormGen.Generator.Parsing;

namespace NormGen.Generator;

/// <summary>
/// The incremental pipeline: find [NormLayer] classes, parse each into an equatable <see cref="LayerModel"/>,
/// compile it to C#, add the sources. Only the first step sees symbols; everything after it is plain values, so an
/// edit that leaves a layer's model unchanged skips its compilation.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NormGenGenerator : IIncrementalGenerator
{
    private const string GeneratedSuffix = ".g.cs";

    private readonly Func<LayerModel, CompiledLayer> _compile;

    public NormGenGenerator()
        : this(LayerCompiler.Compile)
    {
    }

    /// <summary>Lets tests substitute the compiler, e.g. one that throws, to exercise the error path.</summary>
    internal NormGenGenerator(Func<LayerModel, CompiledLayer> compile) => _compile = compile;

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                NormGenTypes.NormLayerAttributeMetadataName,
                // Records too, so 'partial record' gets NG0007 rather than silence.
                predicate: static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                transform: static (context, ct) => LayerParser.Parse(context, ct))
            .WithTrackingName(TrackingNames.Parse);

        var compile = _compile;
        var compiled = parsed
            .Select((result, ct) => Compile(result, compile, ct))
            .WithTrackingName(TrackingNames.Compile);

        // Collected so hint names can be made unique across layers in a stable, ordinal order.
        context.RegisterSourceOutput(compiled.Collect(), static (context, layers) => AddOutputs(context, layers));
    }

    private static LayerOutput Compile(LayerParseResult parsed, Func<LayerModel, CompiledLayer> compile, CancellationToken ct)
    {
        if (parsed.Model is not { } model) return new LayerOutput(null, null, parsed.Diagnostics);
        ct.ThrowIfCancellationRequested();
        try
        {
            var compiled = compile(model);
            return new LayerOutput(compiled.HintName, compiled.Source, parsed.Diagnostics.Concat(compiled.Diagnostics).ToEquatableArray());
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A compiler bug must cost one layer a diagnostic, not the whole project its generator (CS8785).
            var error = InternalErrors.Create(model.ClassName, model.Location, exception);
            return new LayerOutput(null, null, parsed.Diagnostics.Append(error).ToEquatableArray());
        }
    }

    private static void AddOutputs(SourceProductionContext context, ImmutableArray<LayerOutput> layers)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var layer in layers.OrderBy(l => l.HintName ?? "", StringComparer.Ordinal))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            foreach (var diagnostic in layer.Diagnostics) context.ReportDiagnostic(ToDiagnostic(diagnostic));
            if (layer.HintName is null || layer.Source is null) continue;
            try
            {
                context.AddSource(UniqueHintName(layer.HintName, used), SourceText.From(layer.Source, Encoding.UTF8));
            }
            catch (ArgumentException exception)
            {
                // An invalid hint name is a NormGen bug; AddSource's exception would otherwise disable the generator.
                context.ReportDiagnostic(InternalErrors.Create(layer.HintName, null, exception).ToDiagnostic());
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
