using System;
using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Model;

namespace NormGen.Generator.Emit.Loops;

/// <summary>
/// <c>bool Name = NonTemporal.Use&lt;TS, __T&gt;(Touched, RowElements);</c>: whether a sweep streams its stores to the
/// row <see cref="Ref"/> (of the span argument <see cref="Buffer"/>) of <see cref="RowElements"/> elements, in a call
/// that reads and writes <see cref="Touched"/> elements in all.
/// </summary>
/// <remarks>With <see cref="WhenAligned"/> (a sweep without an aligning head, AlignedHead.StreamingOnly), only rows that
/// start on a vector boundary stream.</remarks>
internal sealed record StreamFlag(string Name, string Ref, IndexExpr Touched, IndexExpr RowElements, string Buffer, bool WhenAligned = false) : Stmt;

/// <summary><c>if (Flag) { Streamed } else { Plain }</c>: the vector loop of a sweep, with and without streaming stores.</summary>
internal sealed record StreamSwitch(string Flag, VectorLoop Streamed, VectorLoop Plain) : Stmt;

/// <summary>
/// Non-temporal stores of large outputs (NormGen.Kernels.NonTemporal, docs/statistics.md "Prefetch and streaming
/// stores"): a rewrite of the final loop IR (after <see cref="AlignedHead"/> and <see cref="Staging"/>). Every
/// element-wise sweep whose vector loop was aligned on the row it stores gets a second copy of that loop in which the
/// store is a streaming one, run when, at run time, the call reads and writes at least NonTemporal.MinBytes and the row
/// is at least NonTemporal.MinRowBytes: it then does not read each line of the output from memory before writing it
/// (write-allocate), which leaves the memory bandwidth to the kernel's inputs. The copy, rather than a test per store,
/// keeps the ordinary loop as it was. The store is the same value to the same element, so results do not change; only
/// the aligned store of the sweep qualifies, since a streaming store needs a vector-aligned address. The choice is made
/// once per call, by type: the kernel gets a type parameter <see cref="TypeParameter"/>; a call that does not stream runs
/// it with <c>NonTemporal.Ordinary</c>, in which every streaming copy is behind a <c>typeof</c> test the JIT folds to
/// false and removes, so that instantiation compiles to the code of a kernel without streaming copies, prologue
/// included (the test of whether a call streams, <see cref="Condition"/>, is made by the public method before it
/// dispatches). A call that streams pins its spans once and runs the <c>NonTemporal.Streamed</c> instantiation, which
/// keeps the per-row choice, stores through the pinned addresses, and is followed by a store fence. (Chosen per row in
/// one method, the two copies of each loop measured 6-16% slower in BenchmarkDotNet on calls that never stream.) The
/// staged copy of an outer loop (narrower storage types) never streams and is left alone.
/// </summary>
internal static class StreamingStores
{
    /// <summary>
    /// <paramref name="body"/> with the streaming copies for stores to rows of the span arguments
    /// <paramref name="isSpan"/> accepts (by C# name); <paramref name="touched"/> is the elements the call reads and
    /// writes through all of them. <paramref name="flags"/> gets the sweeps' tests of whether to stream, for
    /// <see cref="Condition"/>, over the shape's sizes (<paramref name="sizes"/>: size local name to axis name).
    /// </summary>
    public static EquatableArray<Stmt> Add(EquatableArray<Stmt> body, Func<string, bool> isSpan, IndexExpr touched, IReadOnlyDictionary<string, string> sizes, out EquatableArray<StreamFlag> flags)
    {
        bool any = false;
        Stmt Rewrite(Stmt s) => s switch
        {
            Block b when b.Body.Any(x => x is AlignHead) => WithStreams(b, isSpan, touched, ref any),
            Block b => new Block(b.Body.Select(Rewrite).ToEquatableArray()),
            For f => f with { Body = f.Body.Select(Rewrite).ToEquatableArray() },
            StagedLoop l => l with { Plain = Rewrite(l.Plain) },
            _ => s,
        };
        var result = body.Select(Rewrite).ToEquatableArray();
        // The per-call test reads the shape only: size locals become the shape's sizes as nint ((nint)s.d), so products
        // do not overflow int. A row length that depends on anything else counts as long enough there: the call then
        // takes the streamed path, whose per-row test decides.
        IndexExpr Sized(IndexExpr e) => LoopIr.Names(e).All(sizes.ContainsKey) ? LoopIr.Rename(e, v => "(nint)s." + sizes[v]) : new IndexConst(int.MaxValue);
        flags = any
            ? result.SelectMany(Flags).Select(f => f with { Name = "", Ref = "", Touched = Sized(f.Touched), RowElements = Sized(f.RowElements), WhenAligned = false }).Distinct().ToEquatableArray()
            : EquatableArray<StreamFlag>.Empty;
        return any ? result : body;
    }

