using System;
using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Emit.Loops;
using NormGen.Generator.Model;
using NormGen.Generator.Passes.Plan;

namespace NormGen.Generator.Emit;

internal sealed partial class KernelEmitter
{
    /// <summary>The lowered kernel with software prefetch of the next outer iteration's rows (Loops/Prefetch.cs).</summary>
    private EquatableArray<Stmt> WithPrefetch(EquatableArray<Stmt> body)
    {
        if (_plan.OuterAxes.IsEmpty) return body;
        var outer = _ir.Inputs[0].Storage.Where(a => _plan.OuterAxes.Contains(a)).ToList();
        var buffers = _plan.Inside.SelectMany(PassBuffers).Where(b => b.Kind == BufferKind.Span).Distinct()
            .GroupBy(b => b.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        IndexExpr? RowElements(string id)
        {
            // Rows follow each other only when the outer axes lead the buffer's storage, in the outer loop's order.
            if (!buffers.TryGetValue(id, out var b) || b.Storage.Length <= outer.Count || !b.Storage.Take(outer.Count).SequenceEqual(outer)) return null;
            return b.Storage.Skip(outer.Count).Select(a => (IndexExpr)new IndexVar(SizeName(_axes, new[] { a }))).Aggregate((p, f) => p * f);
        }
        return Prefetch.Add(body, OuterStart, RowElements);
    }

    /// <summary>Whether the body has streaming copies (then the kernel takes StreamingStores.TypeParameter).</summary>
    public bool Streams => StreamFlags.Count > 0;

    /// <summary>The sweeps' tests of whether to stream, over the shape's sizes (StreamingStores.Condition prints them).</summary>
    public EquatableArray<StreamFlag> StreamFlags { get; private set; }

    /// <summary>The kernel with streaming stores to its output rows (Loops/StreamingStores.cs).</summary>
    private EquatableArray<Stmt> WithStreamingStores(EquatableArray<Stmt> body, bool streaming)
    {
        if (!streaming || Touched() is not { } touched) return body;
        var ids = new HashSet<string>(SpanBuffers().Select(b => b.Id), StringComparer.Ordinal);
        var sizes = Enumerable.Range(0, _axes.Names.Count).ToDictionary(a => SizeName(_axes, new[] { a }), a => Identifiers.Escape(_axes.Name(a)), StringComparer.Ordinal);
        var result = StreamingStores.Add(body, ids.Contains, touched, sizes, out var flags);
        StreamFlags = flags;
        return result;
    }

    /// <summary>The span arguments the kernel reads or writes (tensors and parameters, not scalars), by name.</summary>
    private List<DataBuffer> SpanBuffers() => _plan.Before.Concat(_plan.Inside).Concat(_plan.After).SelectMany(PassBuffers)
        .Where(b => b.Kind == BufferKind.Span && !b.Storage.IsEmpty).GroupBy(b => b.Id, StringComparer.Ordinal).Select(g => g.First())
        .OrderBy(b => b.Id, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Everything the call reads and writes through its spans (tensors and parameters), in elements, over the size
    /// locals: what decides whether its data would still be in the cache when the next call or layer reads it, and
    /// whether its rows come from memory. Null without spans.
    /// </summary>
    private IndexExpr? Touched()
    {
        var spans = SpanBuffers();
        if (spans.Count == 0) return null;
        IndexExpr Elements(DataBuffer b) => b.Storage.Select(a => (IndexExpr)new IndexVar(SizeName(_axes, new[] { a }))).Aggregate((p, f) => p * f);
        return spans.Select(Elements).Aggregate((sum, e) => sum + e);
    }
}
