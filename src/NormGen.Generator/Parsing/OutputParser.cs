using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using NormGen.Generator.Diagnostics;
using NormGen.Generator.Model;

namespace NormGen.Generator.Parsing;

/// <summary>
/// Several outputs: a formula returning a tuple with named Expr elements, <c>static (Expr y, Expr h) Forward(...)</c>,
/// returns a tuple literal <c>(value0, value1)</c>. The names become the generated Forward's output arguments and, with
/// a d before them, Backward's gradients, so each element must have one (NG0019), unique (NG0016); clashes with the
/// formula's other names are NameRules' (NG0016).
/// </summary>
internal static class OutputParser
{
    /// <summary>The outputs' names and where each is written; null for a formula returning one Expr (the output y).</summary>
    public static List<(string Name, LocationInfo? Location)>? Names(FormulaMethod method, ParseContext parse)
    {
        if (method.Symbol.ReturnType is not INamedTypeSymbol { IsTupleType: true } tuple) return null;
        var syntax = method.Syntax.ReturnType as TupleTypeSyntax;
        var elements = tuple.TupleElements;
        var names = new List<(string, LocationInfo?)>();
        for (int i = 0; i < elements.Length; i++)
        {
            var element = elements[i];
            var elementSyntax = syntax is not null && syntax.Elements.Count == elements.Length ? syntax.Elements[i] : null;
            SyntaxNode at = elementSyntax ?? (SyntaxNode)method.Syntax.ReturnType;
            bool named = elementSyntax is null ? element.IsExplicitlyNamedTupleElement : elementSyntax.Identifier.RawKind != 0 && !elementSyntax.Identifier.IsMissing;
            string what = named ? $"'{element.Name}'" : (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (NormGenTypes.IsError(element.Type))
            {
                parse.FailSilently();
                continue;
            }
            if (!NormGenTypes.IsExpr(element.Type))
            {
                parse.Report(DiagnosticDescriptors.InvalidOutput, elementSyntax?.Type ?? at, what,
                    $"its type is {element.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}; every element of the returned tuple is an output tensor, an Expr");
                continue;
            }
            if (!named)
            {
                parse.Report(DiagnosticDescriptors.InvalidOutput, at, what,
                    "has no name; name every element of the returned tuple, as in (Expr y, Expr h): the names are the generated Forward's output arguments, and with a 'd' before them Backward's gradients");
                continue;
            }
            var location = LocationInfo.From(elementSyntax is null ? at.GetLocation() : elementSyntax.Identifier.GetLocation());
            if (names.Exists(n => n.Item1 == element.Name))
            {
                parse.Report(DiagnosticDescriptors.NameCollision, location, element.Name, "the returned tuple already has an output of this name");
                continue;
            }
            names.Add((element.Name, location));
        }
        return names;
    }

    /// <summary>
    /// The elements of the returned tuple literal, each with its implicit conversion to Expr (a double constant or
    /// hyper-parameter converts); null after reporting why when the value is not a tuple literal.
    /// </summary>
    public static IReadOnlyList<IOperation>? Elements(IOperation? value, int count, ParseContext parse)
    {
        var operation = value;
        // return (a, b); converts the literal to the declared tuple type, element by element.
        while (operation is IConversionOperation { Operand: var operand } && operand is ITupleOperation or IConversionOperation or IParenthesizedOperation)
            operation = operand;
        while (operation is IParenthesizedOperation parenthesized) operation = parenthesized.Operand;
        if (operation is ITupleOperation tuple)
        {
            if (tuple.Elements.Length == count) return tuple.Elements;
            parse.FailSilently(); // the C# compiler reports the mismatch
            return null;
        }
        if (value is null || value is IInvalidOperation || value.Type is null || value.Type.TypeKind == TypeKind.Error)
        {
            parse.FailSilently();
            return null;
        }
        parse.Report(DiagnosticDescriptors.InvalidOutput, value.Syntax, ParseContext.Quote(value.Syntax),
            "a formula with several outputs returns a tuple literal, one value per output: return (value0, value1);");
        return null;
    }
}
