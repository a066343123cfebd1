using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NormGen.Generator.Ir;
using NormGen.Generator.Passes.Plan;

namespace NormGen.Generator.Passes.Schedule;

/// <summary>
/// Groups a kernel's work into passes. Every reduction and every output is a computation over an iteration
/// domain; a computation's level is one more than the deepest computation it reads. Works of the same
/// level over the same domain share one pass (so LayerNorm's backward row sums and its dgamma/dbeta sums are one
/// sweep). The outer loop takes every axis of the input that all work keeps (rows, channels, groups), so a row's
/// passes run back to back while it is in cache; a reduction across the outer loop is allowed when only work
/// after the loop reads it (a parameter gradient summed over rows).
/// </summary>
internal static partial class Scheduler
{
    /// <summary>
    /// A computation while the schedule is being decided: a reduction's target is chosen only once the outer loop is
    /// (a local, or a buffer over what it keeps), so drafts are mutable here and <see cref="Computation"/>s are built
    /// from them at the end.
    /// </summary>
    private sealed class Draft
    {
        public Draft(int index, Node node, bool isReduction, DataBuffer? target, bool accumulate)
        {
            Index = index;
            Node = node;
            IsReduction = isReduction;
            Target = target;
            Accumulate = accumulate;
        }

        public int Index { get; }
        public Node Node { get; }
        public bool IsReduction { get; }
        /// <summary>Null for a reduction until Schedule picks where its result lives.</summary>
        public DataBuffer? Target { get; set; }
        public bool Accumulate { get; }
        public List<Draft> Dependencies { get; } = new();
        public AxisSet Domain => IsReduction ? Node.Args[0].Axes : Target!.Axes;
        public AxisSet Kept => IsReduction ? Node.Axes : Target!.Axes;

        public Computation Finish() => new(Index, Node, IsReduction, Target!, Accumulate);
    }

