using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NormGen.Generator.Ir;
using NormGen.Generator.Model;
using NormGen.Generator.Passes.Differentiate;

namespace NormGen.Generator.Passes.Plan;

/// <summary>
/// Differentiates the formula for each mode and turns forward and backward into kernel specs: which buffers
/// each kernel writes, what the forward saves, and what the backward reads back.
/// </summary>
internal static class LayerPlanner
{
    public static ImmutableArray<ModePlan> Plan(LayerIr ir)
    {
        var modes = ImmutableArray.CreateBuilder<ModePlan>();
        var names = new HashSet<string>();
        var savedByNode = new Dictionary<Node, SavedStat>();
        modes.Add(PlanMode(ir, ir.HasRunning ? LayerMode.Training : LayerMode.Only, names, savedByNode));
        if (ir.HasRunning) modes.Add(PlanMode(ir, LayerMode.Eval, names, savedByNode));
        return modes.ToImmutable();
    }

    public static DataBuffer SpanOf(TensorDecl t) => new(t.Name, BufferKind.Span, t.Storage);

    public static DataBuffer GradientOf(TensorDecl t) => new(ApiNames.Gradient(t.Name), BufferKind.Span, t.Storage);

    /// <summary>The span Forward writes an output into: y, or a tuple element's name.</summary>
    public static DataBuffer OutputBuffer(OutputDecl output) => new(output.Name, BufferKind.Span, output.Storage);

    /// <summary>The span Backward reads an output's gradient from: dy, dh.</summary>
    public static DataBuffer OutputGradientBuffer(OutputDecl output) => new(output.GradientName, BufferKind.Span, output.Storage);

    private static ModePlan PlanMode(LayerIr ir, LayerMode mode, HashSet<string> names, Dictionary<Node, SavedStat> savedByNode)
    {
        bool training = mode != LayerMode.Eval;
        var g = ir.Graph;
        // One seed per output, its own node, named so no input can share it (a user's tensor named dy is another node).
        var roots = ir.Outputs.Select(o => (Output: training ? o.Training : o.Eval, Seed: g.Tensor(o.Seed, o.Axes))).ToList();
        var differentiable = ir.Inputs.Concat(ir.Parameters).ToList();
        var gradients = ReverseMode.Gradients(g, roots, differentiable.Select(t => t.Name));

        var saved = ImmutableArray.CreateBuilder<SavedStat>();
        foreach (var node in SavedStatistics.Choose(gradients.Values, roots.Select(r => r.Seed), g.Axes.All, out var extremumOperands))
        {
            if (!savedByNode.TryGetValue(node, out var stat))
            {
                string name = Unique(names, NameOf(ir, node, extremumOperands.TryGetValue(node, out var op) ? op : null));
                stat = new SavedStat(name, node, new DataBuffer(Emit.Identifiers.SavedBuffer(name), BufferKind.Saved, node.Axes.Indices().ToImmutableArray(), name));
                savedByNode[node] = stat;
            }
            saved.Add(stat);
        }

        var forwardOutputs = ImmutableArray.CreateBuilder<KernelOutput>();
        for (int i = 0; i < roots.Count; i++) forwardOutputs.Add(new KernelOutput(roots[i].Output, OutputBuffer(ir.Outputs[i]), Accumulate: false));
        foreach (var s in saved) forwardOutputs.Add(new KernelOutput(s.Node, s.Buffer, Accumulate: false));
        if (training)
        {
            foreach (var r in ir.Running)
            {
                // PyTorch: running = (1 - momentum) * running + momentum * stat (a variance made unbiased first).
                var buffer = g.Tensor(r.Buffer.Name, r.Buffer.Axes);
                var updated = g.Add(
                    g.Multiply(g.Subtract(g.One, r.Momentum), buffer),
                    g.Multiply(1, r.Momentum, r.UnbiasedScale, r.Stat));
                forwardOutputs.Add(new KernelOutput(updated, SpanOf(r.Buffer), Accumulate: false));
            }
        }

        var backwardOutputs = ImmutableArray.CreateBuilder<KernelOutput>();
        var final = differentiable.ToDictionary(t => t.Name, t => t.Role == TensorRole.Param && t.Storage.IsEmpty
            ? ScalarGradientAsOneSum(g, gradients[t.Name], gradients.Values)
            : gradients[t.Name]);
        foreach (var t in differentiable)
        {
            bool conditioning = IsConditioning(ir, t);
            backwardOutputs.Add(new KernelOutput(final[t.Name], GradientOf(t), Accumulate: t.Role == TensorRole.Param || conditioning) { ClearsTarget = conditioning });
        }
        var materialized = saved.ToDictionary(s => s.Node, s => s.Buffer);

        return new ModePlan(mode,
            new KernelSpec(new KernelKind(KernelDirection.Forward, mode), forwardOutputs.ToImmutable(), new Dictionary<Node, DataBuffer>()),
            new KernelSpec(new KernelKind(KernelDirection.Backward, mode), backwardOutputs.ToImmutable(), materialized),
            saved.ToImmutable(),
            differentiable.Select(t => (GradientOf(t).Name, final[t.Name])).ToImmutableArray());
    }

