using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace NormGen.Generator.Diagnostics;

/// <summary>Every diagnostic NormGen reports. IDs are stable: tests and users' suppressions rely on them.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "NormGen";

    /// <summary>
    /// Where each diagnostic is explained: the section "## NGxxxx" of docs/diagnostics.md, relative to the repository
    /// root (NormGen has no public documentation site yet; when it has, this one constant changes).
    /// </summary>
    public const string HelpLinkBase = "docs/diagnostics.md#";

    public static readonly DiagnosticDescriptor UnsupportedStatement = Error("NG0001",
        "Unsupported statement in a formula",
        "A formula body may only declare locals with 'var' and return an Expr; '{0}' is not allowed");

    public static readonly DiagnosticDescriptor UnsupportedCall = Error("NG0002",
        "Only NormGen.Ops may be called in a formula",
        "'{0}' is not a member of NormGen.Ops; a formula may only call " + Ir.OpTable.NameList);

    public static readonly DiagnosticDescriptor UnsupportedParameterType = Error("NG0003",
        "Formula parameter must be Expr or double",
        "Parameter '{0}' has type '{1}'; formula parameters must be Expr (tensors) or double (hyper-parameters)");

    public static readonly DiagnosticDescriptor UnknownAxis = Error("NG0004",
        "Unknown axis",
        "Axis '{0}' is not in the layout \"{1}\"");

    public static readonly DiagnosticDescriptor ReductionOverMissingAxis = Error("NG0005",
        "Reduction over an axis the operand does not have",
        "'{0}' reduces over axis '{1}', but its operand only varies over \"{2}\"");

    public static readonly DiagnosticDescriptor UnsupportedExpression = Error("NG0006",
        "Unsupported expression in a formula",
        "'{0}' is not supported in a formula: use Expr operators, double constants, hyper-parameters, locals and NormGen.Ops");

    public static readonly DiagnosticDescriptor LayerMustBePartial = Error("NG0007",
        "Layer class must be a top-level, non-generic partial class",
        "[NormLayer] class '{0}' must be a top-level, non-generic partial class");

    public static readonly DiagnosticDescriptor FormulaMethodMissing = Error("NG0008",
        "Layer needs exactly one static [Formula] method returning Expr",
        "[NormLayer] class '{0}' needs exactly one static [Formula] method returning Expr whose first parameter is the input");

    public static readonly DiagnosticDescriptor MalformedLayout = Error("NG0009",
        "Malformed axis list",
        "\"{0}\" is not a valid axis list: {1}");

    public static readonly DiagnosticDescriptor ConstantRequired = Error("NG0010",
        "Argument must be a compile-time constant",
        "The {0} argument of '{1}' must be a compile-time constant");

    public static readonly DiagnosticDescriptor InvalidRunning = Error("NG0011",
        "Invalid Running statistic",
        "Running(...) {0}");

    public static readonly DiagnosticDescriptor OutputAxesMismatch = Error("NG0012",
        "Formula result does not have the output's axes",
        "The formula's result varies over \"{0}\", but the layer's output is \"{1}\"");

    public static readonly DiagnosticDescriptor InvalidSpecialize = Error("NG0013",
        "Invalid Specialize",
        "Specialize \"{0}\" is invalid: {1}");

    public static readonly DiagnosticDescriptor InvalidParameter = Error("NG0014",
        "Invalid formula parameter",
        "Parameter '{0}': {1}");

    public static readonly DiagnosticDescriptor ReservedName = Error("NG0015",
        "Name reserved for generated code",
        "'{0}' contains \"__\", which NormGen reserves for the identifiers it generates (as C# reserves it for the implementation); rename it");

    public static readonly DiagnosticDescriptor NameCollision = Error("NG0016",
        "Name collides with a generated name",
        "'{0}' cannot be used: {1}; rename it");

    public static readonly DiagnosticDescriptor UnsupportedLocal = Error("NG0017",
        "Formula local must be an Expr or a number",
        "Local '{0}' is a {1}; a formula's var locals are Expr or number values (an axis list is a constant: write it inline or declare it const)");

    public static readonly DiagnosticDescriptor UnusedRunning = Error("NG0018",
        "Running result is unused",
        "The Running(...) held by local '{0}' is never used by the formula's result: its running buffer would be updated but never read; use it or remove it");

    public static readonly DiagnosticDescriptor InvalidOutput = Error("NG0019",
        "Invalid formula output",
        "Output {0}: {1}");

    /// <summary>A bug in NormGen itself, reported instead of letting the exception crash the generator (CS8785).</summary>
    public static readonly DiagnosticDescriptor InternalError = Error("NG0099",
        "Internal compiler error",
        "NormGen failed on layer '{0}'; please report this bug: {1}");

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = Index(
        UnsupportedStatement, UnsupportedCall, UnsupportedParameterType, UnknownAxis, ReductionOverMissingAxis,
        UnsupportedExpression, LayerMustBePartial, FormulaMethodMissing, MalformedLayout, ConstantRequired,
        InvalidRunning, OutputAxesMismatch, InvalidSpecialize, InvalidParameter, ReservedName, NameCollision, UnsupportedLocal, UnusedRunning, InvalidOutput, InternalError);

    public static DiagnosticDescriptor ById(string id) => s_byId[id];

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpLinkBase + id.ToLowerInvariant());

    private static Dictionary<string, DiagnosticDescriptor> Index(params DiagnosticDescriptor[] descriptors)
    {
        var map = new Dictionary<string, DiagnosticDescriptor>();
        foreach (var d in descriptors) map.Add(d.Id, d);
        return map;
    }
}
