using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NormGen.Generator.Diagnostics;
using NormGen.Generator.Model;

namespace NormGen.Generator.Parsing;

/// <summary>Gives each formula parameter its role: Expr input, Expr [Param] or double hyper-parameter.</summary>
internal static class ParameterParser
{
    private const double DefaultInit = 1.0;

    public static EquatableArray<FormulaParameter> Parse(FormulaMethod method, ParseContext parse)
    {
        var result = new List<FormulaParameter>();
        foreach (var parameter in method.Symbol.Parameters)
        {
            parse.CancellationToken.ThrowIfCancellationRequested();
            if (Parse(parameter, parse) is { } parsed) result.Add(parsed);
        }
        return result.ToEquatableArray();
    }

    public static AttributeData? FindParamAttribute(IParameterSymbol parameter) => FindAttribute(parameter, NormGenTypes.IsParamAttribute);

    public static AttributeData? FindInputAttribute(IParameterSymbol parameter) => FindAttribute(parameter, NormGenTypes.IsInputAttribute);

    private static AttributeData? FindAttribute(IParameterSymbol parameter, System.Func<ITypeSymbol?, bool> isAttribute)
    {
        foreach (var attribute in parameter.GetAttributes())
        {
            if (isAttribute(attribute.AttributeClass)) return attribute;
        }
        return null;
    }

