using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NormGen.Generator.Ir;
using NormGen.Generator.Passes.Plan;

namespace NormGen.Generator.Passes.Schedule;

/// <summary>
/// A variance in one sweep instead of two.
/// <para>
/// The centred form Sum((e - Sum(e)/N)^2) needs the mean before it can start, so the forward reads the input three
/// times: sum, centred squares, output. Without an outer loop (channels-last BatchNorm: the statistics span every
/// pixel) each of those is a sweep through memory; with one (LayerNorm's rows, InstanceNorm's planes) the second
/// sweep runs from L1, but it is still a third of the arithmetic and of the loads while no memory read is in flight
/// (docs/benchmarks.md, "One-sweep row statistics": LayerNorm forward 15-20% faster at 4096x1024).
/// With K = e at index 0 of the reduced axes (a sample of the data, so |mean - K| is of the order of the spread)
/// both sums come from one sweep over u = s e + P, s half the exact power-of-two scale of <see cref="ScaledSquares"/>
/// (the shifted squares add up to N (var + (mean - K)^2), twice the centred ones for a typical K; the extra halving
/// keeps that below the variance, so data whose variance is just below the type's maximum still fits) and
/// P = -s K the pivot as stored, so that u is one multiply-add per element as e - K was one subtraction:
/// </para>
/// <code>
///   S1 = Sum(u), S2 = Sum(u^2);  Sum(e) = S1 / s + N K;  Sum((e - mean)^2) = (S2 - S1 (S1 / N)) / s^2
/// </code>
/// <para>
/// Shifting by a sample rather than by nothing is what keeps float32 exact enough (this is the textbook
/// "shifted data" variance, not E[x^2] - E[x]^2): the cancellation in S2 - S1^2/N is relative to (mean - K)^2, not
/// mean^2, so a large common offset costs nothing (the offset tests) and a constant channel gets exactly 0. As K is
/// one of the summed values, (K - mean)^2 &lt;= N var, so even when K is the one outlier that carries all the spread the
/// relative error of the variance stays below about N ulp (2e-3 at N = 32768 in float32); Chan's blocked merge would
/// remove that worst case at the cost of a second, cache-blocked loop order. The difference is clamped at 0 against
/// rounding. Only forward statistics are rewritten; the backward reads what the forward saved.
/// </para>
/// </summary>
internal static class ShiftedStatistics
{
    /// <summary>
    /// The spec with every centred sum of squares <paramref name="applies"/> accepts computed from shifted sums, or null
    /// if it has none; the others stay centred (<see cref="ScaledSquares"/>).
    /// </summary>
    public static KernelSpec? Rewrite(Graph g, KernelSpec spec, System.Func<Node, bool> applies)
    {
        var replace = new Dictionary<Node, Node>();
        foreach (var n in Topology.PostOrder(spec.Outputs.Select(o => o.Value), spec.Materialized.ContainsKey))
        {
            if (spec.Materialized.ContainsKey(n) || !IsCentredSquares(n, out var e, out var mean, out var sum) || !applies(n)) continue;
            var axes = n.Reduced;
            var scale = g.Scale(axes, shifted: true);
            var stored = g.Pivot(g.Multiply(-1, scale, e), axes);
            var pivot = g.Product(-1, new[] { (stored, 1), (scale, -1) });
            var u = g.Add(0, new[] { (1.0, g.Multiply(scale, e)), (1.0, stored) });
            var s1 = g.SumUnsplit(u, axes);
            var s2 = g.Sum(g.Power(u, 2), axes);
            var count = g.Count(axes);
            // The mean as K + S1/(sN), not (N K + S1/s)/N: a constant channel then gets its value back exactly.
            replace[mean] = g.Add(pivot, g.Product(1, new[] { (s1, 1), (scale, -1), (count, -1) }));
            replace[sum] = g.Add(g.Divide(s1, scale), g.Multiply(count, pivot));
            // S1 (S1 / N), not S1^2 / N: S1^2 can overflow where the variance does not.
            var correction = g.ProductUnflattened(s1, g.Divide(s1, count));
            replace[n] = g.Product(1, new[] { (g.Binary(BinaryOp.Maximum, g.Subtract(s2, correction), g.Zero), 1), (scale, -2) });
        }
        if (replace.Count == 0) return null;
        var memo = ScaledSquares.Memo(spec, replace);
        var outputs = spec.Outputs.Select(o => o with { Value = Substitute(g, o.Value, memo) }).ToImmutableArray();
        return new KernelSpec(spec.Kind, outputs, spec.Materialized);
    }

