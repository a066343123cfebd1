using System.Reflection;
using NormGen.Generator.Diagnostics;
using NormGen.Generator.Emit;
using NormGen.Generator.Ir;
using NormGen.Generator.Passes.Differentiate;
using NormGen.Generator.Passes.Simplify;

namespace NormGen.Generator.Tests;

/// <summary>
/// Every op has its row in every table of the compiler. The tables are switches without a default arm, so a missing
/// row is already a build error (CS8509); these tests pin the rest: the front end's table and the runtime's NormGen.Ops
/// name the same members, each descriptor can lower its op, NG0002 lists them all, and each IR function folds,
/// differentiates and prints in both dialects, each to its own text.
/// </summary>
public sealed class OpTableTests
{
    // By name: the enums are internal to the generator, and a public theory cannot take them as parameters.
    public static TheoryData<string> Ops => new(Enum.GetNames<Op>());
    public static TheoryData<string> UnaryOps => new(Enum.GetNames<UnaryOp>());
    public static TheoryData<string> BinaryOps => new(Enum.GetNames<BinaryOp>());

    [Fact]
    public void The_op_table_names_exactly_the_members_of_NormGen_Ops()
    {
        var runtime = typeof(NormGen.Ops).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(runtime, OpTable.All.Select(d => d.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Ops))]
    public void Each_op_has_a_descriptor_that_lowers_it(string name)
    {
        var op = Enum.Parse<Op>(name);
        var d = OpTable.Of(op);
        Assert.Equal(op, d.Op);
        Assert.True(OpTable.TryFind(op.ToString(), out var found) && found == d);
        // The parse signature is the runtime member's: same number of C# parameters.
        Assert.Equal(typeof(NormGen.Ops).GetMethod(op.ToString())!.GetParameters().Length, d.Arity);

        var g = new Graph(new AxisTable());
        var axis = AxisSet.Of(g.Axes.Add("d"));
        var x = g.Tensor("x", axis);
        switch (d.Shape)
        {
            case OpShape.Reduction:
                Assert.NotNull(d.Reduction);
                Assert.True(d.Reduction(g, x, axis).Axes.IsEmpty);
                break;
            case OpShape.Elementwise:
                Assert.NotNull(d.Elementwise);
                var lowered = d.Elementwise(g, Enumerable.Repeat(x, d.Arity).Select((t, i) => i == 0 ? t : g.Tensor("b", axis)).ToList());
                Assert.Equal(axis, lowered.Axes);
                break;
            default:
                // Pow and Running carry constants or state the IR builder lowers itself.
                Assert.True(d.Reduction is null && d.Elementwise is null);
                break;
        }
    }

    [Fact]
    public void NG0002_lists_every_op()
    {
        string message = DiagnosticDescriptors.UnsupportedCall.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var op in Enum.GetValues<Op>()) Assert.Contains(op.ToString(), message, StringComparison.Ordinal);
        Assert.EndsWith(", Minimum and Running", message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(UnaryOps))]
    public void Each_unary_function_folds_differentiates_and_lowers(string name)
    {
        var op = Enum.Parse<UnaryOp>(name);
        double folded = Algebra.Fold(op, 0.75);
        Assert.False(double.IsNaN(folded));

        var g = new Graph(new AxisTable());
        var x = g.Tensor("x", AxisSet.Of(g.Axes.Add("d")));
        var node = g.Unary(op, x);
        Assert.Equal(NodeKind.Unary, node.Kind);
        Assert.Equal(folded, g.Unary(op, g.Constant(0.75)).Value);
        Assert.NotNull(DerivativeRules.Contribution(g, node, 0, g.Tensor("dy", x.Axes)));

        AssertDistinctSpellings(Enum.GetValues<UnaryOp>().Select(o => Dialect.Vector.Unary(o, "a")));
        AssertDistinctSpellings(Enum.GetValues<UnaryOp>().Select(o => Dialect.Scalar.Unary(o, "a")));
        Assert.Contains("a", Dialect.Vector.Unary(op, "a"), StringComparison.Ordinal);
        Assert.Contains("a", Dialect.Scalar.Unary(op, "a"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BinaryOps))]
    public void Each_binary_function_folds_differentiates_and_lowers(string name)
    {
        var op = Enum.Parse<BinaryOp>(name);
        var g = new Graph(new AxisTable());
        var axis = AxisSet.Of(g.Axes.Add("d"));
        var node = g.Binary(op, g.Tensor("a", axis), g.Tensor("b", axis));
        Assert.Equal(NodeKind.Binary, node.Kind);
        Assert.Equal(Algebra.Fold(op, 2, 3), g.Binary(op, g.Constant(2), g.Constant(3)).Value);
        Assert.NotNull(DerivativeRules.Contribution(g, node, 1, g.Tensor("dy", axis)));
        AssertDistinctSpellings(Enum.GetValues<BinaryOp>().Select(o => Dialect.Vector.Binary(o, "a", "b")));
        AssertDistinctSpellings(Enum.GetValues<BinaryOp>().Select(o => Dialect.Scalar.Binary(o, "a", "b")));
    }

    private static void AssertDistinctSpellings(IEnumerable<string> spellings)
    {
        var list = spellings.ToList();
        Assert.Equal(list.Count, list.Distinct(StringComparer.Ordinal).Count());
    }
}
