using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using NormGen.Generator.Diagnostics;
using NormGen.Generator.Ir;
using NormGen.Generator.Model;

namespace NormGen.Generator.Parsing;

/// <summary>Calls to NormGen.Ops, normalized to the positional form documented on <see cref="CallNode"/>.</summary>
internal sealed partial class ExpressionParser
{
    /// <summary>Whether each let-binding's value contains a Running call, for the nesting check.</summary>
    private readonly Dictionary<string, bool> _localHasRunning = new();

    private FormulaNode? ParseInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        // A member of Ops without a descriptor in OpTable (and the rules behind it) is rejected, never mis-read.
        if (!NormGenTypes.IsOps(method.ContainingType)
            || !OpTable.TryFind(method.Name, out var op)
            || method.Parameters.Length != op.Arity)
        {
            string name = method.ContainingType is { } type ? type.Name + "." + method.Name : method.Name;
            parse.Report(DiagnosticDescriptors.UnsupportedCall, invocation.Syntax, name);
            return null;
        }

        // Named arguments (unbiased: true) and defaults (unbiased omitted) both arrive here bound to a parameter.
        var arguments = new IOperation?[op.Arity];
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter && parameter.Ordinal < arguments.Length) arguments[parameter.Ordinal] = argument.Value;
        }
        foreach (var argument in arguments)
        {
            if (argument is null)
            {
                parse.FailSilently();
                return null;
            }
        }

        return op.Shape switch
        {
            OpShape.Reduction => ParseReduction(invocation, op.Op, arguments!),
            OpShape.Elementwise => Call(invocation, op.Op, arguments!),
            OpShape.Pow => ParsePow(invocation, arguments!),
            OpShape.Running => ParseRunning(invocation, arguments!),
        };
    }

    private FormulaNode? ParseReduction(IInvocationOperation invocation, Op op, IOperation[] arguments)
    {
        var operand = Parse(arguments[0]);
        var axes = arguments[1];
        string name = invocation.TargetMethod.Name;
        string? text;
        if (axes.ConstantValue is { HasValue: true, Value: null or string }) text = (string?)axes.ConstantValue.Value;
        else
        {
            // var axes = "d": its declaration already got NG0001, which says to make it const; once is enough.
            if (axes is ILocalReferenceOperation { Local: { IsConst: false } local } && !NormGenTypes.IsExpr(local.Type) && !NormGenTypes.IsNumber(local.Type))
                parse.FailSilently();
            else if (!IsCompilerError(axes)) parse.Report(DiagnosticDescriptors.ConstantRequired, axes.Syntax, "axes", name);
            else parse.FailSilently();
            return null;
        }

        var list = AxisSyntax.Parse(text, axes.Syntax, parse);
        if (list is null) return null;
        foreach (var group in list.Groups)
        {
            if (group.Length > 1)
            {
                // A reduction names a set of logical axes; a group only describes how a layout stores them.
                parse.Report(DiagnosticDescriptors.MalformedLayout, axes.Syntax, text!, "a reduction lists axes and cannot group them with '(...)'");
                return null;
            }
        }
        if (operand is null) return null;
        return new CallNode(op, new[] { operand }.ToEquatableArray(), text, LocationInfo.From(axes.Syntax), null, false, Location(invocation));
    }

    private FormulaNode? ParsePow(IInvocationOperation invocation, IOperation[] arguments)
    {
        var operand = Parse(arguments[0]);
        // The derivative rule e^(k-1) * k and the vector lowering (square, sqrt, repeated products) need k itself.
        if (!Constants.TryGetDouble(arguments[1], out double exponent))
        {
            if (IsCompilerError(arguments[1])) parse.FailSilently();
            else parse.Report(DiagnosticDescriptors.ConstantRequired, arguments[1].Syntax, "exponent", "Pow");
            return null;
        }
        if (operand is null) return null;
        return new CallNode(Op.Pow, new[] { operand }.ToEquatableArray(), null, null, exponent, false, Location(invocation));
    }

    private FormulaNode? ParseRunning(IInvocationOperation invocation, IOperation[] arguments)
    {
        var stat = Parse(arguments[0]);
        var momentum = ParseMomentum(arguments[1]);

        bool unbiased = false;
        if (!Constants.TryGetBoolean(arguments[2], out unbiased))
        {
            if (IsCompilerError(arguments[2])) parse.FailSilently();
            else parse.Report(DiagnosticDescriptors.ConstantRequired, arguments[2].Syntax, "unbiased", "Running");
            return null;
        }
        if (stat is null || momentum is null) return null;

        // One buffer per Running, updated from the batch statistic: a Running inside another's statistic would
        // have to be both a buffer and a batch value at once.
        if (FindRunning(stat) is { } nested)
        {
            parse.Report(DiagnosticDescriptors.InvalidRunning, nested, "cannot be used inside the statistic of another Running(...)");
            return null;
        }

        // Bessel's correction rescales by N/(N-1) with N the number of reduced elements: only a Var has one.
        if (unbiased && !IsVar(stat))
        {
            parse.Report(DiagnosticDescriptors.InvalidRunning, arguments[2].Syntax, "with unbiased: true needs a Var(...) statistic, which the correction N/(N-1) applies to");
            return null;
        }

        return new CallNode(Op.Running, new[] { stat, momentum }.ToEquatableArray(), null, null, null, unbiased, Location(invocation));
    }

    /// <summary>
    /// The buffer update (1 - momentum) * buffer + momentum * stat is emitted with momentum as a kernel argument or
    /// a literal, so it must be a constant in [0, 1] or a double hyper-parameter, not arithmetic.
    /// </summary>
    private FormulaNode? ParseMomentum(IOperation momentum)
    {
        if (Constants.TryGetDouble(momentum, out double value))
        {
            if (value is >= 0 and <= 1) return new ConstNode(value, Location(momentum));
            parse.Report(DiagnosticDescriptors.InvalidRunning, momentum.Syntax,
                "momentum " + value.ToString("R", CultureInfo.InvariantCulture) + " must be between 0 and 1");
            return null;
        }

        var unwrapped = momentum;
        while (unwrapped is IConversionOperation { OperatorMethod: null, Conversion.IsImplicit: true } conversion) unwrapped = conversion.Operand;
        if (unwrapped is IParameterReferenceOperation reference && IsHyperParameter(reference.Parameter.Name))
            return new RefNode(reference.Parameter.Name, Location(momentum));

        if (IsCompilerError(momentum)) parse.FailSilently();
        else parse.Report(DiagnosticDescriptors.InvalidRunning, momentum.Syntax, "momentum must be a constant or a double hyper-parameter of the formula");
        return null;
    }

    private bool IsHyperParameter(string name)
    {
        foreach (var parameter in parameters)
        {
            if (parameter.Name == name) return parameter.Role == ParameterRole.Hyper;
        }
        return false;
    }

    /// <summary>Where <paramref name="node"/> brings in a Running call, directly or through a let-binding.</summary>
    private LocationInfo? FindRunning(FormulaNode node)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (node)
        {
            case CallNode { Op: Op.Running } call: return call.Location;
            case CallNode call:
                foreach (var argument in call.Arguments)
                {
                    if (FindRunning(argument) is { } found) return found;
                }
                return null;
            case BinaryNode binary: return FindRunning(binary.Left) ?? FindRunning(binary.Right);
            case NegateNode negate: return FindRunning(negate.Operand);
            case RefNode reference: return LocalHasRunning(reference.Name) ? reference.Location : null;
            default: return null;
        }
    }

    private bool LocalHasRunning(string name)
    {
        if (_localHasRunning.TryGetValue(name, out bool known)) return known;
        bool result = _locals.TryGetValue(name, out var value) && value is not null && FindRunning(value) is not null;
        _localHasRunning[name] = result;
        return result;
    }

    private bool IsVar(FormulaNode stat) => stat switch
    {
        CallNode { Op: Op.Var } => true,
        RefNode reference => _locals.TryGetValue(reference.Name, out var value) && value is not null && IsVar(value),
        _ => false,
    };

    /// <summary>An element-wise call: every argument an Expr, parsed in order (all of them, so each reports its own problems).</summary>
    private FormulaNode? Call(IInvocationOperation invocation, Op op, IOperation[] arguments)
    {
        var parsed = new List<FormulaNode>(arguments.Length);
        bool failed = false;
        foreach (var argument in arguments)
        {
            if (Parse(argument) is { } node) parsed.Add(node);
            else failed = true;
        }
        return failed ? null : new CallNode(op, parsed.ToEquatableArray(), null, null, null, false, Location(invocation));
    }

    /// <summary>The argument does not bind; the C# compiler reports that, so NormGen stays quiet.</summary>
    private static bool IsCompilerError(IOperation operation) =>
        operation is IInvalidOperation || operation.Type is { TypeKind: TypeKind.Error };
}
