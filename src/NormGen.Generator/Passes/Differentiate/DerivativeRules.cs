using System;
using System.Collections.Generic;
using NormGen.Generator.Ir;

namespace NormGen.Generator.Passes.Differentiate;

/// <summary>
/// The one table of derivative rules: for a node and one of its arguments, the adjoint contribution
/// <c>adjoint * d(node)/d(argument)</c>, before summing over the axes the argument is broadcast along.
/// Rules are written in terms of the node's own value where that is cheaper (exp, rsqrt, tanh, sigmoid),
/// so backward passes reuse saved or recomputed forward values instead of re-deriving them.
/// Each <see cref="UnaryOp"/> and <see cref="BinaryOp"/> has its row in a switch without a default arm, so a new one
/// without a rule does not compile (docs/architecture.md, "Adding an op").
/// </summary>
internal static class DerivativeRules
{
    /// <summary>Where PyTorch's softplus (beta 1) becomes x itself, its gradient 1.</summary>
    public const double SoftplusThreshold = 20;

    public static Node Contribution(Graph g, Node node, int argument, Node adjoint)
    {
        var a = node.Args[argument];
        switch (node.Kind)
        {
            case NodeKind.Add:
                return g.Multiply(node.Weights[argument], adjoint);

            case NodeKind.Mul:
            {
                // d(k * prod f_j^e_j)/d f_i = k * e_i * f_i^(e_i - 1) * prod_{j != i} f_j^e_j
                var factors = new List<(Node, int)> { (adjoint, 1) };
                for (int j = 0; j < node.Args.Length; j++)
                {
                    int e = (int)node.Weights[j];
                    factors.Add((node.Args[j], j == argument ? e - 1 : e));
                }
                return g.Product(node.Value * node.Weights[argument], factors);
            }

            case NodeKind.Pow:
                return g.Multiply(node.Value, adjoint, g.Power(a, node.Value - 1));

            case NodeKind.Unary:
                return node.UnaryOp switch
                {
                    UnaryOp.Sqrt => g.Product(0.5, new[] { (adjoint, 1), (node, -1) }),
                    UnaryOp.Rsqrt => g.Product(-0.5, new[] { (adjoint, 1), (node, 3) }),
                    UnaryOp.Exp => g.Multiply(adjoint, node),
                    UnaryOp.Log => g.Divide(adjoint, a),
                    UnaryOp.Tanh => g.Multiply(adjoint, g.Subtract(g.One, g.Power(node, 2))),
                    UnaryOp.Sigmoid => g.Multiply(1, adjoint, node, g.Subtract(g.One, node)),
                    // Sigmoid(a), and exactly 1 where PyTorch's softplus is linear (a > 20): Sigmoid(a) <= 1 there,
                    // the mask is 0 (and Sigmoid(a) >= 0) below, and NaN stays NaN through Maximum.
                    UnaryOp.Softplus => g.Multiply(adjoint, g.Binary(BinaryOp.Maximum, g.Unary(UnaryOp.Sigmoid, a),
                        g.Binary(BinaryOp.GreaterMask, a, g.Constant(SoftplusThreshold)))),
                    UnaryOp.Abs => g.Multiply(adjoint, g.Unary(UnaryOp.Sign, a)),
                    UnaryOp.Sign => g.Zero,
                };

            case NodeKind.Reduce:
            {
                if (node.ReduceOp == ReduceOp.Sum) return adjoint; // a sum broadcasts its adjoint back
                // Max/Min split the adjoint evenly among the elements equal to the extremum, as PyTorch's amax/amin:
                // mask / Sum(mask), so k tied elements get a k-th each and the gradient sums to the adjoint.
                var tied = g.Binary(BinaryOp.EqualMask, a, node);
                return g.Product(1, new[] { (adjoint, 1), (tied, 1), (g.Sum(tied, node.Reduced), -1) });
            }

            case NodeKind.Binary:
                return node.BinaryOp switch
                {
                    BinaryOp.Maximum or BinaryOp.Minimum => g.Multiply(adjoint, ExtremumShare(g, node, argument)),
                    BinaryOp.EqualMask or BinaryOp.GreaterMask => g.Zero, // piecewise constant
                };
        }
        throw new NotSupportedException(node.Kind.ToString());
    }

    /// <summary>
    /// Maximum(a, b) routes the adjoint to a where a &gt; b, to b where b &gt; a and half to each where a == b (PyTorch's
    /// torch.maximum); Minimum likewise with the comparison reversed.
    /// </summary>
    private static Node ExtremumShare(Graph g, Node node, int argument)
    {
        var (self, other) = (node.Args[argument], node.Args[1 - argument]);
        var wins = node.BinaryOp == BinaryOp.Maximum
            ? g.Binary(BinaryOp.GreaterMask, self, other)
            : g.Binary(BinaryOp.GreaterMask, other, self);
        return g.Add(0, new[]
        {
            (1.0, wins),
            (0.5, g.Binary(BinaryOp.EqualMask, node.Args[0], node.Args[1])),
        });
    }
}
