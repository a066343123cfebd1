using System;
using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Emit.Loops;
using NormGen.Generator.Emit.Lowering;
using NormGen.Generator.Ir;
using NormGen.Generator.Model;
using NormGen.Generator.Passes.Plan;
using NormGen.Generator.Passes.Schedule;

namespace NormGen.Generator.Emit;

internal sealed partial class KernelEmitter
{
    private sealed class PassContext
    {
        public PassContext(Pass pass, List<LoopDim> dims, List<Stmt> output)
        {
            Out = output;
            Pass = pass;
            Dims = dims;
            ByLevel = Enumerable.Range(0, dims.Count + 1).Select(_ => new List<PassValue>()).ToArray();
        }

        public Pass Pass { get; }
        /// <summary>The block the pass is lowered into: its comment, values outside its loops, offsets, then its loops.</summary>
        public List<Stmt> Out { get; }
        public List<LoopDim> Dims { get; }
        /// <summary>The axes of each loop, outermost first (see <see cref="Levels"/>).</summary>
        public IReadOnlyList<AxisSet> Loops => Dims.Select(d => d.Set).ToList();
        public int K => Dims.Count;
        public Dictionary<object, PassValue> Values { get; } = new();
        public List<PassValue>[] ByLevel { get; }
        public Dictionary<string, (DataBuffer Buffer, int Level)> Accessed { get; } = new(StringComparer.Ordinal);
        public bool Vectorized { get; set; } = true;
        /// <summary>The innermost bodies are left unfused, for <see cref="OuterJam"/> to rewrite first.</summary>
        public bool DeferFusion { get; set; }
        /// <summary>Buffer name -> a ref to its element at the start of the innermost loop.</summary>
        public Dictionary<string, string> RowRefs { get; } = new(StringComparer.Ordinal);
    }

    private void EmitPass(Pass pass, List<Stmt> into)
    {
        var dims = LoopDims(pass);
        var ctx = new PassContext(pass, dims, into);
        string description = Describe(pass, dims);
        Descriptions.Add((_bound.IsEmpty ? "" : "  ") + description);
        into.Add(new Comment(description));

        var roots = LowerValues(ctx);

        foreach (var c in pass.Computations.Where(c => c.IsReduction))
        {
            bool acrossOuter = c.Node.Reduced.Overlaps(_bound);
            if (c.Target.Kind == BufferKind.Scratch && !acrossOuter && (IsVertical(ctx, c) || FlushAccumulates(ctx, c)))
            {
                into.Add(new Fill(c.Target.Id, SizeOf(c.Target.Storage), c.Node.ReduceOp));
            }
            if (c.Target.Kind == BufferKind.Local)
            {
                into.Add(new Let(c.Target.Id, new Identity(c.Node.ReduceOp)));
            }
        }

        if (ctx.K == 0)
        {
            foreach (var c in pass.Computations)
            {
                var value = roots[c].Ref;
                if (c.IsReduction && c.Target.Kind == BufferKind.Local) into.Add(new Accumulate(c.Node.ReduceOp, new Var(c.Target.Id), value));
                else into.Add(new Store(c.Target.Id, Offset(ctx, c.Target, 0), value, c.IsReduction || c.Accumulate));
            }
        }
        else
        {
            EmitLevel(ctx, 0, roots, into);
        }

        foreach (var c in pass.Computations.Where(c => !c.IsReduction && c.Target.Kind is BufferKind.Saved or BufferKind.Scratch))
        {
            _materialized[c.Node] = c.Target;
        }
    }

    private string Describe(Pass pass, List<LoopDim> dims)
    {
        string loops = dims.Count == 0 ? "once per outer iteration" : "over " + string.Join(" x ", dims.Select(d => "(" + string.Join(" ", d.Axes.Select(_axes.Name)) + ")"));
        var work = pass.Computations.Select(c => c.IsReduction
            ? $"{c.Node.ReduceOp.ToString().ToLowerInvariant()} over ({_axes.Format(c.Node.Reduced)}) -> {Target(c.Target)}"
            : c.Node.Kind == NodeKind.Pivot
                ? $"write {Target(c.Target)} (the shift: {new FormulaPrinter(_axes).Print(c.Node.Args[0])} at {_axes.Format(c.Node.Reduced)} = 0)"
                : $"{(c.Accumulate ? "accumulate" : "write")} {Target(c.Target)}");
        return $"Pass {loops}: {string.Join("; ", work)}";
    }

    private static string Target(DataBuffer b) => b.Kind == BufferKind.Saved ? "saved." + b.Statistic : b.Name;

