using NormGen.Generator.Model;
using NormGen.Generator.Tests.Infrastructure;
using static NormGen.Generator.Tests.Infrastructure.FormulaPrinter;

namespace NormGen.Generator.Tests;

/// <summary>The LayerModel the parse pass produces for the layers of docs/language.md, and for language details.</summary>
public sealed class ParseTests
{
    [Fact]
    public void LayerNorm()
    {
        var run = GeneratorHarness.Run(DesignLayers.LayerNorm);
        var model = run.SingleModel();

        Assert.Equal("Samples", model.Namespace);
        Assert.Equal("LayerNorm", model.ClassName);
        Assert.Equal("n d", model.Layout);
        Assert.Equal("\"n d\"", run.TextAt(model.LayoutLocation));
        Assert.Null(model.OutputLayout);
        Assert.Null(model.Specialize);
        Assert.Equal("Forward", model.MethodName);
        Assert.Equal("LayerNorm", run.TextAt(model.Location));
        Assert.Equal(
            ["x: Input", "gamma: Param \"d\" init 1", "beta: Param \"d\" init 0", "eps: Hyper = 1E-05"],
            model.Parameters.Select(Print));
        Assert.Empty(model.Locals);
        Assert.Equal(
            "(((gamma * (x - Mean(x, \"d\"))) * Rsqrt((Var(x, \"d\") + eps))) + beta)",
            Print(model.Result));
        AssertCompiles(run);
    }

    [Fact]
    public void LayerNorm_parameters_carry_their_locations()
    {
        var run = GeneratorHarness.Run(DesignLayers.LayerNorm);
        var parameters = run.SingleModel().Parameters;

        Assert.Equal("Expr x", run.TextAt(parameters[0].Location));
        Assert.Equal("[Param(\"d\", Init = 0)] Expr beta", run.TextAt(parameters[2].Location));
        Assert.Equal("\"d\"", run.TextAt(parameters[2].AxesLocation));
        Assert.Equal("double eps = 1e-5", run.TextAt(parameters[3].Location));
    }

    [Fact]
    public void LayerNorm_reductions_carry_their_axes_and_locations()
    {
        var run = GeneratorHarness.Run(DesignLayers.LayerNorm);
        var result = (BinaryNode)run.SingleModel().Result;                      // (...) + beta
        var scaled = (BinaryNode)((BinaryNode)result.Left).Left;                 // gamma * (x - Mean(x, "d"))
        var centered = (BinaryNode)scaled.Right;                                 // x - Mean(x, "d")
        var mean = Assert.IsType<CallNode>(centered.Right);

        Assert.Equal("Mean", mean.Method);
        Assert.Equal("d", mean.Axes);
        Assert.Equal("Mean(x, \"d\")", run.TextAt(mean.Location));
        Assert.Equal("\"d\"", run.TextAt(mean.AxesLocation));
        Assert.Equal("x", run.TextAt(Assert.Single(mean.Arguments).Location));
        Assert.Equal("x - Mean(x, \"d\")", run.TextAt(centered.Location));
        Assert.Equal("beta", run.TextAt(result.Right.Location));
    }

    [Fact]
    public void BatchNorm2d_block_body_with_Running()
    {
        var run = GeneratorHarness.Run(DesignLayers.BatchNorm2d);
        var model = run.SingleModel();

        Assert.Equal("n c h w", model.Layout);
        Assert.Equal(
            ["x: Input", "gamma: Param \"c\" init 1", "beta: Param \"c\" init 0", "eps: Hyper = 1E-05", "momentum: Hyper = 0.1"],
            model.Parameters.Select(Print));
        Assert.Equal(
            ["mean = Running(Mean(x, \"n h w\"), momentum)", "variance = Running(Var(x, \"n h w\"), momentum, unbiased: true)"],
            model.Locals.Select(l => $"{l.Name} = {Print(l.Value)}"));
        Assert.Equal("mean = Running(Mean(x, \"n h w\"), momentum)", run.TextAt(model.Locals[0].Location));
        Assert.Equal("(((gamma * (x - mean)) * Rsqrt((variance + eps))) + beta)", Print(model.Result));

        var running = Assert.IsType<CallNode>(model.Locals[1].Value);
        Assert.True(running.Unbiased);
        Assert.Equal(2, running.Arguments.Count);
        Assert.Equal(new RefNode("momentum", running.Arguments[1].Location), running.Arguments[1]);
        Assert.Null(running.Axes);
        AssertCompiles(run);
    }

