using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NormGen.Generator.Diagnostics;
using NormGen.Generator.Model;

namespace NormGen.Generator.Parsing;

/// <summary>The arguments of [NormLayer(layout, Output = .., Specialize = ..)], with where each was written.</summary>
internal sealed record LayerAttribute(
    string Layout,
    LocationInfo? LayoutLocation,
    string? Output,
    LocationInfo? OutputLocation,
    string? Specialize,
    LocationInfo? SpecializeLocation)
{
    /// <summary>Returns null when the layout is unusable; a malformed Output still yields the rest, for more diagnostics.</summary>
    public static LayerAttribute? Parse(AttributeData attribute, ParseContext parse)
    {
        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(parse.CancellationToken) as AttributeSyntax;

        // No constructor means the arguments do not bind (e.g. [NormLayer] alone, CS7036): the compiler says so.
        if (attribute.AttributeConstructor is null || attribute.ConstructorArguments.Length != 1)
        {
            parse.FailSilently();
            return null;
        }

        var layoutSyntax = (SyntaxNode?)AttributeArguments.Constructor(syntax, 0, "layout") ?? syntax;
        string? layout = attribute.ConstructorArguments[0].Value as string;
        bool layoutValid = AxisSyntax.Validate(layout, layoutSyntax, parse);

        string? output = null, specialize = null;
        LocationInfo? outputLocation = null, specializeLocation = null;
        foreach (var named in attribute.NamedArguments)
        {
            var valueSyntax = (SyntaxNode?)AttributeArguments.Named(syntax, named.Key) ?? syntax;
            switch (named.Key)
            {
                // Output = null means "same as the input", as when it is not set.
                case "Output" when named.Value.Value is string text:
                    output = text;
                    outputLocation = LocationInfo.From(valueSyntax);
                    AxisSyntax.Validate(output, valueSyntax, parse);
                    break;
                case "Specialize" when named.Value.Value is string text:
                    // Validated by the compiler passes, which know the axes and their roles.
                    specialize = text;
                    specializeLocation = LocationInfo.From(valueSyntax);
                    break;
            }
        }

        return layoutValid
            ? new LayerAttribute(layout!, LocationInfo.From(layoutSyntax), output, outputLocation, specialize, specializeLocation)
            : null;
    }
}
