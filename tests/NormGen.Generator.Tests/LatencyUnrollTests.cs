using NormGen.Generator.Emit.Loops;
using NormGen.Generator.Ir;
using NormGen.Generator.Model;

namespace NormGen.Generator.Tests;

using Expr = NormGen.Generator.Emit.Loops.Expr;

/// <summary>
/// Emit/Loops/LatencyUnroll.cs: an element-wise innermost body with a transcendental runs two copies per vector-loop
/// iteration (the memory time DyT's one-copy loop left exposed, docs/benchmarks-dyt.md); any other keeps one.
/// </summary>
public sealed class LatencyUnrollTests
{
    private static readonly IndexExpr J = new IndexVar("__j");

    private static Stmt[] Body(Expr value) => new Stmt[] { new Let("__t", value), new Store("__row_y", J, new Var("__t"), Accumulate: false) };

    [Theory]
    [InlineData(nameof(UnaryOp.Exp))]
    [InlineData(nameof(UnaryOp.Log))]
    [InlineData(nameof(UnaryOp.Tanh))]
    [InlineData(nameof(UnaryOp.Sigmoid))]
    [InlineData(nameof(UnaryOp.Softplus))]
    public void A_body_with_a_transcendental_runs_two_copies(string name)
    {
        var op = Enum.Parse<UnaryOp>(name);
        // Nested under a product, as gamma * tanh(alpha x) is.
        var value = new Product(new Expr[] { new Load("gamma", J), new Unary(op, new Load("__row_x", J)) }.ToEquatableArray(), EquatableArray<Expr>.Empty, false);
        Assert.Equal(2, LatencyUnroll.For(Body(value)));
        Assert.Equal(2, LatencyUnroll.For(new Stmt[] { new Store("__row_y", J, new Unary(op, new Load("__row_x", J)), Accumulate: true) }));
    }

    [Theory]
    [InlineData(nameof(UnaryOp.Sqrt))]
    [InlineData(nameof(UnaryOp.Rsqrt))]
    [InlineData(nameof(UnaryOp.Abs))]
    [InlineData(nameof(UnaryOp.Sign))]
    public void A_body_without_one_keeps_one_copy(string name)
    {
        var op = Enum.Parse<UnaryOp>(name);
        Assert.Equal(1, LatencyUnroll.For(Body(new Unary(op, new Load("__row_x", J)))));
        Assert.Equal(1, LatencyUnroll.For(Body(new Load("__row_x", J))));
    }
}