    [Fact]
    public void GroupNorm_grouped_layout()
    {
        var run = GeneratorHarness.Run(DesignLayers.GroupNorm);
        var model = run.SingleModel();

        Assert.Equal("n (g c) h w", model.Layout);
        Assert.Equal(
            ["x: Input", "gamma: Param \"g c\" init 1", "beta: Param \"g c\" init 0", "eps: Hyper = 1E-05"],
            model.Parameters.Select(Print));
        Assert.Equal(
            "(((gamma * (x - Mean(x, \"c h w\"))) * Rsqrt((Var(x, \"c h w\") + eps))) + beta)",
            Print(model.Result));
        AssertCompiles(run);
    }

    [Fact]
    public void WeightNorm()
    {
        var run = GeneratorHarness.Run(DesignLayers.WeightNorm);
        var model = run.SingleModel();

        Assert.Equal("o i", model.Layout);
        Assert.Equal(["v: Input", "g: Param \"o\" init 1"], model.Parameters.Select(Print));
        Assert.Equal("((g * v) * Rsqrt(Sum((v * v), \"i\")))", Print(model.Result));
        AssertCompiles(run);
    }

    [Fact]
    public void CosineNorm_output_layout()
    {
        var run = GeneratorHarness.Run(DesignLayers.CosineNorm);
        var model = run.SingleModel();

        Assert.Equal("n i", model.Layout);
        Assert.Equal("n o", model.OutputLayout);
        Assert.Equal("\"n o\"", run.TextAt(model.OutputLayoutLocation));
        Assert.Equal(["x: Input", "w: Param \"o i\" init 1"], model.Parameters.Select(Print));
        Assert.Equal(
            "((Sum((x * w), \"i\") * Rsqrt(Sum((x * x), \"i\"))) * Rsqrt(Sum((w * w), \"i\")))",
            Print(model.Result));
        AssertCompiles(run);
    }

    [Fact]
    public void Design_layers_in_one_compilation_each_get_a_model()
    {
        var compilation = GeneratorHarness.CreateCompilation(DesignLayers.All.Select(l => (l.Name + ".cs", l.Source)).ToArray());
        var run = GeneratorHarness.Run(compilation);

        Assert.Equal(
            ["BatchNorm2d", "CosineNorm", "GroupNorm", "LayerNorm", "WeightNorm"],
            run.ParseResults.Select(r => r.Model!.ClassName).Order(StringComparer.Ordinal));
        AssertCompiles(run);
    }

    [Fact]
    public void Design_layer_models_snapshot()
    {
        var text = string.Join("\n", DesignLayers.All.Select(l => Print(GeneratorHarness.Run(l.Source).SingleModel())));
        Snapshot.Verify(text, extension: "txt");
    }

