using System;
using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Ir;
using NormGen.Generator.Model;

namespace NormGen.Generator.Emit.Loops;

// The loop IR: what a kernel does, between the schedule (KernelPlan: passes of computations) and the C# text.
// KernelEmitter lowers a plan to it (loop levels, hoisting, sharing), Fusion rewrites the innermost bodies
// (multiply-adds), LoopPrinter prints it through the scalar and vector Dialects. Every node is an immutable
// record with structural equality, so two values are the same value exactly when their records are equal.
// Sizes, loop bounds and element offsets are IndexExpr expressions (nint arithmetic on named locals).

/// <summary>An nint: a size, a loop index, an element offset.</summary>
internal abstract record IndexExpr
{
    public static IndexExpr Zero { get; } = new IndexConst(0);

    public static IndexExpr One { get; } = new IndexConst(1);

    /// <summary>a + b, dropping a zero.</summary>
    public static IndexExpr operator +(IndexExpr a, IndexExpr b) => a == Zero ? b : b == Zero ? a : new IndexSum(a, b);

    /// <summary>a * b, dropping a one.</summary>
    public static IndexExpr operator *(IndexExpr a, IndexExpr b) => b == One ? a : a == One ? b : new IndexProduct(a, b);
}

/// <summary>An nint local or parameter by its C# name.</summary>
internal sealed record IndexVar(string Name) : IndexExpr;

internal sealed record IndexConst(long Value) : IndexExpr;

/// <summary>The size of an axis as the kernel's Shape argument holds it: <c>s.d</c>.</summary>
internal sealed record ShapeSize(string Axis) : IndexExpr;

internal sealed record IndexSum(IndexExpr Left, IndexExpr Right) : IndexExpr;

internal sealed record IndexProduct(IndexExpr Left, IndexExpr Right) : IndexExpr;

/// <summary>Left / Right (integer division).</summary>
internal sealed record IndexQuotient(IndexExpr Left, IndexExpr Right) : IndexExpr;

/// <summary>Left % Right.</summary>
internal sealed record IndexRemainder(IndexExpr Left, IndexExpr Right) : IndexExpr;

/// <summary>A value: a scalar outside the innermost loop, a vector or scalar inside it (the dialect decides).</summary>
internal abstract record Expr;

/// <summary>A local, parameter or hyper-parameter, by its C# name.</summary>
internal sealed record Var(string Name) : Expr;

/// <summary>The element at <see cref="Offset"/> from the ref <see cref="Ref"/> (a whole vector in the vector dialect).</summary>
internal sealed record Load(string Ref, IndexExpr Offset) : Expr;

/// <summary>A float constant converted to the element type: <c>__T.CreateTruncating(0.5)</c>.</summary>
internal sealed record Literal(double Value) : Expr;

/// <summary>An nint (a size) converted to the element type; <see cref="Call"/> wraps it in a runtime helper first.</summary>
internal sealed record FromIndex(IndexExpr Value, string? Call = null) : Expr;

/// <summary>The identity of a reduction: 0 for Sum, -inf for Max, +inf for Min.</summary>
internal sealed record Identity(ReduceOp Op) : Expr;

/// <summary>prod num / prod den (each factor once per unit of exponent), negated if asked.</summary>
internal sealed record Product(EquatableArray<Expr> Num, EquatableArray<Expr> Den, bool Negate) : Expr;

/// <summary>t0 +- t1 +- ...; the first term is negated when it is subtracted.</summary>
internal sealed record Sum(EquatableArray<Term> Terms) : Expr;

/// <summary>One term of a <see cref="Sum"/>.</summary>
internal readonly record struct Term(bool Negative, Expr Value);

/// <summary>Addend + (or -) Head * Last as one fused multiply-add (Head is a product of the other factors).</summary>
internal sealed record MultiplyAdd(Expr Head, Expr Last, Expr Addend, bool Subtract) : Expr;

internal sealed record Unary(UnaryOp Op, Expr Arg) : Expr;

internal sealed record Binary(BinaryOp Op, Expr Left, Expr Right) : Expr;

