using System;
using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Ir;
using NormGen.Generator.Passes.Plan;
using NormGen.Generator.Passes.Schedule;

namespace NormGen.Generator.Emit;

internal sealed partial class KernelEmitter
{
    private sealed class PassContext
    {
        public PassContext(Pass pass, List<LoopDim> dims)
        {
            Pass = pass;
            Dims = dims;
            ByLevel = Enumerable.Range(0, dims.Count + 1).Select(_ => new List<PassValue>()).ToArray();
        }

        public Pass Pass { get; }
        public List<LoopDim> Dims { get; }
        public int K => Dims.Count;
        public Dictionary<object, PassValue> Values { get; } = new();
        public List<PassValue>[] ByLevel { get; }
        public Dictionary<string, (DataBuffer Buffer, int Level)> Accessed { get; } = new(StringComparer.Ordinal);
        public bool Vectorized { get; set; } = true;
        /// <summary>Buffer name -> a ref to its element at the start of the innermost loop.</summary>
        public Dictionary<string, string> RowRefs { get; } = new(StringComparer.Ordinal);
        /// <summary>Innermost products printed inside their one consumer as a multiply-add, not as locals.</summary>
        public HashSet<PassValue> Fused { get; } = new();
    }

    private void EmitPass(Pass pass)
    {
        var dims = LoopDims(pass);
        var ctx = new PassContext(pass, dims);
        string description = Describe(pass, dims);
        Descriptions.Add((_bound.IsEmpty ? "" : "  ") + description);
        _w.Line($"// {description}");

        var roots = new Dictionary<Computation, PassValue>();
        foreach (var c in pass.Computations)
        {
            roots[c] = Get(ctx, c.IsReduction ? c.Node.Args[0] : c.Node);
            if (c.Target.Kind != BufferKind.Local) Access(ctx, c.Target, ctx.K);
        }

        foreach (var c in pass.Computations.Where(c => c.IsReduction))
        {
            bool acrossOuter = c.Node.Reduced.Overlaps(_bound);
            if (c.Target.Kind == BufferKind.Scratch && !acrossOuter && (IsVertical(ctx, c) || FlushAccumulates(ctx, c)))
            {
                _w.Line(c.Node.ReduceOp == ReduceOp.Sum
                    ? $"{Span(c.Target)}.Clear();"
                    : $"{Span(c.Target)}.Fill({Dialect.Identity(c.Node.ReduceOp)});");
            }
            if (c.Target.Kind == BufferKind.Local)
            {
                _w.Line($"{Identifiers.T} {c.Target.Id} = {Dialect.Identity(c.Node.ReduceOp)};");
            }
        }

        if (ctx.K == 0)
        {
            foreach (var c in pass.Computations)
            {
                string value = roots[c].Name;
                if (c.IsReduction && c.Target.Kind == BufferKind.Local) _w.Line(Dialect.Scalar.Accumulate(c.Node.ReduceOp, c.Target.Id, value));
                else _w.Line(Dialect.Scalar.Store(c.Target.Id, Offset(ctx, c.Target, 0), value, c.IsReduction || c.Accumulate));
            }
        }
        else
        {
            EmitLevel(ctx, 0, roots);
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

    private void EmitLevel(PassContext ctx, int level, Dictionary<Computation, PassValue> roots)
    {
        if (level > 0)
        {
            EmitOffsets(ctx, level);
            foreach (var v in ctx.ByLevel[level]) _w.Line($"{Identifiers.T} {v.Name} = {v.Render!(Dialect.Scalar, x => x.Name)};");
        }
        var horizontal = ctx.Pass.Computations.Where(c => c.IsReduction && !IsVertical(ctx, c) && AccumulatorLevel(ctx, c) == level).ToList();
        foreach (var c in horizontal.Where(c => c.Target.Kind != BufferKind.Local))
        {
            _w.Line($"{Identifiers.T} {Accumulator(c)} = {Dialect.Identity(c.Node.ReduceOp)};");
        }

        if (level == ctx.K - 1)
        {
            EmitInnermost(ctx, roots);
        }
        else
        {
            var dim = ctx.Dims[level];
            using (_w.Block($"for (nint {dim.Index} = 0; {dim.Index} < {SizeOf(dim.Axes)}; {dim.Index}++)"))
            {
                EmitLevel(ctx, level + 1, roots);
            }
        }

        foreach (var c in horizontal.Where(c => c.Target.Kind != BufferKind.Local))
        {
            string offset = Offset(ctx, c.Target, level);
            string acc = Accumulator(c);
            if (!FlushAccumulates(ctx, c)) _w.Line(Dialect.Scalar.Store(c.Target.Id, offset, acc, accumulate: false));
            else if (c.Node.ReduceOp == ReduceOp.Sum) _w.Line(Dialect.Scalar.Store(c.Target.Id, offset, acc, accumulate: true));
            else _w.Line(Dialect.Scalar.Store(c.Target.Id, offset, Dialect.Scalar.Binary(c.Node.ReduceOp == ReduceOp.Max ? BinaryOp.Maximum : BinaryOp.Minimum, Dialect.Scalar.Load(c.Target.Id, offset), acc), accumulate: false));
        }
    }

    private void EmitInnermost(PassContext ctx, Dictionary<Computation, PassValue> roots)
    {
        int k = ctx.K;
        var dim = ctx.Dims[k - 1];
        var horizontal = ctx.Pass.Computations.Where(c => c.IsReduction && !IsVertical(ctx, c)).ToList();
        string i = dim.Index;
        string n = SizeOf(dim.Axes);
        bool fixedInner = dim.Axes.All(_fixedSizes.ContainsKey);
        int weight = ctx.ByLevel[k].Count + ctx.Pass.Computations.Length;
        int? fullUnroll = fixedInner ? FullUnroll(dim.Axes.Aggregate(1L, (p, a) => p * _fixedSizes[a]), weight) : null;
        // lanes: independent accumulators per horizontal reduction; unroll: copies of the body per iteration, copy u
        // accumulating into lane u % lanes (more lanes than the FMA latency covers would only spill registers).
        int lanes = horizontal.Count > 0 ? Unroll : 1;
        int unroll = fullUnroll ?? lanes;

        ChooseFusions(ctx, roots);
        using (_w.Block())
        {
            EmitRowRefs(ctx);
            if (ctx.Vectorized)
            {
                var splats = ctx.ByLevel[k].SelectMany(v => v.Dependencies).Concat(roots.Values)
                    .Where(v => v.Level < k).Distinct().OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
                foreach (var s in splats) _w.Line($"{Identifiers.TV} {Splat(s)} = {Identifiers.V}.Splat({s.Name});");
                foreach (var c in horizontal)
                {
                    string init = c.Node.ReduceOp == ReduceOp.Sum ? $"{Identifiers.V}.Zero" : $"{Identifiers.V}.Splat({Dialect.Identity(c.Node.ReduceOp)})";
                    _w.Line($"{Identifiers.TV} {string.Join(", ", Enumerable.Range(0, lanes).Select(u => $"{Lane(c, u)} = {init}"))};");
                }
            }
            _w.Line($"nint {i} = 0;");
            if (ctx.Vectorized)
            {
                string count = $"{Identifiers.V}.Count";
                string step = unroll == 1 ? count : $"{unroll} * {count}";
                using (_w.Block($"for (; {i} <= {n} - {step}; {i} += {step})"))
                {
                    for (int u = 0; u < unroll; u++)
                    {
                        if (unroll == 1)
                        {
                            _w.Line($"nint {J} = {i};");
                            EmitBody(ctx, roots, Dialect.Vector, u);
                            continue;
                        }
                        using (_w.Block())
                        {
                            _w.Line(u == 0 ? $"nint {J} = {i};" : u == 1 ? $"nint {J} = {i} + {count};" : $"nint {J} = {i} + {u} * {count};");
                            EmitBody(ctx, roots, Dialect.Vector, u % lanes);
                        }
                    }
                }
                if (unroll > 1 && fullUnroll is null)
                {
                    // With a specialized (constant) size the JIT drops remainders that cannot run.
                    if (fixedInner) _w.Line($"if ({n} % ({step}) != 0)");
                    using (_w.Block($"for (; {i} <= {n} - {count}; {i} += {count})"))
                    {
                        _w.Line($"nint {J} = {i};");
                        EmitBody(ctx, roots, Dialect.Vector, 0);
                    }
                }
                foreach (var c in horizontal)
                {
                    var op = c.Node.ReduceOp;
                    var partial = Enumerable.Range(0, lanes).Select(u => Lane(c, u)).ToList();
                    // Pairwise tree: (a0 + a1) + (a2 + a3).
                    while (partial.Count > 1)
                    {
                        var next = new List<string>();
                        for (int p = 0; p < partial.Count; p += 2) next.Add(Dialect.Combine(op, partial[p], partial[p + 1]));
                        partial = next;
                    }
                    string across = Dialect.Across(op, partial[0]);
                    _w.Line(Dialect.Scalar.Accumulate(op, Accumulator(c), across));
                }
            }
            if (fixedInner && ctx.Vectorized) _w.Line($"if ({n} % {Identifiers.V}.Count != 0)");
            using (_w.Block($"for (; {i} < {n}; {i}++)"))
            {
                _w.Line($"nint {J} = {i};");
                EmitBody(ctx, roots, Dialect.Scalar, 0);
            }
        }
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

    private static string Accumulator(Computation c) => c.Target.Kind == BufferKind.Local ? c.Target.Id : Identifiers.Generated("acc" + c.Index);

    /// <summary>Vector accumulator <paramref name="lane"/> of a horizontal reduction.</summary>
    private static string Lane(Computation c, int lane) => Identifiers.Generated($"va{c.Index}_{lane}");

    /// <summary>A loop-invariant value broadcast to a vector: "__v_eps" for the user's eps, "__t5__v" for a generated __t5.</summary>
    private static string Splat(PassValue v) => Identifiers.Of("v", v.Name.TrimStart('@'));

    private void EmitBody(PassContext ctx, Dictionary<Computation, PassValue> roots, Dialect d, int u)
    {
        int k = ctx.K;
        string Name(PassValue v) => d.IsVector && v.Level < k ? Splat(v) : v.Name;
        foreach (var v in ctx.ByLevel[k].Where(v => !ctx.Fused.Contains(v))) _w.Line($"{d.Type} {v.Name} = {v.Render!(d, Name)};");
        foreach (var c in ctx.Pass.Computations)
        {
            var root = roots[c];
            string value = Name(root);
            bool fused = ctx.Fused.Contains(root);
            string offset = Offset(ctx, c.Target, k), target = Ref(ctx, c.Target, k);
            if (!c.IsReduction || IsVertical(ctx, c))
            {
                bool accumulate = c.IsReduction ? c.Node.ReduceOp == ReduceOp.Sum : c.Accumulate;
                if (fused) _w.Line(d.Store(target, offset, MultiplyAdd(d, root, Name, d.Load(target, offset)), accumulate: false));
                else if (accumulate || !c.IsReduction) _w.Line(d.Store(target, offset, value, accumulate));
                else _w.Line(d.Store(target, offset, d.Binary(c.Node.ReduceOp == ReduceOp.Max ? BinaryOp.Maximum : BinaryOp.Minimum, d.Load(target, offset), value), accumulate: false));
            }
            else
            {
                string acc = d.IsVector ? Lane(c, u) : Accumulator(c);
                _w.Line(fused ? $"{acc} = {MultiplyAdd(d, root, Name, acc)};" : d.Accumulate(c.Node.ReduceOp, acc, value));
            }
        }
    }

    /// <summary>
    /// Picks the innermost products that can fold into the one thing consuming them: a sum adding or subtracting
    /// them (all but one of its terms), a sum reduction's accumulator, or a += into a buffer. Each becomes a
    /// multiply-add there, saving an instruction and a rounding; a product used twice stays a local.
    /// </summary>
    private static void ChooseFusions(PassContext ctx, Dictionary<Computation, PassValue> roots)
    {
        int k = ctx.K;
        var uses = new Dictionary<PassValue, int>();
        var user = new Dictionary<PassValue, object>();
        void Use(PassValue v, object by)
        {
            uses[v] = uses.TryGetValue(v, out int n) ? n + 1 : 1;
            user[v] = by;
        }
        foreach (var v in ctx.ByLevel[k])
        {
            foreach (var dep in v.Dependencies) Use(dep, v);
        }
        foreach (var c in ctx.Pass.Computations) Use(roots[c], c);

        var absorbed = new Dictionary<PassValue, int>();
        bool Absorb(PassValue sum)
        {
            absorbed.TryGetValue(sum, out int taken);
            if (taken + 1 >= sum.TermCount) return false;
            absorbed[sum] = taken + 1;
            return true;
        }
        foreach (var p in ctx.ByLevel[k])
        {
            if (p.Factors is null || !uses.TryGetValue(p, out int n) || n != 1) continue;
            bool fusable = user[p] switch
            {
                PassValue sum => sum.Level == k && sum.UnitTerms is { } terms && terms.Contains(p) && Absorb(sum),
                Computation c => c.IsReduction ? c.Node.ReduceOp == ReduceOp.Sum : c.Accumulate,
                _ => false,
            };
            if (fusable) ctx.Fused.Add(p);
        }
    }

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