    /// <summary>The kernel's stages, run in order: one plan, or the stages of <see cref="Staged"/>.</summary>
    public static ImmutableArray<KernelPlan> Schedule(LayerIr ir, KernelSpec spec)
    {
        var tensors = TensorBuffers(ir, spec);
        var comps = Works(spec, tensors, out var reductions, out var materializers);
        var outer = ChooseOuterAxes(ir, comps, out var partition);
        // The works and the outer loop again, from the spec as it is now (a rewrite changed it, or staging gave up).
        void Rework()
        {
            comps = Works(spec, tensors, out reductions, out materializers);
            outer = ChooseOuterAxes(ir, comps, out partition);
        }
        // Variances in one sweep, shifted by a pivot (ShiftedStatistics), summed scaled so that they overflow only
        // where the result would; otherwise in two sweeps, centred and scaled (ScaledSquares).
        // Within an outer loop only statistics it keeps qualify: a variance summed across the loop (over rows) is
        // complete only after it, and the schedule of those is another matter.
        var shifted = ShiftedStatistics.Rewrite(ir.Graph, spec, n => !n.Reduced.Overlaps(outer));
        if ((ScaledSquares.Rewrite(ir.Graph, shifted ?? spec) ?? shifted) is { } rewritten)
        {
            spec = rewritten;
            tensors = TensorBuffers(ir, spec);
            Rework();
        }
        if (RowSums.Rewrite(ir.Graph, spec, outer) is { } split)
        {
            spec = split;
            tensors = TensorBuffers(ir, spec);
            Rework();
        }
        if (StageAxes(ir, comps, outer) is { } stageAxes)
        {
            if (Staged(ir, spec, comps, tensors, reductions, materializers, stageAxes) is { } stages) return stages;
            // Staging gave up after adding drafts: start again from the spec.
            Rework();
        }
        var scratch = ImmutableArray.CreateBuilder<DataBuffer>();
        // The shifted sums no longer need the mean first, so the outer loop chosen again may now take a reduced axis
        // (Var(x, "t") on "t c" keeps only c: the sums accumulate across iterations over t). A pivot is e at index 0
        // of its reduced axes only in a pass of its own that skips them; computed in the sweep it would be e itself
        // (u = 0, so the variance was 0). It is stored before the sweep: once per outer iteration when the outer loop
        // keeps it (a row's first element, read where the row is), else in a pass ahead of the loop.
        var pivots = ShiftedStatistics.Pivots(spec);
        var coefficients = new Dictionary<Node, Node>();
        if (outer.IsEmpty || pivots.Count > 0)
        {
            // Values stored once per channel before the sweeps that load them: shifts, then coefficients.
            void Store(Draft c)
            {
                comps.Add(c);
                materializers[c.Node] = c;
                partition[c] = !outer.IsEmpty && outer.IsSubsetOf(c.Node.Axes) ? Region.Inside : Region.Before;
            }
            foreach (var pivot in pivots)
                Store(new Draft(comps.Count, pivot, false, NewScratch(ir, spec, scratch, pivot.Axes), false));
            if (outer.IsEmpty)
                foreach (var c in CoefficientStores(ir, spec, comps, tensors, reductions, materializers, scratch, coefficients)) Store(c);
            Link(comps, reductions, materializers, tensors, ir.Graph);
        }
        // Work before or after the outer loop (a gradient scaled once its sum across rows is complete, the zero
        // gradient of a parameter the formula never reads, a statistic of the parameters alone) runs in small stages
        // of its own when that makes the loop a stage threads split: in one plan it kept the whole kernel on one thread.
        if (!outer.IsEmpty && partition.Values.Any(r => r != Region.Inside))
        {
            var unplaced = comps.Where(c => c.Target is null).ToList();
            int scratchCount = scratch.Count;
            if (Plans(ir, spec, comps, tensors, scratch, coefficients, outer, comps.ToDictionary(c => c, c => (int)partition[c])) is { } aroundLoop
                && aroundLoop.Any(p => p.Splittable))
                return aroundLoop;
            // One plan after all: the targets and working buffers staging chose are chosen again below.
            foreach (var c in unplaced) c.Target = null;
            while (scratch.Count > scratchCount) scratch.RemoveAt(scratch.Count - 1);
        }
        var zeroFirst = ImmutableArray.CreateBuilder<DataBuffer>();
        foreach (var c in comps.Where(c => c.IsReduction && c.Target is null))
        {
            bool inside = partition[c] == Region.Inside;
            bool acrossOuter = inside && c.Node.Reduced.Overlaps(outer);
            var axes = inside && !acrossOuter ? c.Kept - outer : c.Kept;
            // A local lives in one pass's block, so a total across the outer loop (read after it) needs a buffer
            // even when it is a single value.
            if (axes.IsEmpty && !acrossOuter)
            {
                string name = Emit.Identifiers.Statistic(c.Node.ReduceOp, c.Index, Emit.Identifiers.Axes(ir.Axes, c.Node.Reduced.Indices()));
                c.Target = new DataBuffer(name, BufferKind.Local, ImmutableArray<int>.Empty);
                continue;
            }
            c.Target = NewScratch(ir, spec, scratch, axes);
            if (acrossOuter) zeroFirst.Add(c.Target);
        }

        // A forward's outputs join the last sweep over their domain (nothing reads them), so a tuple's outputs are
        // written together: fused add+RMSNorm stores h beside y rather than in the sweep that sums h^2.
        var outputs = spec.Kind.IsForward ? new HashSet<string>(ir.Outputs.Select(o => o.Name)) : new HashSet<string>();
        bool Sink(Draft c) => !c.IsReduction && c.Target!.Kind == BufferKind.Span && outputs.Contains(c.Target.Name);
        return ImmutableArray.Create(new KernelPlan(spec, outer,
            Passes(comps.Where(c => partition[c] == Region.Before), AxisSet.Empty, Sink),
            Passes(comps.Where(c => partition[c] == Region.Inside), outer, Sink),
            Passes(comps.Where(c => partition[c] == Region.After), AxisSet.Empty, Sink),
            scratch.ToImmutable(), tensors, zeroFirst.ToImmutable(), coefficients));
    }

