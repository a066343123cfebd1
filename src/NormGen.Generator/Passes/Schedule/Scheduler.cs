using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NormGen.Generator.Ir;
using NormGen.Generator.Passes.Plan;

namespace NormGen.Generator.Passes.Schedule;

/// <summary>
/// Groups a kernel's work into passes. Every reduction and every output is a computation over an iteration
/// domain; a computation's level is one more than the deepest computation it reads. Computations of the same
/// level over the same domain share one pass (so LayerNorm's backward row sums and its dgamma/dbeta sums are one
/// sweep). The outer loop takes every axis of the input that all work keeps (rows, channels, groups), so a row's
/// passes run back to back while it is in cache; a reduction across the outer loop is allowed when only work
/// after the loop reads it (a parameter gradient summed over rows).
/// </summary>
internal static class Scheduler
{
    public static KernelPlan Schedule(LayerIr ir, KernelSpec spec)
    {
        var tensors = TensorBuffers(ir, spec);
        var comps = Computations(spec, tensors);
        var outer = ChooseOuterAxes(ir, comps, out var partition);
        var scratch = ImmutableArray.CreateBuilder<DataBuffer>();
        var zeroFirst = ImmutableArray.CreateBuilder<DataBuffer>();
        foreach (var c in comps.Where(c => c.IsReduction && c.Target.Kind == BufferKind.Scratch))
        {
            bool inside = partition[c] == Region.Inside;
            bool acrossOuter = inside && c.Node.Reduced.Overlaps(outer);
            var axes = inside && !acrossOuter ? c.Kept - outer : c.Kept;
            if (axes.IsEmpty)
            {
                c.Target = new DataBuffer("r" + c.Index, BufferKind.Local, ImmutableArray<int>.Empty);
                continue;
            }
            c.Target = new DataBuffer("work_" + spec.Name + scratch.Count, BufferKind.Scratch, axes.Indices().ToImmutableArray());
            scratch.Add(c.Target);
            if (acrossOuter) zeroFirst.Add(c.Target);
        }

        return new KernelPlan(spec, outer,
            Passes(comps.Where(c => partition[c] == Region.Before), AxisSet.Empty),
            Passes(comps.Where(c => partition[c] == Region.Inside), outer),
            Passes(comps.Where(c => partition[c] == Region.After), AxisSet.Empty),
            scratch.ToImmutable(), tensors, zeroFirst.ToImmutable());
    }

    private enum Region { Before, Inside, After }

    private static Dictionary<Node, DataBuffer> TensorBuffers(LayerIr ir, KernelSpec spec)
    {
        var byName = new Dictionary<string, DataBuffer>();
        foreach (var t in ir.Inputs.Concat(ir.Parameters)) byName[t.Name] = LayerPlanner.SpanOf(t);
        foreach (var r in ir.Running) byName[r.Buffer.Name] = LayerPlanner.SpanOf(r.Buffer);
        byName["dy"] = LayerPlanner.OutputGradientBuffer(ir);
        var result = new Dictionary<Node, DataBuffer>(spec.Materialized.ToDictionary(p => p.Key, p => p.Value));
        foreach (var node in Topology.PostOrder(spec.Outputs.Select(o => o.Value)))
        {
            if (node.Kind == NodeKind.Tensor) result[node] = byName[node.Name!];
        }
        return result;
    }

