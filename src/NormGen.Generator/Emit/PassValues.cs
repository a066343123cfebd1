using System;
using System.Collections.Generic;
using NormGen.Generator.Emit.Loops;
using NormGen.Generator.Emit.Lowering;
using NormGen.Generator.Passes.Plan;

namespace NormGen.Generator.Emit;

/// <summary>
/// A value a pass computes or loads, placed at the loop level where it first varies: level 0 is outside the
/// pass's loops (computed once per outer-loop iteration), the innermost level is inside the vector body.
/// Products and sums are split by level, so the invariant part of a product (gamma * rstd, a per-row
/// coefficient) is computed once per row and the body only multiplies what changes. The lowering's handle on
/// a local it declares: immutable, compared by identity (one per declaration).
/// </summary>
internal sealed class PassValue
{
    private PassValue(string name, int level, Expr? value, DataBuffer? loadFrom, IReadOnlyList<PassValue> dependencies, IReadOnlyList<string> leaves)
    {
        Name = name;
        Leaves = leaves;
        Level = level;
        Value = value;
        LoadFrom = loadFrom;
        Dependencies = dependencies;
    }

    /// <summary>A value declared elsewhere (kernel parameters, kernel-level constants, outer-loop locals).</summary>
    public static PassValue Declared(string name) => new(name, 0, null, null, Array.Empty<PassValue>(), StemOf(name));

    /// <summary>A local computed from other values at <paramref name="level"/>.</summary>
    public static PassValue Computed(string name, int level, Expr value, IReadOnlyList<PassValue> dependencies, IReadOnlyList<string> leaves) =>
        new(name, level, value, null, dependencies, leaves);

    /// <summary>
    /// A load of <paramref name="buffer"/>'s element at <paramref name="level"/>: its address (which ref, which offset)
    /// is only known once the loops above it are laid out, so the Let is built then.
    /// </summary>
    public static PassValue Loaded(string name, int level, DataBuffer buffer) =>
        new(name, level, null, buffer, Array.Empty<PassValue>(), StemOf(buffer.Statistic ?? buffer.Name));

    public static PassValue Loaded(string name, int level, DataBuffer buffer, IReadOnlyList<string> leaves) =>
        new(name, level, null, buffer, Array.Empty<PassValue>(), leaves);

    private static IReadOnlyList<string> StemOf(string name) => ValueNames.Stem(name) is { } stem ? new[] { stem } : Array.Empty<string>();

    public string Name { get; }
    public int Level { get; }
    /// <summary>What a computed local holds; null for loads and values declared elsewhere.</summary>
    public Expr? Value { get; }
    public DataBuffer? LoadFrom { get; }
    public IReadOnlyList<PassValue> Dependencies { get; }
    /// <summary>The user-level names the value reads ("x", "rstd"), which derived names spell (<see cref="ValueNames"/>).</summary>
    public IReadOnlyList<string> Leaves { get; }

    /// <summary>The value as an operand.</summary>
    public Var Ref => new(Name);
}
