using System;
using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Model;

namespace NormGen.Generator.Emit.Loops;

/// <summary>
/// <c>nint Name = Prefetch.Distance&lt;__T&gt;(RowElements, OuterIndex + 1 &lt; __outerEnd);</c>: how far ahead (in
/// elements) the next outer iteration's rows of this length lie, 0 when they are not to be prefetched.
/// </summary>
internal sealed record PrefetchDistance(string Name, IndexExpr RowElements, string OuterIndex) : Stmt;

/// <summary><c>Prefetch.Line(ref Ref, __j, Distance);</c> in a vector loop body: one line of the next row per vector.</summary>
internal sealed record PrefetchLine(string Ref, string Distance) : Stmt;

/// <summary>
/// <c>if (Distance0 != 0 || ...) { Prefetching } else { Plain }</c>: a sweep's vector loop (or its stream or split
/// switch) with its <see cref="PrefetchLine"/>s and without them, chosen once per row (<see cref="Prefetch.Switch"/>).
/// </summary>
internal sealed record PrefetchSwitch(EquatableArray<string> Distances, Stmt Prefetching, Stmt Plain) : Stmt;

/// <summary>
/// Software prefetch of the next outer iteration's rows (NormGen.Kernels.Prefetch, docs/benchmarks.md "Prefetch").
/// A rewrite of a lowered kernel: in the last pass of the outer loop's body that has a vector loop, every tensor the
/// iteration reads row by row (a row ref some pass loads through) and that is stored with the outer axes leading, so
/// the next iteration's row is the current one plus a fixed number of elements, gets one prefetch per vector of its
/// next row, in step with the sweep: the last sweep over a row covers it, so the whole next row is requested, spread
/// over the sweep rather than in a burst. Whether it runs is decided at run time from the row's size in bytes.
/// </summary>
internal static class Prefetch
{
    /// <summary>
    /// <paramref name="body"/> with the prefetches added. <paramref name="rowElements"/> maps a row ref's buffer (its C#
    /// name) to the elements between consecutive outer iterations' rows, null when its rows are not laid out that way.
    /// </summary>
    public static EquatableArray<Stmt> Add(EquatableArray<Stmt> body, string outerStart, Func<string, IndexExpr?> rowElements)
    {
        var result = body.ToList();
        int at = result.FindIndex(s => s is For f && f.Start == new IndexVar(outerStart));
        if (at < 0) return body;
        var outer = (For)result[at];
        int last = outer.Body.ToList().FindLastIndex(s => Sweeps(s).Any());
        if (last < 0) return body;

        // Tensors the iteration reads by rows, in any of its passes.
        var read = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sweep in outer.Body.SelectMany(Sweeps))
        {
            var loaded = new HashSet<string>(Loads(sweep.Body), StringComparer.Ordinal);
            foreach (var r in sweep.Body.OfType<RefLet>().Where(r => loaded.Contains(r.Buffer) || loaded.Contains(r.Name))) read.Add(r.Buffer);
        }

