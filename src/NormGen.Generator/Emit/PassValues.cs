using System;
using System.Collections.Generic;

namespace NormGen.Generator.Emit;

/// <summary>
/// A value a pass computes or loads, placed at the loop level where it first varies: level 0 is outside the
/// pass's loops (computed once per outer-loop iteration), the innermost level is inside the vector body.
/// Products and sums are split by level, so the invariant part of a product (gamma * rstd, a per-row
/// coefficient) is computed once per row and the body only multiplies what changes.
/// </summary>
internal sealed class PassValue
{
    public PassValue(string name, int level, Func<Dialect, Func<PassValue, string>, string>? render, IReadOnlyList<PassValue> dependencies)
    {
        Name = name;
        Level = level;
        Render = render;
        Dependencies = dependencies;
    }

    public string Name { get; }
    public int Level { get; }
    /// <summary>Null for values declared elsewhere (kernel parameters, outer-loop locals).</summary>
    public Func<Dialect, Func<PassValue, string>, string>? Render { get; }
    public IReadOnlyList<PassValue> Dependencies { get; }

    /// <summary>
    /// For a plain product a * b * ... (no divisor, no sign): its factors, so the one consumer that adds it
    /// (a sum, an accumulator, a += into a buffer) can print it as a fused multiply-add instead.
    /// </summary>
    public IReadOnlyList<PassValue>? Factors { get; set; }

    /// <summary>For a sum: the terms it adds or subtracts without a weight, the ones a multiply-add can absorb.</summary>
    public IReadOnlyList<PassValue>? UnitTerms { get; set; }

    /// <summary>For a sum: how many terms it has (one must stay a plain value for the multiply-adds to add to).</summary>
    public int TermCount { get; set; }
}