    [Fact]
    public void Specialize_is_passed_through_with_its_location()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Usings + """
            [NormLayer("n d", Specialize = "d=768")]
            internal partial class L
            {
                [Formula] static Expr F(Expr x) => x;
            }
            """);
        var model = run.SingleModel();

        Assert.Null(model.Namespace);
        Assert.Equal("d=768", model.Specialize);
        Assert.Equal("\"d=768\"", run.TextAt(model.SpecializeLocation));
    }

    [Fact]
    public void Constants_fold_and_double_arithmetic_on_hyper_parameters_becomes_nodes()
    {
        var model = Formula("""
            static Expr F(Expr x, double eps = 1, double momentum = 0.5)
            {
                const double Half = 0.5;
                return x * 2 + 0.25f + Half * 4 + Math.PI + (1 - momentum) * -eps + -x + +eps - eps / 2;
            }
            """, usings: "using System;\n");

        Assert.Equal(
            "((((((((x * 2) + 0.25) + 2) + 3.141592653589793) + ((1 - momentum) * -eps)) + -x) + eps) - (eps / 2))",
            Print(model.Result));
        Assert.Equal(["x: Input", "eps: Hyper = 1", "momentum: Hyper = 0.5"], model.Parameters.Select(Print));
    }

    [Fact]
    public void Hyper_parameter_without_default_and_int_default()
    {
        var model = Formula("static Expr F(Expr x, double a, double b = 2, double c = default) => x * a * b * c;");
        Assert.Equal(["x: Input", "a: Hyper", "b: Hyper = 2", "c: Hyper = 0"], model.Parameters.Select(Print));
    }

    [Fact]
    public void Ops_calls_are_normalized_to_positions()
    {
        var model = Formula("""
            static Expr F(Expr x, [Param("d")] Expr g, double m = 0.1)
            {
                const string Axes = "n";
                var a = Running(unbiased: true, momentum: 0.25, stat: Var(axes: Axes, e: x));
                var b = Running(Mean(x, "n"), m, false);
                return Pow(Maximum(x, 0), 2) + Minimum(g, a) + Sqrt(Exp(Log(Tanh(Sigmoid(Abs(Square(b))))))) + Max(x, "d") + Min(x, "d");
            }
            """);

        Assert.Equal(
            ["a = Running(Var(x, \"n\"), 0.25, unbiased: true)", "b = Running(Mean(x, \"n\"), m)"],
            model.Locals.Select(l => $"{l.Name} = {Print(l.Value)}"));
        Assert.Equal(
            "((((Pow(Maximum(x, 0), 2) + Minimum(g, a)) + Sqrt(Exp(Log(Tanh(Sigmoid(Abs(Square(b)))))))) + Max(x, \"d\")) + Min(x, \"d\"))",
            Print(model.Result));
        var pow = (CallNode)((BinaryNode)((BinaryNode)((BinaryNode)((BinaryNode)model.Result).Left).Left).Left).Left;
        Assert.Equal(2.0, pow.Exponent);
        Assert.Null(pow.Axes);
    }

    [Fact]
    public void Several_declarators_and_explicit_Expr_locals()
    {
        var model = Formula("""
            static Expr F(Expr x, double eps = 1e-5)
            {
                Expr centered = x - Mean(x, "d"), squared = centered * centered;
                var keep = 1 - eps;
                return centered * Rsqrt(Mean(squared, "d") + eps) * keep;
            }
            """);

        Assert.Equal(["centered", "squared", "keep"], model.Locals.Select(l => l.Name));
        Assert.Equal("(1 - eps)", Print(model.Locals[2].Value));
    }

    [Fact]
    public void Formula_in_another_partial_file()
    {
        var compilation = GeneratorHarness.CreateCompilation(
            ("A.cs", GeneratorHarness.Usings + "[NormLayer(\"n d\")] public partial class L { }"),
            ("B.cs", GeneratorHarness.Usings + "public partial class L { [Formula] static Expr F(Expr x) => x * 2; }"));
        var run = GeneratorHarness.Run(compilation);
        var model = run.SingleModel();

        Assert.Equal("(x * 2)", Print(model.Result));
        Assert.Equal("B.cs", model.Result.Location!.FilePath);
        Assert.Equal("x * 2", run.TextAt(model.Result.Location));
    }

    [Fact]
    public void Ops_called_with_its_full_name()
    {
        var model = Formula("static Expr F(Expr x) => NormGen.Ops.Sum(x, \"d\") + global::NormGen.Ops.Sqrt(x);", usings: "using NormGen;\n");
        Assert.Equal("(Sum(x, \"d\") + Sqrt(x))", Print(model.Result));
    }

    private static LayerModel Formula(string method, string usings = "")
    {
        var run = GeneratorHarness.Run(usings + GeneratorHarness.Usings + $$"""
            [NormLayer("n d")]
            public partial class L
            {
                [Formula]
                {{method}}
            }
            """);
        run.AssertDidNotCrash();
        Assert.Empty(run.Diagnostics);
        AssertCompiles(run);
        return run.SingleModel();
    }

    /// <summary>The user's code plus whatever was generated must compile: no generator diagnostic, no compiler error.</summary>
    private static void AssertCompiles(GeneratorRun run)
    {
        run.AssertDidNotCrash();
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.OutputDiagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
    }
}