    private static List<Computation> Computations(KernelSpec spec, Dictionary<Node, DataBuffer> tensors)
    {
        var comps = new List<Computation>();
        var uses = new Dictionary<Node, int>();
        foreach (var node in Topology.PostOrder(spec.Outputs.Select(o => o.Value), tensors.ContainsKey))
        {
            if (tensors.ContainsKey(node)) continue;
            foreach (var a in node.Args) uses[a] = uses.TryGetValue(a, out var u) ? u + 1 : 1;
        }

        var reductions = new Dictionary<Node, Computation>();
        var materializers = new Dictionary<Node, Computation>();
        foreach (var output in spec.Outputs)
        {
            var v = output.Value;
            // A parameter gradient that is a bare sum accumulates straight into the caller's buffer.
            bool terminal = output.Accumulate && v.Kind == NodeKind.Reduce && v.ReduceOp == ReduceOp.Sum
                && !uses.ContainsKey(v) && !reductions.ContainsKey(v);
            var c = new Computation(comps.Count, v, terminal, output.Target, output.Accumulate);
            comps.Add(c);
            if (terminal) reductions[v] = c;
            if (output.Target.Kind == BufferKind.Saved) materializers[v] = c;
        }
        foreach (var node in Topology.PostOrder(spec.Outputs.Select(o => o.Value), tensors.ContainsKey))
        {
            if (node.Kind != NodeKind.Reduce || reductions.ContainsKey(node) || tensors.ContainsKey(node)) continue;
            var c = new Computation(comps.Count, node, true, new DataBuffer("?", BufferKind.Scratch, ImmutableArray<int>.Empty), false);
            comps.Add(c);
            reductions[node] = c;
        }

        foreach (var c in comps)
        {
            var start = c.IsReduction ? c.Node.Args[0] : c.Node;
            var seen = new HashSet<Node>();
            var stack = new Stack<Node>();
            stack.Push(start);
            while (stack.Count > 0)
            {
                var n = stack.Pop();
                if (!seen.Add(n) || tensors.ContainsKey(n)) continue;
                bool own = ReferenceEquals(n, c.Node);
                if (!own && materializers.TryGetValue(n, out var m)) { AddDependency(c, m); continue; }
                if (n.Kind == NodeKind.Reduce && !(own && c.IsReduction)) { AddDependency(c, reductions[n]); continue; }
                foreach (var a in n.Args) stack.Push(a);
            }
        }
        return comps;
    }

    private static void AddDependency(Computation c, Computation on)
    {
        if (!ReferenceEquals(c, on) && !c.Dependencies.Contains(on)) c.Dependencies.Add(on);
    }

    private static AxisSet ChooseOuterAxes(LayerIr ir, List<Computation> comps, out Dictionary<Computation, Region> partition)
    {
        partition = comps.ToDictionary(c => c, _ => Region.Before);
        var outer = AxisSet.Empty;
        var storage = ir.Inputs[0].Storage;
        // The innermost memory axis stays inside: looping over it outermost would stride through memory.
        for (int i = 0; i < storage.Length - 1; i++)
        {
            var trial = outer | AxisSet.Of(storage[i]);
            var p = Partition(comps, trial);
            if (p is null) continue;
            outer = trial;
            partition = p;
        }
        return outer;
    }

    private static Dictionary<Computation, Region>? Partition(List<Computation> comps, AxisSet outer)
    {
        var region = new Dictionary<Computation, Region>();
        foreach (var c in comps)
        {
            if (outer.IsSubsetOf(c.Domain)) region[c] = Region.Inside;
            else if (!c.Domain.Overlaps(outer)) region[c] = Region.Before;
            else return null;
        }
        if (!region.Values.Contains(Region.Inside)) return null;

        // Work outside the loop that reads work inside it runs after it (transitively).
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var c in comps.Where(c => region[c] == Region.Before))
            {
                if (c.Dependencies.Any(d => region[d] != Region.Before)) { region[c] = Region.After; changed = true; }
            }
        }
        foreach (var c in comps.Where(c => region[c] == Region.Inside))
        {
            foreach (var d in c.Dependencies)
            {
                if (region[d] == Region.After) return null;
                // A sum across outer iterations is complete only after the loop.
                if (region[d] == Region.Inside && d.IsReduction && d.Node.Reduced.Overlaps(outer)) return null;
            }
            // Only sums accumulate across iterations; a per-row statistic must keep the row axes.
            if (c.IsReduction && c.Node.Reduced.Overlaps(outer) && c.Node.ReduceOp != ReduceOp.Sum) return null;
        }
        return region;
    }

    private static ImmutableArray<Pass> Passes(IEnumerable<Computation> computations, AxisSet bound)
    {
        var list = computations.ToList();
        var members = new HashSet<Computation>(list);
        foreach (var c in list) c.Level = 0;
        bool changed = true;
        foreach (var c in list) c.Level = 1;
        while (changed)
        {
            changed = false;
            foreach (var c in list)
            {
                int level = 1 + c.Dependencies.Where(members.Contains).Select(d => d.Level).DefaultIfEmpty(0).Max();
                if (level != c.Level) { c.Level = level; changed = true; }
            }
        }
        return list
            .GroupBy(c => (c.Level, Domain: (c.Domain - bound).Bits))
            .OrderBy(grp => grp.Key.Level).ThenBy(grp => grp.Key.Domain)
            .Select(grp => new Pass(new AxisSet(grp.Key.Domain), grp.OrderBy(c => c.Index).ToImmutableArray()))
            .ToImmutableArray();
    }
}
