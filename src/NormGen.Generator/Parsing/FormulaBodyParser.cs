using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using NormGen.Generator.Diagnostics;
using NormGen.Generator.Model;

namespace NormGen.Generator.Parsing;

/// <summary>
/// Reads a formula body: an expression body, or a block of local declarations (let-bindings) and one final return.
/// Statements are classified by syntax, so NG0001 points at exactly the statement the user wrote; expressions go
/// through the semantic model.
/// </summary>
internal static class FormulaBodyParser
{
    /// <param name="outputs">A tuple-returning formula's output names (<see cref="OutputParser.Names"/>), else null.</param>
    public static FormulaBody? Parse(FormulaMethod method, EquatableArray<FormulaParameter> parameters,
        IReadOnlyList<(string Name, LocationInfo? Location)>? outputs, ParseContext parse)
    {
        var expressions = new ExpressionParser(parameters, parse);
        var syntax = method.Syntax;
        if (syntax.Body is { } block) return ParseBlock(block, method.SemanticModel, expressions, outputs, parse);
        if (syntax.ExpressionBody is { } arrow)
            return Body(EquatableArray<LocalBinding>.Empty, ReturnedValue(method, arrow, parse), expressions, outputs, parse);
        parse.FailSilently();
        return null;
    }

    /// <summary>The body from its locals and the returned value: one Expr, or a tuple literal with one value per output.</summary>
    private static FormulaBody? Body(EquatableArray<LocalBinding> locals, IOperation? value, ExpressionParser expressions,
        IReadOnlyList<(string Name, LocationInfo? Location)>? outputs, ParseContext parse)
    {
        if (outputs is null)
        {
            var result = expressions.Parse(value);
            return result is null ? null : new FormulaBody(locals, result);
        }
        if (OutputParser.Elements(value, outputs.Count, parse) is not { } elements) return null;
        var parsed = new List<FormulaOutput>();
        for (int i = 0; i < elements.Count; i++)
        {
            // Every element is parsed, so each one's problems are reported in the same build.
            if (expressions.Parse(elements[i]) is { } node) parsed.Add(new FormulaOutput(outputs[i].Name, node, outputs[i].Location));
        }
        return parsed.Count != outputs.Count || parsed.Count == 0 ? null
            : new FormulaBody(locals, parsed[0].Value) { Outputs = parsed.ToEquatableArray() };
    }

    /// <summary>
    /// The value of an expression body including its implicit conversion to Expr (<c>=> eps</c> converts a
    /// double), as for a return statement, so both body forms reach the expression parser alike.
    /// </summary>
    private static IOperation? ReturnedValue(FormulaMethod method, ArrowExpressionClauseSyntax arrow, ParseContext parse)
    {
        var ct = parse.CancellationToken;
        if (method.SemanticModel.GetOperation(method.Syntax, ct) is IMethodBodyOperation { ExpressionBody: { } body }
            && body.Operations.Length == 1 && body.Operations[0] is IReturnOperation { ReturnedValue: { } value })
        {
            return value;
        }
        return method.SemanticModel.GetOperation(arrow.Expression, ct);
    }

    private static FormulaBody? ParseBlock(BlockSyntax block, SemanticModel semanticModel, ExpressionParser expressions,
        IReadOnlyList<(string Name, LocationInfo? Location)>? outputs, ParseContext parse)
    {
        var ct = parse.CancellationToken;
        var locals = new List<LocalBinding>();
        FormulaBody? result = null;
        bool returned = false;
        var statements = block.Statements;
        for (int i = 0; i < statements.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var statement = statements[i];
            switch (statement)
            {
                case LocalDeclarationStatementSyntax { IsConst: true }:
                    // A const local is folded by the compiler into every use (e.g. const string Axes = "n h w").
                    break;
                case LocalDeclarationStatementSyntax declaration when IsLetBinding(declaration):
                    ParseDeclaration(declaration, semanticModel, expressions, locals, parse);
                    break;
                case ReturnStatementSyntax ret when i == statements.Count - 1:
                    returned = true;
                    var value = (semanticModel.GetOperation(ret, ct) as IReturnOperation)?.ReturnedValue;
                    result = Body(locals.ToEquatableArray(), value, expressions, outputs, parse);
                    break;
                default:
                    parse.Report(DiagnosticDescriptors.UnsupportedStatement, statement, ParseContext.Quote(statement));
                    break;
            }
        }

        // A block that does not end in a return does not compile (CS0161) unless it throws, which NG0001 reported.
        if (!returned) parse.FailSilently();
        return result;
    }

    /// <summary>A plain <c>var</c>/<c>Expr</c> declaration: no using, await, ref or scoped locals.</summary>
    private static bool IsLetBinding(LocalDeclarationStatementSyntax declaration) =>
        declaration.Modifiers.Count == 0
        && declaration.UsingKeyword.RawKind == 0
        && declaration.AwaitKeyword.RawKind == 0
        && declaration.Declaration.Type is not (RefTypeSyntax or ScopedTypeSyntax);

    private static void ParseDeclaration(
        LocalDeclarationStatementSyntax declaration, SemanticModel semanticModel, ExpressionParser expressions,
        List<LocalBinding> locals, ParseContext parse)
    {
        foreach (var declarator in declaration.Declaration.Variables)
        {
            var operation = semanticModel.GetOperation(declarator, parse.CancellationToken) as IVariableDeclaratorOperation;
            if (operation is null || NormGenTypes.IsError(operation.Symbol.Type))
            {
                parse.FailSilently();
                continue;
            }

            var type = operation.Symbol.Type;
            // Tensors, numbers (var k = 10, var keep = 1 - momentum) are values of the formula; anything else (a
            // string of axes, say) is not: axis lists must be constants.
            if (declarator.Initializer is null)
            {
                parse.Report(DiagnosticDescriptors.UnsupportedStatement, declarator, ParseContext.Quote(declarator));
                continue;
            }
            if (!NormGenTypes.IsExpr(type) && !NormGenTypes.IsNumber(type))
            {
                parse.Report(DiagnosticDescriptors.UnsupportedLocal, declarator, operation.Symbol.Name,
                    type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat).TrimEnd('?'));
                continue;
            }

            var initializer = operation.Initializer ?? (operation.Parent as IVariableDeclarationOperation)?.Initializer;
            var value = expressions.Parse(initializer?.Value);
            expressions.DeclareLocal(operation.Symbol.Name, value);
            if (value is not null) locals.Add(new LocalBinding(operation.Symbol.Name, value, LocationInfo.From(declarator)));
        }
    }
}
