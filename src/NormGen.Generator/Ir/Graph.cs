using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using NormGen.Generator.Passes.Simplify;

namespace NormGen.Generator.Ir;

/// <summary>
/// The node factory of one layer. Every node is interned (hash-consing), and every constructor applies the
/// simplification rules of <see cref="Algebra"/> before interning, so graphs are always in canonical form:
/// constants folded, sums and products flattened and sorted, like terms collected, reductions split over +
/// with reduction-invariant factors pulled out.
/// </summary>
internal sealed class Graph
{
    private readonly Dictionary<string, Node> _interned = new(StringComparer.Ordinal);

    public Graph(AxisTable axes) => Axes = axes;

    public AxisTable Axes { get; }

    public Node Constant(double value) =>
        Intern(NodeKind.Constant, 0, ImmutableArray<Node>.Empty, ImmutableArray<double>.Empty, value == 0 ? 0 : value, null, AxisSet.Empty, AxisSet.Empty);

    public Node Zero => Constant(0);

    public Node One => Constant(1);

    public Node Hyper(string name) =>
        Intern(NodeKind.Hyper, 0, ImmutableArray<Node>.Empty, ImmutableArray<double>.Empty, 0, name, AxisSet.Empty, AxisSet.Empty);

    public Node Tensor(string name, AxisSet axes) =>
        Intern(NodeKind.Tensor, 0, ImmutableArray<Node>.Empty, ImmutableArray<double>.Empty, 0, name, axes, AxisSet.Empty);

    /// <summary>The element count of <paramref name="axes"/>; the empty set counts 1.</summary>
    public Node Count(AxisSet axes) => axes.IsEmpty
        ? One
        : Intern(NodeKind.Count, 0, ImmutableArray<Node>.Empty, ImmutableArray<double>.Empty, 0, null, AxisSet.Empty, axes);

    /// <summary>
    /// The square-sum scale of <paramref name="axes"/> (see <see cref="NodeKind.Scale"/>), half of it for the shifted
    /// sums of <see cref="Passes.Schedule.ShiftedStatistics"/>; the empty set scales by 1.
    /// </summary>
    public Node Scale(AxisSet axes, bool shifted = false) => axes.IsEmpty
        ? One
        : Intern(NodeKind.Scale, 0, ImmutableArray<Node>.Empty, ImmutableArray<double>.Empty, shifted ? 1 : 0, null, AxisSet.Empty, axes);

    public Node Add(Node a, Node b) => Algebra.Sum(this, 0, new[] { (1.0, a), (1.0, b) });

    public Node Subtract(Node a, Node b) => Algebra.Sum(this, 0, new[] { (1.0, a), (-1.0, b) });

    public Node Add(double constant, IEnumerable<(double Coefficient, Node Term)> terms) => Algebra.Sum(this, constant, terms);

    public Node Multiply(Node a, Node b) => Algebra.Product(this, 1, new[] { (a, 1), (b, 1) });

    public Node Multiply(double coefficient, params Node[] factors)
    {
        var list = new List<(Node, int)>();
        foreach (var f in factors) list.Add((f, 1));
        return Algebra.Product(this, coefficient, list);
    }

    public Node Product(double coefficient, IEnumerable<(Node Factor, int Exponent)> factors) => Algebra.Product(this, coefficient, factors);

    public Node Divide(Node a, Node b) => Algebra.Product(this, 1, new[] { (a, 1), (b, -1) });

    public Node Negate(Node a) => Multiply(-1, a);

    public Node Power(Node a, int exponent) => Algebra.Product(this, 1, new[] { (a, exponent) });

    public Node Power(Node a, double exponent) => Algebra.Power(this, a, exponent);

    public Node Unary(UnaryOp op, Node a) => Algebra.Unary(this, op, a);

    public Node Binary(BinaryOp op, Node a, Node b) => Algebra.Binary(this, op, a, b);

    /// <summary>Reduces <paramref name="a"/> over <paramref name="axes"/>; axes <paramref name="a"/> does not vary over are broadcast (a sum counts them).</summary>
    public Node Reduce(ReduceOp op, Node a, AxisSet axes) => Algebra.Reduce(this, op, a, axes);

    public Node Sum(Node a, AxisSet axes) => Reduce(ReduceOp.Sum, a, axes);

    /// <summary><paramref name="a"/> at index 0 of <paramref name="axes"/> (see <see cref="NodeKind.Pivot"/>).</summary>
    public Node Pivot(Node a, AxisSet axes)
    {
        var varying = axes & a.Axes;
        if (varying.IsEmpty) return a;
        return Intern(NodeKind.Pivot, 0, ImmutableArray.Create(a), ImmutableArray<double>.Empty, 0, null, a.Axes - varying, varying);
    }

    /// <summary>
    /// Sum(a) over <paramref name="axes"/> with <paramref name="a"/> kept whole: the canonical <see cref="Sum"/>
    /// splits Sum(x - k) into Sum(x) - N k, which is exactly the cancellation a shifted sum is built to avoid.
    /// </summary>
    public Node SumUnsplit(Node a, AxisSet axes) =>
        Intern(NodeKind.Reduce, (int)ReduceOp.Sum, ImmutableArray.Create(a), ImmutableArray<double>.Empty, 0, null, a.Axes - axes, axes);

    /// <summary>
    /// a * b as one product of the two values: the canonical <see cref="Multiply(Node, Node)"/> flattens both into one
    /// list of factors, whose left-to-right evaluation can overflow where a * b does not (S * (S / N) against S * S / N).
    /// </summary>
    public Node ProductUnflattened(Node a, Node b) =>
        Intern(NodeKind.Mul, 0, ImmutableArray.Create(a, b), ImmutableArray.Create(1.0, 1.0), 1, null, a.Axes | b.Axes, AxisSet.Empty);

    /// <summary>Interns a node exactly as given: only <see cref="Algebra"/> calls this, after canonicalizing.</summary>
    internal Node Intern(NodeKind kind, int op, ImmutableArray<Node> args, ImmutableArray<double> weights, double value,
        string? name, AxisSet axes, AxisSet reduced)
    {
        var key = new StringBuilder();
        key.Append((int)kind).Append('|').Append(op).Append('|').Append(value.ToString("R", CultureInfo.InvariantCulture))
            .Append('|').Append(name).Append('|').Append(axes.Bits).Append('|').Append(reduced.Bits).Append('|');
        for (int i = 0; i < args.Length; i++)
        {
            key.Append(args[i].Id);
            if (!weights.IsDefaultOrEmpty) key.Append('^').Append(weights[i].ToString("R", CultureInfo.InvariantCulture));
            key.Append(',');
        }
        string k = key.ToString();
        if (_interned.TryGetValue(k, out var existing)) return existing;
        var node = new Node(_interned.Count, kind, op, args, weights, value, name, axes, reduced);
        _interned.Add(k, node);
        return node;
    }
}
