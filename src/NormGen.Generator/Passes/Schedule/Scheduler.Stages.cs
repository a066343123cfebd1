using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NormGen.Generator.Ir;
using NormGen.Generator.Passes.Plan;

namespace NormGen.Generator.Passes.Schedule;

/// <summary>
/// Statistics over outer memory axes (BatchNorm over "n c h w": sums over n h w that keep c) in stages. With one
/// outer loop the scheduler can only loop over what every work keeps (c), which reads NCHW channel by channel (n short
/// runs of h·w a whole image apart, which the prefetcher restarts). Staged, a kernel alternates "big" stages, an outer
/// loop over the leading memory axes (n c: one plane per iteration, in memory order) that threads split into chunks, with "small" stages that run once over what the big ones keep
/// (per-channel shifts, statistics, coefficients, running statistics): a sum over the outer axes is accumulated by each
/// chunk into a partial copy of its own (NormGen.Kernels.PartialSums, as parameter gradients are) and the copies are
/// added in chunk order, so the stage after it reads complete totals. The chunks depend only on the problem size, so
/// the bits do not depend on the thread count.
/// </summary>
internal static partial class Scheduler
{
    /// <summary>
    /// The outer axes of the big stages, or null to keep one plan: when the outer loop chosen leaves out the leading
    /// memory axis because work reads sums over it (only sums: they add across chunks), the leading storage axes up to
    /// the last non-innermost axis those sums keep (NCHW: n c, one plane per iteration; NHWC: n).
    /// </summary>
    private static AxisSet? StageAxes(LayerIr ir, List<Draft> comps, AxisSet outer)
    {
        var storage = ir.Inputs[0].Storage;
        // No outer loop at all (channels-last BatchNorm): the kernel already reads in memory order, its per-channel
        // sums in registers (Emit/Loops/RegisterTiles.cs); staged, it ran 1.44x slower on one thread
        // (docs/benchmarks-batchnorm.md), so only a kernel whose outer loop splits a middle axis (NCHW: c) is staged.
        if (storage.Length < 2 || outer.IsEmpty || outer.Contains(storage[0])) return null;
        var lead = AxisSet.Of(storage[0]);
        var read = comps.SelectMany(c => c.Dependencies).Where(d => d.IsReduction && d.Node.Reduced.Overlaps(lead)).Distinct().ToList();
        if (read.Count == 0) return null;
        var kept = read.Aggregate(AxisSet.Empty, (k, d) => k | d.Node.Axes);
        int last = 0;
        for (int i = 1; i < storage.Length - 1; i++)
            if (kept.Contains(storage[i])) last = i;
        var axes = AxisSet.Empty;
        for (int i = 0; i <= last; i++) axes |= AxisSet.Of(storage[i]);
        // A maximum over the outer axes does not add up across chunks.
        foreach (var c in comps.Where(c => c.IsReduction && c.Node.Reduced.Overlaps(axes)))
        {
            if (axes.IsSubsetOf(c.Domain) && c.Node.ReduceOp != ReduceOp.Sum) return null;
        }
        return axes;
    }

    private static ImmutableArray<KernelPlan>? Staged(LayerIr ir, KernelSpec spec, List<Draft> comps, Dictionary<Node, DataBuffer> tensors,
        Dictionary<Node, Draft> reductions, Dictionary<Node, Draft> materializers, AxisSet outer)
    {
        var scratch = ImmutableArray.CreateBuilder<DataBuffer>();
        var coefficients = new Dictionary<Node, Node>();
        // Shifts, then the per-channel coefficients of the element-wise work, stored once in a small stage.
        foreach (var pivot in ShiftedStatistics.Pivots(spec))
        {
            var d = new Draft(comps.Count, pivot, false, NewScratch(ir, spec, scratch, pivot.Axes), false);
            comps.Add(d);
            materializers[pivot] = d;
        }
        foreach (var k in CoefficientStores(ir, spec, comps, tensors, reductions, materializers, scratch, coefficients))
        {
            comps.Add(k);
            materializers[k.Node] = k;
        }
        Link(comps, reductions, materializers, tensors, ir.Graph);

        // Big stages are odd, small ones even; a big work reading a sum across the outer loop runs in a later big stage.
        var stage = comps.ToDictionary(c => c, _ => 0);
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach (var c in comps)
            {
                int s = c.Dependencies.Select(d => stage[d] + (Big(c, outer) && Crossing(d, outer) ? 1 : 0)).DefaultIfEmpty(0).Max();
                if ((s % 2 == 1) != Big(c, outer)) s++;
                if (s != stage[c]) { stage[c] = s; changed = true; }
            }
        }

