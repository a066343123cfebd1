using System;
using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Ir;

namespace NormGen.Generator.Emit.Loops;

/// <summary>
/// Prints loop IR as C#: every operation through <see cref="Dialect"/>, the scalar one outside vector loops and in
/// the tails, the vector one in <see cref="VectorLoop"/> bodies. It decides nothing: which values exist, where they
/// live and what is fused were settled when the IR was built.
/// </summary>
internal static class LoopPrinter
{
    /// <summary>The element index inside an innermost loop's body.</summary>
    public static string Element => Identifiers.Generated("j");

    /// <param name="stored">Span arguments whose element type is <see cref="Identifiers.S"/> (see <see cref="Dialect.ScalarFor"/>).</param>
    public static void Print(CodeWriter w, IEnumerable<Stmt> statements, IEnumerable<string>? stored = null)
    {
        Print(w, statements, Dialect.ScalarFor(stored ?? Enumerable.Empty<string>()));
    }

    private static void Print(CodeWriter w, IEnumerable<Stmt> statements, Dialect d)
    {
        foreach (var s in statements) Print(w, s, d, 0);
    }

    private static void Print(CodeWriter w, Stmt s, Dialect d, int copy)
    {
        switch (s)
        {
            case Comment c:
                w.Line("// " + c.Text);
                break;
            case Let l:
                w.Line($"{d.Type} {l.Name} = {Print(l.Value, d, copy)};");
                break;
            case IndexLet i:
                w.Line(i.Constant ? $"const nint {i.Name} = {Print(i.Value)};{(i.Note is null ? "" : " // " + i.Note)}" : $"nint {i.Name} = {Print(i.Value)};");
                break;
            case RefLet r:
                w.Line($"ref {d.RefType(r.Name, r.Buffer)} {r.Name} = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref {r.Buffer}, {Print(r.Offset)});");
                break;
            case Store st:
                w.Line(d.Store(st.Ref, Print(st.Offset), Print(st.Value, d, copy), st.Accumulate, st.Stream));
                break;
            case Accumulate a:
                w.Line(d.Accumulate(a.Op, Print(a.Target, d, copy), Print(a.Value, d, copy)));
                break;
            case Assign a:
                w.Line($"{Print(a.Target, d, copy)} = {Print(a.Value, d, copy)};");
                break;
            case Fill f:
                string span = $"global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref {f.Buffer}, (int){Print(f.Length)})";
                w.Line(f.Op == ReduceOp.Sum ? $"{span}.Clear();" : $"{span}.Fill({Dialect.Identity(f.Op)});");
                break;
            case For f:
                using (w.Block($"for (nint {f.Index} = {Print(f.Start)}; {f.Index} < {Print(f.End)}; {f.Index}++)")) Print(w, f.Body, d.Scalarized);
                break;
            case Block b:
                using (w.Block()) Print(w, b.Body, d.Scalarized);
                break;
            case Broadcast b:
                w.Line($"{Identifiers.TV} {b.Vector} = {Identifiers.V}.Splat({b.Scalar});");
                break;
            case DeclareLanes l:
                string init = l.Accumulator.Op == ReduceOp.Sum ? $"{Identifiers.V}.Zero" : $"{Identifiers.V}.Splat({Dialect.Identity(l.Accumulator.Op)})";
                w.Line($"{Identifiers.TV} {string.Join(", ", Enumerable.Range(0, l.Accumulator.Lanes).Select(u => $"{l.Accumulator.Lane(u)} = {init}"))};");
                break;
            case VectorLoop v:
                PrintVectorLoop(w, v, d.Vectorized);
                break;
            case ScalarLoop t:
                using (w.Block($"for (; {t.Index} < {Print(t.Count)}; {t.Index}++)"))
                {
                    w.Line($"nint {Element} = {t.Index};");
                    foreach (var b in t.Body) Print(w, b, d.Scalarized, 0);
                }
                break;
            case UnlessMultiple u:
                w.Line(u.Unroll == 1 ? $"if ({Print(u.Count)} % {Identifiers.V}.Count != 0)" : $"if ({Print(u.Count)} % ({Step(u.Unroll)}) != 0)");
                Print(w, u.Then, d, copy);
                break;
            case PrefetchDistance or PrefetchLine:
                w.Line(Prefetch.Print(s));
                break;
            case StreamFlag:
                w.Line(StreamingStores.Print(s, d));
                break;
            case SplitFlag f:
                w.Line(SplitLoads.Print(f));
                break;
            case SplitSwitch sw:
                using (w.Block($"if ({SplitLoads.Condition(sw)})"))
                {
                    w.Line("// " + SplitLoads.Note);
                    Print(w, sw.Whole, d.WithSplitLoads(sw.Rows), copy);
                }
                using (w.Block("else")) Print(w, sw.Whole, d, copy);
                break;
            case PrefetchSwitch sw:
                using (w.Block($"if ({Prefetch.Condition(sw)})"))
                {
                    w.Line("// " + Prefetch.Note);
                    Print(w, sw.Prefetching, d, copy);
                }
                using (w.Block("else")) Print(w, sw.Plain, d, copy);
                break;
            case StreamSwitch sw:
                using (w.Block($"if ({StreamingStores.IsStreamed} && {sw.Flag})")) PrintVectorLoop(w, sw.Streamed, d.Vectorized);
                using (w.Block("else")) PrintVectorLoop(w, sw.Plain, d.Vectorized);
                break;
            case DeclareConstants c:
                w.Line(HoistedConstants.Print(c));
                break;
            case AlignHead h:
                w.Line(AlignedHead.Print(h));
                break;
            case StagedLoop l:
                using (w.Block($"if ({Staging.Condition(l)})"))
                {
                    w.Line("// " + Staging.Note);
                    foreach (var r in l.Rows) Print(w, r, d, copy);
                    Print(w, l.Staged, d, copy);
                }
                using (w.Block("else")) Print(w, l.Plain, d, copy);
                break;
            case RegisterTile t:
                PrintRegisterTile(w, t, d);
                break;
            case StageRow r:
                w.Line(Staging.Print(r));
                break;
            case CombineLanes c:
                var acc = c.Accumulator;
                var partial = Enumerable.Range(0, acc.Lanes).Select(acc.Lane).ToList();
                // Pairwise tree: (a0 + a1) + (a2 + a3).
                while (partial.Count > 1)
                {
                    var next = new List<string>();
                    for (int p = 0; p < partial.Count; p += 2) next.Add(Dialect.Combine(acc.Op, partial[p], partial[p + 1]));
                    partial = next;
                }
                w.Line(Dialect.Scalar.Accumulate(acc.Op, acc.Name, Dialect.Across(acc.Op, partial[0])));
                break;
            default:
                throw new InvalidOperationException($"Cannot print {s.GetType().Name}.");
        }
    }

    private static string Step(int unroll) => unroll == 1 ? $"{Identifiers.V}.Count" : $"{unroll} * {Identifiers.V}.Count";

    private static void PrintVectorLoop(CodeWriter w, VectorLoop v, Dialect vector)
    {
        string i = v.Index, count = $"{Identifiers.V}.Count", step = Step(v.Unroll);
        using (w.Block($"for (; {i} <= {Print(v.Count)} - {step}; {i} += {step})"))
        {
            for (int u = 0; u < v.Unroll; u++)
            {
                if (v.Unroll == 1)
                {
                    w.Line($"nint {Element} = {i};");
                    foreach (var s in v.Body) Print(w, s, vector, u);
                    continue;
                }
                using (w.Block())
                {
                    w.Line(u == 0 ? $"nint {Element} = {i};" : u == 1 ? $"nint {Element} = {i} + {count};" : $"nint {Element} = {i} + {u} * {count};");
                    foreach (var s in v.Body) Print(w, s, vector, u);
                }
            }
        }
    }

    private static void PrintRegisterTile(CodeWriter w, RegisterTile t, Dialect d)
    {
        string start = t.Outer + "__start", end = t.Outer + "__end", rows = t.Outer + "__rows", i = t.Inner;
        string outerCount = Print(t.OuterCount), innerCount = Print(t.InnerCount);
        w.Line($"if ({RegisterTiles.Fits(innerCount, t.Wide, t.Narrow)})");
        using (w.Block())
        {
            w.Line("// " + RegisterTiles.Note);
            foreach (var s in t.Invariant) Print(w, s, d.Scalarized, 0);
            w.Line($"nint {rows} = {Print(t.BlockRows)};");
            using (w.Block($"for (nint {start} = 0; {start} < {outerCount}; {start} += {rows})"))
            {
                w.Line($"nint {end} = global::System.Math.Min({start} + {rows}, {outerCount});");
                w.Line($"nint {i} = 0;");
                foreach (var tile in t.Tiles)
                {
                    var td = tile.Width > 0 ? d.Vectorized : d.Scalarized;
                    string header = tile.Width > 0
                        ? $"for (; {i} <= {innerCount} - {Step(tile.Width)}; {i} += {Step(tile.Width)})"
                        : $"for (; {i} < {innerCount}; {i}++)";
                    using (w.Block(header))
                    {
                        foreach (var s in tile.Head) Print(w, s, td, 0);
                        using (w.Block($"for (nint {t.Outer} = {start}; {t.Outer} < {end}; {t.Outer}++)"))
                        {
                            foreach (var s in t.Rows) Print(w, s, s is Let ? d.Scalarized : td, 0);
                            foreach (var s in tile.Body) Print(w, s, td, 0);
                        }
                        foreach (var s in tile.Flush) Print(w, s, td, 0);
                    }
                }
            }
        }
        using (w.Block("else"))
        {
            foreach (var s in t.Fallback) Print(w, s, d, 0);
        }
    }

    /// <summary>
    /// nint arithmetic as C#: sums and products chain left to right, a quotient or remainder applies to everything on
    /// its left (a / b % c), so only a sum or product under a quotient, remainder or product needs parentheses.
    /// </summary>
    public static string Print(IndexExpr i) => i switch
    {
        IndexVar v => v.Name,
        IndexConst c => Literals.Int(c.Value),
        ShapeSize s => "s." + s.Axis,
        IndexSum s => $"{Print(s.Left)} + {Print(s.Right)}",
        IndexProduct p => $"{Operand(p.Left, false)} * {Operand(p.Right, true)}",
        IndexQuotient q => $"{Operand(q.Left, false)} / {Operand(q.Right, true)}",
        IndexRemainder r => $"{Operand(r.Left, false)} % {Operand(r.Right, true)}",
        _ => throw new InvalidOperationException($"Cannot print {i.GetType().Name}."),
    };

    private static string Operand(IndexExpr i, bool right) =>
        i is IndexSum || (right && i is IndexProduct or IndexQuotient or IndexRemainder) ? $"({Print(i)})" : Print(i);

    public static string Print(Expr e, Dialect d, int copy) => e switch
    {
        Var v => v.Name,
        Load l => d.Load(l.Ref, Print(l.Offset)),
        Literal c => $"{Identifiers.T}.CreateTruncating({Literals.Double(c.Value)})",
        FromIndex f => f.Call is null ? $"{Identifiers.T}.CreateTruncating({Print(f.Value)})" : $"{Identifiers.T}.CreateTruncating({f.Call}({Print(f.Value)}))",
        // A vector accumulator starts at the identity in every lane (RegisterTiles; DeclareLanes spells it the same way).
        Identity i => d.IsVector ? i.Op == ReduceOp.Sum ? $"{Identifiers.V}.Zero" : $"{Identifiers.V}.Splat({Dialect.Identity(i.Op)})" : Dialect.Identity(i.Op),
        Product p => d.Product(p.Num.Select(x => Print(x, d, copy)).ToList(), p.Den.Select(x => Print(x, d, copy)).ToList(), p.Negate),
        Sum s => d.Sum(s.Terms.Select(t => (t.Negative, Print(t.Value, d, copy))).ToList()),
        MultiplyAdd m => m.Subtract
            ? d.NegatedMultiplyAdd(Print(m.Head, d, copy), Print(m.Last, d, copy), Print(m.Addend, d, copy))
            : d.MultiplyAdd(Print(m.Head, d, copy), Print(m.Last, d, copy), Print(m.Addend, d, copy)),
        Unary u => d.Unary(u.Op, Print(u.Arg, d, copy)),
        Binary b => d.Binary(b.Op, Print(b.Left, d, copy), Print(b.Right, d, copy)),
        Pow p => d.Pow(Print(p.Base, d, copy), p.Exponent),
        AccumulatorRef a => d.IsVector ? a.Accumulator.Lane(copy % a.Accumulator.Lanes) : a.Accumulator.Name,
        _ => throw new InvalidOperationException($"Cannot print {e.GetType().Name}."),
    };
}
