using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Ir;

namespace NormGen.Generator.Passes.Plan;

/// <summary>
/// Decides what the forward saves for the backward: the largest forward values the backward needs that cost a
/// sweep to compute (depend on a reduction) yet are smaller than the input (per row, per channel, ...), such as
/// the mean and 1/std of LayerNorm. Everything else the backward needs is recomputed from the inputs and these,
/// which is cheaper than storing a full-size intermediate and reading it back.
/// </summary>
internal static class SavedStatistics
{
    public static List<Node> Choose(IEnumerable<Node> gradients, Node seed, AxisSet allAxes)
    {
        var dependsOnSeed = new Dictionary<Node, bool>();
        bool DependsOnSeed(Node n)
        {
            if (dependsOnSeed.TryGetValue(n, out var known)) return known;
            bool result = ReferenceEquals(n, seed) || n.Args.Any(DependsOnSeed);
            dependsOnSeed[n] = result;
            return result;
        }

        var saved = new HashSet<Node>();
        var visited = new HashSet<Node>();
        var stack = new Stack<Node>(gradients);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!visited.Add(node)) continue;
            if (!DependsOnSeed(node))
            {
                if (!node.DependsOnReduction) continue;
                if (node.Axes != allAxes)
                {
                    saved.Add(node);
                    continue;
                }
            }
            foreach (var arg in node.Args) stack.Push(arg);
        }
        return saved.OrderBy(n => n.Id).ToList();
    }
}
