using System;
using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Model;

namespace NormGen.Generator.Emit.Loops;

/// <summary><c>ref __T Name = ref Staging.Row&lt;__T&gt;(Slot, Length);</c>: this thread's row a stored input's widened elements are kept in.</summary>
internal sealed record StageRow(string Name, int Slot, IndexExpr Length) : Stmt;

/// <summary>
/// <c>if (typeof(__S) != typeof(__T) &amp;&amp; Staging.Fits&lt;__T&gt;(lengths)) { Rows; Staged } else { Plain }</c>: the outer
/// loop with staged rows where the storage type is narrower and the rows fit the staging budget, as it was otherwise.
/// </summary>
internal sealed record StagedLoop(EquatableArray<StageRow> Rows, Stmt Staged, Stmt Plain) : Stmt;

/// <summary>
/// Stages the rows of stored inputs (Half or bfloat16 tensors, docs/precision.md) that the outer loop's body sweeps more
/// than once: the first sweep that loads such a row also writes each widened element to a per-thread row of __T
/// (NormGen.Kernels.Staging), and the later sweeps of the same iteration load from that row, in L1, instead of widening
/// the tensor again. LayerNorm's forward widens x once instead of three times, its backward x and dy once instead of twice.
/// </summary>
/// <remarks>
/// The staged outer loop is a second copy under <c>typeof(__S) != typeof(__T)</c>, which the JIT folds per
/// instantiation: the float and double kernels import only the plain loop and compile to the machine code they had
/// without staging. Rows longer than <c>Staging.Fits</c> allows (once the staged rows push an iteration's data out of
/// L1, writing and re-reading 4-byte elements costs more than re-widening 2-byte ones) run the plain loop too. The later sweeps compute with the values the first
/// one widened, so results do not change. A row is staged when it is read, never written, by two or more sweeps
/// (innermost-loop blocks directly in the outer loop's body) at the same offset over the same row length, and the
/// first of them loads it only as <c>Let(v, Load(row, __j))</c>, so every element is kept exactly once.
/// </remarks>
internal static class Staging
{
    /// <summary>The most sweeps an outer iteration may make for its rows to be staged.</summary>
    private const int MaxSweeps = 4;

    public const string Note = "Stored rows the iteration sweeps more than once: widened once, in the first sweep, into this thread's rows of __T, which the later sweeps read.";

    /// <summary><paramref name="body"/> with the rows of <paramref name="stored"/> inputs staged where it pays.</summary>
    public static EquatableArray<Stmt> Add(EquatableArray<Stmt> body, string outerStart, IReadOnlyCollection<string> stored)
    {
        if (stored.Count == 0) return body;
        var result = body.ToList();
        int at = result.FindIndex(s => s is For f && f.Start == new IndexVar(outerStart));
        if (at < 0) return body;
        var outer = (For)result[at];
        var written = Written(result);
        var declaredInside = new HashSet<string>(Declared(outer.Body), StringComparer.Ordinal);
        var sweeps = outer.Body.Select((s, i) => (Index: i, Block: s as Block)).Where(s => s.Block is not null && RowLength(s.Block) is not null).ToList();
        // The staged copy doubles the outer loop's code: only for the few sweeps of the layers people run (LayerNorm's
        // forward has 3), not for a deep formula's dozens, which would double a large kernel (and its JIT time).
        if (sweeps.Count > MaxSweeps) return body;

        var outerBody = outer.Body.ToList();
        var rows = new List<StageRow>();
        var candidates = sweeps.SelectMany(s => s.Block!.Body.OfType<RefLet>().Where(r => stored.Contains(r.Buffer) && !written.Contains(r.Buffer)))
            .Select(r => (r.Buffer, r.Offset)).Distinct().ToList();
        foreach (var (buffer, offset) in candidates)
        {
            // The sweeps that load this row, in order; the first must load it only as whole-row Lets.
            var readers = sweeps.Select(s => (s.Index, s.Block, Row: s.Block!.Body.OfType<RefLet>().FirstOrDefault(r => r.Buffer == buffer && r.Offset == offset)))
                .Where(s => s.Row is { } r && Loads(s.Block!.Body, r.Name) > 0).ToList();
            if (readers.Count < 2) continue;
            var length = RowLength(readers[0].Block!)!;
            if (readers.Any(r => RowLength(r.Block!) != length) || LoopIr.Names(length).Any(declaredInside.Contains)) continue;
            var first = readers[0];
            if (KeptLets(first.Block!.Body, first.Row!.Name) != Loads(first.Block!.Body, first.Row!.Name)) continue;

            string stage = Identifiers.Of("stage", buffer.TrimStart('@'));
            rows.Add(new StageRow(stage, rows.Count, length));
            outerBody[first.Index] = Keep((Block)outerBody[first.Index], first.Row!.Name, stage);
            foreach (var later in readers.Skip(1))
            {
                outerBody[later.Index] = ReadStaged((Block)outerBody[later.Index], later.Row!.Name, stage);
            }
        }
        if (rows.Count == 0) return body;
        result[at] = new StagedLoop(rows.ToEquatableArray(), outer with { Body = outerBody.ToEquatableArray() }, outer);
        return result.ToEquatableArray();
    }

    /// <summary>The one length every innermost loop of a sweep block runs over, or null when it has none or several.</summary>
    private static IndexExpr? RowLength(Block block)
    {
        // An aligned head (AlignedHead) runs the row's first elements in a scalar loop up to its own bound: part of the
        // same row, not a length of its own.
        var heads = new HashSet<IndexExpr>(block.Body.OfType<AlignHead>().Select(h => (IndexExpr)new IndexVar(h.Name)));
        var counts = block.Body.SelectMany(Loops).Where(c => !heads.Contains(c)).Distinct().ToList();
        return counts.Count == 1 ? counts[0] : null;
    }

