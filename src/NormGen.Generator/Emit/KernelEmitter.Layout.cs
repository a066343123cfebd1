using System;
using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Emit.Loops;
using NormGen.Generator.Ir;
using NormGen.Generator.Model;
using NormGen.Generator.Passes.Plan;
using NormGen.Generator.Passes.Schedule;

namespace NormGen.Generator.Emit;

/// <summary>The lowering's loop layout: which loops a pass gets, where each buffer's elements are, at which level a value lives.</summary>
internal sealed partial class KernelEmitter
{
    // ---- loop dims ----

    /// <summary>
    /// The pass's loops, outermost first: axes ordered by stride in the buffers the pass touches (so the
    /// contiguous axis is innermost), then adjacent axes merged when every buffer stores them adjacently and
    /// every reduction treats them alike (InstanceNorm's h and w become one loop of h*w).
    /// </summary>
    private List<LoopDim> LoopDims(Pass pass)
    {
        var buffers = PassBuffers(pass);
        var domain = pass.Domain.Indices().ToList();
        int Rank(int axis) => buffers.Where(b => b.Storage.Contains(axis))
            .Select(b => b.Storage.Skip(b.Storage.IndexOf(axis) + 1).Count(domain.Contains))
            .DefaultIfEmpty(0).Max();
        var order = domain.OrderByDescending(Rank).ThenBy(a => a).ToList();

        var groups = new List<List<int>>();
        foreach (var axis in order)
        {
            if (groups.Count > 0 && CanMerge(pass, buffers, groups[groups.Count - 1].Last(), axis)) groups[groups.Count - 1].Add(axis);
            else groups.Add(new List<int> { axis });
        }
        return groups.Select(g => new LoopDim(g, _axes)).ToList();
    }

    private static bool CanMerge(Pass pass, List<DataBuffer> buffers, int outer, int inner)
    {
        foreach (var b in buffers)
        {
            int o = b.Storage.IndexOf(outer), i = b.Storage.IndexOf(inner);
            if ((o < 0) != (i < 0)) return false;
            if (o >= 0 && i != o + 1) return false;
        }
        foreach (var c in pass.Computations.Where(c => c.IsReduction))
        {
            if (c.Node.Reduced.Contains(outer) != c.Node.Reduced.Contains(inner)) return false;
        }
        return true;
    }

    /// <summary>Every buffer a pass may read or write, found without emitting anything.</summary>
    private List<DataBuffer> PassBuffers(Pass pass)
    {
        var result = new List<DataBuffer>();
        foreach (var c in pass.Computations)
        {
            if (c.Target.Kind != BufferKind.Local) result.Add(c.Target);
            // Exactly what Get reads: a store of a reduction computed in an earlier pass (dx = Sum(dy, "d") broadcast
            // over d) loads that reduction's buffer, whose axes must keep the loops over the others apart.
            var root = c.IsReduction ? c.Node.Args[0] : c.Node;
            foreach (var n in Topology.PostOrder(new[] { root }, n => ResolveBuffer(n) is not null))
            {
                var b = ResolveBuffer(n);
                if (b is not null && b.Kind != BufferKind.Local) result.Add(b);
            }
        }
        return result.Distinct().ToList();
    }

    /// <summary>Where a node can be read from instead of computed, if anywhere.</summary>
    private DataBuffer? ResolveBuffer(Node node)
    {
        if (_plan.Tensors.TryGetValue(node, out var b)) return b;
        if (_materialized.TryGetValue(node, out b)) return b;
        if (node.Kind == NodeKind.Reduce && _reductionOf.TryGetValue(node, out var c)) return c.Target;
        return null;
    }

    private bool IsLearnedScalar(Node node, DataBuffer buffer) =>
        node.Kind == NodeKind.Tensor && node.Axes.IsEmpty && buffer.Kind == BufferKind.Span
        && _ir.Parameters.Any(p => p.Name == buffer.Name);

    // ---- offsets ----

