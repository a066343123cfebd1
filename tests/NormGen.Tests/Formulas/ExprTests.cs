using static NormGen.Ops;

namespace NormGen.Tests.Formulas;

public sealed class ExprTests
{
    private static readonly Expr X = Expr.Tensor("x"), A = Expr.Tensor("a"), B = Expr.Tensor("b"), C = Expr.Tensor("c");

    [Fact]
    public void Ops_build_the_node_types_tools_walk()
    {
        var e = Expr.Tensor("gamma") * (X - Mean(X, "n h w")) + 1.5;

        var add = Assert.IsType<BinaryExpr>(e);
        Assert.Equal(BinaryKind.Add, add.Kind);
        Assert.Equal(1.5, Assert.IsType<ConstantExpr>(add.Right).Value);
        var mul = Assert.IsType<BinaryExpr>(add.Left);
        Assert.Equal("gamma", Assert.IsType<TensorExpr>(mul.Left).Name);
        var mean = Assert.IsType<ReduceExpr>(Assert.IsType<BinaryExpr>(mul.Right).Right);
        Assert.Equal(ReduceKind.Mean, mean.Kind);
        Assert.Equal(["n", "h", "w"], mean.Axes);
        Assert.Same(X, mean.Operand);
        Assert.Equal([mul, add.Right], add.Operands);
    }

    [Fact]
    public void Every_op_maps_to_its_node()
    {
        Assert.Equal(UnaryKind.Rsqrt, Assert.IsType<UnaryExpr>(Rsqrt(X)).Kind);
        Assert.Equal(UnaryKind.Negate, Assert.IsType<UnaryExpr>(-X).Kind);
        Assert.Equal(BinaryKind.Minimum, Assert.IsType<BinaryExpr>(Minimum(X, A)).Kind);
        Assert.Equal(2.5, Assert.IsType<PowerExpr>(Pow(X, 2.5)).Exponent);
        var running = Assert.IsType<RunningExpr>(Running(Var(X, "n"), 0.1, unbiased: true));
        Assert.Equal((0.1, true), (running.Momentum, running.Unbiased));
        Assert.IsType<ReduceExpr>(running.Statistic);
    }

    [Fact]
    public void ToString_reads_like_the_formula()
    {
        Assert.Equal("gamma * (x - Mean(x, \"d\")) * Rsqrt(Var(x, \"d\") + 1E-05) + beta",
            (Expr.Tensor("gamma") * (X - Mean(X, "d")) * Rsqrt(Var(X, "d") + 1e-5) + Expr.Tensor("beta")).ToString());
        Assert.Equal("Running(Var(x, \"n h w\"), 0.1, unbiased: true)", Running(Var(X, "n h w"), 0.1, unbiased: true).ToString());
        Assert.Equal("Running(Max(x, \"n\"), 0.5)", Running(Max(X, "n"), 0.5).ToString());
        Assert.Equal("Maximum(Pow(x, 0.5), Sigmoid(-x))", Maximum(Pow(X, 0.5), Sigmoid(-X)).ToString());
    }

    [Fact]
    public void ToString_keeps_exactly_the_parentheses_the_tree_needs()
    {
        Assert.Equal("a - b - c", (A - B - C).ToString());
        Assert.Equal("a - (b - c)", (A - (B - C)).ToString());
        Assert.Equal("a + (b + c)", (A + (B + C)).ToString());
        Assert.Equal("a / (b * c)", (A / (B * C)).ToString());
        Assert.Equal("a * b + c", (A * B + C).ToString());
        Assert.Equal("(a + b) * c", ((A + B) * C).ToString());
        Assert.Equal("-(a + b)", (-(A + B)).ToString());
        Assert.Equal("-(-a)", (-(-A)).ToString());
        Assert.Equal("a * -2", (A * -2.0).ToString());
        Assert.Equal("-(-2)", (-Expr.Constant(-2)).ToString());
    }

    [Fact]
    public void Shared_subexpressions_stay_one_node()
    {
        var m = Mean(X, "d");
        var e = Assert.IsType<BinaryExpr>((X - m) * m);
        Assert.Same(m, e.Right);
        Assert.Same(m, Assert.IsType<BinaryExpr>(e.Left).Right);
    }

    [Fact]
    public void Running_nodes_remember_their_creation_order()
    {
        var first = Assert.IsType<RunningExpr>(Running(Mean(X, "n"), 0.1));
        var second = Assert.IsType<RunningExpr>(Running(Mean(X, "n"), 0.1));
        Assert.True(first.CreationOrder < second.CreationOrder);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("n n")]
    [InlineData("(g c)")]
    [InlineData("n, d")]
    [InlineData("1d")]
    public void Invalid_reduction_axes_are_rejected(string axes)
    {
        Assert.Throws<ArgumentException>(() => Sum(X, axes));
    }

    [Fact]
    public void Invalid_nodes_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Expr.Tensor("not a name"));
        Assert.Throws<ArgumentNullException>(() => Sqrt(null!));
        Assert.Throws<ArgumentNullException>(() => X + null!);
        Assert.Throws<ArgumentOutOfRangeException>(() => Pow(X, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => Expr.Unary((UnaryKind)99, X));
    }
}
