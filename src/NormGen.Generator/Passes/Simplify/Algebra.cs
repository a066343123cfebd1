using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NormGen.Generator.Ir;

namespace NormGen.Generator.Passes.Simplify;

/// <summary>
/// The simplification pass, applied at every node construction so no graph is ever in a non-canonical form.
/// Sums and products are n-ary, flattened and have like terms collected, which with hash-consing makes x - x,
/// N * (1/N) and Sum(x - Mean(x)) fold away. Terms are sorted by node id; factors in the order that keeps the
/// kernels' partial products in range (<see cref="EvaluationOrder"/>), also a function of the factors alone. Products are never distributed over sums: that keeps
/// centred values such as (x - mean) intact, which numerical stability depends on. Reductions are linear:
/// a sum of terms is split, and factors that do not vary over the reduced axes are pulled out, which is what
/// turns naive reverse-mode AD of a normalization into the few fused row sums an expert writes by hand.
/// </summary>
internal static class Algebra
{
    public static Node Sum(Graph g, double constant, IEnumerable<(double Coefficient, Node Term)> terms)
    {
        var coefficients = new Dictionary<Node, double>();
        double c = constant;
        foreach (var (k, t) in terms) Collect(k, t);

        void Collect(double k, Node t)
        {
            if (k == 0) return;
            switch (t.Kind)
            {
                case NodeKind.Constant:
                    c += k * t.Value;
                    break;
                case NodeKind.Add:
                    c += k * t.Value;
                    for (int i = 0; i < t.Args.Length; i++) Collect(k * t.Weights[i], t.Args[i]);
                    break;
                case NodeKind.Mul when t.Value != 1:
                    Collect(k * t.Value, Product(g, 1, Factors(t)));
                    break;
                default:
                    coefficients[t] = coefficients.TryGetValue(t, out var old) ? old + k : k;
                    break;
            }
        }

        var kept = coefficients.Where(p => p.Value != 0).OrderBy(p => p.Key.Id).ToList();
        if (kept.Count == 0) return g.Constant(c);
        if (c == 0 && kept.Count == 1)
        {
            return kept[0].Value == 1 ? kept[0].Key : Product(g, kept[0].Value, new[] { (kept[0].Key, 1) });
        }
        var axes = AxisSet.Empty;
        foreach (var p in kept) axes |= p.Key.Axes;
        return g.Intern(NodeKind.Add, 0, kept.Select(p => p.Key).ToImmutableArray(),
            kept.Select(p => p.Value).ToImmutableArray(), c, null, axes, AxisSet.Empty);
    }

    public static IEnumerable<(Node Factor, int Exponent)> Factors(Node mul)
    {
        for (int i = 0; i < mul.Args.Length; i++) yield return (mul.Args[i], (int)mul.Weights[i]);
    }

    public static Node Product(Graph g, double coefficient, IEnumerable<(Node Factor, int Exponent)> factors)
    {
        var exponents = new Dictionary<Node, int>();
        double k = coefficient;
        foreach (var (f, e) in factors) Collect(f, e);

        void Collect(Node f, int e)
        {
            if (e == 0) return;
            switch (f.Kind)
            {
                case NodeKind.Constant:
                    k *= Math.Pow(f.Value, e);
                    break;
                case NodeKind.Mul:
                    k *= Math.Pow(f.Value, e);
                    for (int i = 0; i < f.Args.Length; i++) Collect(f.Args[i], (int)f.Weights[i] * e);
                    break;
                default:
                    exponents[f] = exponents.TryGetValue(f, out var old) ? old + e : e;
                    break;
            }
        }

        // sqrt(a)^(2q) = a^q: the one power identity that never costs precision.
        foreach (var root in exponents.Where(p => p.Key.Kind == NodeKind.Unary && p.Key.UnaryOp == UnaryOp.Sqrt && p.Value % 2 == 0 && p.Value != 0).ToList())
        {
            exponents[root.Key] = 0;
            Collect(root.Key.Args[0], root.Value / 2);
        }

        if (k == 0) return g.Zero;
        var kept = EvaluationOrder.Arrange(exponents.Where(p => p.Value != 0));
        if (kept.Count == 0) return g.Constant(k);
        if (k == 1 && kept.Count == 1 && kept[0].Value == 1) return kept[0].Key;
        var axes = AxisSet.Empty;
        foreach (var p in kept) axes |= p.Key.Axes;
        return g.Intern(NodeKind.Mul, 0, kept.Select(p => p.Key).ToImmutableArray(),
            kept.Select(p => (double)p.Value).ToImmutableArray(), k, null, axes, AxisSet.Empty);
    }

    public static Node Power(Graph g, Node a, double p)
    {
        if (p == Math.Round(p) && Math.Abs(p) < 64) return Product(g, 1, new[] { (a, (int)p) });
        if (p == 0.5) return Unary(g, UnaryOp.Sqrt, a);
        if (p == -0.5) return Unary(g, UnaryOp.Rsqrt, a);
        if (a.Kind == NodeKind.Constant) return g.Constant(Math.Pow(a.Value, p));
        return g.Intern(NodeKind.Pow, 0, ImmutableArray.Create(a), ImmutableArray<double>.Empty, p, null, a.Axes, AxisSet.Empty);
    }

