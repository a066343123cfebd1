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

/// <summary>
/// The last step of lowering a pass's values: after <see cref="Build"/>, <see cref="Hoist"/>, <see cref="Share"/> and
/// <see cref="Share.Prune"/> settled which values exist and where, each is named (<see cref="ValueNames"/>) and
/// placed: once per kernel when it reads kernel-level values only, before the pass's loops at level 0, else in the
/// loop of its level (<see cref="EmitLevel"/>). Buffers are laid out (<see cref="Access"/>) in the order the
/// computations first read and write them.
/// </summary>
internal sealed partial class KernelEmitter
{
    /// <summary>The pass's values through the lowering passes, declared; the value each computation stores or reduces.</summary>
    private Dictionary<Computation, PassValue> LowerValues(PassContext ctx)
    {
        var built = Build(ctx);
        var available = new Dictionary<object, PassValue>(_kernelValues);
        foreach (var kv in _scopeValues) available[kv.Key] = kv.Value;
        var list = Share.Prune(Share.Run(Hoist.Run(built), available));
        var declared = Declare(ctx, list);
        var roots = new Dictionary<Computation, PassValue>();
        for (int i = 0; i < ctx.Pass.Computations.Length; i++) roots[ctx.Pass.Computations[i]] = Resolve(declared, list.Roots[i]);
        return roots;
    }

    private static PassValue Resolve(Dictionary<int, PassValue> declared, Operand o) => o.Outer ?? declared[o.Id];

    private Dictionary<int, PassValue> Declare(PassContext ctx, ValueList list)
    {
        var declared = new Dictionary<int, PassValue>();
        var computations = ctx.Pass.Computations;
        int written = 0;
        void WriteTargets(int upTo)
        {
            for (; written < upTo; written++)
            {
                if (computations[written].Target.Kind != BufferKind.Local) Access(ctx, computations[written].Target, ctx.K);
            }
        }
        foreach (var v in list.Values)
        {
            WriteTargets(v.Computation);
            PassValue Arg(Operand o) => Resolve(declared, o);
            declared[v.Id] = v.Op switch
            {
                LoadOp l => Load(ctx, v, l),
                ProductOp p => Computed(ctx, v.Key, v.Level, ProductExpr(p, Arg), p.Factors.Select(f => Arg(f.Value)).ToList()),
                SumOp s => SumValue(ctx, v, s, Arg),
                UnaryOf u => Computed(ctx, v.Key, v.Level, new Unary(u.Op, Arg(u.Arg).Ref), new[] { Arg(u.Arg) }),
                BinaryOf b => Computed(ctx, v.Key, v.Level, new Binary(b.Op, Arg(b.Left).Ref, Arg(b.Right).Ref), new[] { Arg(b.Left), Arg(b.Right) }),
                PowOf p => Computed(ctx, v.Key, v.Level, new Pow(Arg(p.Base).Ref, p.Exponent), new[] { Arg(p.Base) }),
                _ => throw new InvalidOperationException($"Cannot declare {v.Op.GetType().Name}."),
            };
        }
        WriteTargets(computations.Length);
        return declared;
    }

    private PassValue Load(PassContext ctx, ValueDef v, LoadOp load)
    {
        Access(ctx, load.Buffer, v.Level);
        return Add(ctx, v.Key, PassValue.Loaded(LoadName(load.Node, load.Buffer), v.Level, load.Buffer));
    }

    /// <summary>prod num / prod den, each factor once per unit of its exponent.</summary>
    private static Product ProductExpr(ProductOp p, Func<Operand, PassValue> arg) => new(
        p.Factors.Where(f => f.Exponent > 0).SelectMany(f => Enumerable.Repeat<Expr>(arg(f.Value).Ref, f.Exponent)).ToEquatableArray(),
        p.Factors.Where(f => f.Exponent < 0).SelectMany(f => Enumerable.Repeat<Expr>(arg(f.Value).Ref, -f.Exponent)).ToEquatableArray(),
        p.Negate);

    /// <summary>t0 +- w1 t1 ...: a weight other than +-1 is a kernel-level constant factor of its term.</summary>
    private PassValue SumValue(PassContext ctx, ValueDef v, SumOp s, Func<Operand, PassValue> arg)
    {
        var weights = s.Terms.Select(t => Math.Abs(t.Weight) == 1 ? null : Constant(Math.Abs(t.Weight)).Outer).ToList();
        var deps = s.Terms.Select(t => arg(t.Value)).Concat(weights.Where(w => w is not null).Select(w => w!)).ToList();
        var sum = new Sum(s.Terms.Select((t, i) => new Term(t.Weight < 0, weights[i] is { } w
            ? new Product(new EquatableArray<Expr>(new Expr[] { w.Ref, arg(t.Value).Ref }), EquatableArray<Expr>.Empty, false)
            : arg(t.Value).Ref)).ToEquatableArray());
        return Computed(ctx, v.Key, v.Level, sum, deps);
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
            ctx.Out.Add(Declaration(ctx, value));
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

    /// <summary>A value outside the loops that only its own pass may read (see <see cref="Add"/>).</summary>
    private static bool IsPassLocal(PassContext ctx, PassValue v) => v.Level == 0 && ctx.Values.Values.Contains(v);

    /// <summary>A value the kernel declares before any pass (a constant, a size, a hyper-parameter, a learned scalar, one computed from them).</summary>
    private bool IsKernelLevel(PassValue v) => _kernelValues.Values.Contains(v);
}