    /// <summary>Where a computation runs against the outer loop; the values are its stage when they become stages (see <see cref="Plans"/>: odd is the loop).</summary>
    private enum Region { Before = 0, Inside = 1, After = 2 }

    /// <summary>A new work buffer over <paramref name="axes"/>, allocated once per Saved instance and named in order.</summary>
    private static DataBuffer NewScratch(LayerIr ir, KernelSpec spec, ImmutableArray<DataBuffer>.Builder scratch, AxisSet axes)
    {
        var buffer = new DataBuffer(Emit.Identifiers.Generated("work_" + spec.Name + scratch.Count), BufferKind.Scratch, ScratchStorage(ir, axes));
        scratch.Add(buffer);
        return buffer;
    }

    /// <summary>
    /// A work buffer's axes in the order of the first input, parameter or output that stores them all (else the layer's
    /// axis order): a pass's loops follow its buffers' strides, so a buffer over (i o) beside CosineNorm's w over (o i)
    /// left the pass with a contiguous axis in neither order, and w read with a stride of a whole row.
    /// </summary>
    private static ImmutableArray<int> ScratchStorage(LayerIr ir, AxisSet axes)
    {
        var stored = ir.Inputs.Select(t => t.Storage).Concat(ir.Parameters.Select(t => t.Storage)).Concat(ir.Outputs.Select(o => o.Storage))
            .FirstOrDefault(storage => axes.Indices().All(storage.Contains));
        return stored.IsDefault ? axes.Indices().ToImmutableArray() : stored.Where(axes.Contains).ToImmutableArray();
    }

    /// <summary>
    /// Without an outer loop (channels-last BatchNorm), the per-channel coefficients of the element-wise work vary
    /// along the vectorized axis, so loop-invariant hoisting cannot lift them: (gamma * rstd^3 * s1 / N) would be
    /// recomputed for every element. Each such product of "small" factors (and each sum of small terms) is stored
    /// once per channel in a pass of its own, and the element-wise pass loads it.
    /// </summary>
    private static List<Draft> CoefficientStores(LayerIr ir, KernelSpec spec, List<Draft> comps,
        Dictionary<Node, DataBuffer> tensors, Dictionary<Node, Draft> reductions, Dictionary<Node, Draft> materializers,
        ImmutableArray<DataBuffer>.Builder scratch, Dictionary<Node, Node> coefficients)
    {
        var storage = ir.Inputs[0].Storage;
        int innermost = storage[storage.Length - 1];
        var found = new List<Node>();
        foreach (var c in comps)
        {
            var root = c.IsReduction ? c.Node.Args[0] : c.Node;
            foreach (var node in Topology.PostOrder(new[] { root }, n => tensors.ContainsKey(n) || (n.Kind == NodeKind.Reduce && !ReferenceEquals(n, root))))
            {
                var coefficient = Coefficient(ir.Graph, node);
                if (coefficient is not null) coefficients[node] = coefficient;
                if (coefficient is null || !coefficient.Axes.Contains(innermost) || tensors.ContainsKey(coefficient)) continue;
                // Flattening can expose a statistic the kernel reads from memory as a whole (mean = Sum / N):
                // only coefficients built from what the kernel computes or reads are worth a buffer.
                bool computable = Topology.PostOrder(new[] { coefficient }, tensors.ContainsKey)
                    .All(n => n.Kind != NodeKind.Reduce || reductions.ContainsKey(n) || tensors.ContainsKey(n));
                if (!computable) continue;
                if (!found.Contains(coefficient) && !materializers.ContainsKey(coefficient)) found.Add(coefficient);
            }
        }
        var result = new List<Draft>();
        foreach (var k in found)
        {
            result.Add(new Draft(comps.Count + result.Count, k, false, NewScratch(ir, spec, scratch, k.Axes), false));
        }
        return result;
    }

