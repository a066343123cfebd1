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
/// The first step of lowering a pass: its computations' expressions as a flat <see cref="ValueList"/>, each graph node
/// once, in evaluation order, at the level of the axes it varies over. Values the kernel declares before any pass
/// (constants, sizes, hyper-parameters, learned scalars) and values of earlier passes of the same outer iteration
/// are operands from outside the list; a kernel-level one is declared here on first use.
/// </summary>
internal sealed partial class KernelEmitter
{
    private ValueList Build(PassContext ctx)
    {
        var defs = new List<ValueDef>();
        var memo = new Dictionary<Node, Operand>();
        int computation = 0;

        Operand Def(Node node, int level, ValueOp op)
        {
            var def = new ValueDef(defs.Count, node, level, op, computation);
            defs.Add(def);
            return memo[node] = new Operand(def.Id);
        }

        Operand Get(Node node)
        {
            if (memo.TryGetValue(node, out var known)) return known;
            if (_scopeValues.TryGetValue(node, out var outer)) return Operand.Of(outer, node);
            if (KernelLeaf(node) is { } leaf) return Operand.Of(leaf, node);

            var buffer = ResolveBuffer(node);
            if (buffer is not null)
            {
                // A local is a scalar an earlier pass of this outer iteration declared (a horizontal reduction's result).
                if (buffer.Kind == BufferKind.Local) return Operand.Of(_scopeValues[node] = PassValue.Declared(buffer.Name), node);
                return Def(node, Levels.Of(ctx.Loops, node.Axes), new LoadOp(buffer, node));
            }

            // A per-channel coefficient an earlier pass stored: load it, multiply (add) only what varies more.
            if (_plan.Coefficients.TryGetValue(node, out var stored) && _materialized.ContainsKey(stored))
            {
                var coefficient = Get(stored);
                var kept = node.Args.Select((a, i) => (Arg: a, Weight: node.Weights[i])).Where(t => t.Arg.Axes == node.Axes).ToList();
                if (node.Kind == NodeKind.Mul)
                {
                    var rest = kept.Select(f => new FactorOf(Get(f.Arg), (int)f.Weight)).ToList();
                    return Def(node, Levels.Of(ctx.Loops, node.Axes), new ProductOp(false, rest.Prepend(new FactorOf(coefficient, 1)).ToEquatableArray()));
                }
                var terms = kept.Select(t => new TermOf(t.Weight, Get(t.Arg))).ToList();
                return Def(node, Levels.Of(ctx.Loops, node.Axes), new SumOp(terms.Prepend(new TermOf(1, coefficient)).ToEquatableArray()));
            }

            int level = Levels.Of(ctx.Loops, node.Axes);
            switch (node.Kind)
            {
                case NodeKind.Mul:
                    var factors = node.Args.Select((a, i) => new FactorOf(Get(a), (int)node.Weights[i])).ToList();
                    // The coefficient is one more (kernel-level) factor; -1 is a sign.
                    if (node.Value != 1 && node.Value != -1) factors.Add(new FactorOf(Constant(node.Value), 1));
                    return Def(node, level, new ProductOp(node.Value == -1, factors.ToEquatableArray()));
                case NodeKind.Add:
                    var terms = node.Args.Select((a, i) => new TermOf(node.Weights[i], Get(a))).ToList();
                    if (node.Value != 0) terms.Add(new TermOf(1, Constant(node.Value)));
                    return Def(node, level, new SumOp(terms.ToEquatableArray()));
                case NodeKind.Unary:
                    return Def(node, level, new UnaryOf(node.UnaryOp, Get(node.Args[0])));
                case NodeKind.Pow:
                    var power = Get(node.Args[0]);
                    return Def(node, level, new PowOf(power, Constant(node.Value).Outer!.Name));
                case NodeKind.Binary:
                    var left = Get(node.Args[0]);
                    return Def(node, level, new BinaryOf(node.BinaryOp, left, Get(node.Args[1])));
                case NodeKind.Pivot:
                    // Its own pass loops over the kept axes only, so every load of the operand lands on index 0 of
                    // the reduced ones: the operand as computed there is the pivot.
                    return memo[node] = Get(node.Args[0]);
            }
            throw new InvalidOperationException($"Cannot compute {node.Kind} #{node.Id} in kernel {_plan.Name}.");
        }

        var roots = new List<Operand>();
        foreach (var c in ctx.Pass.Computations)
        {
            roots.Add(Get(c.IsReduction ? c.Node.Args[0] : c.Node));
            computation++;
        }
        return new ValueList(defs.ToEquatableArray(), roots.ToEquatableArray());
    }

    /// <summary>A kernel-level constant as an operand, declared on first use.</summary>
    private Operand Constant(double value)
    {
        var node = _g.Constant(value);
        return Operand.Of(_kernelValues.TryGetValue(node, out var known) ? known : KernelLeaf(node)!, node);
    }

    /// <summary>
    /// A value the kernel declares once, before any pass, on first use: a constant, a hyper-parameter (a kernel
    /// argument), an element count, a square scale, a learned scalar; null for anything else.
    /// </summary>
    private PassValue? KernelLeaf(Node node)
    {
        if (_kernelValues.TryGetValue(node, out var known)) return known;
        string? name = null;
        switch (node.Kind)
        {
            case NodeKind.Constant:
                name = Identifiers.Generated("c" + _kernelValues.Count(p => p.Key is Node { Kind: NodeKind.Constant }));
                _kernelDeclarations.Add(new Let(name, new Literal(node.Value)));
                break;
            case NodeKind.Hyper:
                return _kernelValues[node] = PassValue.Declared(Identifiers.Escape(node.Name!));
            case NodeKind.Count:
                name = Identifiers.Generated("count_" + Identifiers.Axes(_axes, node.Reduced.Indices()));
                _kernelDeclarations.Add(new Let(name, new FromIndex(SizeOf(node.Reduced.Indices().ToList()))));
                break;
            case NodeKind.Scale:
                bool shifted = node.Value != 0;
                name = Identifiers.Generated((shifted ? "shiftScale_" : "scale_") + Identifiers.Axes(_axes, node.Reduced.Indices()));
                string scale = shifted ? "ShiftedSquareScale" : "SquareScale";
                _kernelDeclarations.Add(new Let(name, new FromIndex(SizeOf(node.Reduced.Indices().ToList()), "global::NormGen.Kernels.Statistics." + scale)));
                break;
            default:
                // A learned scalar ([Param] without axes) varies over no loop and no kernel writes it: read once at
                // the top of the kernel, like a hyper-parameter, and broadcast from there.
                if (ResolveBuffer(node) is not { } buffer || !IsLearnedScalar(node, buffer)) return null;
                name = LoadName(node, buffer);
                _kernelDeclarations.Add(new Let(name, new Var(buffer.Id)));
                break;
        }
        return _kernelValues[node] = PassValue.Declared(name);
    }
}
