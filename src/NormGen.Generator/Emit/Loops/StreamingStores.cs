using System;
using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Model;

namespace NormGen.Generator.Emit.Loops;

/// <summary>
/// <c>bool Name = NonTemporal.Use&lt;TS, __T&gt;(Touched, RowElements);</c>: whether a sweep streams its stores to the
/// row <see cref="Ref"/> of <see cref="RowElements"/> elements, in a call that reads and writes <see cref="Touched"/>
/// elements in all.
/// </summary>
internal sealed record StreamFlag(string Name, string Ref, IndexExpr Touched, IndexExpr RowElements) : Stmt;

/// <summary><c>if (Flag) { Streamed } else { Plain }</c>: the vector loop of a sweep, with and without streaming stores.</summary>
internal sealed record StreamSwitch(string Flag, VectorLoop Streamed, VectorLoop Plain) : Stmt;

/// <summary><c>NonTemporal.Fence();</c> at the end of a kernel that may have streamed.</summary>
internal sealed record StreamFence : Stmt;

/// <summary>
/// Non-temporal stores of large outputs (NormGen.Kernels.NonTemporal, docs/statistics.md "Prefetch and streaming
/// stores"): a rewrite of the final loop IR (after <see cref="AlignedHead"/> and <see cref="Staging"/>). Every
/// element-wise sweep whose vector loop was aligned on the row it stores gets a second copy of that loop in which the
/// store is a streaming one, run when, at run time, the call reads and writes at least NonTemporal.MinBytes and the row
/// is at least NonTemporal.MinRowBytes: it then does not read each line of the output from memory before writing it
/// (write-allocate), which leaves the memory bandwidth to the kernel's inputs. The copy, rather than a test per store,
/// keeps the ordinary loop as it was. The store is the same value to the same element, so results do not change; only
/// the aligned store of the sweep qualifies, since a streaming store needs a vector-aligned address. A kernel that has
/// any ends with a store fence. The staged copy of an outer loop (narrower storage types) never streams and is left alone.
/// </summary>
internal static class StreamingStores
{
    /// <summary>
    /// <paramref name="body"/> with the streaming copies for stores to rows of the span arguments
    /// <paramref name="isSpan"/> accepts (by C# name); <paramref name="touched"/> is the elements the call reads and
    /// writes through all of them.
    /// </summary>
    public static EquatableArray<Stmt> Add(EquatableArray<Stmt> body, Func<string, bool> isSpan, IndexExpr touched)
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
        var result = body.Select(Rewrite).ToList();
        if (any) result.Add(new StreamFence());
        return result.ToEquatableArray();
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
        body.Insert(body.IndexOf(head), new StreamFlag(flag, head.Ref, touched, loop.Count));
        return new Block(body.ToEquatableArray());
    }

    /// <summary>Prints the statements of this file's records (<paramref name="d"/> knows which refs are stored).</summary>
    public static string Print(Stmt s, Dialect d) => s switch
    {
        StreamFlag f => $"bool {f.Name} = global::NormGen.Kernels.NonTemporal.Use<{d.ElementType(f.Ref)}, {Identifiers.T}>({LoopPrinter.Print(f.Touched)}, {LoopPrinter.Print(f.RowElements)});",
        StreamFence => "global::NormGen.Kernels.NonTemporal.Fence();",
        _ => throw new InvalidOperationException($"Cannot print {s.GetType().Name}."),
    };
}
