using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NormGen.Generator.Diagnostics;

namespace NormGen.Generator.Parsing;

/// <summary>Finds the one static [Formula] method of a layer and checks its signature (NG0008).</summary>
internal static class FormulaMethodFinder
{
    /// <summary>
    /// Returns the formula method when there is one with a body to parse, even if its signature is wrong, so the
    /// body's diagnostics are reported in the same build as the signature's.
    /// </summary>
    public static FormulaMethod? Find(INamedTypeSymbol type, TypeDeclarationSyntax declaration, SemanticModel semanticModel, ParseContext parse)
    {
        var ct = parse.CancellationToken;
        var candidates = new List<(IMethodSymbol Symbol, MethodDeclarationSyntax Syntax)>();
        foreach (var member in type.GetMembers())
        {
            ct.ThrowIfCancellationRequested();
            if (member is not IMethodSymbol method || !HasFormulaAttribute(method)) continue;
            // The body of a partial method is on its implementation part; attributes are merged onto both.
            var implementation = method.PartialImplementationPart ?? method;
            foreach (var reference in implementation.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(ct) is MethodDeclarationSyntax syntax)
                {
                    candidates.Add((implementation, syntax));
                    break;
                }
            }
        }

        if (candidates.Count == 0)
        {
            // With syntax errors in the class (a half-typed "[Formula"), the method may well be there.
            if (declaration.ContainsDiagnostics) parse.FailSilently();
            else parse.Report(DiagnosticDescriptors.FormulaMethodMissing, declaration.Identifier, type.Name);
            return null;
        }

        // Members of a partial class come from several files: pick "the first" in an order that does not depend
        // on how the compiler happened to merge them.
        candidates.Sort((a, b) =>
        {
            int byPath = string.CompareOrdinal(a.Syntax.SyntaxTree.FilePath, b.Syntax.SyntaxTree.FilePath);
            return byPath != 0 ? byPath : a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart);
        });
        for (int i = 1; i < candidates.Count; i++)
            parse.Report(DiagnosticDescriptors.FormulaMethodMissing, candidates[i].Syntax.Identifier, type.Name);

        var (symbol, methodSyntax) = candidates[0];
        if (methodSyntax.Body is null && methodSyntax.ExpressionBody is null)
        {
            // extern, abstract or a partial definition without implementation: there is no formula to read.
            // A half-typed method has no body either, and the compiler's syntax error says more.
            if (methodSyntax.ContainsDiagnostics) parse.FailSilently();
            else parse.Report(DiagnosticDescriptors.FormulaMethodMissing, methodSyntax.Identifier, type.Name);
            return null;
        }
        CheckSignature(type, symbol, methodSyntax, parse);

        var model = semanticModel.SyntaxTree == methodSyntax.SyntaxTree
            ? semanticModel
            : semanticModel.Compilation.GetSemanticModel(methodSyntax.SyntaxTree);
        return new FormulaMethod(symbol, methodSyntax, model);
    }

    private static void CheckSignature(INamedTypeSymbol type, IMethodSymbol method, MethodDeclarationSyntax syntax, ParseContext parse)
    {
        if (!method.IsStatic)
            parse.Report(DiagnosticDescriptors.FormulaMethodMissing, syntax.Identifier, type.Name);

        if (NormGenTypes.IsError(method.ReturnType)) parse.FailSilently();
        // A tuple is several outputs; its elements are checked where they are read (OutputParser).
        else if (!(NormGenTypes.IsExpr(method.ReturnType) || method.ReturnType.IsTupleType) || method.RefKind != RefKind.None)
            parse.Report(DiagnosticDescriptors.FormulaMethodMissing, syntax.ReturnType, type.Name);

        if (syntax.TypeParameterList is { } typeParameters)
            parse.Report(DiagnosticDescriptors.FormulaMethodMissing, typeParameters, type.Name);

        if (method.Parameters.Length == 0)
        {
            if (syntax.ParameterList.ContainsDiagnostics) parse.FailSilently();
            else parse.Report(DiagnosticDescriptors.FormulaMethodMissing, syntax.ParameterList, type.Name);
            return;
        }

        // The first parameter is the input the layout describes. A first parameter of a type no formula parameter
        // may have is left to NG0003, so one mistake does not read as two.
        var first = method.Parameters[0];
        bool isParam = NormGenTypes.IsExpr(first.Type) && ParameterParser.FindParamAttribute(first) is not null;
        if (isParam || NormGenTypes.IsDouble(first.Type))
        {
            SyntaxNode at = syntax.ParameterList.Parameters.Count > 0 ? syntax.ParameterList.Parameters[0] : syntax.ParameterList;
            parse.Report(DiagnosticDescriptors.FormulaMethodMissing, at, type.Name);
        }
    }

    private static bool HasFormulaAttribute(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (NormGenTypes.IsFormulaAttribute(attribute.AttributeClass)) return true;
        }
        return false;
    }
}
