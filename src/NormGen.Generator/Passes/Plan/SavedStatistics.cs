using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Ir;

namespace NormGen.Generator.Passes.Plan;

/// <summary>
/// Decides what the forward saves for the backward: the largest forward values the backward needs that cost a
/// sweep to compute (depend on a reduction) yet are smaller than the input (per row, per channel, ...), such as
/// the mean and 1/std of LayerNorm. Everything else the backward needs is recomputed from the inputs and these,
/// which is cheaper than storing a full-size intermediate and reading it back.
/// One exception: the computed operand of a Max/Min reduction is saved whatever its size (as PyTorch's amax keeps
/// its input). The backward finds the arg-max by comparing the operand with the saved extremum, which is only sound
/// if both are the very same float values; recomputed in another pass, the operand may round differently (factors
/// hoisted out of other loops, another FMA folding, the vector rather than the scalar Exp), and the mask then misses.
/// </summary>
internal static class SavedStatistics
{
    /// <param name="extremumOperands">Which of the chosen nodes are saved as the operand of a Max or Min, and of which.</param>
    /// <param name="seeds">The output gradients (one per output): what depends on them is backward work, never saved.</param>
    public static List<Node> Choose(IEnumerable<Node> gradients, IEnumerable<Node> seeds, AxisSet allAxes, out Dictionary<Node, ReduceOp> extremumOperands)
    {
        var seedSet = new HashSet<Node>(seeds);
        extremumOperands = new Dictionary<Node, ReduceOp>();
        var dependsOnSeed = new Dictionary<Node, bool>();
        bool DependsOnSeed(Node n)
        {
            if (dependsOnSeed.TryGetValue(n, out var known)) return known;
            bool result = seedSet.Contains(n) || n.Args.Any(DependsOnSeed);
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
            if (ComputedExtremumOperand(node) is { } operand)
            {
                saved.Add(operand);
                extremumOperands[operand] = node.Args[1].ReduceOp;
            }
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

    /// <summary>
    /// The operand a of a mask [a == Max(a)] (or Min) when a is computed rather than read from an input or parameter
    /// (a read loads the same values everywhere); else null.
    /// </summary>
    private static Node? ComputedExtremumOperand(Node node)
    {
        if (node.Kind != NodeKind.Binary || node.BinaryOp != BinaryOp.EqualMask) return null;
        var (operand, extremum) = (node.Args[0], node.Args[1]);
        bool isExtremumOf = extremum.Kind == NodeKind.Reduce && (extremum.ReduceOp is ReduceOp.Max or ReduceOp.Min)
            && ReferenceEquals(extremum.Args[0], operand);
        return isExtremumOf && operand.Kind is not (NodeKind.Tensor or NodeKind.Constant or NodeKind.Hyper) ? operand : null;
    }
}