        var outerBody = outer.Body.ToList();
        outerBody[last] = Rewrite(outerBody[last], HasVectorLoop, sweep => WithPrefetch(sweep, read, rowElements, outer.Index));
        result[at] = outer with { Body = outerBody.ToEquatableArray() };
        return result.ToEquatableArray();
    }

    /// <summary>The innermost loops' blocks (row refs, vector loop, tail) inside <paramref name="s"/>, nested loops included.</summary>
    private static IEnumerable<Block> Sweeps(Stmt s) => s switch
    {
        Block b when HasVectorLoop(b) => new[] { b },
        Block b => b.Body.SelectMany(Sweeps),
        For f => f.Body.SelectMany(Sweeps),
        _ => Enumerable.Empty<Block>(),
    };

    private static bool HasVectorLoop(Block b) => b.Body.Any(x => x is VectorLoop);

    /// <summary>
    /// <paramref name="s"/> with every block <paramref name="isSweep"/> accepts rewritten by <paramref name="rewrite"/>,
    /// inside blocks, loops and both copies of a staged loop (which only <see cref="Switch"/> meets: Add runs before
    /// staging).
    /// </summary>
    private static Stmt Rewrite(Stmt s, Func<Block, bool> isSweep, Func<Block, Block> rewrite) => s switch
    {
        Block b when isSweep(b) => rewrite(b),
        Block b => new Block(b.Body.Select(x => Rewrite(x, isSweep, rewrite)).ToEquatableArray()),
        For f => f with { Body = f.Body.Select(x => Rewrite(x, isSweep, rewrite)).ToEquatableArray() },
        StagedLoop l => l with { Staged = Rewrite(l.Staged, isSweep, rewrite), Plain = Rewrite(l.Plain, isSweep, rewrite) },
        _ => s,
    };

    /// <summary>One sweep with a prefetch per vector of each row-read tensor's next row (its first, unrolled vector loop).</summary>
    private static Block WithPrefetch(Block sweep, HashSet<string> read, Func<string, IndexExpr?> rowElements, string outerIndex)
    {
        var rows = sweep.Body.OfType<RefLet>().Where(r => read.Contains(r.Buffer))
            .Select(r => (Ref: r, Elements: rowElements(r.Buffer))).Where(r => r.Elements is not null).ToList();
        if (rows.Count == 0) return sweep;
        // One distance per row length (rows of one length, the usual case, share it).
        var lengths = rows.Select(r => r.Elements!).Distinct().ToList();
        var distances = lengths.Select((e, i) => new PrefetchDistance(Identifiers.Generated(lengths.Count == 1 ? "next_row" : $"next_row{i}"), e, outerIndex)).ToList();
        var lines = rows.Select(r => (Stmt)new PrefetchLine(r.Ref.Name, distances[lengths.IndexOf(r.Elements!)].Name));
        var body = sweep.Body.ToList();
        int loop = body.FindIndex(s => s is VectorLoop);
        body[loop] = (VectorLoop)body[loop] with { Body = lines.Concat(((VectorLoop)body[loop]).Body).ToEquatableArray() };
        body.InsertRange(body.FindLastIndex(s => s is RefLet) + 1, distances);
        return new Block(body.ToEquatableArray());
    }

    /// <summary>
    /// <paramref name="body"/> (the final loop IR, after every rewrite that copies vector loops) with each sweep's
    /// prefetching loop beside a copy without the prefetch lines, run when no row of the sweep is prefetched: the common
    /// case (rows under Prefetch.MinRowBytes, the last row of a chunk), where each line would otherwise cost its
    /// distance test, a taken branch, per vector (docs/statistics.md, "Against the hand kernels in BenchmarkDotNet").
    /// </summary>
    public static EquatableArray<Stmt> Switch(EquatableArray<Stmt> body) =>
        body.Select(s => Rewrite(s, b => b.Body.Any(x => x is PrefetchDistance), WithSwitch)).ToEquatableArray();

    private static Block WithSwitch(Block sweep)
    {
        var distances = sweep.Body.OfType<PrefetchDistance>().Select(d => d.Name).ToEquatableArray();
        return new Block(sweep.Body.Select(s => HasLines(s) ? new PrefetchSwitch(distances, s, WithoutLines(s)) : s).ToEquatableArray());
    }

    private static bool HasLines(Stmt s) => s switch
    {
        VectorLoop v => v.Body.Any(x => x is PrefetchLine),
        StreamSwitch sw => HasLines(sw.Streamed) || HasLines(sw.Plain),
        SplitSwitch sw => HasLines(sw.Whole),
        _ => false,
    };

    private static Stmt WithoutLines(Stmt s) => s switch
    {
        VectorLoop v => Strip(v),
        StreamSwitch sw => sw with { Streamed = Strip(sw.Streamed), Plain = Strip(sw.Plain) },
        SplitSwitch sw => sw with { Whole = WithoutLines(sw.Whole) },
        _ => s,
    };

    private static VectorLoop Strip(VectorLoop v) => v with { Body = v.Body.Where(x => x is not PrefetchLine).ToEquatableArray() };

    /// <summary>The condition of a <see cref="PrefetchSwitch"/>: some row of the sweep is prefetched.</summary>
    public static string Condition(PrefetchSwitch s) => string.Join(" || ", s.Distances.Select(d => d + " != 0"));

    public const string Note = "The next rows are prefetched: one line of each per vector.";

    /// <summary>The refs the statements load through, nested loops included.</summary>
    private static IEnumerable<string> Loads(IEnumerable<Stmt> statements) => statements.SelectMany(s => s switch
    {
        Let l => Refs(l.Value),
        Store st => Refs(st.Value),
        Accumulate a => Refs(a.Value),
        Assign a => Refs(a.Value),
        VectorLoop v => Loads(v.Body),
        ScalarLoop t => Loads(t.Body),
        UnlessMultiple u => Loads(new[] { u.Then }),
        Block b => Loads(b.Body),
        For f => Loads(f.Body),
        _ => Enumerable.Empty<string>(),
    });

    private static IEnumerable<string> Refs(Expr e) => LoopIr.Nodes(e).OfType<Load>().Select(l => l.Ref);

    /// <summary>Prints the prefetch statements (<paramref name="s"/> is one of this file's records).</summary>
    public static string Print(Stmt s) => s switch
    {
        PrefetchDistance d => $"nint {d.Name} = global::NormGen.Kernels.Prefetch.Distance<{Identifiers.T}>({LoopPrinter.Print(d.RowElements)}, {d.OuterIndex} + 1 < {KernelEmitter.OuterEnd});",
        PrefetchLine l => $"global::NormGen.Kernels.Prefetch.Line(ref {l.Ref}, {LoopPrinter.Element}, {l.Distance});",
        _ => throw new InvalidOperationException($"Cannot print {s.GetType().Name}."),
    };
}
