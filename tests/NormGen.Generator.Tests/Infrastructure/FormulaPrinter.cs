using System.Globalization;
using System.Text;
using NormGen.Generator.Model;

namespace NormGen.Generator.Tests.Infrastructure;

/// <summary>
/// Renders parse models as text for assertions and snapshots. Binary nodes are fully parenthesized so the text
/// shows the tree's shape (C#'s left associativity included), not just the source again.
/// </summary>
internal static class FormulaPrinter
{
    public static string Print(FormulaNode node) => node switch
    {
        RefNode r => r.Name,
        ConstNode c => Number(c.Value),
        NegateNode n => "-" + Print(n.Operand),
        BinaryNode b => $"({Print(b.Left)} {b.Operator} {Print(b.Right)})",
        CallNode { Method: "Running" } c => $"Running({Print(c.Arguments[0])}, {Print(c.Arguments[1])}{(c.Unbiased ? ", unbiased: true" : "")})",
        CallNode { Method: "Pow" } c => $"Pow({Print(c.Arguments[0])}, {Number(c.Exponent!.Value)})",
        CallNode c => $"{c.Method}({string.Join(", ", c.Arguments.Select(Print))}{(c.Axes is null ? "" : $", \"{c.Axes}\"")})",
        _ => throw new ArgumentOutOfRangeException(nameof(node), node, null),
    };

    public static string Print(LayerModel model)
    {
        var text = new StringBuilder();
        text.Append($"{(model.Namespace is null ? "" : model.Namespace + ".")}{model.ClassName}");
        text.Append($" layout \"{model.Layout}\"");
        if (model.OutputLayout is not null) text.Append($" output \"{model.OutputLayout}\"");
        if (model.Specialize is not null) text.Append($" specialize \"{model.Specialize}\"");
        text.Append('\n').Append($"{model.MethodName}(\n");
        foreach (var p in model.Parameters) text.Append("  ").Append(Print(p)).Append('\n');
        text.Append(")\n");
        foreach (var local in model.Locals) text.Append($"let {local.Name} = {Print(local.Value)}\n");
        text.Append($"=> {Print(model.Result)}\n");
        return text.ToString();
    }

    public static string Print(FormulaParameter p) => p.Role switch
    {
        ParameterRole.Input => $"{p.Name}: Input",
        ParameterRole.Param => $"{p.Name}: Param \"{p.Axes}\" init {Number(p.Init)}",
        _ => $"{p.Name}: Hyper{(p.Default is { } d ? " = " + Number(d) : "")}",
    };

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
