using System.Collections.Generic;
using System.Linq;

namespace NormGen.Generator.Emit.Lowering;

/// <summary>
/// Loop-invariant code motion for the n-ary products and sums of a pass. A product rstd * gamma * x inside the loop
/// over d (x varies along d, rstd and gamma along outer loops) splits into the invariant part, computed once at the
/// deepest of its operands' levels (rstd * gamma, a per-row coefficient), and the rest, computed at the value's
/// level from the invariant part and what varies: one multiply per element instead of two. The partial is split the
/// same way in turn, so each factor is multiplied in at the outermost level it allows.
/// </summary>
internal static class Hoisting
{
    /// <summary>The operands of an n-ary value split by level: those at the value's level, and those hoisted out of it.</summary>
    public readonly record struct Split<T>(int Level, IReadOnlyList<T> Inner, IReadOnlyList<T> Outer)
    {
        /// <summary>Whether the outer operands make a partial of their own: only inside a loop, and only when there are any.</summary>
        public bool Hoists => Level > 0 && Outer.Count > 0;
    }

    /// <summary>Partitions <paramref name="operands"/> by whether they live at the deepest of their levels.</summary>
    public static Split<T> ByLevel<T>(IReadOnlyList<T> operands, System.Func<T, int> level)
    {
        int deepest = Levels.Deepest(operands.Select(level));
        return new Split<T>(deepest, operands.Where(o => level(o) == deepest).ToList(), operands.Where(o => level(o) < deepest).ToList());
    }

    /// <summary>
    /// Whether a value outside the pass's loops can be computed once per kernel instead of once per outer-loop
    /// iteration: every operand is itself kernel-level (constants, hyper-parameters, learned scalars, sizes), as
    /// for Softplus(alpha) of a scalar parameter alpha, and it has operands (a load is never moved).
    /// </summary>
    public static bool IsKernelInvariant(int level, IReadOnlyCollection<bool> operandsAtKernelLevel) =>
        level == 0 && operandsAtKernelLevel.Count > 0 && operandsAtKernelLevel.All(k => k);
}
