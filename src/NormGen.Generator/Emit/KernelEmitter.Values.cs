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
            int level = Levels.Of(ctx.Loops, node.Axes);
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
                return Computed(ctx, node, a0.Level, new Unary(node.UnaryOp, a0.Ref), new[] { a0 });
            case NodeKind.Pow:
                var p0 = Get(ctx, node.Args[0]);
                string exponent = Constant(node.Value);
                return Computed(ctx, node, p0.Level, new Pow(p0.Ref, exponent), new[] { p0 });
            case NodeKind.Pivot:
                // Its own pass loops over the kept axes only, so every load of the operand lands on index 0 of
                // the reduced ones: the operand as computed there is the pivot.
                return Get(ctx, node.Args[0]);
            case NodeKind.Binary:
                var b0 = Get(ctx, node.Args[0]);
                var b1 = Get(ctx, node.Args[1]);
                return Computed(ctx, node, Math.Max(b0.Level, b1.Level), new Binary(node.BinaryOp, b0.Ref, b1.Ref), new[] { b0, b1 });
        }
        throw new InvalidOperationException($"Cannot compute {node.Kind} #{node.Id} in kernel {_plan.Spec.Name}.");
    }

    /// <summary>The innermost loop's index.</summary>
    private static string J => LoopPrinter.Element;

    /// <summary>
    /// A computed value: named after the statistic it is when a pass saves it ("__stat_rstd"), else after its operation
    /// and what it reads ("__mul_rstd_gamma", see <see cref="ValueNames"/>).
    /// </summary>
    private PassValue Computed(PassContext ctx, object key, int level, Expr value, IReadOnlyList<PassValue> dependencies)
    {
        if (key is Node node && _statistics.TryGetValue(node, out var statistic))
            return Add(ctx, key, PassValue.Computed(statistic, level, value, dependencies, new[] { ValueNames.Stem(statistic)! }));
        var leaves = ValueNames.Leaves(dependencies.Select(d => d.Leaves));
        return Add(ctx, key, PassValue.Computed(_names.Claim(key, ValueNames.Derive(ValueNames.Operation(value), leaves)), level, value, dependencies, leaves));
    }

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
        if (proposed.Value is { } computed && Hoisting.IsKernelInvariant(level, proposed.Dependencies.Select(IsKernelLevel).ToList()))
        {
            // Computed from kernel-level values only (Softplus of a learned scalar, a constant over a size): once per
            // kernel, beside the values it reads, instead of once per outer-loop iteration.
            string kernelName = name;
            for (int n = 2; _declared.Contains(kernelName); n++) kernelName = name + "__" + n;
            _declared.Add(kernelName);
            var hoisted = PassValue.Computed(kernelName, 0, computed, proposed.Dependencies, proposed.Leaves);
            _kernelDeclarations.Add(new Let(kernelName, computed));
            return _kernelValues[key] = hoisted;
        }
        bool shared = (key is not Node node || node.Axes.IsSubsetOf(_bound)) && !proposed.Dependencies.Any(d => IsPassLocal(ctx, d));
        string unique = level == 0 && !shared ? name + "__0" : name;
        if (level == 0)
        {
            for (int n = 2; _declared.Contains(unique); n++) unique = name + "__" + n;
        }
        _declared.Add(unique);
        var value = proposed.LoadFrom is { } buffer
            ? PassValue.Loaded(unique, level, buffer, proposed.Leaves)
            : PassValue.Computed(unique, level, proposed.Value!, proposed.Dependencies, proposed.Leaves);
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

    /// <summary>k * prod f^e, with the factors of outer levels multiplied once, at the deepest of those levels (<see cref="Hoisting"/>).</summary>
    private PassValue Product(PassContext ctx, object key, double coefficient, List<(PassValue Value, int Exponent)> factors)
    {
        bool negate = coefficient == -1;
        if (coefficient != 1 && !negate) factors = factors.Append((Get(ctx, _g.Constant(coefficient)), 1)).ToList();
        var split = Hoisting.ByLevel(factors, f => f.Value.Level);
        var inner = split.Inner.ToList();
        if (split.Hoists)
        {
            var partial = SharingKeys.Product(split.Outer.Select(f => (f.Value.Ref, f.Exponent)));
            inner.Insert(0, (Lookup(ctx, partial) ?? Product(ctx, partial, 1, split.Outer.ToList()), 1));
        }
        else
        {
            inner.AddRange(split.Outer);
        }
        if (inner.Count == 1 && inner[0].Exponent == 1 && !negate) return inner[0].Value;
        var num = inner.Where(f => f.Exponent > 0).SelectMany(f => Enumerable.Repeat<Expr>(f.Value.Ref, f.Exponent)).ToEquatableArray();
        var den = inner.Where(f => f.Exponent < 0).SelectMany(f => Enumerable.Repeat<Expr>(f.Value.Ref, -f.Exponent)).ToEquatableArray();
        return Computed(ctx, key, split.Level, new Product(num, den, negate), inner.Select(f => f.Value).ToList());
    }

    /// <summary>c + sum w t, with the terms of outer levels added once, at the deepest of those levels (<see cref="Hoisting"/>).</summary>
    private PassValue SumOf(PassContext ctx, object key, double constant, List<(double Weight, PassValue Value)> terms)
    {
        if (constant != 0) terms = terms.Append((1.0, Get(ctx, _g.Constant(constant)))).ToList();
        var split = Hoisting.ByLevel(terms, t => t.Value.Level);
        var inner = split.Inner.ToList();
        if (split.Hoists)
        {
            var partial = SharingKeys.Sum(split.Outer.Select(t => (t.Weight, t.Value.Ref)));
            inner.Insert(0, (1, Lookup(ctx, partial) ?? SumOf(ctx, partial, 0, split.Outer.ToList())));
        }
        else
        {
            inner.AddRange(split.Outer);
        }
        if (inner.Count == 1 && inner[0].Weight == 1) return inner[0].Value;
        var weights = inner.Select(t => Math.Abs(t.Weight) == 1 ? null : Get(ctx, _g.Constant(Math.Abs(t.Weight)))).ToList();
        var deps = inner.Select(t => t.Value).Concat(weights.Where(w => w is not null).Select(w => w!)).ToList();
        var sum = new Sum(inner.Select((t, i) => new Term(t.Weight < 0, weights[i] is { } w
            ? new Product(new EquatableArray<Expr>(new Expr[] { w.Ref, t.Value.Ref }), EquatableArray<Expr>.Empty, false)
            : t.Value.Ref)).ToEquatableArray());
        return Computed(ctx, key, split.Level, sum, deps);
    }

    /// <summary>A value outside the loops that only its own pass may read (see <see cref="Add"/>).</summary>
    private static bool IsPassLocal(PassContext ctx, PassValue v) => v.Level == 0 && ctx.Values.Values.Contains(v);

    private PassValue? Lookup(PassContext ctx, object key) =>
        ctx.Values.TryGetValue(key, out var v) || _scopeValues.TryGetValue(key, out v) || _kernelValues.TryGetValue(key, out v) ? v : null;

    /// <summary>A value the kernel declares before any pass (a constant, a size, a hyper-parameter, a learned scalar, one computed from them).</summary>
    private bool IsKernelLevel(PassValue v) => _kernelValues.Values.Contains(v);
}
