using System;
using System.Collections.Generic;
using System.Linq;

namespace NormGen.Generator.Ir;

/// <summary>
/// One descriptor per <see cref="Op"/>: its name in NormGen.Ops, its parse signature (shape and number of C#
/// parameters) and its lowering into the IR.
/// </summary>
/// <param name="Reduction">For a <see cref="OpShape.Reduction"/>: the IR of the reduction of an operand over axes.</param>
/// <param name="Elementwise">For an <see cref="OpShape.Elementwise"/> op: the IR of the call from its lowered arguments.</param>
internal sealed record OpDescriptor(
    Op Op,
    OpShape Shape,
    int Arity,
    Func<Graph, Node, AxisSet, Node>? Reduction = null,
    Func<Graph, IReadOnlyList<Node>, Node>? Elementwise = null)
{
    /// <summary>The member name in NormGen.Ops, which is the enum member's name.</summary>
    public string Name => Op.ToString();
}

/// <summary>
/// The op table of the front end: the parser finds calls here by name, <see cref="IrBuilder"/> lowers them through it,
/// and NG0002's message lists its names. <see cref="Describe"/> is a switch over <see cref="Op"/> without a default arm,
/// so an op added to the enum without its descriptor does not compile (CS8509 is an error under TreatWarningsAsErrors;
/// the project silences only CS8524, the unnamed-value case). The passes behind it keep one table each, the same way:
/// DerivativeRules (derivative), Algebra.Fold (constant folding), Dialect.Unary/Binary (vector and scalar lowering).
/// </summary>
internal static class OpTable
{
    private static readonly OpDescriptor[] s_all = ((Op[])Enum.GetValues(typeof(Op))).Select(Describe).ToArray();

    private static readonly Dictionary<string, OpDescriptor> s_byName = s_all.ToDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>Every descriptor, in <see cref="Op"/> order (the order of the docs and of NG0002's list).</summary>
    public static IReadOnlyList<OpDescriptor> All => s_all;

    public static OpDescriptor Of(Op op) => s_all[(int)op];

    /// <summary>The op a NormGen.Ops member of this name is, if the compiler has rules for it.</summary>
    public static bool TryFind(string name, out OpDescriptor descriptor) => s_byName.TryGetValue(name, out descriptor!);

    /// <summary>"Sum, Mean, ..., Minimum and Running": the members a formula may call, for NG0002.</summary>
    public static string NameList
    {
        get
        {
            var names = s_all.Select(d => d.Name).ToList();
            return string.Join(", ", names.Take(names.Count - 1)) + " and " + names[names.Count - 1];
        }
    }

    private static OpDescriptor Describe(Op op) => op switch
    {
        Op.Sum => Reduce(op, (g, a, axes) => g.Sum(a, axes)),
        Op.Mean => Reduce(op, Mean),
        // Two-pass variance: the mean of squared centred values, never E[x^2] - E[x]^2.
        Op.Var => Reduce(op, (g, a, axes) => Mean(g, g.Power(g.Subtract(a, Mean(g, a, axes)), 2), axes)),
        Op.Max => Reduce(op, (g, a, axes) => g.Reduce(ReduceOp.Max, a, axes)),
        Op.Min => Reduce(op, (g, a, axes) => g.Reduce(ReduceOp.Min, a, axes)),
        Op.Sqrt => Unary(op, UnaryOp.Sqrt),
        Op.Rsqrt => Unary(op, UnaryOp.Rsqrt),
        Op.Exp => Unary(op, UnaryOp.Exp),
        Op.Log => Unary(op, UnaryOp.Log),
        Op.Tanh => Unary(op, UnaryOp.Tanh),
        Op.Sigmoid => Unary(op, UnaryOp.Sigmoid),
        Op.Softplus => Unary(op, UnaryOp.Softplus),
        Op.Abs => Unary(op, UnaryOp.Abs),
        Op.Square => new(op, OpShape.Elementwise, 1, Elementwise: (g, a) => g.Power(a[0], 2)),
        Op.Pow => new(op, OpShape.Pow, 2),
        Op.Maximum => Binary(op, BinaryOp.Maximum),
        Op.Minimum => Binary(op, BinaryOp.Minimum),
        Op.Running => new(op, OpShape.Running, 3),
    };

    private static OpDescriptor Reduce(Op op, Func<Graph, Node, AxisSet, Node> lower) => new(op, OpShape.Reduction, 2, Reduction: lower);

    private static OpDescriptor Unary(Op op, UnaryOp ir) => new(op, OpShape.Elementwise, 1, Elementwise: (g, a) => g.Unary(ir, a[0]));

    private static OpDescriptor Binary(Op op, BinaryOp ir) => new(op, OpShape.Elementwise, 2, Elementwise: (g, a) => g.Binary(ir, a[0], a[1]));

    private static Node Mean(Graph g, Node a, AxisSet axes) => g.Divide(g.Sum(a, axes), g.Count(axes));
}
