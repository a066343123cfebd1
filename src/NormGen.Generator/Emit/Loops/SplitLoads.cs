using System;
using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Model;

namespace NormGen.Generator.Emit.Loops;

/// <summary>
/// <c>bool __splitLoads = typeof(__VL) != typeof(__V) &amp;&amp; Alignment.SplitLoads&lt;__S&gt;(Touched);</c>, once per
/// kernel call: whether this call is large enough for its sweeps to load rows off 64-byte lines in halves.
/// </summary>
internal sealed record SplitFlag(IndexExpr Touched) : Stmt;

/// <summary>
/// <c>if (__splitLoads &amp;&amp; (Alignment.LongRow&lt;__S&gt;(Count) || Alignment.OffLine(ref Row, Index) || ...)) { Split } else { Whole }</c>:
/// a sweep's vector loop (or its <see cref="StreamSwitch"/>) twice, the first copy loading the rows <see cref="Rows"/> through
/// <see cref="TypeParameter"/>, whose loads are two 256-bit halves when the kernel runs Vector512.
/// </summary>
internal sealed record SplitSwitch(EquatableArray<string> Rows, string Index, IndexExpr Count, Stmt Whole) : Stmt;

/// <summary>
/// Split 512-bit loads of rows off 64-byte lines (NormGen.Kernels.Simd512SplitLoads, Alignment.SplitLoads): a rewrite
/// of the final loop IR (after <see cref="StreamingStores"/>). A whole 64-byte load that spans two cache lines costs,
/// on the Zen 4 it was measured on, far more than two 32-byte halves of which only one spans a line, but only when the
/// lines come from memory: from the cache the whole load is faster, aligned or not (docs/benchmarks.md, "Rows at
/// different offsets"). The element-wise sweeps' heads align their vector loop on the row they store, and with it
/// every row at the same offset (a float[]'s rows all are), so what is left off a line is the sweeps without a head:
/// the sums. Each such sweep inside the outer loop that loads a row of a tensor gets a copy of its vector loop whose
/// loads of those rows go through the kernel's type parameter <see cref="TypeParameter"/>, run when the call is large
/// (once per call, <see cref="SplitFlag"/>) and, per sweep, the rows are long (<c>Alignment.SplitLoadMinRowBytes</c>, 4 KB:
/// over rows of 1024 floats on lines the halves measured 0.98-1.01x a hand Vector256 kernel's time where whole loads
/// took 1.17-1.26x, docs/statistics.md, "4K aliasing at 4 KB rows") or one of them is off a line where the vector loop
/// starts (one test per row). The copy lives in the same method, so a warm-up call compiles it as a large call runs it (README,
/// "Fast first calls"). The dispatcher passes <c>Simd512SplitLoads</c> with Vector512 and the kernel's own ops
/// otherwise, where <c>typeof(__VL) != typeof(__V)</c> is false at JIT time and the copy is removed. The halves are the
/// same lanes, so results do not change. Left alone: sweeps with a head (with every row at one offset, as a float[]'s
/// are, the head puts them all on lines, and a copy is code the hot loops share the instruction cache with), parameter rows (the same for
/// every row, so in the cache), staged rows (this thread's, in the cache), the remainder loop after an unrolled one,
/// and sweeps computing a transcendental or a power (<see cref="AlignedHead.IsCostly"/>: bound by their arithmetic,
/// where the halves' extra shuffle measured 5-12%).
/// </summary>
internal static class SplitLoads
{
    /// <summary>The kernel's load operations: the vector ops <c>__V</c>, or <c>Simd512SplitLoads</c> with Vector512.</summary>
    public const string TypeParameter = "__VL";

    /// <summary>The kernel-level flag <see cref="SplitFlag"/> declares.</summary>
    public const string Flag = "__splitLoads";

    /// <summary>
    /// <paramref name="body"/> with the split copies, for rows of the tensors <paramref name="isTensor"/> accepts (by C#
    /// name) loaded in sweeps inside a loop; <paramref name="touched"/> is the elements the call reads and writes.
    /// Unchanged when no sweep qualifies.
    /// </summary>
    public static EquatableArray<Stmt> Add(EquatableArray<Stmt> body, Func<string, bool> isTensor, IndexExpr touched)
    {
        bool any = false;
        Stmt Rewrite(Stmt s, bool inLoop) => s switch
        {
            Block b when inLoop => WithSplit(b, isTensor, ref any) is { } split ? split : new Block(b.Body.Select(x => Rewrite(x, inLoop)).ToEquatableArray()),
            Block b => new Block(b.Body.Select(x => Rewrite(x, inLoop)).ToEquatableArray()),
            For f => f with { Body = f.Body.Select(x => Rewrite(x, true)).ToEquatableArray() },
            StagedLoop l => l with { Plain = Rewrite(l.Plain, inLoop) },
            _ => s,
        };
        var result = body.Select(s => Rewrite(s, false)).ToList();
        if (!any) return body;
        result.Insert(0, new SplitFlag(touched));
        return result.ToEquatableArray();
    }

    private static Block? WithSplit(Block sweep, Func<string, bool> isTensor, ref bool any)
    {
        var body = sweep.Body.ToList();
        int at = body.FindIndex(x => x is VectorLoop or StreamSwitch);
        if (at < 0 || body.Any(x => x is AlignHead { StreamingOnly: false })) return null;
        var loops = body[at] is StreamSwitch sw ? new[] { sw.Streamed, sw.Plain } : new[] { (VectorLoop)body[at] };
        var statements = loops.SelectMany(l => l.Body).ToList();
        if (statements.SelectMany(LoopIr.Values).Any(AlignedHead.IsCostly)) return null;
        var tensorRows = new HashSet<string>(body.OfType<RefLet>().Where(r => isTensor(r.Buffer)).Select(r => r.Name), StringComparer.Ordinal);
        var rows = statements.SelectMany(s => LoopIr.Values(s).SelectMany(LoopIr.Nodes).OfType<Load>().Select(l => l.Ref)
                .Concat(s is Store { Accumulate: true } st ? new[] { st.Ref } : Array.Empty<string>()))
            .Where(tensorRows.Contains).Distinct().OrderBy(r => r, StringComparer.Ordinal).ToEquatableArray();
        if (rows.Count == 0) return null;
        any = true;
        body[at] = new SplitSwitch(rows, loops[0].Index, loops[0].Count, body[at]);
        return new Block(body.ToEquatableArray());
    }

    public static string Print(SplitFlag f) =>
        $"bool {Flag} = typeof({TypeParameter}) != typeof({Identifiers.V}) && global::NormGen.Kernels.Alignment.SplitLoads<{Identifiers.S}>({LoopPrinter.Print(f.Touched)});";

    /// <summary>The condition of a <see cref="SplitSwitch"/>.</summary>
    public static string Condition(SplitSwitch s)
    {
        var tests = s.Rows.Select(r => $"global::NormGen.Kernels.Alignment.OffLine(ref {r}, {s.Index})")
            .Prepend($"global::NormGen.Kernels.Alignment.LongRow<{Identifiers.S}>({LoopPrinter.Print(s.Count)})");
        return $"{Flag} && ({string.Join(" || ", tests)})";
    }

    public const string Note = "Long rows, or rows off 64-byte lines, in a call larger than the cache: 512-bit loads in 256-bit halves (SplitLoads.cs).";
}
