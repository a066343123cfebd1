using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NormGen.Generator.Ir;
using NormGen.Generator.Passes.Plan;

namespace NormGen.Generator.Passes.Schedule;

/// <summary>
/// A sum across the outer loop that also spans a whole row, summed as a sum over rows of row sums.
/// <para>
/// InstanceNorm's dgamma is Sum(rstd (x - mean) dy, "n h w") with the outer loop over (n c): summed element by
/// element, each row carries a vector accumulator of its own for it and multiplies by rstd per element, although rstd
/// is one value per row and the row sum Sum((x - mean) dy, "h w") is already there for dx (likewise dbeta = Sum(dy) next
/// to Sum(gamma dy)). Written as Sum(Sum(f, inner), outer) the inner sum goes through the simplifier, which pulls
/// the per-row factors out and hash-conses it with the equal row sum, and the outer sum is one scalar
/// multiply-add per row: the sweep keeps half the accumulators and does half the arithmetic. Only sums whose operand
/// varies inside a row over the reduced axes alone are split (the row sum is then one value per outer iteration);
/// a sum over the outer axes only (LayerNorm's dgamma, a column sum) has nothing to split.
/// </para>
/// </summary>
internal static class RowSums
{
    /// <summary>The spec with every such sum split, or null if it has none.</summary>
    public static KernelSpec? Rewrite(Graph g, KernelSpec spec, AxisSet outer)
    {
        if (outer.IsEmpty) return null;
        var replace = new Dictionary<Node, Node>();
        foreach (var n in Topology.PostOrder(spec.Outputs.Select(o => o.Value), spec.Materialized.ContainsKey))
        {
            if (spec.Materialized.ContainsKey(n) || n.Kind != NodeKind.Reduce || n.ReduceOp != ReduceOp.Sum) continue;
            var across = n.Reduced & outer;
            var inner = n.Reduced - outer;
            var operand = n.Args[0];
            if (across.IsEmpty || inner.IsEmpty || !outer.IsSubsetOf(operand.Axes) || operand.Axes - outer != inner) continue;
            // SumUnsplit: the canonical Sum would merge the two sums back into one.
            replace[n] = g.SumUnsplit(g.Sum(operand, inner), across);
        }
        if (replace.Count == 0) return null;
        var memo = ScaledSquares.Memo(spec, replace);
        var outputs = spec.Outputs.Select(o => o with { Value = ShiftedStatistics.Substitute(g, o.Value, memo) }).ToImmutableArray();
        return new KernelSpec(spec.Kind, outputs, spec.Materialized);
    }
}