        return Plans(ir, spec, comps, tensors, scratch, coefficients, outer, stage);
    }

    /// <summary>
    /// The plans of a kernel whose work is assigned to stages (odd: big, an outer loop over <paramref name="outer"/>
    /// that threads split; even: small, run once), or null when a later stage would read a statistic of one outer
    /// iteration. Later stages read what earlier ones stored through the plan's tensors; a sum across the outer loop
    /// goes into a working buffer zeroed first, summed per chunk.
    /// </summary>
    private static ImmutableArray<KernelPlan>? Plans(LayerIr ir, KernelSpec spec, List<Draft> comps, Dictionary<Node, DataBuffer> tensors,
        ImmutableArray<DataBuffer>.Builder scratch, Dictionary<Node, Node> coefficients, AxisSet outer, Dictionary<Draft, int> stage)
    {
        // A statistic of one outer iteration (over axes the stage's loop does not take) that a later stage reads would
        // need a buffer over the outer axes written a slice per iteration; the passes zero and index whole buffers, so
        // such a kernel keeps one plan.
        if (comps.Any(c => c.IsReduction && Big(c, outer) && !Crossing(c, outer) && c.Target is null && comps.Any(o => stage[o] > stage[c] && o.Dependencies.Contains(c))))
            return null;

        var zeroFirst = new Dictionary<int, ImmutableArray<DataBuffer>.Builder>();
        var writtenIn = new Dictionary<DataBuffer, int>();
        foreach (var c in comps.Where(c => c.IsReduction && c.Target is null))
        {
            bool readLater = comps.Any(o => stage[o] > stage[c] && o.Dependencies.Contains(c));
            bool crossing = Crossing(c, outer);
            var axes = Big(c, outer) && !crossing ? c.Kept - outer : c.Kept;
            if (axes.IsEmpty && !crossing && !readLater)
            {
                string name = Emit.Identifiers.Statistic(c.Node.ReduceOp, c.Index, Emit.Identifiers.Axes(ir.Axes, c.Node.Reduced.Indices()));
                c.Target = new DataBuffer(name, BufferKind.Local, ImmutableArray<int>.Empty);
                continue;
            }
            c.Target = NewScratch(ir, spec, scratch, axes);
            if (crossing)
            {
                if (!zeroFirst.TryGetValue(stage[c], out var zero)) zeroFirst[stage[c]] = zero = ImmutableArray.CreateBuilder<DataBuffer>();
                zero.Add(c.Target);
            }
        }
        foreach (var c in comps.Where(c => c.Target!.Kind == BufferKind.Scratch)) writtenIn[c.Target!] = stage[c];

        var outputs = spec.Kind.IsForward ? new HashSet<string>(ir.Outputs.Select(o => o.Name)) : new HashSet<string>();
        bool Sink(Draft c) => !c.IsReduction && c.Target!.Kind == BufferKind.Span && outputs.Contains(c.Target.Name);
        var plans = ImmutableArray.CreateBuilder<KernelPlan>();
        var read = new Dictionary<Node, DataBuffer>(tensors);
        foreach (int s in stage.Values.Distinct().OrderBy(s => s))
        {
            var work = comps.Where(c => stage[c] == s).ToList();
            bool big = s % 2 == 1;
            var passes = Passes(work, big ? outer : AxisSet.Empty, Sink);
            var own = scratch.Where(b => writtenIn.TryGetValue(b, out int w) && w == s).ToImmutableArray();
            plans.Add(new KernelPlan(spec, big ? outer : AxisSet.Empty,
                big ? ImmutableArray<Pass>.Empty : passes, big ? passes : ImmutableArray<Pass>.Empty, ImmutableArray<Pass>.Empty,
                own, new Dictionary<Node, DataBuffer>(read),
                zeroFirst.TryGetValue(s, out var zero) ? zero.ToImmutable() : ImmutableArray<DataBuffer>.Empty, coefficients, plans.Count + 1));
            // Later stages read this one's results from where it stored them (a gradient it adds to is no result). A
            // statistic of one outer iteration is in its buffer only for that iteration: a later stage reads it where a
            // store kept every iteration's (a saved statistic), so stores are mapped last and win.
            foreach (var c in work.Where(c => c.Target!.Kind != BufferKind.Local && !c.Accumulate && !(c.IsReduction && Big(c, outer) && !Crossing(c, outer)))
                         .OrderBy(c => c.IsReduction ? 0 : 1))
                read[c.Node] = c.Target!;
        }
        return plans.ToImmutable();
    }

    /// <summary>Work a big stage runs: its domain takes the outer axes.</summary>
    private static bool Big(Draft c, AxisSet outer) => outer.IsSubsetOf(c.Domain);

    /// <summary>A big stage's sum across the outer loop: its chunks add into partial copies.</summary>
    private static bool Crossing(Draft c, AxisSet outer) => c.IsReduction && Big(c, outer) && c.Node.Reduced.Overlaps(outer);
}