/// <summary>Base ^ Exponent, the exponent a scalar local (a vector Pow takes the scalar power).</summary>
internal sealed record Pow(Expr Base, string Exponent) : Expr;

/// <summary>The running value of a horizontal reduction: lane u of copy u of the vector body, the scalar in the tail.</summary>
internal sealed record AccumulatorRef(Accumulator Accumulator) : Expr;

/// <summary>
/// A reduction along the innermost loop: the scalar <see cref="Name"/> it flushes into and, in the vector loop,
/// <see cref="Lanes"/> independent vector accumulators <see cref="LanePrefix"/>0.. (copy u of the body adds into lane u % Lanes).
/// </summary>
internal sealed record Accumulator(string Name, string LanePrefix, ReduceOp Op, int Lanes)
{
    public string Lane(int u) => LanePrefix + u.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A statement.</summary>
internal abstract record Stmt;

internal sealed record Comment(string Text) : Stmt;

/// <summary>A local of the element type (of the vector type inside a vector loop).</summary>
internal sealed record Let(string Name, Expr Value) : Stmt;

/// <summary>An nint local: a size, an index, an offset.</summary>
internal sealed record IndexLet(string Name, IndexExpr Value, string? Note = null, bool Constant = false) : Stmt;

/// <summary><c>ref __T Name = ref Unsafe.Add(ref Buffer, Offset);</c>: a ref to the row an innermost loop walks.</summary>
internal sealed record RefLet(string Name, string Buffer, IndexExpr Offset) : Stmt;

/// <summary>
/// Writes (or adds) a value to the element at Ref + Offset; with <see cref="Stream"/>, as a non-temporal store where the
/// address allows (StreamingStores.cs).
/// </summary>
internal sealed record Store(string Ref, IndexExpr Offset, Expr Value, bool Accumulate, bool Stream = false) : Stmt;

/// <summary>Folds a value into a scalar accumulator (outside vector loops) or a horizontal reduction's accumulator.</summary>
internal sealed record Accumulate(ReduceOp Op, Expr Target, Expr Value) : Stmt;

/// <summary>Target = Value for an accumulator a fused multiply-add updates.</summary>
internal sealed record Assign(Expr Target, Expr Value) : Stmt;

/// <summary>Sets every element of a buffer of Length elements to a reduction's identity.</summary>
internal sealed record Fill(string Buffer, IndexExpr Length, ReduceOp Op) : Stmt;

/// <summary><c>for (nint Index = Start; Index &lt; End; Index++)</c>.</summary>
internal sealed record For(string Index, IndexExpr Start, IndexExpr End, EquatableArray<Stmt> Body) : Stmt;

/// <summary>A nested C# block (a scope for the locals of one innermost loop).</summary>
internal sealed record Block(EquatableArray<Stmt> Body) : Stmt;

/// <summary>A loop-invariant scalar broadcast to a vector for the vector loops.</summary>
internal sealed record Broadcast(string Vector, string Scalar) : Stmt;

/// <summary>Declares the vector lanes of a horizontal reduction, each at the identity.</summary>
internal sealed record DeclareLanes(Accumulator Accumulator) : Stmt;

/// <summary>
/// <c>for (; Index &lt;= Count - Unroll * V.Count; Index += Unroll * V.Count)</c> running <see cref="Unroll"/> copies of
/// the vector body, copy u at element <c>Index + u * V.Count</c> (the body's <c>__j</c>).
/// </summary>
internal sealed record VectorLoop(string Index, IndexExpr Count, int Unroll, EquatableArray<Stmt> Body) : Stmt;

/// <summary>The scalar tail: <c>for (; Index &lt; Count; Index++)</c>, one element at <c>__j</c>.</summary>
internal sealed record ScalarLoop(string Index, IndexExpr Count, EquatableArray<Stmt> Body) : Stmt;

/// <summary>
/// Runs <see cref="Then"/> only when Count is not a multiple of Unroll vectors: with a specialized (constant) size
/// the JIT drops the loops that cannot run.
/// </summary>
internal sealed record UnlessMultiple(IndexExpr Count, int Unroll, Stmt Then) : Stmt;

/// <summary>Adds a horizontal reduction's lanes pairwise, then across, into its scalar accumulator.</summary>
internal sealed record CombineLanes(Accumulator Accumulator) : Stmt;

/// <summary>
/// A reduction over an outer loop with its accumulators in registers (<see cref="RegisterTiles"/>): the outer
/// iterations run in blocks of <see cref="BlockRows"/>; per block the inner index walks <see cref="Tiles"/> in order,
/// each a loop over the inner axis whose iteration runs the outer iterations of the block.
/// </summary>
/// <param name="Invariant">Statements of the original sweep that do not depend on the outer index, printed once.</param>
/// <param name="Rows">Statements per outer iteration (its offsets, row refs, broadcasts), printed in every tile's row loop.</param>
/// <param name="Wide">The most vectors a row may have to run the tiles with 32 vector registers (AVX-512).</param>
/// <param name="Narrow">The same with 16 (AVX2).</param>
/// <param name="Fallback">The loop as it was (jammed), run when a row is wider than the widest tile the vector registers hold.</param>
internal sealed record RegisterTile(
    string Outer, IndexExpr OuterCount, IndexExpr BlockRows, string Inner, IndexExpr InnerCount,
    EquatableArray<Stmt> Invariant, EquatableArray<Stmt> Rows, EquatableArray<Tile> Tiles, int Wide, int Narrow, EquatableArray<Stmt> Fallback) : Stmt;

/// <summary>
/// One tile loop of a <see cref="RegisterTile"/>: <see cref="Width"/> vectors of the inner axis per iteration (0: one
/// scalar element), <see cref="Head"/> before the block's row loop (element indices, invariant loads, accumulators at
/// zero), <see cref="Body"/> per row, <see cref="Flush"/> after it (each accumulator added to its target once).
/// </summary>
internal sealed record Tile(int Width, EquatableArray<Stmt> Head, EquatableArray<Stmt> Body, EquatableArray<Stmt> Flush);

/// <summary>Structural rewrites of the IR.</summary>
internal static class LoopIr
{
    /// <summary><paramref name="e"/> with every node <paramref name="f"/> maps replaced, bottom-up.</summary>
    public static Expr Map(Expr e, Func<Expr, Expr> f) => f(e switch
    {
        Product p => p with { Num = p.Num.Select(x => Map(x, f)).ToEquatableArray(), Den = p.Den.Select(x => Map(x, f)).ToEquatableArray() },
        Sum s => new Sum(s.Terms.Select(t => t with { Value = Map(t.Value, f) }).ToEquatableArray()),
        MultiplyAdd m => new MultiplyAdd(Map(m.Head, f), Map(m.Last, f), Map(m.Addend, f), m.Subtract),
        Unary u => u with { Arg = Map(u.Arg, f) },
        Binary b => b with { Left = Map(b.Left, f), Right = Map(b.Right, f) },
        Pow p => p with { Base = Map(p.Base, f) },
        _ => e,
    });

