using System.Globalization;
using System.Text;

namespace NormGen.Fuzz.Tests.Model;

/// <summary>
/// An <c>Expr</c> parameter of the formula: an input (<see cref="ParamAxes"/> null) or a <c>[Param]</c> (a learned
/// scalar when <see cref="ParamAxes"/> is empty). An input with <see cref="InputAxes"/> is a conditioning input,
/// <c>[Input("n d")]</c>, over those layout axes in the layout's order.
/// </summary>
public sealed record TensorDecl(string Name, IReadOnlyList<string>? ParamAxes = null, string? AxesText = null, double? Init = null,
                                IReadOnlyList<string>? InputAxes = null)
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
    string? LayoutText = null,
    string? ResultName = null,
    IReadOnlyList<LocalDecl>? MoreOutputs = null)
{
    public const string Namespace = "FuzzCase";
    public const string ClassName = "L";

    public IReadOnlyList<string> LayoutAxes => Layout.SelectMany(g => g).ToArray();

    /// <summary>The tuple's elements after the first (<see cref="Result"/>, named <see cref="ResultName"/>); empty for a formula returning one Expr.</summary>
    public IReadOnlyList<LocalDecl> Extra => MoreOutputs ?? [];

    public bool IsTuple => Extra.Count > 0;

    /// <summary>The outputs in tuple order, as the generated Forward takes them: y alone for one Expr.</summary>
    public IReadOnlyList<string> OutputNames => IsTuple ? [ResultName ?? "y", .. Extra.Select(o => o.Name)] : ["y"];

    /// <summary>The axes a tensor is stored over: the layout for an input, its [Input] or [Param] axes otherwise.</summary>
    public IReadOnlyList<string> TensorAxes(TensorDecl t) => t.ParamAxes ?? t.InputAxes ?? LayoutAxes;

    /// <summary>An [Input] over fewer axes than the layout: Backward sums its gradient over the others, and the Half/bfloat16 overloads keep that gradient float.</summary>
    public bool IsConditioning(TensorDecl t) => t.InputAxes is { } axes && !axes.ToHashSet(StringComparer.Ordinal).SetEquals(LayoutAxes);

    /// <summary>The layout as written: groups of several axes in parentheses.</summary>
    public string RenderLayout() => LayoutText ?? string.Join(" ", Layout.Select(g => g.Count == 1 ? g[0] : "(" + string.Join(" ", g) + ")"));

    /// <summary>Every logical axis: the layout's, then new ones of the parameters, then new ones of the output (the interpreter's order).</summary>
    public IReadOnlyList<string> AllAxes =>
        LayoutAxes.Concat(Tensors.SelectMany(t => t.ParamAxes ?? [])).Concat(Output ?? []).Distinct().ToArray();

    public IEnumerable<Node> AllExpressions => Locals.Select(l => l.Value).Append(Result).Concat(Extra.Select(o => o.Value));

    public int RunningCount => AllExpressions.SelectMany(e => e.DescendantsAndSelf()).Count(n => n is RunningStat);

    /// <summary>The axes an expression varies over, by name (locals resolved); null when it names something undeclared.</summary>
    public IReadOnlySet<string> AxesOf(Node node, IReadOnlyDictionary<string, IReadOnlySet<string>>? locals = null)
    {
        locals ??= LocalAxes();
        return node switch
        {
            Ref r when locals.TryGetValue(r.Name, out var l) => l,
            Ref r when Tensors.FirstOrDefault(t => t.Name == r.Name) is { } t => new SortedSet<string>(TensorAxes(t), StringComparer.Ordinal),
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
        string returns = IsTuple ? "(" + string.Join(", ", OutputNames.Select(n => "Expr " + Identifiers.Escape(n))) + ")" : "Expr";
        b.Append(")]\npublic partial class ").Append(ClassName).Append("\n{\n    [Formula]\n    static ").Append(returns).Append(' ').Append(Identifiers.Escape(MethodName)).Append('(');
        var parameters = new List<string>();
        foreach (var t in Tensors)
        {
            if (t.IsInput)
            {
                string input = t.InputAxes is { } inputAxes ? $"[Input(\"{t.AxesText ?? string.Join(" ", inputAxes)}\")] " : "";
                parameters.Add(input + "Expr " + Identifiers.Escape(t.Name));
                continue;
            }
            string init = t.Init is { } i ? "Init = " + Const.Format(i) : "";
            // A learned scalar: [Param] or [Param(Init = 0.5)], no axis string.
            string arguments = t.ParamAxes!.Count == 0 && t.AxesText is null
                ? init.Length > 0 ? "(" + init + ")" : ""
                : $"(\"{t.AxesText ?? string.Join(" ", t.ParamAxes!)}\"{(init.Length > 0 ? ", " + init : "")})";
            parameters.Add($"[Param{arguments}] Expr {Identifiers.Escape(t.Name)}");
        }
        foreach (var h in Hypers)
            parameters.Add("double " + Identifiers.Escape(h.Name) + (h.Default is { } d ? " = " + Const.Format(d) : ""));
        b.Append(string.Join(", ", parameters)).Append(')');
        string returned = IsTuple ? "(" + string.Join(", ", Extra.Select(o => o.Value).Prepend(Result).Select(e => e.Render())) + ")" : Result.Render();
        if (Locals.Count == 0)
        {
            b.Append("\n        => ").Append(returned).Append(";\n");
        }
        else
        {
            b.Append("\n    {\n");
            foreach (var l in Locals) b.Append("        var ").Append(Identifiers.Escape(l.Name)).Append(" = ").Append(l.Value.Render()).Append(";\n");
            b.Append("        return ").Append(returned).Append(";\n    }\n");
        }
        b.Append("}\n");
        return b.ToString();
    }

    /// <summary>
    /// The fuzzer's own file: calls the generated kernels with arrays (spans cannot cross reflection), Forward then
    /// Backward, in both precisions and both storage types, with arguments in the contract's order. y and dy hold one
    /// array per output (tuple order). The Half and bfloat16 runs take and return float arrays whose values the
    /// storage type holds exactly, converted here: inputs, outputs and their gradients are stored narrow, a
    /// conditioning input's gradient, parameters, their gradients and running buffers stay float.
    /// </summary>
    public string RenderAdapter()
    {
        var b = new StringBuilder();
        b.Append("namespace ").Append(Namespace).Append(";\n\npublic static class FuzzAdapter\n{\n");
        foreach (var (t, suffix, storage) in new[] { ("double", "64", (string?)null), ("float", "32", null), ("float", "Half", "global::System.Half"), ("float", "BFloat16", "global::NormGen.BFloat16") })
        {
            b.Append($"    public static void Run{suffix}(global::System.Collections.Generic.IReadOnlyDictionary<string, int> z, {t}[][] t, {t}[][] r, {t}[][] y, {t}[][] dy, {t}[][] g, bool training, double[] h)\n    {{\n");
            string shapeArgs = string.Join(", ", AllAxes.Select(a => $"@{a}: z[\"{a}\"]"));
            b.Append($"        var shape = new global::{Namespace}.{ClassName}.Shape({shapeArgs});\n");
            b.Append($"        var saved = new global::{Namespace}.{ClassName}.Saved<{t}>(shape);\n");
            // Storage-typed copies: the kernels read them and write them, the float arrays are filled back after.
            string Stored(string array, bool stored)
            {
                if (storage is null || !stored) return array;
                string local = "s" + array.Replace("[", "_").Replace("]", "");
                b.Append($"        var {local} = global::System.Array.ConvertAll({array}, v => ({storage})v);\n");
                return local;
            }
            var tensors = Tensors.Select((tensor, i) => Stored($"t[{i}]", tensor.IsInput)).ToArray();
            var ys = OutputNames.Select((_, i) => Stored($"y[{i}]", true)).ToArray();
            var dys = OutputNames.Select((_, i) => Stored($"dy[{i}]", true)).ToArray();
            var grads = Tensors.Select((tensor, i) => Stored($"g[{i}]", tensor.IsInput && !IsConditioning(tensor))).ToArray();
            var running = Enumerable.Range(0, RunningCount).Select(i => $"r[{i}]").ToArray();
            var hyper = Enumerable.Range(0, Hypers.Count).Select(i => t == "double" ? $"h[{i}]" : $"(float)h[{i}]").ToArray();
            var tail = (RunningCount > 0 ? new[] { "training" } : []).Concat(hyper).ToArray();
            b.Append($"        global::{Namespace}.{ClassName}.Forward({string.Join(", ", new[] { "shape" }.Concat(tensors).Concat(running).Concat(ys).Append("saved").Concat(tail))});\n");
            b.Append($"        global::{Namespace}.{ClassName}.Backward({string.Join(", ", new[] { "shape" }.Concat(dys).Concat(tensors).Concat(running).Append("saved").Concat(grads).Concat(tail))});\n");
            foreach (var (local, i) in ys.Select((l, i) => (l, i)).Where(p => p.l.StartsWith('s')))
                b.Append($"        for (int i = 0; i < {local}.Length; i++) y[{i}][i] = (float){local}[i];\n");
            foreach (var (local, i) in grads.Select((l, i) => (l, i)).Where(p => p.l.StartsWith('s')))
                b.Append($"        for (int i = 0; i < {local}.Length; i++) g[{i}][i] = (float){local}[i];\n");
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
