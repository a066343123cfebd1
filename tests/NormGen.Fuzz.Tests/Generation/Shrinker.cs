using System.Diagnostics;
using NormGen.Fuzz.Tests.Model;
using NormGen.Fuzz.Tests.Running;

namespace NormGen.Fuzz.Tests.Generation;

/// <summary>
/// Greedy structural shrinking of a failing layer: inline locals, replace subtrees by their operands or a leaf, drop
/// reduction axes, unused declarations, Specialize, layout axes and groups, shrink sizes. A candidate is kept when it
/// fails with the same <see cref="Verdict.Kind"/>, so the minimal layer shows the same bug, not another one.
/// (CsCheck's own shrinking picks the smallest failing seed and complexity; this makes the formula itself minimal.)
/// </summary>
public static class Shrinker
{
    public static (FuzzLayer Layer, Verdict Verdict, int Attempts) Shrink(FuzzLayer layer, Verdict failure, Func<FuzzLayer, Verdict> check,
                                                                          KnownIssues known, int maxAttempts = 250, double maxSeconds = 150)
    {
        var clock = Stopwatch.StartNew();
        int attempts = 0;
        bool progress = true;
        while (progress && attempts < maxAttempts && clock.Elapsed.TotalSeconds < maxSeconds)
        {
            progress = false;
            foreach (var candidate in Candidates(layer).Where(c => KnownIssuesFilter.Hits(c, known) == KnownIssues.None))
            {
                if (attempts >= maxAttempts || clock.Elapsed.TotalSeconds >= maxSeconds) break;
                attempts++;
                Verdict verdict;
                try
                {
                    verdict = check(candidate);
                }
                catch (Exception e)
                {
                    verdict = Verdict.Fail("fuzzer exception " + e.GetType().Name, e.ToString());
                }
                if (verdict.Outcome == Outcome.Failed && verdict.Kind == failure.Kind)
                {
                    (layer, failure, progress) = (candidate, verdict, true);
                    break;
                }
            }
        }
        return (layer, failure, attempts);
    }

    private static IEnumerable<FuzzLayer> Candidates(FuzzLayer layer)
    {
        // Fewer locals: inline each one into its uses.
        for (int i = 0; i < layer.Locals.Count; i++)
        {
            var local = layer.Locals[i];
            var rest = layer.Locals.Where((_, j) => j != i).Select(l => l with { Value = Substitute(l.Value, local.Name, local.Value) }).ToArray();
            var outputs = layer.MoreOutputs?.Select(o => o with { Value = Substitute(o.Value, local.Name, local.Value) }).ToArray();
            if (Fix(layer with { Locals = rest, Result = Substitute(layer.Result, local.Name, local.Value), MoreOutputs = outputs }) is { } inlined) yield return inlined;
        }
        // Fewer tuple elements (one output at last), each element simpler.
        for (int i = 0; i < layer.Extra.Count; i++)
            yield return layer with { MoreOutputs = layer.Extra.Count == 1 ? null : layer.Extra.Where((_, j) => j != i).ToArray(), ResultName = layer.Extra.Count == 1 ? null : layer.ResultName };
        for (int i = 0; i < layer.Extra.Count; i++)
            foreach (var rewritten in Rewrites(layer.Extra[i].Value, layer))
            {
                var outputs = layer.Extra.ToArray();
                outputs[i] = outputs[i] with { Value = rewritten };
                yield return layer with { MoreOutputs = outputs };
            }
        // A conditioning input over the whole layout, a learned scalar's axes unchanged but its Init dropped (below).
        foreach (var t in layer.Tensors.Where(t => t.InputAxes is not null))
            yield return layer with { Tensors = layer.Tensors.Select(u => u == t ? u with { InputAxes = null } : u).ToArray() };
        // The result replaced by one of its operands, or one node anywhere by an operand or a leaf.
        foreach (var child in layer.Result.Children)
            if (Fix(layer with { Result = child }) is { } c) yield return c;
        foreach (var rewritten in Rewrites(layer.Result, layer))
            if (Fix(layer with { Result = rewritten }) is { } c) yield return c;
        for (int i = 0; i < layer.Locals.Count; i++)
            foreach (var rewritten in Rewrites(layer.Locals[i].Value, layer))
            {
                var locals = layer.Locals.ToArray();
                locals[i] = locals[i] with { Value = rewritten };
                if (Fix(layer with { Locals = locals }) is { } c) yield return c;
            }
        // Unused declarations.
        for (int i = 1; i < layer.Tensors.Count; i++)
            if (!Uses(layer, layer.Tensors[i].Name)) yield return layer with { Tensors = layer.Tensors.Where((_, j) => j != i).ToArray() };
        for (int i = 0; i < layer.Hypers.Count; i++)
            if (!Uses(layer, layer.Hypers[i].Name)) yield return layer with { Hypers = layer.Hypers.Where((_, j) => j != i).ToArray() };
        if (layer.Specialize is not null) yield return layer with { Specialize = null };
        if (layer.MethodName != "Forward") yield return layer with { MethodName = "Forward" };
        foreach (var t in layer.Tensors.Where(t => t.Init is not null))
            yield return layer with { Tensors = layer.Tensors.Select(u => u == t ? u with { Init = null } : u).ToArray() };
        // Simpler layouts: ungroup, drop an axis.
        for (int g = 0; g < layer.Layout.Count; g++)
            if (layer.Layout[g].Count > 1)
                yield return layer with { Layout = layer.Layout.SelectMany((group, k) => k == g ? group.Select(a => (IReadOnlyList<string>)[a]) : [group]).ToArray() };
        if (layer.LayoutAxes.Count > 1)
            foreach (string axis in layer.LayoutAxes)
                if (RemoveAxis(layer, axis) is { } smaller) yield return smaller;
        // Smaller sizes.
        foreach (var (axis, size) in layer.Sizes)
        {
            if (size > 2) yield return layer with { Sizes = With(layer.Sizes, axis, 2) };
            if (size > 1) yield return layer with { Sizes = With(layer.Sizes, axis, 1) };
        }
    }

