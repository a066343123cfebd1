using System;
using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Ir;
using NormGen.Generator.Model;

namespace NormGen.Generator.Emit.Loops;

/// <summary>
/// <c>nint Name = Alignment.Head(ref Ref, Count, V.Count);</c>: elements before Ref + Name is vector-aligned. With
/// <see cref="StreamingOnly"/> (sweeps computing a transcendental or Pow) no head runs: the statement only marks the
/// sweep and its stored row for StreamingStores, which streams such a row only when it is aligned already, and prints
/// as a comment saying so.
/// </summary>
internal sealed record AlignHead(string Name, string Ref, IndexExpr Count, bool StreamingOnly = false) : Stmt;

/// <summary>
/// Aligns the vector loop of element-wise sweeps on the row they store (NormGen.Kernels.Alignment): a rewrite of the
/// lowered loop IR that runs the sweep's scalar body over a head of elements first, so that the vector stores start on a
/// vector boundary. Only sweeps with no horizontal reduction qualify: their elements are independent, and the scalar
/// body rounds like the vector one (the row tail relies on the same), so the output is bit for bit the same wherever
/// the data lies. A row sum would be added in another order depending on the address, so reductions keep their loops;
/// specialized sizes (whose tails the JIT drops) too. Sweeps computing a transcendental or Pow keep their loops as well:
/// their scalar body costs several vectors' worth per element, and a head of h elements leaves a tail of lanes - h, so
/// a row off a line ran a whole vector of elements through it. DyT's forward at 4096x1024 took 1.29-1.45 ms with y
/// 8-48 bytes off a line against 0.72 on one, and 0.73-0.77 at every offset without the head: such a sweep is bound by
/// its arithmetic, where split loads and stores cost next to nothing (docs/benchmarks.md, "Rows at different offsets").
/// They keep only the marker, so that StreamingStores still finds the sweep: it streams such a row only when the row is
/// aligned already (a streaming store needs an aligned address).
/// </summary>
internal static class AlignedHead
{
    public static EquatableArray<Stmt> Add(EquatableArray<Stmt> body) => body.Select(Rewrite).ToEquatableArray();

    private static Stmt Rewrite(Stmt s) => s switch
    {
        Block b when b.Body.Any(x => x is VectorLoop) => WithHead(b),
        Block b => new Block(b.Body.Select(Rewrite).ToEquatableArray()),
        For f => f with { Body = f.Body.Select(Rewrite).ToEquatableArray() },
        _ => s,
    };

    private static Block WithHead(Block sweep)
    {
        var body = sweep.Body.ToList();
        // One vector loop, or an unrolled one and its one-vector remainder (LatencyUnroll): the head goes before the first.
        var loops = body.OfType<VectorLoop>().ToList();
        if (body.Any(x => x is DeclareLanes or UnlessMultiple) || loops.Count == 0 || loops.Count > 2) return sweep;
        int at = body.FindIndex(x => x is VectorLoop);
        var loop = loops[0];
        if (loops.Count == 2 && (loops[1].Unroll != 1 || loops[1].Index != loop.Index || loops[1].Count != loop.Count)) return sweep;
        var tail = body.Skip(at + 1).OfType<ScalarLoop>().FirstOrDefault(t => t.Index == loop.Index && t.Count == loop.Count);
        var rows = body.OfType<RefLet>().Select(r => r.Name).ToList();
        var target = loop.Body.OfType<Store>().FirstOrDefault(st => !st.Accumulate && rows.Contains(st.Ref, StringComparer.Ordinal));
        if (tail is null || target is null) return sweep;
        string head = target.Ref + "__head";
        bool costly = loop.Body.SelectMany(LoopIr.Values).Any(IsCostly);
        body.InsertRange(at, costly
            ? new Stmt[] { new AlignHead(head, target.Ref, loop.Count, StreamingOnly: true) }
            : new Stmt[] { new AlignHead(head, target.Ref, loop.Count), new ScalarLoop(loop.Index, new IndexVar(head), tail.Body) });
        return new Block(body.ToEquatableArray());
    }

    /// <summary>Whether <paramref name="e"/> computes a transcendental or a power: several vectors' worth of arithmetic per vector.</summary>
    public static bool IsCostly(Expr e) =>
        LoopIr.Nodes(e).Any(n => n is Pow || n is Unary { Op: not (UnaryOp.Sqrt or UnaryOp.Rsqrt or UnaryOp.Abs or UnaryOp.Sign) });

    public static string Print(AlignHead h) => h.StreamingOnly
        ? "// No aligning head: this sweep's scalar body costs more than split vector accesses (AlignedHead.cs)."
        : $"nint {h.Name} = global::NormGen.Kernels.Alignment.Head(ref {h.Ref}, {LoopPrinter.Print(h.Count)}, {Identifiers.V}.Count);";
}
