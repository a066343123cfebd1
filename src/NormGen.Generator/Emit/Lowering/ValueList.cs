using NormGen.Generator.Ir;
using NormGen.Generator.Model;
using NormGen.Generator.Passes.Plan;

namespace NormGen.Generator.Emit.Lowering;

// The per-pass value IR the lowering decides on, before anything is named or declared: a flat list of values in
// evaluation order (every operand before its user), each at the loop level it lives at. KernelEmitter.Build makes it
// from the expression graph, Hoist splits loop-invariant parts out of products and sums, Share drops values equal to
// one already computed, Prune drops what nothing reads, and KernelEmitter.Declare names and places what is left.
// Every pass takes a list and returns a new one; records compare by value.

/// <summary>
/// An operand: value <see cref="Id"/> of the pass's list, or (<see cref="Outer"/>) a value declared before the pass
/// (a kernel-level constant, size, hyper-parameter or learned scalar, or a value of an earlier pass of the same outer
/// iteration); those live at level 0.
/// </summary>
internal readonly record struct Operand(int Id, PassValue? Outer = null, object? OuterKey = null)
{
    /// <summary>A value declared before the pass, with the key it is shared by there (its node, or a partial's structure).</summary>
    public static Operand Of(PassValue outer, object key) => new(-1, outer, key);

    public bool IsOuter => Outer is not null;
}

/// <summary>
/// One value of a pass. <see cref="Key"/> is what it is shared by: its graph node, or the structure of a hoisted
/// partial (<see cref="SharingKeys"/>). <see cref="Computation"/> is the index of the computation whose root first
/// needed it (loads and buffers it touches are laid out in that order).
/// </summary>
internal sealed record ValueDef(int Id, object Key, int Level, ValueOp Op, int Computation);

internal abstract record ValueOp;

/// <summary>An element of a buffer, at the value's level.</summary>
internal sealed record LoadOp(DataBuffer Buffer, Node Node) : ValueOp;

/// <summary>(-) prod f^e.</summary>
internal sealed record ProductOp(bool Negate, EquatableArray<FactorOf> Factors) : ValueOp;

internal readonly record struct FactorOf(Operand Value, int Exponent);

/// <summary>sum w t.</summary>
internal sealed record SumOp(EquatableArray<TermOf> Terms) : ValueOp;

internal readonly record struct TermOf(double Weight, Operand Value);

internal sealed record UnaryOf(UnaryOp Op, Operand Arg) : ValueOp;

internal sealed record BinaryOf(BinaryOp Op, Operand Left, Operand Right) : ValueOp;

/// <summary>Base ^ the kernel-level constant named <see cref="Exponent"/>.</summary>
internal sealed record PowOf(Operand Base, string Exponent) : ValueOp;

/// <summary>A pass's values and, per computation, the operand its store or reduction reads.</summary>
internal sealed record ValueList(EquatableArray<ValueDef> Values, EquatableArray<Operand> Roots)
{
    /// <summary>The operands <paramref name="op"/> reads, in order.</summary>
    public static System.Collections.Generic.IEnumerable<Operand> Operands(ValueOp op) => op switch
    {
        LoadOp => System.Linq.Enumerable.Empty<Operand>(),
        ProductOp p => System.Linq.Enumerable.Select(p.Factors, f => f.Value),
        SumOp s => System.Linq.Enumerable.Select(s.Terms, t => t.Value),
        UnaryOf u => new[] { u.Arg },
        BinaryOf b => new[] { b.Left, b.Right },
        PowOf p => new[] { p.Base },
        _ => throw new System.InvalidOperationException($"Unknown value {op.GetType().Name}."),
    };

    /// <summary><paramref name="op"/> with every operand mapped.</summary>
    public static ValueOp Map(ValueOp op, System.Func<Operand, Operand> f) => op switch
    {
        LoadOp => op,
        ProductOp p => p with { Factors = System.Linq.Enumerable.Select(p.Factors, x => x with { Value = f(x.Value) }).ToEquatableArray() },
        SumOp s => new SumOp(System.Linq.Enumerable.Select(s.Terms, t => t with { Value = f(t.Value) }).ToEquatableArray()),
        UnaryOf u => u with { Arg = f(u.Arg) },
        BinaryOf b => b with { Left = f(b.Left), Right = f(b.Right) },
        PowOf p => p with { Base = f(p.Base) },
        _ => throw new System.InvalidOperationException($"Unknown value {op.GetType().Name}."),
    };
}
