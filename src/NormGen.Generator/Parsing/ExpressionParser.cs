using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using NormGen.Generator.Diagnostics;
using NormGen.Generator.Model;

namespace NormGen.Generator.Parsing;

/// <summary>
/// Turns the IOperation tree of a formula expression into <see cref="FormulaNode"/>s. Working on the semantic
/// model rather than syntax means names are already bound (a parameter, a local, NormGen.Ops.Mean through
/// 'using static'), operators are resolved (Expr's, or double's on hyper-parameters) and constants are folded.
/// Every unsupported construct is reported at its own syntax, and parsing goes on beside it: null means
/// "failed", and the caller has either been told why or the C# compiler reports an error there.
/// </summary>
internal sealed partial class ExpressionParser(EquatableArray<FormulaParameter> parameters, ParseContext parse)
{
    /// <summary>Let-bindings seen so far; null for one whose value failed to parse (already reported).</summary>
    private readonly Dictionary<string, FormulaNode?> _locals = new();

    public void DeclareLocal(string name, FormulaNode? value) => _locals[name] = value;

    public FormulaNode? Parse(IOperation? operation)
    {
        parse.CancellationToken.ThrowIfCancellationRequested();
        // Deeply nested formulas must become a diagnostic, not a StackOverflowException that kills the compiler.
        RuntimeHelpers.EnsureSufficientExecutionStack();

        if (operation is null || operation is IInvalidOperation || operation.Type is { TypeKind: TypeKind.Error })
        {
            parse.FailSilently();
            return null;
        }

        // Literals, const fields and locals, folded arithmetic (2 * 0.5) and their numeric conversions.
        if (operation.ConstantValue.HasValue)
        {
            if (Constants.TryGetDouble(operation.ConstantValue.Value, out double value)) return new ConstNode(value, Location(operation));
            return Unsupported(operation); // null, a string or a bool where a number is needed
        }

        switch (operation)
        {
            case IConversionOperation conversion: return ParseConversion(conversion);
            case IParenthesizedOperation parenthesized: return Parse(parenthesized.Operand);
            case IParameterReferenceOperation reference: return ParseParameterReference(reference);
            case ILocalReferenceOperation reference: return ParseLocalReference(reference);
            case IBinaryOperation binary: return ParseBinary(binary);
            case IUnaryOperation unary: return ParseUnary(unary);
            case IInvocationOperation invocation: return ParseInvocation(invocation);
            default: return Unsupported(operation);
        }
    }

    private FormulaNode? ParseConversion(IConversionOperation conversion)
    {
        if (conversion.OperatorMethod is { } method)
        {
            // Only Expr's own conversion from double; a user type converting itself to Expr is opaque to NormGen.
            bool fromDouble = NormGenTypes.IsExpr(method.ContainingType)
                && method.Parameters.Length == 1 && NormGenTypes.IsDouble(method.Parameters[0].Type);
            return fromDouble ? Parse(conversion.Operand) : Unsupported(conversion);
        }

        // A conversion that does not exist is a compiler error (e.g. returning from an 'async Expr' method).
        if (!conversion.Conversion.Exists)
        {
            parse.FailSilently();
            return null;
        }

        // An explicit numeric conversion such as (float)eps rounds the value, which kernels in double cannot honour.
        return conversion.Conversion.IsIdentity || conversion.Conversion.IsImplicit ? Parse(conversion.Operand) : Unsupported(conversion);
    }

    private FormulaNode? ParseParameterReference(IParameterReferenceOperation reference)
    {
        foreach (var parameter in parameters)
        {
            if (parameter.Name == reference.Parameter.Name) return new RefNode(parameter.Name, Location(reference));
        }
        // A parameter rejected by the parameter parser (NG0003), already reported.
        parse.FailSilently();
        return null;
    }

    private FormulaNode? ParseLocalReference(ILocalReferenceOperation reference)
    {
        string name = reference.Local.Name;
        if (_locals.TryGetValue(name, out var value) && value is not null) return new RefNode(name, Location(reference));
        // A let-binding whose value failed, or a local declared by a construct already reported (NG0001, NG0006).
        parse.FailSilently();
        return null;
    }

