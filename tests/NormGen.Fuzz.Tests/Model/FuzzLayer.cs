using System.Globalization;
using System.Text;

namespace NormGen.Fuzz.Tests.Model;

/// <summary>An <c>Expr</c> parameter of the formula: an input (<see cref="ParamAxes"/> null) or a <c>[Param]</c>.</summary>
public sealed record TensorDecl(string Name, IReadOnlyList<string>? ParamAxes = null, string? AxesText = null, double? Init = null)
{
    public bool IsInput => ParamAxes is null;
}

/// <summary>A <c>double</c> hyper-parameter; <see cref="Value"/> is what the run passes (the default when there is one).</summary>
public sealed record HyperDecl(string Name, double? Default, double Value);

/// <summary><c>var Name = Value;</c></summary>
public sealed record LocalDecl(string Name, Node Value);

/// <summary>
/// One generated layer: its C# declaration (layout, formula, attributes) and the problem it runs on (axis sizes, data
/// seed, training flag). Everything is plain data so a failing layer can be printed, shrunk and replayed.
/// </summary>
public sealed record FuzzLayer(
    IReadOnlyList<IReadOnlyList<string>> Layout,
    IReadOnlyList<TensorDecl> Tensors,
    IReadOnlyList<HyperDecl> Hypers,
    IReadOnlyList<LocalDecl> Locals,
    Node Result,
    IReadOnlyList<string>? Output,
    string? Specialize,
    IReadOnlyDictionary<string, int> Sizes,
    bool Training,
    int DataSeed,
    string MethodName = "Forward",
    string? LayoutText = null)
{
    public const string Namespace = "FuzzCase";
    public const string ClassName = "L";

    public IReadOnlyList<string> LayoutAxes => Layout.SelectMany(g => g).ToArray();

    /// <summary>The layout as written: groups of several axes in parentheses.</summary>
    public string RenderLayout() => LayoutText ?? string.Join(" ", Layout.Select(g => g.Count == 1 ? g[0] : "(" + string.Join(" ", g) + ")"));

    /// <summary>Every logical axis: the layout's, then new ones of the parameters, then new ones of the output (the interpreter's order).</summary>
    public IReadOnlyList<string> AllAxes =>
        LayoutAxes.Concat(Tensors.SelectMany(t => t.ParamAxes ?? [])).Concat(Output ?? []).Distinct().ToArray();

    public IEnumerable<Node> AllExpressions => Locals.Select(l => l.Value).Append(Result);

    public int RunningCount => AllExpressions.SelectMany(e => e.DescendantsAndSelf()).Count(n => n is RunningStat);

    /// <summary>The axes an expression varies over, by name (locals resolved); null when it names something undeclared.</summary>
    public IReadOnlySet<string> AxesOf(Node node, IReadOnlyDictionary<string, IReadOnlySet<string>>? locals = null)
    {
        locals ??= LocalAxes();
        return node switch
        {
            Ref r when locals.TryGetValue(r.Name, out var l) => l,
            Ref r when Tensors.FirstOrDefault(t => t.Name == r.Name) is { } t => new SortedSet<string>(t.ParamAxes ?? LayoutAxes, StringComparer.Ordinal),
            Ref or Const => new SortedSet<string>(StringComparer.Ordinal),
            Reduce red => Without(AxesOf(red.Operand, locals), red.Axes),
            _ => new SortedSet<string>(node.Children.SelectMany(c => AxesOf(c, locals)), StringComparer.Ordinal),
        };
    }

    public IReadOnlyDictionary<string, IReadOnlySet<string>> LocalAxes()
    {
        var result = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var local in Locals) result[local.Name] = AxesOf(local.Value, result);
        return result;
    }

    private static SortedSet<string> Without(IReadOnlySet<string> axes, IReadOnlyList<string> removed) =>
        new(axes.Where(a => !removed.Contains(a)), StringComparer.Ordinal);

    /// <summary>The user's file: the layer as a user would write it.</summary>
    public string RenderSource()
    {
        var b = new StringBuilder();
        b.Append("using NormGen;\nusing static NormGen.Ops;\n\nnamespace ").Append(Namespace).Append(";\n\n");
        b.Append("[NormLayer(\"").Append(RenderLayout()).Append('"');
        if (Output is not null) b.Append(", Output = \"").Append(string.Join(" ", Output)).Append('"');
        if (Specialize is not null) b.Append(", Specialize = \"").Append(Specialize).Append('"');
        b.Append(")]\npublic partial class ").Append(ClassName).Append("\n{\n    [Formula]\n    static Expr ").Append(Identifiers.Escape(MethodName)).Append('(');
        var parameters = new List<string>();
        foreach (var t in Tensors)
        {
            if (t.IsInput) { parameters.Add("Expr " + Identifiers.Escape(t.Name)); continue; }
            string init = t.Init is { } i ? ", Init = " + Const.Format(i) : "";
            parameters.Add($"[Param(\"{t.AxesText ?? string.Join(" ", t.ParamAxes!)}\"{init})] Expr {Identifiers.Escape(t.Name)}");
        }
        foreach (var h in Hypers)
            parameters.Add("double " + Identifiers.Escape(h.Name) + (h.Default is { } d ? " = " + Const.Format(d) : ""));
        b.Append(string.Join(", ", parameters)).Append(')');
        if (Locals.Count == 0)
        {
            b.Append("\n        => ").Append(Result.Render()).Append(";\n");
        }
        else
        {
            b.Append("\n    {\n");
            foreach (var l in Locals) b.Append("        var ").Append(Identifiers.Escape(l.Name)).Append(" = ").Append(l.Value.Render()).Append(";\n");
            b.Append("        return ").Append(Result.Render()).Append(";\n    }\n");
        }
        b.Append("}\n");
        return b.ToString();
    }

    /// <summary>
    /// The fuzzer's own file: calls the generated kernels with arrays (spans cannot cross reflection), Forward then
    /// Backward, in both precisions, with arguments in the contract's order.
    /// </summary>
    public string RenderAdapter()
    {
        var b = new StringBuilder();
        b.Append("namespace ").Append(Namespace).Append(";\n\npublic static class FuzzAdapter\n{\n");
        foreach (var (t, suffix) in new[] { ("double", "64"), ("float", "32") })
        {
            b.Append($"    public static void Run{suffix}(global::System.Collections.Generic.IReadOnlyDictionary<string, int> z, {t}[][] t, {t}[][] r, {t}[] y, {t}[] dy, {t}[][] g, bool training, double[] h)\n    {{\n");
            string shapeArgs = string.Join(", ", AllAxes.Select(a => $"@{a}: z[\"{a}\"]"));
            b.Append($"        var shape = new global::{Namespace}.{ClassName}.Shape({shapeArgs});\n");
            b.Append($"        var saved = new global::{Namespace}.{ClassName}.Saved<{t}>(shape);\n");
            var tensors = Enumerable.Range(0, Tensors.Count).Select(i => $"t[{i}]").ToArray();
            var running = Enumerable.Range(0, RunningCount).Select(i => $"r[{i}]").ToArray();
            var grads = Enumerable.Range(0, Tensors.Count).Select(i => $"g[{i}]").ToArray();
            var hyper = Enumerable.Range(0, Hypers.Count).Select(i => t == "double" ? $"h[{i}]" : $"(float)h[{i}]").ToArray();
            var tail = (RunningCount > 0 ? new[] { "training" } : []).Concat(hyper).ToArray();
            b.Append($"        global::{Namespace}.{ClassName}.Forward({string.Join(", ", new[] { "shape" }.Concat(tensors).Concat(running).Append("y").Append("saved").Concat(tail))});\n");
            b.Append($"        global::{Namespace}.{ClassName}.Backward({string.Join(", ", new[] { "shape", "dy" }.Concat(tensors).Concat(running).Append("saved").Concat(grads).Concat(tail))});\n");
            b.Append("    }\n\n");
        }
        b.Append("}\n");
        return b.ToString();
    }

    /// <summary>The problem as text: sizes, mode and data seed.</summary>
    public string DescribeProblem() =>
        string.Join(", ", AllAxes.Select(a => $"{a}={(Sizes.TryGetValue(a, out int s) ? s : 0)}"))
        + (RunningCount > 0 ? Training ? ", training" : ", eval" : "")
        + ", data seed " + DataSeed.ToString(CultureInfo.InvariantCulture)
        + (Hypers.Count > 0 ? ", " + string.Join(", ", Hypers.Select(h => $"{h.Name}={h.Value.ToString("R", CultureInfo.InvariantCulture)}")) : "");
}