    private void EmitLevel(PassContext ctx, int level, Dictionary<Computation, PassValue> roots, List<Stmt> into)
    {
        if (level > 0)
        {
            EmitOffsets(ctx, level, into);
            foreach (var v in ctx.ByLevel[level]) into.Add(Declaration(ctx, v));
        }
        var horizontal = ctx.Pass.Computations.Where(c => c.IsReduction && !IsVertical(ctx, c) && AccumulatorLevel(ctx, c) == level).ToList();
        foreach (var c in horizontal.Where(c => c.Target.Kind != BufferKind.Local))
        {
            into.Add(new Let(Accumulator(c), new Identity(c.Node.ReduceOp)));
        }

        if (level == ctx.K - 1)
        {
            EmitInnermost(ctx, roots, into);
        }
        else
        {
            var dim = ctx.Dims[level];
            var body = new List<Stmt>();
            // The loop around the innermost one may keep its sums in registers (Loops/RegisterTiles.cs) or run its body
            // for several outer iterations at once (Loops/OuterJam.cs).
            bool jam = level == ctx.K - 2;
            ctx.DeferFusion = jam;
            EmitLevel(ctx, level + 1, roots, body);
            ctx.DeferFusion = false;
            var loop = new For(dim.Index, IndexExpr.Zero, SizeOf(dim.Axes), body.ToEquatableArray());
            if (jam)
            {
                var jammed = (OuterJam.Rewrite(loop) ?? new[] { loop }).Select(OuterJam.Fuse).ToList();
                into.AddRange(RegisterTiles.Rewrite(loop, jammed) ?? jammed);
            }
            else
            {
                into.Add(loop);
            }
        }

        foreach (var c in horizontal.Where(c => c.Target.Kind != BufferKind.Local))
        {
            var offset = Offset(ctx, c.Target, level);
            var acc = new Var(Accumulator(c));
            into.Add(FlushAccumulates(ctx, c) ? Reductions.Fold(c.Node.ReduceOp, c.Target.Id, offset, acc) : new Store(c.Target.Id, offset, acc, Accumulate: false));
        }
    }

    private void EmitInnermost(PassContext ctx, Dictionary<Computation, PassValue> roots, List<Stmt> into)
    {
        int k = ctx.K;
        var dim = ctx.Dims[k - 1];
        var horizontal = ctx.Pass.Computations.Where(c => c.IsReduction && !IsVertical(ctx, c)).ToList();
        string i = dim.Index;
        var n = SizeOf(dim.Axes);
        bool fixedInner = dim.Axes.All(_fixedSizes.ContainsKey);
        int weight = ctx.ByLevel[k].Count + ctx.Pass.Computations.Length;
        int? fullUnroll = fixedInner ? FullUnroll(dim.Axes.Aggregate(1L, (p, a) => p * _fixedSizes[a]), weight) : null;
        // lanes: independent accumulators per horizontal reduction; unroll: copies of the body per iteration, copy u
        // accumulating into lane u % lanes (more lanes than the FMA latency covers would only spill registers).
        // Without a horizontal reduction, a body with a transcendental still gets copies (LatencyUnroll).
        int lanes = horizontal.Count > 0 ? Unroll : 1;
        var accumulators = horizontal.ToDictionary(c => c, c => new Accumulator(Accumulator(c), LanePrefix(c), c.Node.ReduceOp, lanes));

        // One C# block: the locals of this innermost loop (row refs, broadcasts, lanes) are scoped to it.
        var block = new List<Stmt>();
        EmitRowRefs(ctx, block);
        var unfused = InnermostBody(ctx, roots, accumulators);
        int unroll = fullUnroll ?? (lanes > 1 ? lanes : LatencyUnroll.For(unfused));
        var body = ctx.DeferFusion ? unfused.ToEquatableArray() : Fusion.Fuse(unfused);
        if (ctx.Vectorized)
        {
            var splats = ctx.ByLevel[k].SelectMany(v => v.Dependencies).Concat(roots.Values)
                .Where(v => v.Level < k).Distinct().OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
            foreach (var s in splats) block.Add(new Broadcast(Splat(s), s.Name));
            foreach (var c in horizontal) block.Add(new DeclareLanes(accumulators[c]));
            block.Add(new IndexLet(i, IndexExpr.Zero));
            // The vector body reads the loop-invariant scalars through their broadcasts.
            var vector = splats.ToDictionary(s => s.Name, s => new Var(Splat(s)));
            var vectorBody = body.Select(st => LoopIr.Map(st, e => e is Var v && vector.TryGetValue(v.Name, out var splat) ? splat : e)).ToEquatableArray();
            block.Add(new VectorLoop(i, n, unroll, vectorBody));
            if (unroll > 1 && fullUnroll is null)
            {
                // With a specialized (constant) size the JIT drops remainders that cannot run.
                var remainder = new VectorLoop(i, n, 1, vectorBody);
                block.Add(fixedInner ? new UnlessMultiple(n, unroll, remainder) : remainder);
            }
            foreach (var c in horizontal) block.Add(new CombineLanes(accumulators[c]));
        }
        else
        {
            block.Add(new IndexLet(i, IndexExpr.Zero));
        }
        var tail = new ScalarLoop(i, n, body);
        block.Add(fixedInner && ctx.Vectorized ? new UnlessMultiple(n, 1, tail) : tail);
        into.Add(new Block(block.ToEquatableArray()));
    }

