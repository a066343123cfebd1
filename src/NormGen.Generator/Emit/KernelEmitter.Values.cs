using System;
using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Emit.Loops;
using NormGen.Generator.Ir;
using NormGen.Generator.Model;
using NormGen.Generator.Passes.Plan;
using NormGen.Generator.Passes.Schedule;

namespace NormGen.Generator.Emit;

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

    private static int Level(PassContext ctx, AxisSet axes)
    {
        for (int j = ctx.K; j >= 1; j--)
        {
            if (ctx.Dims[j - 1].Set.Overlaps(axes)) return j;
        }
        return 0;
    }

    // ---- offsets ----

    private void Access(PassContext ctx, DataBuffer buffer, int level)
    {
        string key = LayoutKey(buffer);
        if (ctx.Accessed.TryGetValue(key, out var seen)) level = Math.Max(level, seen.Level);
        ctx.Accessed[key] = (buffer, level);
        BaseOffset(buffer);
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

    private void EmitOffsets(PassContext ctx, int level)
    {
        var dim = ctx.Dims[level - 1];
        foreach (var (buffer, maxLevel) in ctx.Accessed.Values.OrderBy(p => LayoutKey(p.Buffer), StringComparer.Ordinal))
        {
            if (buffer.Kind == BufferKind.Local || maxLevel < level || !HasDim(buffer, dim)) continue;
            string previous = Offset(ctx, buffer, level - 1);
            _out.Add(new IndexLet(OffsetName(buffer, level), Plus(previous, Term(dim.Index, Stride(buffer, dim.Axes.Last())))));
        }
    }

    /// <summary>
    /// Refs to the first element each innermost loop walks (x + __o_n_d): the body then indexes by __j alone, one
    /// addressing mode per load instead of an add and a shift per unrolled copy.
    /// </summary>
    private void EmitRowRefs(PassContext ctx)
    {
        var inner = ctx.Dims[ctx.K - 1];
        foreach (var buffer in PassBuffers(ctx.Pass).OrderBy(b => b.Name, StringComparer.Ordinal))
        {
            if (!HasDim(buffer, inner) || !ctx.Accessed.TryGetValue(LayoutKey(buffer), out var seen) || seen.Level != ctx.K) continue;
            string outer = Offset(ctx, buffer, ctx.K - 1);
            if (outer == "0") continue;
            string name = Identifiers.Of("row", buffer.Name);
            _out.Add(new RefLet(name, Identifiers.Escape(buffer.Name), outer));
            ctx.RowRefs[buffer.Name] = name;
        }
    }

    /// <summary>The ref <see cref="Offset"/> counts from: a row ref in the innermost loop, else the buffer itself.</summary>
    private static string Ref(PassContext ctx, DataBuffer buffer, int level) =>
        level == ctx.K && ctx.RowRefs.TryGetValue(buffer.Name, out var row) ? row : Identifiers.Escape(buffer.Name);

    /// <summary>The offset of <paramref name="buffer"/>'s element at loop level <paramref name="level"/>, from <see cref="Ref"/>.</summary>
    private string Offset(PassContext ctx, DataBuffer buffer, int level)
    {
        if (level == ctx.K && ctx.K > 0)
        {
            var inner = ctx.Dims[ctx.K - 1];
            string outer = ctx.RowRefs.ContainsKey(buffer.Name) ? "0" : Offset(ctx, buffer, ctx.K - 1);
            return HasDim(buffer, inner) ? Plus(outer, Term(J, Stride(buffer, inner.Axes.Last()))) : outer;
        }
        for (int j = level; j >= 1; j--)
        {
            if (HasDim(buffer, ctx.Dims[j - 1])) return OffsetName(buffer, j);
        }
        return BaseOffset(buffer);
    }

    // ---- values ----

    private PassValue Get(PassContext ctx, Node node)
    {
        if (ctx.Values.TryGetValue(node, out var v) || _scopeValues.TryGetValue(node, out v) || _kernelValues.TryGetValue(node, out v)) return v;
        switch (node.Kind)
        {
            case NodeKind.Constant:
                Constant(node.Value);
                return _kernelValues[node];
            case NodeKind.Hyper:
                return _kernelValues[node] = PassValue.Declared(Identifiers.Escape(node.Name!));
            case NodeKind.Count:
                string count = Identifiers.Generated("count_" + Identifiers.Axes(_axes, node.Reduced.Indices()));
                _kernelDeclarations.Add(new Let(count, new FromIndex(SizeOf(node.Reduced.Indices().ToList()))));
                return _kernelValues[node] = PassValue.Declared(count);
            case NodeKind.Scale:
                string scale = Identifiers.Generated("scale_" + Identifiers.Axes(_axes, node.Reduced.Indices()));
                _kernelDeclarations.Add(new Let(scale, new FromIndex(SizeOf(node.Reduced.Indices().ToList()), "global::NormGen.Kernels.Statistics.SquareScale")));
                return _kernelValues[node] = PassValue.Declared(scale);
        }

        var buffer = ResolveBuffer(node);
        if (buffer is not null && IsLearnedScalar(node, buffer))
        {
            // A learned scalar ([Param] without axes) varies over no loop and no kernel writes it: read once at the
            // top of the kernel, like a hyper-parameter, and broadcast from there.
            string name = LoadName(node, buffer);
            _kernelDeclarations.Add(new Let(name, new Var(buffer.Id)));
            return _kernelValues[node] = PassValue.Declared(name);
        }
        if (buffer is not null)
        {
            if (buffer.Kind == BufferKind.Local) return _scopeValues[node] = PassValue.Declared(buffer.Name);
            int level = Level(ctx, node.Axes);
            Access(ctx, buffer, level);
            return Add(ctx, node, PassValue.Loaded(LoadName(node, buffer), level, buffer));
        }

        // A per-channel coefficient an earlier pass stored: load it, multiply (add) only what varies more.
        if (_plan.Coefficients.TryGetValue(node, out var stored) && _materialized.ContainsKey(stored))
        {
            var coefficient = Get(ctx, stored);
            if (node.Kind == NodeKind.Mul)
            {
                var rest = node.Args.Select((a, i) => (a, (int)node.Weights[i])).Where(f => f.a.Axes == node.Axes).Select(f => (Get(ctx, f.a), f.Item2)).ToList();
                rest.Insert(0, (coefficient, 1));
                return Product(ctx, node, 1, rest);
            }
            var terms = node.Args.Select((a, i) => (node.Weights[i], a)).Where(t => t.a.Axes == node.Axes).Select(t => (t.Item1, Get(ctx, t.a))).ToList();
            terms.Insert(0, (1.0, coefficient));
            return SumOf(ctx, node, 0, terms);
        }

        switch (node.Kind)
        {
            case NodeKind.Mul:
                var factors = node.Args.Select((a, i) => (Get(ctx, a), (int)node.Weights[i])).ToList();
                return Product(ctx, node, node.Value, factors);
            case NodeKind.Add:
                var terms = node.Args.Select((a, i) => (node.Weights[i], Get(ctx, a))).ToList();
                return SumOf(ctx, node, node.Value, terms);
            case NodeKind.Unary:
                var a0 = Get(ctx, node.Args[0]);
                return Add(ctx, node, PassValue.Computed(Temporary(node), a0.Level, new Unary(node.UnaryOp, a0.Ref), new[] { a0 }));
            case NodeKind.Pow:
                var p0 = Get(ctx, node.Args[0]);
                string exponent = Constant(node.Value);
                return Add(ctx, node, PassValue.Computed(Temporary(node), p0.Level, new Pow(p0.Ref, exponent), new[] { p0 }));
            case NodeKind.Pivot:
                // Its own pass loops over the kept axes only, so every load of the operand lands on index 0 of
                // the reduced ones: the operand as computed there is the pivot.
                return Get(ctx, node.Args[0]);
            case NodeKind.Binary:
                var b0 = Get(ctx, node.Args[0]);
                var b1 = Get(ctx, node.Args[1]);
                return Add(ctx, node, PassValue.Computed(Temporary(node), Math.Max(b0.Level, b1.Level), new Binary(node.BinaryOp, b0.Ref, b1.Ref), new[] { b0, b1 }));
        }
        throw new InvalidOperationException($"Cannot compute {node.Kind} #{node.Id} in kernel {_plan.Spec.Name}.");
    }

    /// <summary>The innermost loop's index.</summary>
    private static string J => LoopPrinter.Element;

    /// <summary>A computed value: named after the statistic it is when a pass saves it ("__stat_rstd"), else "__t" + its node.</summary>
    private string Temporary(Node node) => _statistics.TryGetValue(node, out var name) ? name : Identifiers.Generated("t" + node.Id);

    private static string Partial(int index) => Identifiers.Generated("p" + index);

    /// <summary>
    /// A load is named after what it loads ("__ld_gamma"); should two values ever load from one buffer, the second
    /// also carries its node's id.
    /// </summary>
    private string LoadName(Node node, DataBuffer buffer)
    {
        string name = Identifiers.Of("ld", buffer.Name);
        if (_loads.TryGetValue(name, out var owner) && !ReferenceEquals(owner, node)) return name + "__" + node.Id;
        _loads[name] = node;
        return name;
    }

    /// <summary>
    /// Registers a value at its level: a level-0 value is declared at once (before the pass's loops), a deeper one
    /// when its loop is laid out.
    /// </summary>
    private PassValue Add(PassContext ctx, object key, PassValue proposed)
    {
        // A C# local's scope is its whole block, so a name used inside a loop cannot be declared again in an
        // enclosing block after it: values outside the loops get a name no other declaration used. Names inside
        // loop bodies are only ever repeated in sibling blocks (unrolled copies, the tail, other passes), which is legal.
        // A value outside the loops is shared with the passes that follow only when it is the same in all of them: it
        // varies over no axis but the outer loop's. A pass whose loops miss axes its operand varies over (the pivot's
        // pass, which reads x at index 0 of the reduced axes) computes values only that pass may reuse; they get a
        // "__0" name ("at index 0"), a suffix no other name has, so the loops after them can still declare the plain one.
        string name = proposed.Name;
        int level = proposed.Level;
        bool shared = (key is not Node node || node.Axes.IsSubsetOf(_bound)) && !proposed.Dependencies.Any(d => IsPassLocal(ctx, d));
        string unique = level == 0 && !shared ? name + "__0" : name;
        if (level == 0)
        {
            for (int n = 2; _declared.Contains(unique); n++) unique = name + "__" + n;
        }
        _declared.Add(unique);
        var value = proposed.LoadFrom is { } buffer
            ? PassValue.Loaded(unique, level, buffer)
            : PassValue.Computed(unique, level, proposed.Value!, proposed.Dependencies);
        if (level == 0)
        {
            _out.Add(Declaration(ctx, value));
            if (shared) _scopeValues[key] = value;
            else ctx.Values[key] = value;
        }
        else
        {
            ctx.Values[key] = value;
            ctx.ByLevel[level].Add(value);
        }
        return value;
    }

    /// <summary>The Let declaring <paramref name="v"/>, once the loops above it are laid out (a load's address needs them).</summary>
    private Let Declaration(PassContext ctx, PassValue v) =>
        new(v.Name, v.LoadFrom is { } buffer ? new Load(Ref(ctx, buffer, v.Level), Offset(ctx, buffer, v.Level)) : v.Value!);

    /// <summary>k * prod f^e, with the factors of outer levels multiplied once, at the deepest of those levels.</summary>
    private PassValue Product(PassContext ctx, object key, double coefficient, List<(PassValue Value, int Exponent)> factors)
    {
        int level = factors.Select(f => f.Value.Level).DefaultIfEmpty(0).Max();
        var inner = factors.Where(f => f.Value.Level == level).ToList();
        var outer = factors.Where(f => f.Value.Level < level).ToList();
        bool negate = false;
        if (coefficient == -1) negate = true;
        else if (coefficient != 1) outer.Add((Get(ctx, _g.Constant(coefficient)), 1));
        if (level > 0 && outer.Count > 0)
        {
            // Shared by structure: the same invariant factors (whatever their order) are one local.
            var partial = new PartialProduct(outer.Select(f => new PartialFactor(f.Value.Ref, f.Exponent))
                .OrderBy(f => f.Value.Name, StringComparer.Ordinal).ThenBy(f => f.Exponent).ToEquatableArray());
            var hoisted = Lookup(ctx, partial) ?? Product(ctx, partial, 1, outer);
            inner.Insert(0, (hoisted, 1));
        }
        else
        {
            inner.AddRange(outer);
        }
        if (inner.Count == 1 && inner[0].Exponent == 1 && !negate) return inner[0].Value;
        string name = key is Node n ? Temporary(n) : Partial(_partials++);
        var num = inner.Where(f => f.Exponent > 0).SelectMany(f => Enumerable.Repeat<Expr>(f.Value.Ref, f.Exponent)).ToEquatableArray();
        var den = inner.Where(f => f.Exponent < 0).SelectMany(f => Enumerable.Repeat<Expr>(f.Value.Ref, -f.Exponent)).ToEquatableArray();
        return Add(ctx, key, PassValue.Computed(name, level, new Product(num, den, negate), inner.Select(f => f.Value).ToList()));
    }

    /// <summary>c + sum w t, with the terms of outer levels added once, at the deepest of those levels.</summary>
    private PassValue SumOf(PassContext ctx, object key, double constant, List<(double Weight, PassValue Value)> terms)
    {
        int level = terms.Select(t => t.Value.Level).DefaultIfEmpty(0).Max();
        var inner = terms.Where(t => t.Value.Level == level).ToList();
        var outer = terms.Where(t => t.Value.Level < level).ToList();
        if (constant != 0) outer.Add((1, Get(ctx, _g.Constant(constant))));
        if (level > 0 && outer.Count > 0)
        {
            var partial = new PartialSum(outer.Select(t => new PartialTerm(t.Weight, t.Value.Ref))
                .OrderBy(t => t.Value.Name, StringComparer.Ordinal).ThenBy(t => t.Weight).ToEquatableArray());
            var hoisted = Lookup(ctx, partial) ?? SumOf(ctx, partial, 0, outer);
            inner.Insert(0, (1, hoisted));
        }
        else
        {
            inner.AddRange(outer);
        }
        if (inner.Count == 1 && inner[0].Weight == 1) return inner[0].Value;
        var weights = inner.Select(t => Math.Abs(t.Weight) == 1 ? null : Get(ctx, _g.Constant(Math.Abs(t.Weight)))).ToList();
        string name = key is Node n ? Temporary(n) : Partial(_partials++);
        var deps = inner.Select(t => t.Value).Concat(weights.Where(w => w is not null).Select(w => w!)).ToList();
        var sum = new Sum(inner.Select((t, i) => new Term(t.Weight < 0, weights[i] is { } w
            ? new Product(new EquatableArray<Expr>(new Expr[] { w.Ref, t.Value.Ref }), EquatableArray<Expr>.Empty, false)
            : t.Value.Ref)).ToEquatableArray());
        return Add(ctx, key, PassValue.Computed(name, level, sum, deps));
    }

    /// <summary>The key of a hoisted partial product: its factors, in a canonical order.</summary>
    private sealed record PartialProduct(EquatableArray<PartialFactor> Factors);

    private readonly record struct PartialFactor(Var Value, int Exponent);

    /// <summary>The key of a hoisted partial sum: its weighted terms, in a canonical order.</summary>
    private sealed record PartialSum(EquatableArray<PartialTerm> Terms);

    private readonly record struct PartialTerm(double Weight, Var Value);

    /// <summary>A value outside the loops that only its own pass may read (see <see cref="Add"/>).</summary>
    private static bool IsPassLocal(PassContext ctx, PassValue v) => v.Level == 0 && ctx.Values.Values.Contains(v);

    private PassValue? Lookup(PassContext ctx, object key) =>
        ctx.Values.TryGetValue(key, out var v) || _scopeValues.TryGetValue(key, out v) ? v : null;
}