    private FormulaNode? ParseBinary(IBinaryOperation binary)
    {
        char? symbol = binary.OperatorKind switch
        {
            BinaryOperatorKind.Add => '+',
            BinaryOperatorKind.Subtract => '-',
            BinaryOperatorKind.Multiply => '*',
            BinaryOperatorKind.Divide => '/',
            _ => null,
        };
        // Expr's operators, or double's on hyper-parameters (1 - momentum); not % or comparisons, nor a user type's.
        bool supported = symbol is not null && (binary.OperatorMethod is { } method
            ? NormGenTypes.IsExpr(method.ContainingType)
            : NormGenTypes.IsDouble(binary.Type));
        if (!supported) return Unsupported(binary);

        var left = Parse(binary.LeftOperand);
        var right = Parse(binary.RightOperand);
        return left is null || right is null ? null : new BinaryNode(symbol!.Value, left, right, Location(binary));
    }

    private FormulaNode? ParseUnary(IUnaryOperation unary)
    {
        bool builtIn = unary.OperatorMethod is null && NormGenTypes.IsDouble(unary.Type);
        bool exprs = unary.OperatorMethod is { } method && NormGenTypes.IsExpr(method.ContainingType);
        switch (unary.OperatorKind)
        {
            case UnaryOperatorKind.Minus when builtIn || exprs:
                var operand = Parse(unary.Operand);
                return operand is null ? null : new NegateNode(operand, Location(unary));
            case UnaryOperatorKind.Minus when IsNumericLocalType(unary):
                // -n on a float or an integer local (var n = 10;), which C# converts to Expr where it is used.
                var number = Parse(unary.Operand);
                if (number is null) return null;
                return IsExactlyNegated(unary.Type!.SpecialType, number) ? new NegateNode(number, Location(unary)) : Unsupported(unary);
            case UnaryOperatorKind.Plus when builtIn || IsNumericLocalType(unary):
                // +n is n for a double and, like -n above, for a float or an integer local that C# converts to Expr.
                return Parse(unary.Operand);
            default:
                return Unsupported(unary);
        }
    }

    /// <summary>A built-in operator on a float, int or long (the numeric locals a formula may hold besides double).</summary>
    private static bool IsNumericLocalType(IUnaryOperation unary) =>
        unary.OperatorMethod is null
        && unary.Type?.SpecialType is SpecialType.System_Single or SpecialType.System_Int32 or SpecialType.System_Int64;

    /// <summary>
    /// Whether C#'s negation of <paramref name="operand"/> in <paramref name="type"/> is the negated value: always for
    /// float; for an int or long, a value known here (a numeric local) other than the type's MinValue, which wraps.
    /// </summary>
    private bool IsExactlyNegated(SpecialType type, FormulaNode operand)
    {
        if (type == SpecialType.System_Single) return true;
        var known = operand;
        while (known is RefNode r && _locals.TryGetValue(r.Name, out var value)) known = value;
        double min = type == SpecialType.System_Int32 ? int.MinValue : long.MinValue;
        return known is ConstNode c && c.Value != min;
    }

    /// <summary>NG0006 at the construct; its parts are not parsed, since the construct as a whole is the problem.</summary>
    private FormulaNode? Unsupported(IOperation operation)
    {
        // Code that does not bind (an unknown name, a missing argument) often surfaces as an operator without a
        // method or a type; the compiler's own error there is the one that helps.
        if (HasCompilerErrors(operation)) parse.FailSilently();
        else parse.Report(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, ParseContext.Quote(operation.Syntax));
        return null;
    }

    private bool HasCompilerErrors(IOperation operation)
    {
        // A local of error type (var y = ;) is reported where it is declared, not where it is used.
        foreach (var part in operation.DescendantsAndSelf())
        {
            if (part is IInvalidOperation || part.Type is { TypeKind: TypeKind.Error }) return true;
        }
        if (operation.SemanticModel is not { } model) return false;
        foreach (var diagnostic in model.GetDiagnostics(operation.Syntax.Span, parse.CancellationToken))
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error) return true;
        }
        return false;
    }

    private static LocationInfo? Location(IOperation operation) => LocationInfo.From(operation.Syntax);
}