    private static IReadOnlyDictionary<string, int> With(IReadOnlyDictionary<string, int> sizes, string axis, int size) =>
        sizes.ToDictionary(p => p.Key, p => p.Key == axis ? size : p.Value, StringComparer.Ordinal);

    private static bool Uses(FuzzLayer layer, string name) =>
        layer.AllExpressions.SelectMany(e => e.DescendantsAndSelf()).Any(n => n is Ref r && r.Name == name || n is RunningStat rs && rs.Momentum == Identifiers.Escape(name));

    /// <summary>Every tree with one node replaced by one of its operands, by the input, or by a constant; and reductions with one axis fewer.</summary>
    private static IEnumerable<Node> Rewrites(Node node, FuzzLayer layer)
    {
        if (node is not Ref and not Const)
        {
            yield return new Ref(layer.Tensors[0].Name);
            yield return Const.Of(1);
            foreach (var child in node.Children) yield return child;
        }
        if (node is Reduce { Axes.Count: > 1 } reduce)
            for (int i = 0; i < reduce.Axes.Count; i++)
            {
                var axes = reduce.Axes.Where((_, j) => j != i).ToArray();
                yield return reduce with { Axes = axes, AxesText = string.Join(" ", axes) };
            }
        if (node is RunningStat { Unbiased: true } running) yield return running with { Unbiased = false };
        if (node is Const { Text: not "1.0" }) yield return Const.Of(1);
        for (int i = 0; i < node.Children.Count; i++)
            foreach (var rewritten in Rewrites(node.Children[i], layer))
            {
                var children = node.Children.ToArray();
                children[i] = rewritten;
                yield return node.With(children);
            }
    }

    private static Node Substitute(Node node, string name, Node value) => node switch
    {
        Ref r when r.Name == name => value,
        _ when node.Children.Count == 0 => node,
        _ => node.With(node.Children.Select(c => Substitute(c, name, value)).ToArray()),
    };

    /// <summary>A layer without <paramref name="axis"/>: gone from the layout, parameters, reductions and output.</summary>
    private static FuzzLayer? RemoveAxis(FuzzLayer layer, string axis)
    {
        Node Strip(Node node)
        {
            var children = node.Children.Select(Strip).ToArray();
            if (node is Reduce reduce && reduce.Axes.Contains(axis))
            {
                var axes = reduce.Axes.Where(a => a != axis).ToArray();
                return axes.Length == 0 ? children[0] : reduce with { Args = children, Operand = children[0], Axes = axes, AxesText = string.Join(" ", axes) };
            }
            return children.Length == 0 ? node : node.With(children);
        }
        // A parameter left without axes is a learned scalar; a conditioning input must keep one.
        var tensors = layer.Tensors.Select(t => t.IsInput
            ? t with { InputAxes = t.InputAxes?.Where(a => a != axis).ToArray() }
            : t with { ParamAxes = t.ParamAxes!.Where(a => a != axis).ToArray(), AxesText = null }).ToArray();
        if (tensors.Any(t => t.InputAxes is { Count: 0 })) return null;
        var candidate = layer with
        {
            Layout = layer.Layout.Select(g => (IReadOnlyList<string>)g.Where(a => a != axis).ToArray()).Where(g => g.Count > 0).ToArray(),
            Tensors = tensors,
            Locals = layer.Locals.Select(l => l with { Value = Strip(l.Value) }).ToArray(),
            Result = Strip(layer.Result),
            MoreOutputs = layer.MoreOutputs?.Select(o => o with { Value = Strip(o.Value) }).ToArray(),
            Output = layer.Output?.Where(a => a != axis).ToArray(),
            Specialize = layer.Specialize is { } s && s.Contains(axis + "=", StringComparison.Ordinal) ? null : layer.Specialize,
        };
        return Fix(candidate);
    }

    /// <summary>Re-derives the output so the candidate still declares its result's axes; null when the result has none.</summary>
    private static FuzzLayer? Fix(FuzzLayer layer)
    {
        var axes = layer.AxesOf(layer.Result);
        if (axes.Count == 0) return null;
        var layout = layer.LayoutAxes;
        if (layer.Output is null && axes.SetEquals(layout)) return layer;
        if (layer.Output is not null && axes.SetEquals(layer.Output)) return layer;
        return layer with { Output = axes.OrderBy(a => layout.Contains(a) ? layout.ToList().IndexOf(a) : int.MaxValue).ThenBy(a => a, StringComparer.Ordinal).ToArray() };
    }
}
