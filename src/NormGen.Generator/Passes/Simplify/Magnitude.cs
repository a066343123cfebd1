using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using NormGen.Generator.Ir;

namespace NormGen.Generator.Passes.Simplify;

/// <summary>
/// How a node's magnitude scales with independent sources of scale, as a power of each: a product of powers
/// prod s_b^p_b, written as the exponents p_b. A source is a tensor (x may be 1e18 or 1e-15 while gamma is O(1)) or a
/// value no power law describes (Exp, Sigmoid, a sum of unrelated terms). Powers follow the algebra: x - mean has x's
/// scale, Var(x) its square, rstd = Rsqrt(Var(x) + eps) its inverse (eps is a constant, which the variance outgrows
/// at the extremes where range matters), Sum(gamma (x - mean) dy) the product of the three. The magnitude of a partial
/// product is then the sum of its factors' powers, which is what <see cref="EvaluationOrder"/> keeps near 0.
/// A static estimate, never a statement about the data: it only chooses an order of evaluation.
/// </summary>
internal sealed class Magnitude
{
    private static readonly ConditionalWeakTable<Node, Magnitude> s_of = new();

    public static readonly Magnitude One = new(Array.Empty<int>(), Array.Empty<double>());

    private readonly int[] _sources;   // ascending node ids
    private readonly double[] _powers; // never 0

    private Magnitude(int[] sources, double[] powers)
    {
        _sources = sources;
        _powers = powers;
    }

    public bool IsOne => _sources.Length == 0;

    /// <summary>The magnitude of <paramref name="node"/>, computed once per node.</summary>
    public static Magnitude Of(Node node) => s_of.GetValue(node, Compute);

    private static Magnitude Source(Node node) => new(new[] { node.Id }, new[] { 1.0 });

    private static Magnitude Compute(Node node)
    {
        switch (node.Kind)
        {
            case NodeKind.Tensor:
                return Source(node);
            case NodeKind.Add:
                // The terms that scale at all dominate at the extremes (var + eps): if they agree, the sum scales
                // like them; a sum of differently scaled terms (x + gamma) is a scale of its own.
                Magnitude? common = null;
                foreach (var a in node.Args)
                {
                    var m = Of(a);
                    if (m.IsOne) continue;
                    if (common is null) common = m;
                    else if (!common.SameAs(m)) return Source(node);
                }
                return common ?? One;
            case NodeKind.Mul:
                var product = One;
                for (int i = 0; i < node.Args.Length; i++) product = product.Times(Of(node.Args[i]), node.Weights[i]);
                return product;
            case NodeKind.Pow:
                return One.Times(Of(node.Args[0]), node.Value);
            case NodeKind.Unary:
                return node.UnaryOp switch
                {
                    UnaryOp.Sqrt => One.Times(Of(node.Args[0]), 0.5),
                    UnaryOp.Rsqrt => One.Times(Of(node.Args[0]), -0.5),
                    UnaryOp.Abs => Of(node.Args[0]),
                    UnaryOp.Sign => One,
                    // No power of the operand's scale: a scale of their own.
                    UnaryOp.Exp or UnaryOp.Log or UnaryOp.Tanh or UnaryOp.Sigmoid or UnaryOp.Softplus => Source(node),
                };
            case NodeKind.Reduce:
            case NodeKind.Pivot:
                return Of(node.Args[0]);
            case NodeKind.Binary:
                switch (node.BinaryOp)
                {
                    case BinaryOp.EqualMask:
                    case BinaryOp.GreaterMask:
                        return One;
                    case BinaryOp.Maximum:
                    case BinaryOp.Minimum:
                        var left = Of(node.Args[0]);
                        return left.SameAs(Of(node.Args[1])) ? left : Source(node);
                }
                break;
            case NodeKind.Constant:
            case NodeKind.Count:
            case NodeKind.Scale:
            case NodeKind.Hyper:
                return One;
        }
        throw new InvalidOperationException($"No magnitude rule for {node}.");
    }

    /// <summary>this * <paramref name="other"/>^<paramref name="exponent"/>.</summary>
    public Magnitude Times(Magnitude other, double exponent)
    {
        if (other.IsOne || exponent == 0) return this;
        var sources = new List<int>(_sources.Length + other._sources.Length);
        var powers = new List<double>(sources.Capacity);
        int i = 0, j = 0;
        while (i < _sources.Length || j < other._sources.Length)
        {
            if (j == other._sources.Length || (i < _sources.Length && _sources[i] < other._sources[j]))
            {
                sources.Add(_sources[i]);
                powers.Add(_powers[i++]);
            }
            else if (i == _sources.Length || other._sources[j] < _sources[i])
            {
                sources.Add(other._sources[j]);
                powers.Add(exponent * other._powers[j++]);
            }
            else
            {
                double p = _powers[i] + exponent * other._powers[j];
                if (p != 0)
                {
                    sources.Add(_sources[i]);
                    powers.Add(p);
                }
                i++;
                j++;
            }
        }
        return new Magnitude(sources.ToArray(), powers.ToArray());
    }

    /// <summary>The largest power of any one source: how far from O(1) the value is when one source is extreme.</summary>
    public double Largest
    {
        get
        {
            double m = 0;
            foreach (double p in _powers) m = Math.Max(m, Math.Abs(p));
            return m;
        }
    }

    /// <summary>The sum of the powers' magnitudes: how far from O(1) it is when every source is extreme at once.</summary>
    public double Total
    {
        get
        {
            double m = 0;
            foreach (double p in _powers) m += Math.Abs(p);
            return m;
        }
    }

    private bool SameAs(Magnitude other)
    {
        if (_sources.Length != other._sources.Length) return false;
        for (int i = 0; i < _sources.Length; i++)
        {
            if (_sources[i] != other._sources[i] || _powers[i] != other._powers[i]) return false;
        }
        return true;
    }
}
