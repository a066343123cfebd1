using NormGen.Interpretation;
using static NormGen.Ops;

namespace NormGen.Tests.Interpretation;

/// <summary>What the interpreter computes, on hand-checkable numbers: broadcasting, layouts, ties, validation.</summary>
public sealed class InterpreterSemanticsTests
{
    private static readonly Expr X = Expr.Tensor("x"), B = Expr.Tensor("b");

    private static InterpreterResult Run(Expr formula, (string, int)[] axes, string output, double[] dy, params (string Name, string Axes, double[] Data)[] tensors) =>
        ExprInterpreter.Run(formula, axes, tensors.ToDictionary(t => t.Name, t => new NamedTensor(t.Axes, t.Data)), output, dy);

    [Fact]
    public void Broadcasts_by_axis_name_not_by_position()
    {
        // b varies over n (the leading axis); NumPy-style trailing alignment would have paired it with d.
        var r = Run(X + B, [("n", 2), ("d", 3)], "n d", new double[6],
                    ("x", "n d", [0, 1, 2, 10, 11, 12]), ("b", "n", [100, 200]));
        Assert.Equal([100, 101, 102, 210, 211, 212], r.Y);
    }

    [Fact]
    public void Tensors_and_output_may_use_any_axis_order()
    {
        // x is stored d-major; y is laid out "n d". y[n, d] = x[d, n].
        var r = Run(X * 1.0, [("n", 2), ("d", 3)], "n d", [1, 2, 3, 4, 5, 6], ("x", "d n", [0, 10, 1, 11, 2, 12]));
        Assert.Equal([0, 1, 2, 10, 11, 12], r.Y);
        Assert.Equal([1, 4, 2, 5, 3, 6], r.Gradients["x"]);
    }

    [Fact]
    public void Broadcasting_to_the_output_sums_the_gradient_back()
    {
        var r = Run(Sum(X, "d"), [("n", 2), ("d", 3)], "n d", [1, 2, 3, 4, 5, 6], ("x", "n d", [1, 1, 1, 2, 2, 2]));
        Assert.Equal([3, 3, 3, 6, 6, 6], r.Y);
        Assert.Equal([6, 6, 6, 15, 15, 15], r.Gradients["x"]);
    }

    [Theory]
    [InlineData(ReduceKind.Sum, 12.0)]
    [InlineData(ReduceKind.Mean, 3.0)]
    [InlineData(ReduceKind.Var, 0.0)]
    [InlineData(ReduceKind.Max, 3.0)]
    public void Reducing_over_an_axis_the_operand_lacks_sees_it_broadcast(ReduceKind kind, double expected)
    {
        var r = Run(Expr.Reduce(kind, X, "n"), [("n", 4), ("d", 1)], "d", [1], ("x", "d", [3]));
        Assert.Equal(expected, r.Y[0]);
    }

    [Fact]
    public void Var_is_biased_and_stable_under_a_large_offset()
    {
        // E[x^2] - E[x]^2 would lose every digit here; two passes keep the exact 1.25.
        var r = Run(Var(X, "d"), [("d", 4)], "d", new double[4], ("x", "d", [1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4]));
        Assert.Equal(1.25, r.Y[0]);
    }