    /// <summary>The pivots a rewritten spec reads, each to be stored once before the sweep.</summary>
    public static List<Node> Pivots(KernelSpec spec) =>
        Topology.PostOrder(spec.Outputs.Select(o => o.Value), spec.Materialized.ContainsKey)
            .Where(n => n.Kind == NodeKind.Pivot).ToList();

    /// <summary>
    /// n = Sum((e - m)^2, A) with m = Sum(e, A) / N(A) and e element-wise (no reduction inside), in the canonical
    /// form the simplifier leaves it in: a square of a sum whose only reduction term is -1 times the mean m.
    /// </summary>
    internal static bool IsCentredSquares(Node n, out Node e, out Node mean, out Node sum)
    {
        e = mean = sum = null!;
        if (n.Kind != NodeKind.Reduce || n.ReduceOp != ReduceOp.Sum) return false;
        var square = n.Args[0];
        if (square.Kind != NodeKind.Mul || square.Value != 1 || square.Args.Length != 1 || square.Weights[0] != 2) return false;
        var d = square.Args[0];
        if (d.Kind != NodeKind.Add) return false;
        int at = -1;
        for (int i = 0; i < d.Args.Length; i++)
        {
            if (d.Args[i].DependsOnReduction)
            {
                if (at >= 0) return false;
                at = i;
            }
        }
        if (at < 0 || d.Weights[at] != -1) return false;
        mean = d.Args[at];
        if (mean.Kind != NodeKind.Mul || mean.Value != 1 || mean.Args.Length != 2) return false;
        int r = mean.Args[0].Kind == NodeKind.Reduce ? 0 : 1;
        var reduce = mean.Args[r];
        var count = mean.Args[1 - r];
        if (reduce.Kind != NodeKind.Reduce || reduce.ReduceOp != ReduceOp.Sum || reduce.Reduced != n.Reduced || mean.Weights[r] != 1) return false;
        if (count.Kind != NodeKind.Count || count.Reduced != n.Reduced || mean.Weights[1 - r] != -1) return false;
        var rest = d.Args.Length == 2 && d.Value == 0 && d.Weights[1 - at] == 1
            ? d.Args[1 - at]
            : null;
        if (rest is null || !ReferenceEquals(rest, reduce.Args[0])) return false;
        e = rest;
        sum = reduce;
        return true;
    }

    /// <summary>Rebuilds <paramref name="n"/> through the simplifier with the replacements in <paramref name="memo"/>.</summary>
    internal static Node Substitute(Graph g, Node n, Dictionary<Node, Node> memo)
    {
        if (memo.TryGetValue(n, out var done)) return done;
        var args = n.Args.Select(a => Substitute(g, a, memo)).ToList();
        Node result;
        if (args.Select((a, i) => ReferenceEquals(a, n.Args[i])).All(same => same)) result = n;
        else result = n.Kind switch
        {
            NodeKind.Add => g.Add(n.Value, args.Select((a, i) => (n.Weights[i], a))),
            NodeKind.Mul => g.Product(n.Value, args.Select((a, i) => (a, (int)n.Weights[i]))),
            NodeKind.Unary => g.Unary(n.UnaryOp, args[0]),
            NodeKind.Pow => g.Power(args[0], n.Value),
            NodeKind.Reduce => g.Reduce(n.ReduceOp, args[0], n.Reduced),
            NodeKind.Binary => g.Binary(n.BinaryOp, args[0], args[1]),
            NodeKind.Pivot => g.Pivot(args[0], n.Reduced),
            _ => n,
        };
        memo[n] = result;
        return result;
    }
}
