using System.Collections.Generic;
using NormGen.Generator.Ir;

namespace NormGen.Generator.Emit.Lowering;

/// <summary>
/// Where a value of a pass lives: level 0 is outside the pass's loops (once per outer-loop iteration, or once per
/// kernel), level j is inside loop j (1 = outermost, the last the vectorized innermost loop). A value lives at the
/// deepest loop whose axes it varies over: deeper would recompute it for nothing, shallower would be wrong.
/// </summary>
internal static class Levels
{
    /// <summary>The level of a value varying over <paramref name="axes"/> in a pass whose loops cover <paramref name="loops"/>, outermost first.</summary>
    public static int Of(IReadOnlyList<AxisSet> loops, AxisSet axes)
    {
        for (int j = loops.Count; j >= 1; j--)
        {
            if (loops[j - 1].Overlaps(axes)) return j;
        }
        return 0;
    }

    /// <summary>The level of a value computed from operands at <paramref name="levels"/>: the deepest of them (0 for none).</summary>
    public static int Deepest(IEnumerable<int> levels)
    {
        int level = 0;
        foreach (int l in levels)
        {
            if (l > level) level = l;
        }
        return level;
    }
}