    private void Access(PassContext ctx, DataBuffer buffer, int level)
    {
        string key = LayoutKey(buffer);
        if (ctx.Accessed.TryGetValue(key, out var seen)) level = Math.Max(level, seen.Level);
        ctx.Accessed[key] = (buffer, level);
        BaseOffset(buffer, ctx.Out);
        if (level == ctx.K && ctx.K > 0)
        {
            // Vector loads need the innermost loop to walk this buffer contiguously.
            var inner = ctx.Dims[ctx.K - 1];
            if (HasDim(buffer, inner) && buffer.Storage[buffer.Storage.Length - 1] != inner.Axes.Last()) ctx.Vectorized = false;
        }
    }

    /// <summary>
    /// Whether <paramref name="b"/> varies along loop <paramref name="dim"/>. A merged loop's flat index is an offset only
    /// into buffers storing all of its axes adjacently, in order: LoopDims merges no others for the buffers PassBuffers
    /// lists, so meeting one here is a compiler bug, reported (a diagnostic) rather than indexed wrongly.
    /// </summary>
    private static bool HasDim(DataBuffer b, LoopDim dim)
    {
        if (!dim.Set.Overlaps(b.Axes)) return false;
        int first = b.Storage.IndexOf(dim.Axes[0]);
        if (first < 0 || dim.Axes.Where((a, i) => first + i >= b.Storage.Length || b.Storage[first + i] != a).Any())
            throw new InvalidOperationException($"The loop {dim.Index} merges axes that {b.Name} does not store adjacently.");
        return true;
    }

    private void EmitOffsets(PassContext ctx, int level, List<Stmt> into)
    {
        var dim = ctx.Dims[level - 1];
        foreach (var (buffer, maxLevel) in ctx.Accessed.Values.OrderBy(p => LayoutKey(p.Buffer), StringComparer.Ordinal))
        {
            if (buffer.Kind == BufferKind.Local || maxLevel < level || !HasDim(buffer, dim)) continue;
            var previous = Offset(ctx, buffer, level - 1);
            into.Add(new IndexLet(OffsetName(buffer, level), previous + new IndexVar(dim.Index) * Stride(buffer, dim.Axes.Last())));
        }
    }

    /// <summary>
    /// Refs to the first element each innermost loop walks (x + __o_n_d): the body then indexes by __j alone, one
    /// addressing mode per load instead of an add and a shift per unrolled copy.
    /// </summary>
    private void EmitRowRefs(PassContext ctx, List<Stmt> into)
    {
        var inner = ctx.Dims[ctx.K - 1];
        foreach (var buffer in PassBuffers(ctx.Pass).OrderBy(b => b.Name, StringComparer.Ordinal))
        {
            if (!HasDim(buffer, inner) || !ctx.Accessed.TryGetValue(LayoutKey(buffer), out var seen) || seen.Level != ctx.K) continue;
            var outer = Offset(ctx, buffer, ctx.K - 1);
            if (outer == IndexExpr.Zero) continue;
            string name = Identifiers.Of("row", buffer.Name);
            into.Add(new RefLet(name, Identifiers.Escape(buffer.Name), outer));
            ctx.RowRefs[buffer.Name] = name;
        }
    }

    /// <summary>The ref <see cref="Offset"/> counts from: a row ref in the innermost loop, else the buffer itself.</summary>
    private static string Ref(PassContext ctx, DataBuffer buffer, int level) =>
        level == ctx.K && ctx.RowRefs.TryGetValue(buffer.Name, out var row) ? row : Identifiers.Escape(buffer.Name);

    /// <summary>The offset of <paramref name="buffer"/>'s element at loop level <paramref name="level"/>, from <see cref="Ref"/>.</summary>
    private IndexExpr Offset(PassContext ctx, DataBuffer buffer, int level)
    {
        if (level == ctx.K && ctx.K > 0)
        {
            var inner = ctx.Dims[ctx.K - 1];
            var outer = ctx.RowRefs.ContainsKey(buffer.Name) ? IndexExpr.Zero : Offset(ctx, buffer, ctx.K - 1);
            return HasDim(buffer, inner) ? outer + new IndexVar(J) * Stride(buffer, inner.Axes.Last()) : outer;
        }
        for (int j = level; j >= 1; j--)
        {
            if (HasDim(buffer, ctx.Dims[j - 1])) return new IndexVar(OffsetName(buffer, j));
        }
        return BaseOffset(buffer, ctx.Out);
    }
}