    /// <summary>The expressions of one body statement, rewritten.</summary>
    public static Stmt Map(Stmt s, Func<Expr, Expr> f) => s switch
    {
        Let l => l with { Value = Map(l.Value, f) },
        Store st => st with { Value = Map(st.Value, f) },
        Accumulate a => a with { Value = Map(a.Value, f) },
        Assign a => a with { Value = Map(a.Value, f) },
        _ => s,
    };

    /// <summary><paramref name="i"/> with every variable renamed by <paramref name="name"/>.</summary>
    public static IndexExpr Rename(IndexExpr i, Func<string, string> name) => i switch
    {
        IndexVar v => new IndexVar(name(v.Name)),
        IndexSum s => new IndexSum(Rename(s.Left, name), Rename(s.Right, name)),
        IndexProduct m => new IndexProduct(Rename(m.Left, name), Rename(m.Right, name)),
        IndexQuotient q => new IndexQuotient(Rename(q.Left, name), Rename(q.Right, name)),
        IndexRemainder r => new IndexRemainder(Rename(r.Left, name), Rename(r.Right, name)),
        _ => i,
    };

    /// <summary>The value expressions of one body statement (what it computes, not where it stores).</summary>
    public static IEnumerable<Expr> Values(Stmt s) => s switch
    {
        Let l => new[] { l.Value },
        Store st => new[] { st.Value },
        Accumulate a => new[] { a.Value },
        Assign a => new[] { a.Value },
        _ => Enumerable.Empty<Expr>(),
    };

