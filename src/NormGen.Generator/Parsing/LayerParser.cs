using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NormGen.Generator.Diagnostics;
using NormGen.Generator.Model;

namespace NormGen.Generator.Parsing;

/// <summary>
/// The parse pass: from a [NormLayer] class, through the semantic model, to a <see cref="LayerModel"/> or the
/// diagnostics that say why there is none.
/// </summary>
internal static class LayerParser
{
    public static LayerParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var parse = new ParseContext(cancellationToken);
        LayerModel? model;
        try
        {
            if (!IsFirstApplication(context)) return LayerParseResult.Empty;
            model = ParseLayer(context, parse);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A parser bug must cost one layer a diagnostic, not the whole project its generator (CS8785).
            var location = context.TargetNode is TypeDeclarationSyntax declaration
                ? LocationInfo.From(declaration.Identifier.GetLocation())
                : LocationInfo.From(context.TargetNode);
            parse.Add(InternalErrors.Create(context.TargetSymbol.Name, location, exception));
            model = null;
        }
        return new LayerParseResult(parse.HasErrors ? null : model, parse.Diagnostics);
    }

    private static LayerModel? ParseLayer(GeneratorAttributeSyntaxContext context, ParseContext parse)
    {
        // [NormLayer] is AttributeTargets.Class: on a struct or interface the compiler reports CS0592 already.
        if (context.TargetSymbol is not INamedTypeSymbol { TypeKind: TypeKind.Class } type
            || context.TargetNode is not TypeDeclarationSyntax declaration)
        {
            parse.FailSilently();
            return null;
        }

        // class { ... } without a name, while typing: nothing to say that the compiler does not.
        if (declaration.Identifier.IsMissing)
        {
            parse.FailSilently();
            return null;
        }

        CheckClassShape(type, declaration, parse);
        var attribute = LayerAttribute.Parse(context.Attributes[0], parse);
        var method = FormulaMethodFinder.Find(type, declaration, context.SemanticModel, parse);
        if (method is null) return null;
        var parameters = ParameterParser.Parse(method, parse);
        var outputs = OutputParser.Names(method, parse);
        var body = FormulaBodyParser.Parse(method, parameters, outputs, parse);
        if (attribute is null || body is null || parse.HasErrors) return null;
        UnusedRunning.Check(body, parse);
        if (parse.HasErrors) return null;
        var axisLists = new List<(string, LocationInfo?)> { (attribute.Layout, attribute.LayoutLocation) };
        if (attribute.Output is { } output) axisLists.Add((output, attribute.OutputLocation));
        foreach (var p in parameters) if (p.Axes is { } axes) axisLists.Add((axes, p.AxesLocation));
        var userMembers = NameRules.UserMembers(method);
        NameRules.Check(type.Name, method, parameters, body.Locals, axisLists, HasRunning(body), userMembers, parse, body.Outputs);
        if (parse.HasErrors) return null;

        return new LayerModel(
            Namespace: type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            ClassName: type.Name,
            Layout: attribute.Layout,
            LayoutLocation: attribute.LayoutLocation,
            OutputLayout: attribute.Output,
            OutputLayoutLocation: attribute.OutputLocation,
            Specialize: attribute.Specialize,
            SpecializeLocation: attribute.SpecializeLocation,
            MethodName: method.Symbol.Name,
            Parameters: parameters,
            Locals: body.Locals,
            Result: body.Result,
            Location: LocationInfo.From(declaration.Identifier.GetLocation()))
        {
            UserMembers = userMembers,
            Outputs = body.Outputs,
        };
    }

    private static bool HasRunning(FormulaBody body) =>
        body.Locals.Select(l => l.Value).Concat(body.Results).Any(Calls);

    private static bool Calls(FormulaNode node) => node switch
    {
        CallNode c => c.Op == Ir.Op.Running || c.Arguments.Any(Calls),
        BinaryNode b => Calls(b.Left) || Calls(b.Right),
        NegateNode n => Calls(n.Operand),
        _ => false,
    };

    /// <summary>
    /// The generator emits another part of the class, with instance members (the stateful layer); that only works
    /// for a top-level, non-generic, non-static partial class.
    /// </summary>
    private static void CheckClassShape(INamedTypeSymbol type, TypeDeclarationSyntax declaration, ParseContext parse)
    {
        // One diagnostic at the most specific culprit: its message already lists every requirement.
        LocationInfo? culprit = null;
        foreach (var modifier in declaration.Modifiers)
        {
            if (modifier.IsKind(SyntaxKind.StaticKeyword)) culprit = LocationInfo.From(modifier.GetLocation());
        }
        if (culprit is null && type.IsRecord) culprit = LocationInfo.From(declaration.Keyword.GetLocation());
        if (culprit is null && declaration.TypeParameterList is { } typeParameters) culprit = LocationInfo.From(typeParameters);
        if (culprit is null && (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword) || type.ContainingType is not null || type.Arity > 0))
            culprit = LocationInfo.From(declaration.Identifier.GetLocation());
        if (culprit is not null) parse.Report(DiagnosticDescriptors.LayerMustBePartial, culprit, type.Name);
    }

    /// <summary>
    /// A class with [NormLayer] on two partial declarations (CS0579) reaches the parser once per declaration; only
    /// the declaration holding the first application, in a stable order, may produce the layer, or the two would
    /// report everything twice and fight over one hint name.
    /// </summary>
    private static bool IsFirstApplication(GeneratorAttributeSyntaxContext context)
    {
        SyntaxReference? first = null;
        foreach (var attribute in context.TargetSymbol.GetAttributes())
        {
            if (!NormGenTypes.IsNormLayerAttribute(attribute.AttributeClass) || attribute.ApplicationSyntaxReference is not { } reference) continue;
            if (first is null || Compare(reference, first) < 0) first = reference;
        }
        var target = context.TargetNode;
        return first is null || (first.SyntaxTree == target.SyntaxTree && target.FullSpan.Contains(first.Span));
    }

    private static int Compare(SyntaxReference a, SyntaxReference b)
    {
        int byPath = string.CompareOrdinal(a.SyntaxTree.FilePath, b.SyntaxTree.FilePath);
        return byPath != 0 ? byPath : a.Span.Start.CompareTo(b.Span.Start);
    }
}