    /// <summary>An input over fewer axes than the layer's input ([Input("n d")]): its gradient is a sum over the others.</summary>
    public static bool IsConditioning(LayerIr ir, TensorDecl t) =>
        t.Role == TensorRole.Input && !ir.Inputs.IsEmpty && t.Axes != ir.Inputs[0].Axes;

    /// <summary>
    /// A learned scalar's gradient simplified to <c>k * Sum(a)</c> over every axis, k a scalar (a temperature's
    /// <c>-Sum(..) / t^2</c>), becomes <c>Sum(k * a)</c>: a bare sum accumulates into the gradient inside the loop over
    /// rows, so the kernel needs no step after that loop and splits across threads like DyT's dalpha. Left alone when
    /// another gradient reads the same sum (it would then be computed twice).
    /// </summary>
    private static Node ScalarGradientAsOneSum(Graph g, Node gradient, IEnumerable<Node> all)
    {
        if (gradient.Kind != NodeKind.Mul) return gradient;
        var factors = Simplify.Algebra.Factors(gradient).ToList();
        var sums = factors.Where(f => f.Factor.Kind == NodeKind.Reduce && f.Factor.ReduceOp == ReduceOp.Sum && f.Exponent == 1).ToList();
        if (sums.Count != 1 || factors.Any(f => !f.Factor.Axes.IsEmpty)) return gradient;
        var sum = sums[0].Factor;
        if (!sum.Args[0].Axes.IsSubsetOf(sum.Reduced)) return gradient;
        if (all.Where(other => !ReferenceEquals(other, gradient)).Any(other => Topology.PostOrder(new[] { other }).Contains(sum))) return gradient;
        var k = g.Product(gradient.Value, factors.Where(f => !ReferenceEquals(f.Factor, sum)));
        return g.SumUnsplit(g.ProductUnflattened(k, sum.Args[0]), sum.Reduced);
    }

    /// <summary>Names a saved statistic after the user's local when there is one, else after what it computes.</summary>
    private static string NameOf(LayerIr ir, Node node, ReduceOp? operandOf)
    {
        foreach (var (name, value) in ir.Locals)
        {
            if (ReferenceEquals(value, node)) return name;
        }
        if (operandOf is { } op) return op.ToString().ToLowerInvariant() + "Operand";
        if (node.Kind == NodeKind.Unary && node.UnaryOp == UnaryOp.Rsqrt) return "rstd";
        if (node.Kind == NodeKind.Unary && node.UnaryOp == UnaryOp.Sqrt) return "std";
        if (node.Kind == NodeKind.Mul && node.Args.Length == 2 && node.Value == 1
            && node.Args.Any(a => a.Kind == NodeKind.Count && node.Weights[node.Args.IndexOf(a)] == -1)
            && node.Args.Any(a => a.Kind == NodeKind.Reduce && a.ReduceOp == ReduceOp.Sum))
        {
            return "mean";
        }
        if (node.Kind == NodeKind.Reduce) return node.ReduceOp.ToString().ToLowerInvariant();
        return "stat";
    }

    /// <summary>
    /// Members Saved&lt;T&gt; has besides the statistics: a statistic's property (its name Pascal-cased) must differ
    /// from them and from every other statistic's, or the user's local t or shape would break the build.
    /// </summary>
    private static readonly string[] s_savedMembers = { "T", "Shape", "Saved", "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals" };

    private static string Unique(HashSet<string> names, string name)
    {
        string candidate = name;
        for (int i = 2; s_savedMembers.Contains(Parsing.NameRules.Pascal(candidate)) || !names.Add(Parsing.NameRules.Pascal(candidate)); i++) candidate = name + i;
        return candidate;
    }
}