    private static IEnumerable<IndexExpr> Loops(Stmt s) => s switch
    {
        VectorLoop v => new[] { v.Count },
        ScalarLoop t => new[] { t.Count },
        UnlessMultiple u => Loops(u.Then),
        For f => new[] { f.End }.Concat(f.Body.SelectMany(Loops)), // a nested loop: a length of its own, never staged
        Block b => b.Body.SelectMany(Loops),
        _ => Enumerable.Empty<IndexExpr>(),
    };

    /// <summary>The buffers any statement of the kernel stores to (through a ref into them or directly).</summary>
    private static HashSet<string> Written(IEnumerable<Stmt> body)
    {
        var bufferOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var written = new HashSet<string>(StringComparer.Ordinal);
        void Visit(Stmt s)
        {
            switch (s)
            {
                case RefLet r: bufferOf[r.Name] = bufferOf.TryGetValue(r.Buffer, out var b) ? b : r.Buffer; break;
                case Store st: written.Add(bufferOf.TryGetValue(st.Ref, out var w) ? w : st.Ref); break;
                case For f: foreach (var x in f.Body) Visit(x); break;
                case Block bl: foreach (var x in bl.Body) Visit(x); break;
                case VectorLoop v: foreach (var x in v.Body) Visit(x); break;
                case ScalarLoop t: foreach (var x in t.Body) Visit(x); break;
                case UnlessMultiple u: Visit(u.Then); break;
            }
        }
        foreach (var s in body) Visit(s);
        return written;
    }

    /// <summary>The names the outer loop's body declares (its offsets and indices).</summary>
    private static IEnumerable<string> Declared(IEnumerable<Stmt> body) => body.SelectMany(s => s switch
    {
        IndexLet i => new[] { i.Name },
        For f => new[] { f.Index }.Concat(Declared(f.Body)),
        Block b => Declared(b.Body),
        _ => Enumerable.Empty<string>(),
    });

    /// <summary>How many loads through <paramref name="row"/> the statements make, nested loops included.</summary>
    private static int Loads(IEnumerable<Stmt> statements, string row) => statements.Sum(s => s switch
    {
        Let l => Loads(l.Value, row),
        Store st => Loads(st.Value, row),
        Accumulate a => Loads(a.Value, row),
        Assign a => Loads(a.Value, row),
        VectorLoop v => Loads(v.Body, row),
        ScalarLoop t => Loads(t.Body, row),
        UnlessMultiple u => Loads(new[] { u.Then }, row),
        Block b => Loads(b.Body, row),
        For f => Loads(f.Body, row),
        _ => 0,
    });

    private static int Loads(Expr e, string row) => LoopIr.Nodes(e).OfType<Load>().Count(l => l.Ref == row);

    /// <summary>How many of those loads are a whole Let at the loop's element, the form <see cref="Keep"/> stages.</summary>
    private static int KeptLets(IEnumerable<Stmt> statements, string row) => statements.Sum(s => s switch
    {
        Let { Value: Load l } when IsElementLoad(l, row) => 1,
        VectorLoop v => KeptLets(v.Body, row),
        ScalarLoop t => KeptLets(t.Body, row),
        UnlessMultiple u => KeptLets(new[] { u.Then }, row),
        _ => 0,
    });

    private static bool IsElementLoad(Load l, string row) => l.Ref == row && l.Offset == new IndexVar(LoopPrinter.Element);

    /// <summary>The first sweep: each load of the row followed by a store of the widened value to the stage row.</summary>
    private static Block Keep(Block sweep, string row, string stage)
    {
        EquatableArray<Stmt> Body(IEnumerable<Stmt> statements) => statements.SelectMany(s => s switch
        {
            Let { Value: Load l } let when IsElementLoad(l, row) => new Stmt[] { let, new Store(stage, l.Offset, new Var(let.Name), Accumulate: false) },
            VectorLoop v => new Stmt[] { v with { Body = Body(v.Body) } },
            ScalarLoop t => new Stmt[] { t with { Body = Body(t.Body) } },
            UnlessMultiple u => new Stmt[] { u with { Then = Body(new[] { u.Then })[0] } },
            _ => new[] { s },
        }).ToEquatableArray();
        return new Block(Body(sweep.Body));
    }

    /// <summary>A later sweep: every load of the row reads the stage row instead.</summary>
    private static Block ReadStaged(Block sweep, string row, string stage)
    {
        Expr Rewrite(Expr e) => e is Load l && l.Ref == row ? l with { Ref = stage } : e;
        EquatableArray<Stmt> Body(IEnumerable<Stmt> statements) => statements.Select(s => s switch
        {
            VectorLoop v => v with { Body = Body(v.Body) },
            ScalarLoop t => t with { Body = Body(t.Body) },
            UnlessMultiple u => u with { Then = Body(new[] { u.Then })[0] },
            _ => LoopIr.Map(s, Rewrite),
        }).ToEquatableArray();
        return new Block(Body(sweep.Body));
    }

    /// <summary>When the staged copy runs: narrower storage (folded by the JIT) and rows within the staging budget.</summary>
    public static string Condition(StagedLoop l) =>
        $"typeof({Identifiers.S}) != typeof({Identifiers.T}) && global::NormGen.Kernels.Staging.Fits<{Identifiers.T}>({string.Join(" + ", l.Rows.Select(r => LoopPrinter.Print(r.Length)))})";

    public static string Print(StageRow r) =>
        $"ref {Identifiers.T} {r.Name} = ref global::NormGen.Kernels.Staging.Row<{Identifiers.T}>({r.Slot}, {LoopPrinter.Print(r.Length)});";
}