    /// <summary>Every nint expression <paramref name="statements"/> use (bounds, offsets, sizes), nested loops' included.</summary>
    public static IEnumerable<IndexExpr> Indices(IEnumerable<Stmt> statements) => statements.SelectMany(Indices);

    private static IEnumerable<IndexExpr> Indices(Stmt s) => s switch
    {
        Let l => Indices(l.Value),
        IndexLet i => new[] { i.Value },
        RefLet r => new[] { r.Offset },
        Store st => Indices(st.Value).Concat(new[] { st.Offset }),
        Accumulate a => Indices(a.Target).Concat(Indices(a.Value)),
        Assign a => Indices(a.Target).Concat(Indices(a.Value)),
        Fill f => new[] { f.Length },
        For f => new[] { f.Start, f.End }.Concat(Indices(f.Body)),
        Block b => Indices(b.Body),
        VectorLoop v => new[] { v.Count }.Concat(Indices(v.Body)),
        ScalarLoop t => new[] { t.Count }.Concat(Indices(t.Body)),
        UnlessMultiple u => new[] { u.Count }.Concat(Indices(u.Then)),
        PrefetchDistance p => new[] { p.RowElements },
        AlignHead h => new[] { h.Count },
        StreamFlag f => new[] { f.Touched, f.RowElements },
        StreamSwitch sw => Indices(new Stmt[] { sw.Plain }),
        SplitFlag f => new[] { f.Touched },
        SplitSwitch sw => Indices(new[] { sw.Whole }),
        PrefetchSwitch sw => Indices(new[] { sw.Prefetching }),
        StagedLoop l => l.Rows.Select(r => r.Length).Concat(Indices(new[] { l.Staged, l.Plain })),
        RegisterTile t => new[] { t.OuterCount, t.BlockRows, t.InnerCount }.Concat(Indices(t.Invariant)).Concat(Indices(t.Rows))
            .Concat(t.Tiles.SelectMany(x => Indices(x.Head).Concat(Indices(x.Body)).Concat(Indices(x.Flush)))).Concat(Indices(t.Fallback)),
        _ => Enumerable.Empty<IndexExpr>(),
    };

    private static IEnumerable<IndexExpr> Indices(Expr e) => Nodes(e).SelectMany(n => n switch
    {
        Load l => new[] { l.Offset },
        FromIndex f => new[] { f.Value },
        _ => Enumerable.Empty<IndexExpr>(),
    });

    /// <summary>The nint locals <paramref name="i"/> reads.</summary>
    public static IEnumerable<string> Names(IndexExpr i) => i switch
    {
        IndexVar v => new[] { v.Name },
        IndexSum s => Names(s.Left).Concat(Names(s.Right)),
        IndexProduct p => Names(p.Left).Concat(Names(p.Right)),
        IndexQuotient q => Names(q.Left).Concat(Names(q.Right)),
        IndexRemainder r => Names(r.Left).Concat(Names(r.Right)),
        _ => Enumerable.Empty<string>(),
    };

    /// <summary>Every node of <paramref name="e"/>, parents first.</summary>
    public static IEnumerable<Expr> Nodes(Expr e)
    {
        yield return e;
        var children = e switch
        {
            Product p => p.Num.Concat(p.Den),
            Sum s => s.Terms.Select(t => t.Value),
            MultiplyAdd m => new[] { m.Head, m.Last, m.Addend },
            Unary u => new[] { u.Arg },
            Binary b => new[] { b.Left, b.Right },
            Pow p => new[] { p.Base },
            _ => Enumerable.Empty<Expr>(),
        };
        foreach (var c in children)
            foreach (var n in Nodes(c)) yield return n;
    }
}
