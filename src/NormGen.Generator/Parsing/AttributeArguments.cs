using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NormGen.Generator.Parsing;

/// <summary>
/// Finds the syntax of an attribute argument, so a diagnostic about its value points at the value the user wrote
/// rather than at the whole attribute.
/// </summary>
internal static class AttributeArguments
{
    /// <summary>A constructor argument, given positionally or as <c>name: value</c>.</summary>
    public static ExpressionSyntax? Constructor(AttributeSyntax? attribute, int position, string parameterName)
    {
        if (attribute?.ArgumentList is null) return null;
        int index = 0;
        foreach (var argument in attribute.ArgumentList.Arguments)
        {
            if (argument.NameEquals is not null) continue;
            if (argument.NameColon is not null)
            {
                if (argument.NameColon.Name.Identifier.ValueText == parameterName) return argument.Expression;
            }
            else if (index == position)
            {
                return argument.Expression;
            }
            index++;
        }
        return null;
    }

    /// <summary>A property set as <c>Name = value</c>.</summary>
    public static ExpressionSyntax? Named(AttributeSyntax? attribute, string propertyName)
    {
        if (attribute?.ArgumentList is null) return null;
        foreach (var argument in attribute.ArgumentList.Arguments)
        {
            if (argument.NameEquals?.Name.Identifier.ValueText == propertyName) return argument.Expression;
        }
        return null;
    }
}
