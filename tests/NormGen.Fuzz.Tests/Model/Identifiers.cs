using Microsoft.CodeAnalysis.CSharp;

namespace NormGen.Fuzz.Tests.Model;

/// <summary>Identifiers as C# spells them: a reserved keyword needs '@' (<c>@in</c>, <c>@class</c>).</summary>
public static class Identifiers
{
    public static bool IsReservedKeyword(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None;

    public static string Escape(string name) => IsReservedKeyword(name) ? "@" + name : name;
}
