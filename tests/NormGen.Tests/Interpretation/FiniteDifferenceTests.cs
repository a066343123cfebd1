using NormGen.Interpretation;
using NormGen.Tests.Support;
using static NormGen.Ops;

namespace NormGen.Tests.Interpretation;

/// <summary>Every operation's gradient against central finite differences, over named-axis shapes with broadcasting.</summary>
public sealed class FiniteDifferenceTests
{
    private static readonly (string, int)[] s_axes = [("n", 2), ("c", 3), ("w", 4)];
    private static readonly Expr X = Expr.Tensor("x"), B = Expr.Tensor("b");

    public static TheoryData<UnaryKind> UnaryKinds => new(Enum.GetValues<UnaryKind>());

    [Theory]
    [MemberData(nameof(UnaryKinds))]
    public void Unary(UnaryKind kind)
    {
        // Sqrt, Rsqrt and Log need positive inputs; the rest see both signs (Abs away from its kink at 0).
        bool positive = kind is UnaryKind.Sqrt or UnaryKind.Rsqrt or UnaryKind.Log;
        var x = Tensor("n c w", 24, seed: (int)kind, positive);
        GradientCheck.Verify(Expr.Unary(kind, X), s_axes, new Dictionary<string, NamedTensor> { ["x"] = x }, "n c w");
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(3.0)]
    [InlineData(0.5)]
    [InlineData(2.5)]
    [InlineData(-1.5)]
    [InlineData(0.0)]
    public void Power(double exponent)
    {
        var x = Tensor("c w", 12, seed: 7, positive: true);
        GradientCheck.Verify(Pow(X, exponent), s_axes, new Dictionary<string, NamedTensor> { ["x"] = x }, "c w");
    }

    public static TheoryData<BinaryKind, string, string, string> BinaryCases()
    {
        var data = new TheoryData<BinaryKind, string, string, string>();
        (string A, string B, string Output)[] shapes =
        [
            ("n c w", "n c w", "n c w"), // same axes
            ("n c w", "w", "n c w"),     // broadcast along the trailing axis
            ("n c w", "c", "n c w"),     // ... a middle axis
            ("n c w", "n", "n c w"),     // ... the leading axis
            ("n w", "c w", "n c w"),     // both operands broadcast
            ("n c w", "w c", "n c w"),   // b stored in another axis order than a
            ("c", "n c w", "w n c"),     // output laid out in yet another order
        ];
        foreach (var kind in Enum.GetValues<BinaryKind>())
            foreach (var (a, b, output) in shapes)
                data.Add(kind, a, b, output);
        return data;
    }

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void Binary(BinaryKind kind, string aAxes, string bAxes, string outputAxes)
    {
        var tensors = new Dictionary<string, NamedTensor>
        {
            ["x"] = Tensor(aAxes, Count(aAxes), seed: 11),
            // Divisors stay away from 0.
            ["b"] = Tensor(bAxes, Count(bAxes), seed: 12, positive: kind == BinaryKind.Divide),
        };
        GradientCheck.Verify(Expr.Binary(kind, X, B), s_axes, tensors, outputAxes);
    }

    [Theory]
    [InlineData(BinaryKind.Subtract)]
    [InlineData(BinaryKind.Divide)]
    [InlineData(BinaryKind.Maximum)]
    public void Binary_with_a_constant_on_either_side(BinaryKind kind)
    {
        var tensors = new Dictionary<string, NamedTensor> { ["x"] = Tensor("n c w", 24, seed: 13, positive: true) };
        GradientCheck.Verify(Expr.Binary(kind, X, 1.25) + Expr.Binary(kind, 0.75, X), s_axes, tensors, "n c w");
    }

    public static TheoryData<ReduceKind, string> ReduceCases()
    {
        var data = new TheoryData<ReduceKind, string>();
        foreach (var kind in Enum.GetValues<ReduceKind>())
            foreach (string axes in new[] { "n", "c", "w", "n w", "c w", "n c w" })
                data.Add(kind, axes);
        return data;
    }

    [Theory]
    [MemberData(nameof(ReduceCases))]
    public void Reduce(ReduceKind kind, string reduced)
    {
        var kept = "n c w".Split(' ').Except(reduced.Split(' ')).ToArray();
        // A full reduction is a scalar, which is broadcast back over the output.
        string output = kept.Length > 0 ? string.Join(' ', kept) : "n c w";
        var tensors = new Dictionary<string, NamedTensor> { ["x"] = Tensor("n c w", 24, seed: 17) };
        GradientCheck.Verify(Expr.Reduce(kind, X, reduced), s_axes, tensors, output);
    }

    [Theory]
    [InlineData(ReduceKind.Sum)]
    [InlineData(ReduceKind.Mean)]
    [InlineData(ReduceKind.Var)]
    [InlineData(ReduceKind.Max)]
    public void Reduce_over_axes_the_operand_is_broadcast_along(ReduceKind kind)
    {
        var tensors = new Dictionary<string, NamedTensor> { ["x"] = Tensor("n c", 6, seed: 19), ["b"] = Tensor("w", 4, seed: 20) };
        GradientCheck.Verify(Expr.Reduce(kind, X * B, "c w"), s_axes, tensors, "n");
    }

    public static TheoryData<string> Composites => new(s_composites.Keys);

    private static readonly Dictionary<string, Func<Expr>> s_composites = new()
    {
        ["layer norm over middle and trailing axes"] = () => B * (X - Mean(X, "c w")) * Rsqrt(Var(X, "c w") + 1e-5),
        ["softmax"] = () => Exp(X - Max(X, "w")) / Sum(Exp(X - Max(X, "w")), "w"),
        ["log-sum-exp with a shared subexpression"] = () => LogSumExp(X),
        ["rms norm"] = () => X * Rsqrt(Mean(Square(X), "w") + 1e-6) * B,
        ["clamp and squash"] = () => Tanh(Maximum(Minimum(X, 1.0), -1.0) * B) + Sigmoid(-X) * Abs(X),
        ["power of a statistic"] = () => Pow(Sum(X * X, "n") + 1.0, -0.75) * Sqrt(Abs(B) + 1.0),
    };

    private static Expr LogSumExp(Expr x)
    {
        var m = Max(x, "c");
        return m + Log(Sum(Exp(x - m), "c"));
    }

    [Theory]
    [MemberData(nameof(Composites))]
    public void Composite(string name)
    {
        var tensors = new Dictionary<string, NamedTensor> { ["x"] = Tensor("n c w", 24, seed: 23), ["b"] = Tensor("w", 4, seed: 24) };
        GradientCheck.Verify(s_composites[name](), s_axes, tensors, "n c w");
    }

    [Fact]
    public void Layout_with_a_split_axis()
    {
        // "n (g c) w": the channel axis of memory is g outer, c inner; the parameter is stored over "g c".
        (string, int)[] axes = [("n", 2), ("g", 2), ("c", 2), ("w", 3)];
        var tensors = new Dictionary<string, NamedTensor>
        {
            ["x"] = Tensor("n (g c) w", 24, seed: 29),
            ["b"] = Tensor("g c", 4, seed: 30),
        };
        GradientCheck.Verify(B * (X - Mean(X, "c w")) * Rsqrt(Var(X, "c w") + 1e-5), axes, tensors, "n (g c) w");
    }

    private static NamedTensor Tensor(string axes, int count, int seed, bool positive = false) =>
        new(axes, RandomData.Uniform(new Random(seed), count, positive ? 0.5 : -2, 2));

    private static int Count(string axes) =>
        axes.Split(' ').Aggregate(1, (n, a) => n * s_axes.Single(x => x.Item1 == a).Item2);
}
