using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Ir;

namespace NormGen.Generator.Passes.Differentiate;

/// <summary>
/// Reverse-mode differentiation over the DAG: adjoints flow from the output to the leaves in reverse
/// topological order, each node's adjoint being the sum of its consumers' contributions. Broadcasting is
/// undone by summing a contribution over the axes the argument does not have. Every node is built through the
/// graph, so the adjoints come out already simplified.
/// </summary>
internal static class ReverseMode
{
    /// <summary>The gradient of sum(output * seed) with respect to each named tensor leaf (zero if it does not reach it).</summary>
    public static Dictionary<string, Node> Gradients(Graph g, Node output, Node seed, IEnumerable<string> leaves) =>
        Gradients(g, new[] { (output, seed) }, leaves);

    /// <summary>
    /// The gradient of the sum over every output of sum(output * seed): reverse mode seeded by each output's gradient,
    /// the paths adding up where they meet (h = x + residual feeds both y and the output h).
    /// </summary>
    public static Dictionary<string, Node> Gradients(Graph g, IReadOnlyList<(Node Output, Node Seed)> roots, IEnumerable<string> leaves)
    {
        var order = Topology.PostOrder(roots.Select(r => r.Output));
        // An output that simplified to fewer axes than the layer's (Pow(x, 0) * Mean(x, "d") on "n d") is broadcast over
        // the others, so its adjoint sums the seed over them.
        var contributions = new Dictionary<Node, List<Node>>();
        foreach (var (output, seed) in roots)
        {
            if (!contributions.TryGetValue(output, out var list)) contributions[output] = list = new List<Node>();
            list.Add(g.Sum(seed, seed.Axes - output.Axes));
        }
        var gradients = new Dictionary<string, Node>();
        for (int k = order.Count - 1; k >= 0; k--)
        {
            var node = order[k];
            if (!contributions.TryGetValue(node, out var parts)) continue;
            var adjoint = g.Add(0, parts.Select(p => (1.0, p)));
            if (node.Kind == NodeKind.Tensor)
            {
                gradients[node.Name!] = adjoint;
                continue;
            }
            if (adjoint.IsConstant(0)) continue;
            for (int i = 0; i < node.Args.Length; i++)
            {
                var arg = node.Args[i];
                var local = DerivativeRules.Contribution(g, node, i, adjoint);
                if (local.IsConstant(0)) continue;
                var contribution = g.Sum(local, node.Axes - arg.Axes);
                if (!contributions.TryGetValue(arg, out var list)) contributions[arg] = list = new List<Node>();
                list.Add(contribution);
            }
        }
        return leaves.ToDictionary(name => name, name => gradients.TryGetValue(name, out var grad) ? grad : g.Zero);
    }
}