    /// <summary>
    /// The part of a product (or sum) that varies over strictly fewer axes than the whole, when it is worth a
    /// buffer: at least two factors or terms, or one that is not a plain load. KernelPlan.Coefficients hands the
    /// emitter what this found.
    /// </summary>
    public static Node? Coefficient(Graph g, Node node)
    {
        if (node.Kind == NodeKind.Mul)
        {
            var small = Simplify.Algebra.Factors(node).Where(f => f.Factor.Axes != node.Axes).ToList();
            if (Work(small) < 2) return null;
            var k = g.Product(node.Value, small);
            return k.Axes.IsEmpty || k.Axes == node.Axes ? null : k;
        }
        if (node.Kind == NodeKind.Add)
        {
            var small = node.Args.Select((a, i) => (node.Weights[i], a)).Where(t => t.a.Axes != node.Axes).ToList();
            if (small.Count < 2 && !(small.Count == 1 && small[0].a.Kind == NodeKind.Mul && Work(Simplify.Algebra.Factors(small[0].a)) >= 2)) return null;
            var k = g.Add(node.Value, small);
            return k.Axes.IsEmpty || k.Axes == node.Axes || k.Kind == NodeKind.Tensor ? null : k;
        }
        return null;
    }

    /// <summary>Multiplications a product costs per element: scalars (counts, hyper-parameters) are free.</summary>
    private static int Work(IEnumerable<(Node Factor, int Exponent)> factors) =>
        factors.Where(f => !f.Factor.Axes.IsEmpty).Sum(f => System.Math.Abs(f.Exponent));

    private static Dictionary<Node, DataBuffer> TensorBuffers(LayerIr ir, KernelSpec spec)
    {
        var byName = new Dictionary<string, DataBuffer>();
        foreach (var t in ir.Inputs.Concat(ir.Parameters)) byName[t.Name] = LayerPlanner.SpanOf(t);
        foreach (var r in ir.Running) byName[r.Buffer.Name] = LayerPlanner.SpanOf(r.Buffer);
        foreach (var o in ir.Outputs) byName[o.Seed] = LayerPlanner.OutputGradientBuffer(o);
        var result = new Dictionary<Node, DataBuffer>(spec.Materialized.ToDictionary(p => p.Key, p => p.Value));
        foreach (var node in Topology.PostOrder(spec.Outputs.Select(o => o.Value)))
        {
            if (node.Kind == NodeKind.Tensor) result[node] = byName[node.Name!];
        }
        return result;
    }

    private static List<Draft> Works(KernelSpec spec, Dictionary<Node, DataBuffer> tensors,
        out Dictionary<Node, Draft> reductions, out Dictionary<Node, Draft> materializers)
    {
        var comps = new List<Draft>();
        var uses = new Dictionary<Node, int>();
        foreach (var node in Topology.PostOrder(spec.Outputs.Select(o => o.Value), tensors.ContainsKey))
        {
            if (tensors.ContainsKey(node)) continue;
            foreach (var a in node.Args) uses[a] = uses.TryGetValue(a, out var u) ? u + 1 : 1;
        }

        reductions = new Dictionary<Node, Draft>();
        materializers = new Dictionary<Node, Draft>();
        foreach (var output in spec.Outputs)
        {
            var v = output.Value;
            // A parameter gradient that is a bare sum accumulates straight into the caller's buffer, unless the sum
            // lacks some of the buffer's axes (Sum(gamma, "d") * x: dgamma is one total broadcast over d), or another
            // output is the same sum (y = a + b: da = db = Sum(dy, "n"); read back from da's buffer, db would get
            // what the caller had in da added too); those are stores over the buffer's axes like any other output.
            bool terminal = output.Accumulate && v.Kind == NodeKind.Reduce && v.ReduceOp == ReduceOp.Sum
                && v.Axes == output.Target.Axes && !uses.ContainsKey(v) && spec.Outputs.Count(o => o.Value == v) == 1;
            var c = new Draft(comps.Count, v, terminal, output.Target, output.Accumulate);
            comps.Add(c);
            if (terminal) reductions[v] = c;
            if (output.Target.Kind == BufferKind.Saved) materializers[v] = c;
        }
        foreach (var node in Topology.PostOrder(spec.Outputs.Select(o => o.Value), tensors.ContainsKey))
        {
            if (node.Kind != NodeKind.Reduce || reductions.ContainsKey(node) || tensors.ContainsKey(node)) continue;
            var c = new Draft(comps.Count, node, true, null, false);
            comps.Add(c);
            reductions[node] = c;
        }

        Link(comps, reductions, materializers, tensors, null);
        return comps;
    }