    public static Node Unary(Graph g, UnaryOp op, Node a)
    {
        if (a.Kind == NodeKind.Constant) return g.Constant(Fold(op, a.Value));
        switch (op)
        {
            case UnaryOp.Exp when a.Kind == NodeKind.Unary && a.UnaryOp == UnaryOp.Log:
            case UnaryOp.Log when a.Kind == NodeKind.Unary && a.UnaryOp == UnaryOp.Exp:
                return a.Args[0];
            case UnaryOp.Abs when a.Kind == NodeKind.Unary && a.UnaryOp is UnaryOp.Abs or UnaryOp.Sqrt or UnaryOp.Rsqrt or UnaryOp.Exp or UnaryOp.Sigmoid or UnaryOp.Softplus:
                return a;
        }
        return g.Intern(NodeKind.Unary, (int)op, ImmutableArray.Create(a), ImmutableArray<double>.Empty, 0, null, a.Axes, AxisSet.Empty);
    }

    /// <summary>The value of <paramref name="op"/> at a constant, in double: the constant-folding row of each function.</summary>
    public static double Fold(UnaryOp op, double v) => op switch
    {
        UnaryOp.Sqrt => Math.Sqrt(v),
        UnaryOp.Rsqrt => 1 / Math.Sqrt(v),
        UnaryOp.Exp => Math.Exp(v),
        UnaryOp.Log => Math.Log(v),
        UnaryOp.Tanh => Math.Tanh(v),
        UnaryOp.Sigmoid => 1 / (1 + Math.Exp(-v)),
        UnaryOp.Softplus => Softplus(v),
        UnaryOp.Abs => Math.Abs(v),
        UnaryOp.Sign => Math.Sign(v),
    };

    /// <summary>The value of <paramref name="op"/> at two constants.</summary>
    public static double Fold(BinaryOp op, double a, double b) => op switch
    {
        BinaryOp.Maximum => Math.Max(a, b),
        BinaryOp.Minimum => Math.Min(a, b),
        BinaryOp.EqualMask => a == b ? 1 : 0,
        BinaryOp.GreaterMask => a > b ? 1 : 0,
    };

    /// <summary>
    /// PyTorch's softplus (beta 1, threshold 20): x above 20, else max(x, 0) + log1p(e^-|x|), with log1p(e) =
    /// ln(1 + e) * e / ((1 + e) - 1), which corrects the rounding of 1 + e (e where 1 + e rounds to 1). The runtime's
    /// kernels (SimdMath.Softplus) and the interpreter (ScalarRules) compute the same formula.
    /// </summary>
    private static double Softplus(double x)
    {
        if (x > 20 || double.IsNaN(x)) return x;
        double e = Math.Exp(-Math.Abs(x)), u = 1 + e;
        return Math.Max(x, 0) + (u == 1 ? e : Math.Log(u) * (e / (u - 1)));
    }

    public static Node Binary(Graph g, BinaryOp op, Node a, Node b)
    {
        if (a.Kind == NodeKind.Constant && b.Kind == NodeKind.Constant)
        {
            return g.Constant(Fold(op, a.Value, b.Value));
        }
        if (ReferenceEquals(a, b))
        {
            return op switch
            {
                BinaryOp.EqualMask => g.One,
                BinaryOp.GreaterMask => g.Zero,
                BinaryOp.Maximum or BinaryOp.Minimum => a,
            };
        }
        return g.Intern(NodeKind.Binary, (int)op, ImmutableArray.Create(a, b), ImmutableArray<double>.Empty, 0, null, a.Axes | b.Axes, AxisSet.Empty);
    }

    public static Node Reduce(Graph g, ReduceOp op, Node a, AxisSet axes)
    {
        var varying = axes & a.Axes;
        if (op != ReduceOp.Sum) return Extremum(g, op, a, varying);
        // Summing over an axis the operand is broadcast along multiplies by its size.
        var broadcast = axes - a.Axes;
        var sum = LinearSum(g, a, varying);
        return broadcast.IsEmpty ? sum : Product(g, 1, new[] { (g.Count(broadcast), 1), (sum, 1) });
    }

    private static Node LinearSum(Graph g, Node a, AxisSet axes)
    {
        if (axes.IsEmpty) return a;
        switch (a.Kind)
        {
            case NodeKind.Add:
                // Sum(k + w1 t1 + w2 t2) = k N + w1 Sum(t1) + w2 Sum(t2)
                var terms = new List<(double, Node)> { (a.Value, g.Count(axes)) };
                for (int i = 0; i < a.Args.Length; i++) terms.Add((a.Weights[i], Reduce(g, ReduceOp.Sum, a.Args[i], axes)));
                return Sum(g, 0, terms);
            case NodeKind.Mul:
                // Sum(c * f(x)) = c * Sum(f(x)) for every factor c constant along the reduced axes.
                var invariant = new List<(Node, int)>();
                var inside = new List<(Node, int)>();
                foreach (var (f, e) in Factors(a)) (f.Axes.Overlaps(axes) ? inside : invariant).Add((f, e));
                if (invariant.Count == 0 && a.Value == 1) break;
                var inner = Reduce(g, ReduceOp.Sum, Product(g, 1, inside), axes);
                invariant.Add((inner, 1));
                return Product(g, a.Value, invariant);
            case NodeKind.Reduce when a.ReduceOp == ReduceOp.Sum:
                return Reduce(g, ReduceOp.Sum, a.Args[0], a.Reduced | axes);
        }
        return g.Intern(NodeKind.Reduce, (int)ReduceOp.Sum, ImmutableArray.Create(a), ImmutableArray<double>.Empty, 0, null, a.Axes - axes, axes);
    }

    private static Node Extremum(Graph g, ReduceOp op, Node a, AxisSet axes)
    {
        if (axes.IsEmpty) return a;
        // Max(Max(x, "d"), "n") is not merged into Max(x, "n d"): the value is the same, but ties share the gradient
        // per reduction as written (PyTorch's amax of an amax), which the merged node would split differently.
        return g.Intern(NodeKind.Reduce, (int)op, ImmutableArray.Create(a), ImmutableArray<double>.Empty, 0, null, a.Axes - axes, axes);
    }
}