    // Was: at x ~ 1e120 the Rsqrt's local derivative -0.5 ms^-1.5 (~1e-362) underflowed to 0, so the gradient lost the
    // path through the norm and came out O(1) wrong (found by the formula fuzzer as a kernel "mismatch": the kernels
    // were right). RMS normalization is scale-invariant, so dx at 1e120 x is exactly dx at x / 1e120.
    [Fact]
    public void Rsqrt_gradient_does_not_underflow_when_its_derivative_alone_would()
    {
        var formula = X * Rsqrt(Mean(Square(X), "d"));
        double[] x = [1, 2, 3, 4], dy = [1, -2, 0.5, 3];
        var unit = Run(formula, [("d", 4)], "d", dy, ("x", "d", x));
        var large = Run(formula, [("d", 4)], "d", dy, ("x", "d", x.Select(v => v * 1e120).ToArray()));
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(unit.Y[i], large.Y[i], 1e-12);
            Assert.Equal(unit.Gradients["x"][i], large.Gradients["x"][i] * 1e120, 1e-12);
        }
    }

    // Was: d(a / b)/db = -a / (b * b), and b * b overflows double for |b| above ~1.3e154, so the gradient of a
    // divisor of 1e160 came out -0 although -a / b^2 = -1e-120 is representable.
    [Fact]
    public void Divide_gradient_of_the_divisor_does_not_overflow_when_its_square_would()
    {
        var r = Run(X / B, [("d", 2)], "d", [1, -2], ("x", "d", [1e200, 3e200]), ("b", "d", [1e160, -2e160]));
        Assert.Equal(1e40, r.Y[0], 1e28);
        Assert.Equal(-1.5e40, r.Y[1], 1e28);
        Assert.Equal(-1e-120, r.Gradients["b"][0], 1e-132);
        Assert.Equal(2 * 3e200 / 2e160 / 2e160, r.Gradients["b"][1], 1e-132);
        Assert.All(r.Gradients["x"], g => Assert.Equal(1e-160, g, 1e-172));
    }

    [Fact]
    public void Max_splits_the_gradient_evenly_among_tied_elements()
    {
        // PyTorch's amax/amin: k tied elements get dy / k each. The scalar result is broadcast over the output "d";
        // dy = 1 at one element makes its gradient 1.
        var r = Run(Max(X, "d"), [("d", 4)], "d", [1, 0, 0, 0], ("x", "d", [1, 3, 3, 2]));
        Assert.Equal([0, 0.5, 0.5, 0], r.Gradients["x"]);
        var min = Run(Min(X, "d"), [("d", 4)], "d", [1, 0, 0, 0], ("x", "d", [1, 1, 1, 2]));
        Assert.Equal([1 / 3.0, 1 / 3.0, 1 / 3.0, 0], min.Gradients["x"]);
    }

    [Fact]
    public void Max_over_an_axis_the_operand_lacks_passes_the_whole_gradient()
    {
        // The 4 broadcast copies of x tie; their quarters add back up on x itself.
        var r = Run(Max(X, "n"), [("n", 4), ("d", 1)], "d", [2], ("x", "d", [3]));
        Assert.Equal([2.0], r.Gradients["x"]);
    }

    [Fact]
    public void Maximum_and_Minimum_give_half_of_a_tie_to_each_side()
    {
        var max = Run(Maximum(X, B), [("d", 3)], "d", [1, 1, 1], ("x", "d", [1, 2, 3]), ("b", "d", [2, 2, 2]));
        Assert.Equal([0, 0.5, 1], max.Gradients["x"]);
        Assert.Equal([1, 0.5, 0], max.Gradients["b"]);
        var min = Run(Minimum(X, B), [("d", 3)], "d", [1, 1, 1], ("x", "d", [1, 2, 3]), ("b", "d", [2, 2, 2]));
        Assert.Equal([1, 0.5, 0], min.Gradients["x"]);
        Assert.Equal([0, 0.5, 1], min.Gradients["b"]);
        var self = Run(Maximum(X, X), [("d", 2)], "d", [1, 1], ("x", "d", [1, 2]));
        Assert.Equal([1.0, 1.0], self.Gradients["x"]);
    }

    [Fact]
    public void A_shared_subexpression_accumulates_the_gradient_of_each_use()
    {
        var square = X * X;
        var r = Run(square + square, [("d", 2)], "d", [1, 1], ("x", "d", [3, -1]));
        Assert.Equal([18, 2], r.Y);
        Assert.Equal([12, -4], r.Gradients["x"]);
    }

    [Fact]
    public void A_tensor_the_formula_does_not_read_gets_a_zero_gradient()
    {
        var r = Run(X * 2.0, [("d", 2)], "d", [1, 1], ("x", "d", [1, 2]), ("b", "d", [5, 6]));
        Assert.Equal([0, 0], r.Gradients["b"]);
    }

    [Fact]
    public void Inputs_are_not_modified()
    {
        double[] x = [1, 2, 3], dy = [1, 1, 1];
        Run(Exp(X) - Mean(X, "d"), [("d", 3)], "d", dy, ("x", "d", x));
        Assert.Equal([1, 2, 3], x);
        Assert.Equal([1, 1, 1], dy);
    }

    [Fact]
    public void A_wrong_length_names_the_tensor()
    {
        var e = Assert.Throws<ArgumentException>(() => Run(X * B, [("n", 2), ("d", 3)], "n d", new double[6],
            ("x", "n d", new double[6]), ("b", "d", new double[4])));
        Assert.Contains("'b'", e.Message);
        Assert.Contains("3", e.Message);
        var dy = Assert.Throws<ArgumentException>(() => Run(X, [("d", 3)], "d", new double[2], ("x", "d", new double[3])));
        Assert.Contains("dy", dy.Message);
    }

    [Fact]
    public void Missing_tensors_and_unknown_axes_are_reported()
    {
        Assert.Contains("'b'", Assert.Throws<ArgumentException>(() => Run(X * B, [("d", 3)], "d", new double[3], ("x", "d", new double[3]))).Message);
        Assert.Contains("'q'", Assert.Throws<ArgumentException>(() => Run(X, [("d", 3)], "d", new double[3], ("x", "q", new double[3]))).Message);
        Assert.Contains("'e'", Assert.Throws<ArgumentException>(() => Run(Sum(X, "e"), [("d", 3)], "d", new double[3], ("x", "d", new double[3]))).Message);
        Assert.Throws<ArgumentException>(() => Run(X, [("d", 0)], "d", [], ("x", "d", [])));
    }

    [Fact]
    public void A_result_varying_over_a_non_output_axis_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Run(X, [("n", 2), ("d", 3)], "n", new double[2], ("x", "n d", new double[6])));
        Assert.Contains("d", e.Message);
    }
}