    /// <summary>The innermost loop's statements, printed once per dialect: its values, then each computation's store or accumulation.</summary>
    private List<Stmt> InnermostBody(PassContext ctx, Dictionary<Computation, PassValue> roots, Dictionary<Computation, Accumulator> accumulators)
    {
        int k = ctx.K;
        var body = ctx.ByLevel[k].Select(v => (Stmt)Declaration(ctx, v)).ToList();
        foreach (var c in ctx.Pass.Computations)
        {
            var value = roots[c].Ref;
            var offset = Offset(ctx, c.Target, k);
            string target = Ref(ctx, c.Target, k);
            if (!c.IsReduction) body.Add(new Store(target, offset, value, c.Accumulate));
            else if (IsVertical(ctx, c)) body.Add(Reductions.Fold(c.Node.ReduceOp, target, offset, value));
            else body.Add(new Accumulate(c.Node.ReduceOp, new AccumulatorRef(accumulators[c]), value));
        }
        return body;
    }

    /// <summary>
    /// For a specialized size that is a multiple of 16: the copies of the body per loop iteration, the largest
    /// divisor of size / 16 within the budget, so the vector loop runs a constant (size / 16 / copies) * (16 / V.Count)
    /// times with no remainder or tail (a single straight-line block for up to 256 floats at 512 bits). The budget
    /// keeps kernels inside the JIT's limits: past ~2000 locals (every inlined vector call adds temporaries) it
    /// compiles the whole method without optimization, which measured 5-25x slower with 48 copies of LayerNorm's
    /// backward body. Null when the size does not divide or the budget allows no more than the general unroll.
    /// </summary>
    private static int? FullUnroll(long size, int weight)
    {
        if (size % WidestLanes != 0) return null;
        long blocks = size / WidestLanes;
        int limit = Math.Min(MaxFullUnroll, Math.Max(1, UnrollBudget / Math.Max(1, weight)));
        for (int copies = (int)Math.Min(blocks, limit); copies > Unroll; copies--)
        {
            if (blocks % copies == 0) return copies;
        }
        return null;
    }

    /// <summary>A horizontal reduction's scalar accumulator: "__sum3_d" (see <see cref="Identifiers.Statistic"/>).</summary>
    private string Accumulator(Computation c) => c.Target.Kind == BufferKind.Local
        ? c.Target.Id
        : Identifiers.Statistic(c.Node.ReduceOp, c.Index, Identifiers.Axes(_axes, c.Node.Reduced.Indices()));

    /// <summary>The vector accumulators of a horizontal reduction are this prefix and their lane: "__sum3_d__lane0".</summary>
    private string LanePrefix(Computation c) => Identifiers.Of("lane", Accumulator(c));

    /// <summary>A loop-invariant value broadcast to a vector: "__v_eps" for the user's eps, "__mul_rstd_gamma__v" for a generated __mul_rstd_gamma.</summary>
    private static string Splat(PassValue v) => Identifiers.Of("v", v.Name.TrimStart('@'));

    // ---- reductions ----

    /// <summary>The deepest loop whose axes the reduction keeps: its accumulator lives there.</summary>
    private static int AccumulatorLevel(PassContext ctx, Computation c)
    {
        int level = 0;
        for (int j = 1; j <= ctx.K; j++)
        {
            if (ctx.Dims[j - 1].Set.IsSubsetOf(c.Kept)) level = j;
        }
        return level;
    }

    /// <summary>The reduction keeps the innermost (vectorized) axis: accumulate lane-wise into the target.</summary>
    private static bool IsVertical(PassContext ctx, Computation c) => ctx.K > 0 && AccumulatorLevel(ctx, c) == ctx.K;

    /// <summary>The target receives partial results several times (or is a gradient), so it is added to.</summary>
    private bool FlushAccumulates(PassContext ctx, Computation c)
    {
        if (c.Accumulate || c.Node.Reduced.Overlaps(_bound)) return true;
        int level = AccumulatorLevel(ctx, c);
        for (int j = 1; j <= level; j++)
        {
            if (!ctx.Dims[j - 1].Set.IsSubsetOf(c.Kept)) return true;
        }
        return false;
    }
}
