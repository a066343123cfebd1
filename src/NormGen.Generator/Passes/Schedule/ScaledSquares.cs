using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NormGen.Generator.Ir;
using NormGen.Generator.Passes.Plan;

namespace NormGen.Generator.Passes.Schedule;

/// <summary>
/// Centred sums of squares that overflow only when the variance does.
/// <para>
/// Var = Sum((e - m)^2) / N: with float data around 1e19 and a variance of 1e37 the sum is N times the variance and
/// overflows float although the variance fits, and y silently became beta. Each centred value is first scaled by
/// s = 2^-k, s^2 N in (1/4, 1] (<see cref="NodeKind.Scale"/>), so the sum S' = Sum((s e - s m)^2) = s^2 Sum((e - m)^2)
/// is at most about the variance, and the variance is S' / (s s N), which the emitter prints as one division by the exactly
/// representable product s s N. Scaling by a power of two is exact, so barring underflow the variance is bit for bit the
/// unscaled one, at the same cost (s e - s m is one multiply-add, as e - m was one subtraction). The price is underflow:
/// squares of values below about 1e-19 sqrt(N) in float (1e-154 sqrt(N) in double) lose bits sooner than before.
/// </para>
/// </summary>
internal static class ScaledSquares
{
    /// <summary>The spec with every centred sum of squares computed from scaled values, or null if it has none.</summary>
    public static KernelSpec? Rewrite(Graph g, KernelSpec spec)
    {
        var replace = new Dictionary<Node, Node>();
        foreach (var n in Topology.PostOrder(spec.Outputs.Select(o => o.Value), spec.Materialized.ContainsKey))
        {
            if (spec.Materialized.ContainsKey(n) || !ShiftedStatistics.IsCentredSquares(n, out var e, out var mean, out _)) continue;
            var scale = g.Scale(n.Reduced);
            var squares = g.Sum(g.Power(ScaledDifference(g, scale, e, mean), 2), n.Reduced);
            replace[n] = g.Product(1, new[] { (squares, 1), (scale, -2) });
        }
        if (replace.Count == 0) return null;
        var memo = Memo(spec, replace);
        var outputs = spec.Outputs.Select(o => o with { Value = ShiftedStatistics.Substitute(g, o.Value, memo) }).ToImmutableArray();
        return new KernelSpec(spec.Kind, outputs, spec.Materialized);
    }

    /// <summary>s e - s m, a sum of two products so that the square of it stays whole (Sum would pull s^2 out again).</summary>
    public static Node ScaledDifference(Graph g, Node scale, Node e, Node m) =>
        g.Add(0, new[] { (1.0, g.Multiply(scale, e)), (-1.0, g.Multiply(scale, m)) });

    /// <summary>Substitutions to apply, with the nodes a kernel reads from memory kept as they are.</summary>
    public static Dictionary<Node, Node> Memo(KernelSpec spec, Dictionary<Node, Node> replace)
    {
        var memo = new Dictionary<Node, Node>(replace);
        foreach (var m in spec.Materialized.Keys) memo[m] = m;
        return memo;
    }
}
