using Microsoft.CodeAnalysis;
using NormGen.Generator.Diagnostics;
using NormGen.Generator.Model;

namespace NormGen.Generator.Parsing;

/// <summary>Validates an axis list written in an attribute or an Ops call, reporting NG0009 at the text.</summary>
internal static class AxisSyntax
{
    public static bool Validate(string? text, SyntaxNode? at, ParseContext parse) => Parse(text, at, parse) is not null;

    public static AxisList? Parse(string? text, SyntaxNode? at, ParseContext parse)
    {
        var axes = AxisList.Parse(text, out string error);
        if (axes is null) parse.Report(DiagnosticDescriptors.MalformedLayout, at, text ?? "", error);
        return axes;
    }
}
