using System.Collections.Immutable;

namespace NormGen.Generator.Ir;

internal enum NodeKind
{
    /// <summary>A tensor leaf: input, parameter, running buffer, upstream gradient or saved statistic.</summary>
    Tensor,
    Constant,
    /// <summary>A scalar hyper-parameter (eps, momentum, ...), a kernel argument.</summary>
    Hyper,
    /// <summary>The number of elements along <see cref="Node.Reduced"/> (N in a mean): a scalar known at run time.</summary>
    Count,
    /// <summary>Value + sum of Weights[i] * Args[i]: the canonical n-ary sum.</summary>
    Add,
    /// <summary>Value * product of Args[i]^Weights[i] (integer exponents): the canonical n-ary product.</summary>
    Mul,
    Unary,
    /// <summary>Args[0]^Value for a non-integer constant exponent.</summary>
    Pow,
    /// <summary>A reduction of Args[0] over <see cref="Node.Reduced"/>.</summary>
    Reduce,
    Binary,
    /// <summary>
    /// Args[0] at index 0 of every axis in <see cref="Node.Reduced"/>: a sample of the data used as the shift of a
    /// one-sweep variance (<see cref="Passes.Schedule.ShiftedStatistics"/>). Only the scheduler creates it.
    /// </summary>
    Pivot,
    /// <summary>
    /// The power of two s = 2^-k with s^2 N in (1/4, 1], N the element count of <see cref="Node.Reduced"/>: a scalar
    /// known at run time. A sum of N squares of s-scaled values is at most the mean of the squares, so it overflows only
    /// when the variance itself would (<see cref="Passes.Schedule.ScaledSquares"/>); scaling by a power of two is exact.
    /// With <see cref="Node.Value"/> 1 it is s / 2, the scale of the shifted sums (<see cref="Passes.Schedule.ShiftedStatistics"/>).
    /// </summary>
    Scale,
}

/// <summary>
/// The IR's element-wise functions of one argument: those of <see cref="Op"/> plus Sign, the derivative of Abs. Each has
/// one row in DerivativeRules.Contribution, Algebra.Fold and Dialect.Unary (vector and scalar), all switches without a
/// default arm: a member missing from one of them is a build error (CS8509).
/// </summary>
internal enum UnaryOp { Sqrt, Rsqrt, Exp, Log, Tanh, Sigmoid, Softplus, Abs, Sign }

internal enum ReduceOp { Sum, Max, Min }

/// <summary>The IR's element-wise functions of two arguments: Maximum and Minimum, and the 0/1 masks their (and Max/Min's) derivatives use.</summary>
internal enum BinaryOp { Maximum, Minimum, EqualMask, GreaterMask }

/// <summary>
/// An immutable, hash-consed IR node: two structurally equal nodes built through one <see cref="Graph"/> are the
/// same object, so reference equality is common-subexpression elimination. Ids grow in creation order and give
/// a deterministic order for canonical sorting and emitted names.
/// </summary>
internal sealed class Node
{
    internal Node(int id, NodeKind kind, int op, ImmutableArray<Node> args, ImmutableArray<double> weights,
        double value, string? name, AxisSet axes, AxisSet reduced)
    {
        Id = id;
        Kind = kind;
        Op = op;
        Args = args;
        Weights = weights;
        Value = value;
        Name = name;
        Axes = axes;
        Reduced = reduced;
        bool dependsOnReduction = kind == NodeKind.Reduce;
        foreach (var a in args) dependsOnReduction |= a.DependsOnReduction;
        DependsOnReduction = dependsOnReduction;
    }

    public int Id { get; }
    public NodeKind Kind { get; }
    private int Op { get; }
    public ImmutableArray<Node> Args { get; }
    /// <summary>Add: coefficient of each argument. Mul: exponent of each argument.</summary>
    public ImmutableArray<double> Weights { get; }
    /// <summary>Constant: its value. Add: the constant term. Mul: the coefficient. Pow: the exponent.</summary>
    public double Value { get; }
    /// <summary>Tensor and Hyper: the name.</summary>
    public string? Name { get; }
    /// <summary>The axes the value varies over.</summary>
    public AxisSet Axes { get; }
    /// <summary>Reduce: the reduced axes. Count: the counted axes.</summary>
    public AxisSet Reduced { get; }
    /// <summary>True when computing this node needs a sweep (a reduction) somewhere below it.</summary>
    public bool DependsOnReduction { get; }

    public UnaryOp UnaryOp => (UnaryOp)Op;
    public ReduceOp ReduceOp => (ReduceOp)Op;
    public BinaryOp BinaryOp => (BinaryOp)Op;

    public bool IsConstant(double value) => Kind == NodeKind.Constant && Value == value;

    public override string ToString() => $"#{Id} {Kind}";
}