    private static Block WithStreams(Block sweep, Func<string, bool> isSpan, IndexExpr touched, ref bool any)
    {
        var body = sweep.Body.ToList();
        var head = body.OfType<AlignHead>().Single();
        var row = body.OfType<RefLet>().FirstOrDefault(r => r.Name == head.Ref);
        int at = body.FindIndex(x => x is VectorLoop);
        if (row is null || at < 0 || !isSpan(row.Buffer)) return sweep;
        var loop = (VectorLoop)body[at];
        bool found = false;
        var streamed = loop.Body.Select(s =>
        {
            // A store that reads its own element (an accumulation written out) has the line in the cache already.
            if (s is not Store { Accumulate: false } st || st.Ref != head.Ref || LoopIr.Nodes(st.Value).OfType<Load>().Any(l => l.Ref == st.Ref)) return s;
            found = true;
            return st with { Stream = true };
        }).ToEquatableArray();
        if (!found) return sweep;
        any = true;
        string flag = head.Ref + "__stream";
        body[at] = new StreamSwitch(flag, loop with { Body = streamed }, loop);
        body.Insert(body.IndexOf(head), new StreamFlag(flag, head.Ref, touched, loop.Count, row.Buffer, WhenAligned: head.StreamingOnly));
        return new Block(body.ToEquatableArray());
    }

    private static IEnumerable<StreamFlag> Flags(Stmt s) => s switch
    {
        StreamFlag f => new[] { f },
        Block b => b.Body.SelectMany(Flags),
        For f => f.Body.SelectMany(Flags),
        StagedLoop l => Flags(l.Plain),
        _ => Enumerable.Empty<StreamFlag>(),
    };

    /// <summary>The kernel's type parameter saying whether it streams: NonTemporal.Ordinary or NonTemporal.Streamed.</summary>
    public const string TypeParameter = "__NT";

    /// <summary><c>typeof(__NT) == typeof(NonTemporal.Streamed)</c>: a JIT-time constant.</summary>
    public const string IsStreamed = "typeof(" + TypeParameter + ") == typeof(global::NormGen.Kernels.NonTemporal.Streamed)";

    /// <summary>Prints the statements of this file's records (<paramref name="d"/> knows which refs are stored).</summary>
    public static string Print(Stmt s, Dialect d) => s switch
    {
        StreamFlag f => $"bool {f.Name} = {IsStreamed} && {Use(d.ElementType(f.Ref), f.Touched, f.RowElements)}"
            + (f.WhenAligned ? $" && global::NormGen.Kernels.Alignment.Head(ref {f.Ref}, {LoopPrinter.Print(f.RowElements)}, {Identifiers.V}.Count) == 0;" : ";"),
        _ => throw new InvalidOperationException($"Cannot print {s.GetType().Name}."),
    };

    /// <summary>
    /// Whether a call streams, from the shape <c>s</c> alone: any sweep's <c>NonTemporal.Use</c> (flags from
    /// <see cref="Add"/>; <paramref name="elementType"/> gives a span's element type in the kernel).
    /// </summary>
    public static string Condition(IEnumerable<StreamFlag> flags, Func<string, string> elementType) =>
        string.Join(" || ", flags.Select(f => Use(elementType(f.Buffer), f.Touched, f.RowElements)).Distinct());

    private static string Use(string elementType, IndexExpr touched, IndexExpr row) =>
        $"global::NormGen.Kernels.NonTemporal.Use<{elementType}, {Identifiers.T}>({LoopPrinter.Print(touched)}, {LoopPrinter.Print(row)})";
}
