using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NormGen.Generator.Parsing;

/// <summary>
/// The [Formula] method being parsed. Lives only inside the parse pass: it holds symbols and syntax, which must
/// never reach the pipeline model (deliberately not a record, so it cannot be mistaken for one).
/// </summary>
internal sealed class FormulaMethod(IMethodSymbol symbol, MethodDeclarationSyntax syntax, SemanticModel semanticModel)
{
    public IMethodSymbol Symbol { get; } = symbol;

    public MethodDeclarationSyntax Syntax { get; } = syntax;

    /// <summary>The model of the method's own tree, which for a partial class may not be the attribute's.</summary>
    public SemanticModel SemanticModel { get; } = semanticModel;
}
