using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Ir;

namespace NormGen.Generator.Passes.Simplify;

/// <summary>
/// The order of a product's factors, which is the order the kernels multiply them in: chosen so every partial product
/// stays as close to O(1) as the factors allow. Sorted by node id, LayerNorm's backward multiplied
/// rstd^3 * Sum(gamma (x - mean) dy) / N and rstd^3 left float's range at a standard deviation of ~2e15 (and
/// overflowed at ~1e-13 with eps = 0), although the product and dx were representable; in this order the sum meets
/// rstd first, Sum(...) * rstd * rstd * rstd, whose partial products stay within a power of the data's scale of the
/// result. Same work, so no kernel is slower.
/// </summary>
/// <remarks>
/// The kernels multiply the factors of outer loops first (hoisted once per row) and the factors of the innermost loop
/// after them, numerators in order, then divide by the product of the denominators. The order follows that: factors
/// are grouped by the innermost axis they vary over (layout order: a proxy for their loop), and within a group each
/// next factor (with its whole power: the kernels multiply a power as repeated factors) is the one that keeps the
/// running <see cref="Magnitude"/> smallest, so large and small factors alternate: rstd * (x - mean) becomes the
/// normalized value before gamma meets it. Deterministic (ties go to the smaller node id), so it is a canonical form.
/// </remarks>
internal static class EvaluationOrder
{
    public static List<KeyValuePair<Node, int>> Arrange(IEnumerable<KeyValuePair<Node, int>> factors)
    {
        var byId = factors.OrderBy(p => p.Key.Id).ToList();
        if (byId.Count < 2) return byId;
        var ordered = new List<KeyValuePair<Node, int>>(byId.Count);
        var running = Magnitude.One;
        foreach (var group in byId.GroupBy(p => Innermost(p.Key.Axes)).OrderBy(g => g.Key))
        {
            running = Greedy(group.Where(p => p.Value > 0).ToList(), running, 1, ordered);
            // The denominators are multiplied together before the one division.
            var divisor = Greedy(group.Where(p => p.Value < 0).ToList(), Magnitude.One, -1, ordered);
            running = running.Times(divisor, -1);
        }
        return ordered;
    }

    /// <summary>The innermost (last in layout order) axis of <paramref name="axes"/>; -1 for none.</summary>
    private static int Innermost(AxisSet axes)
    {
        int last = -1;
        foreach (int i in axes.Indices()) last = i;
        return last;
    }

    /// <summary>
    /// Appends <paramref name="pending"/> to <paramref name="ordered"/>, each next the one whose power keeps the running
    /// magnitude from <paramref name="start"/> smallest; <paramref name="sign"/> -1 takes the exponents' magnitudes.
    /// </summary>
    private static Magnitude Greedy(List<KeyValuePair<Node, int>> pending, Magnitude start, int sign, List<KeyValuePair<Node, int>> ordered)
    {
        var running = start;
        while (pending.Count > 0)
        {
            int best = 0;
            (double, double, double) bestCost = default;
            Magnitude bestEnd = running;
            for (int i = 0; i < pending.Count; i++)
            {
                var factor = Magnitude.Of(pending[i].Key);
                int e = sign * pending[i].Value;
                var first = running.Times(factor, 1);
                var end = running.Times(factor, e);
                // The worst partial product inside the power is at one of its ends (the powers grow linearly).
                var cost = (System.Math.Max(first.Largest, end.Largest), end.Largest, end.Total);
                if (i == 0 || cost.CompareTo(bestCost) < 0)
                {
                    (best, bestCost, bestEnd) = (i, cost, end);
                }
            }
            ordered.Add(pending[best]);
            pending.RemoveAt(best);
            running = bestEnd;
        }
        return running;
    }
}