    /// <summary>Which computations each one reads: reductions, and values other computations store for reuse.</summary>
    private static void Link(List<Draft> comps, Dictionary<Node, Draft> reductions,
        Dictionary<Node, Draft> materializers, Dictionary<Node, DataBuffer> tensors, Graph? coefficients)
    {
        foreach (var c in comps)
        {
            c.Dependencies.Clear();
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
                // A stored coefficient is part of a product or sum, not a node of its own in the consumer's graph.
                if (coefficients is not null && !own && Coefficient(coefficients, n) is { } k && materializers.TryGetValue(k, out var stored))
                {
                    AddDependency(c, stored);
                }
                if (n.Kind == NodeKind.Reduce && !(own && c.IsReduction)) { AddDependency(c, reductions[n]); continue; }
                foreach (var a in n.Args) stack.Push(a);
            }
        }
    }

    private static void AddDependency(Draft c, Draft on)
    {
        if (!ReferenceEquals(c, on) && !c.Dependencies.Contains(on)) c.Dependencies.Add(on);
    }

    private static AxisSet ChooseOuterAxes(LayerIr ir, List<Draft> comps, out Dictionary<Draft, Region> partition)
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

    private static Dictionary<Draft, Region>? Partition(List<Draft> comps, AxisSet outer)
    {
        var region = new Dictionary<Draft, Region>();
        foreach (var c in comps)
        {
            if (outer.IsSubsetOf(c.Domain)) region[c] = Region.Inside;
            else if (!c.Domain.Overlaps(outer)) region[c] = Region.Before;
            else return null;
        }
        if (!region.Values.Contains(Region.Inside)) return null;

        // Draft outside the loop that reads work inside it runs after it (transitively).
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

    private static ImmutableArray<Pass> Passes(IEnumerable<Draft> computations, AxisSet bound, System.Func<Draft, bool> sink)
    {
        var list = computations.ToList();
        var level = list.ToDictionary(c => c, _ => 1);
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var c in list)
            {
                int l = 1 + c.Dependencies.Where(level.ContainsKey).Select(d => level[d]).DefaultIfEmpty(0).Max();
                if (l != level[c]) { level[c] = l; changed = true; }
            }
        }
        foreach (var c in list.Where(sink))
        {
            var domain = (c.Domain - bound).Bits;
            level[c] = list.Where(o => (o.Domain - bound).Bits == domain).Max(o => level[o]);
        }
        return list
            .GroupBy(c => (Level: level[c], Domain: (c.Domain - bound).Bits))
            .OrderBy(grp => grp.Key.Level).ThenBy(grp => grp.Key.Domain)
            .Select(grp => new Pass(new AxisSet(grp.Key.Domain), grp.OrderBy(c => c.Index).Select(c => c.Finish()).ToImmutableArray()))
            .ToImmutableArray();
    }
}
