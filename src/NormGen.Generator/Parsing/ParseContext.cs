using System.Collections.Generic;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using NormGen.Generator.Diagnostics;
using NormGen.Generator.Model;

namespace NormGen.Generator.Parsing;

/// <summary>
/// Collects diagnostics for one layer. The parser keeps going after an error so a user sees every problem of a
/// formula at once, and only the final result decides whether a model is produced.
/// </summary>
internal sealed class ParseContext
{
    private const int MaxQuotedLength = 60;

    private readonly List<DiagnosticInfo> _diagnostics = new();

    public ParseContext(CancellationToken cancellationToken) => CancellationToken = cancellationToken;

    public CancellationToken CancellationToken { get; }

    /// <summary>True once anything was wrong, whether NormGen said so or the C# compiler already did.</summary>
    public bool HasErrors { get; private set; }

    public EquatableArray<DiagnosticInfo> Diagnostics => _diagnostics.ToEquatableArray();

    public void Report(DiagnosticDescriptor descriptor, SyntaxNode? at, params string[] arguments) =>
        Report(descriptor, LocationInfo.From(at), arguments);

    public void Report(DiagnosticDescriptor descriptor, SyntaxToken at, params string[] arguments) =>
        Report(descriptor, LocationInfo.From(at.GetLocation()), arguments);

    public void Report(DiagnosticDescriptor descriptor, LocationInfo? at, params string[] arguments) =>
        Add(DiagnosticInfo.Create(descriptor, at, arguments));

    public void Add(DiagnosticInfo diagnostic)
    {
        // Two checks can trip over the same syntax (an abstract method is neither static nor has a body); once is enough.
        if (!_diagnostics.Contains(diagnostic)) _diagnostics.Add(diagnostic);
        if (DiagnosticDescriptors.ById(diagnostic.Id).DefaultSeverity == DiagnosticSeverity.Error) HasErrors = true;
    }

    /// <summary>
    /// The code does not compile and the C# compiler reports why; piling a NormGen diagnostic on top of its error
    /// would only add noise, but no model may come out of it either.
    /// </summary>
    public void FailSilently() => HasErrors = true;

    /// <summary>Source text for a message: on one line and short, since constructs like lambdas can span a screen.</summary>
    public static string Quote(SyntaxNode node)
    {
        var text = new StringBuilder();
        bool space = false;
        foreach (char c in node.ToString())
        {
            if (char.IsWhiteSpace(c)) { space = text.Length > 0; continue; }
            if (space) text.Append(' ');
            space = false;
            text.Append(c);
            if (text.Length > MaxQuotedLength) return text.ToString(0, MaxQuotedLength) + "...";
        }
        return text.ToString();
    }
}