    private static FormulaParameter? Parse(IParameterSymbol parameter, ParseContext parse)
    {
        var syntax = SyntaxOf(parameter, parse);
        var location = LocationInfo.From(syntax);
        var paramAttribute = FindParamAttribute(parameter);
        var inputAttribute = FindInputAttribute(parameter);

        // The generated kernels pass tensors as spans and hyper-parameters as T: there is nothing to pass by reference.
        if (parameter.RefKind != RefKind.None || parameter.IsParams || parameter.IsThis)
            parse.Report(DiagnosticDescriptors.InvalidParameter, location, parameter.Name, "must be passed by value, without ref, out, in, params or this");

        if (NormGenTypes.IsError(parameter.Type))
        {
            parse.FailSilently();
            return null;
        }

        if (NormGenTypes.IsDouble(parameter.Type))
        {
            if (paramAttribute is not null)
            {
                var attributeSyntax = paramAttribute.ApplicationSyntaxReference?.GetSyntax(parse.CancellationToken);
                parse.Report(DiagnosticDescriptors.InvalidParameter, attributeSyntax ?? syntax, parameter.Name,
                    "[Param] marks a learned tensor and applies only to Expr parameters; a double is a hyper-parameter");
            }
            if (inputAttribute is not null)
                parse.Report(DiagnosticDescriptors.InvalidParameter, AttributeSyntaxOf(inputAttribute, parse) ?? syntax, parameter.Name,
                    "[Input] marks a conditioning input and applies only to Expr parameters; a double is a hyper-parameter");
            double? defaultValue = parameter.HasExplicitDefaultValue && Constants.TryGetDouble(parameter.ExplicitDefaultValue, out double d) ? d : null;
            return new FormulaParameter(parameter.Name, ParameterRole.Hyper, null, null, DefaultInit, defaultValue, location);
        }

        if (!NormGenTypes.IsExpr(parameter.Type))
        {
            parse.Report(DiagnosticDescriptors.UnsupportedParameterType, location, parameter.Name,
                parameter.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
            return null;
        }

        if (parameter.HasExplicitDefaultValue)
        {
            SyntaxNode? at = syntax is ParameterSyntax { Default: { } clause } ? clause : syntax;
            parse.Report(DiagnosticDescriptors.InvalidParameter, at, parameter.Name,
                "an Expr parameter is a tensor the caller passes and cannot have a default value");
        }

        if (paramAttribute is not null && inputAttribute is not null)
        {
            parse.Report(DiagnosticDescriptors.InvalidParameter, AttributeSyntaxOf(inputAttribute, parse) ?? syntax, parameter.Name,
                "[Input] and [Param] exclude each other: a tensor is either passed by the caller ([Input]) or learned ([Param])");
            return null;
        }
        if (inputAttribute is not null) return ParseInput(parameter, inputAttribute, location, parse);
        if (paramAttribute is null)
            return new FormulaParameter(parameter.Name, ParameterRole.Input, null, null, DefaultInit, null, location);
        return ParseParam(parameter, paramAttribute, location, parse);
    }

    /// <summary>
    /// [Input("n d")]: a conditioning input over some of the layout's axes. The parser checks the text; the bind step,
    /// which knows the layout, checks that every axis is the layout's and that they come in its order.
    /// </summary>
    private static FormulaParameter? ParseInput(IParameterSymbol parameter, AttributeData attribute, LocationInfo? location, ParseContext parse)
    {
        // No constructor means the arguments do not bind (e.g. [Input] or [Input(1)]): the compiler says so.
        if (attribute.AttributeConstructor is null || attribute.ConstructorArguments.Length != 1)
        {
            parse.FailSilently();
            return null;
        }
        var attributeSyntax = AttributeSyntaxOf(attribute, parse);
        var axesSyntax = (SyntaxNode?)AttributeArguments.Constructor(attributeSyntax, 0, "axes") ?? attributeSyntax;
        string axes = attribute.ConstructorArguments[0].Value as string ?? "";
        if (axes.Trim().Length == 0)
        {
            parse.Report(DiagnosticDescriptors.MalformedLayout, axesSyntax, axes,
                "it names no axis (a conditioning input varies over at least one axis of the layout)");
            return null;
        }
        if (!AxisSyntax.Validate(axes, axesSyntax, parse)) return null;
        return new FormulaParameter(parameter.Name, ParameterRole.Input, axes, LocationInfo.From(axesSyntax), DefaultInit, null, location);
    }

    private static AttributeSyntax? AttributeSyntaxOf(AttributeData attribute, ParseContext parse) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(parse.CancellationToken) as AttributeSyntax;

    private static FormulaParameter? ParseParam(IParameterSymbol parameter, AttributeData attribute, LocationInfo? location, ParseContext parse)
    {
        // No constructor means the arguments do not bind (e.g. [Param(1, 2)], CS1729): the compiler says so.
        if (attribute.AttributeConstructor is null || attribute.ConstructorArguments.Length > 1)
        {
            parse.FailSilently();
            return null;
        }

        var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(parse.CancellationToken) as AttributeSyntax;
        var axesSyntax = (SyntaxNode?)AttributeArguments.Constructor(attributeSyntax, 0, "axes") ?? attributeSyntax;
        // [Param] without an axes string is a learned scalar (Axes null); an axes string must name at least one axis,
        // so [Param("")] stays NG0009 and says how a scalar is written.
        string? axes = null;
        if (attribute.ConstructorArguments.Length == 1)
        {
            axes = attribute.ConstructorArguments[0].Value as string ?? "";
            if (axes.Trim().Length == 0)
                parse.Report(DiagnosticDescriptors.MalformedLayout, axesSyntax, axes,
                    "it names no axis (a learned scalar is written [Param] or [Param(Init = ...)], without an axes string)");
            else
                AxisSyntax.Validate(axes, axesSyntax, parse);
        }

        double init = DefaultInit;
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key == "Init" && Constants.TryGetDouble(named.Value.Value, out double value)) init = value;
        }

        return new FormulaParameter(parameter.Name, ParameterRole.Param, axes, LocationInfo.From(axesSyntax), init, null, location);
    }

    private static SyntaxNode? SyntaxOf(IParameterSymbol parameter, ParseContext parse)
    {
        foreach (var reference in parameter.DeclaringSyntaxReferences)
            return reference.GetSyntax(parse.CancellationToken);
        return null;
    }
}
