using NormGen.Generator.Model;
using NormGen.Generator.Tests.Infrastructure;
using static NormGen.Generator.Tests.Infrastructure.DiagnosticAssert;

namespace NormGen.Generator.Tests;

/// <summary>
/// Every name a C# user can write either works or gets one NG diagnostic at the name (issue 9, item 2): names
/// generated code uses itself, C# keywords, names the generator derives from the user's, axis names that
/// concatenate alike. Working layers must also build warning-free (see <see cref="StrictBuild"/>).
/// </summary>
public sealed class NameTests
{
    private static string Class(string layout, string formula, string attribute = "") => GeneratorHarness.Usings + $$"""
        [NormLayer({{layout}}{{attribute}})]
        public partial class L
        {
            [Formula]
            {{formula}}
        }
        """;

    public static TheoryData<string, string> WorkingNames => new()
    {
        // Each of these was a C# error inside generated code.
        { "type parameter T as a temperature", Class("\"n d\"", "static Expr F(Expr x, double T = 2) => Exp(x / T) / Sum(Exp(x / T), \"d\");") },
        { "V and TV", Class("\"n d\"", "static Expr F(Expr x, [Param(\"d\")] Expr V, double TV = 1) => V * x * TV;") },
        { "kernel locals j, r1, outer, chunks", Class("\"n d\"", """
            static Expr F(Expr x, [Param("d")] Expr j, [Param("d", Init = 0)] Expr outer, double chunks = 1e-5)
            {
                var r1 = x - Mean(x, "d");
                return j * r1 * Rsqrt(Mean(r1 * r1, "d") + chunks) + outer;
            }
            """) },
        { "names of generated locals: start end chunk address inner x0 t3 c0 p0 row_x", Class("\"n d\"",
            "static Expr F(Expr x, [Param(\"d\")] Expr start, [Param(\"d\")] Expr end, [Param(\"d\")] Expr row_x, double chunk = 1, double address = 2, double inner = 3, double x0 = 4, double t3 = 5, double c0 = 6, double p0 = 7) => start * x * chunk + end * address * inner + x0 * t3 * c0 * p0 * row_x;") },
        { "locals named shape, t and T, all saved (Saved<T> has T and Shape)", Class("\"n d\"", """
            static Expr F(Expr x, [Param("d")] Expr g)
            {
                var T = Mean(x, "d");
                var t = Rsqrt(Var(x, "d") + 1e-5);
                var shape = Max(x, "d");
                return g * (x - T) * t + shape;
            }
            """) },
        { "an input Gamma beside a parameter gamma (the property Gamma)", Class("\"n d\"",
            "static Expr F(Expr x, Expr Gamma, [Param(\"d\")] Expr gamma, double Eps = 1e-5) => gamma * x * Gamma * Rsqrt(Mean(x * x, \"d\") + Eps);") },
        { "an axis named like a parameter's property", Class("\"n Gamma\"",
            "static Expr F(Expr x, [Param(\"Gamma\")] Expr gamma) => gamma * x;") },
        { "training without Running", Class("\"n d\"", "static Expr F(Expr x, double training = 1) => x * training;") },
        { "an input named dx beside x's own gradient", Class("\"n d\"", "static Expr F(Expr input, Expr dx) => input * dx - Mean(dx, \"d\");") },
        { "keyword axes in and out, keyword parameters", Class("\"n in\"", """
            static Expr F(Expr @in, [Param("in")] Expr @out, [Param("in", Init = 0)] Expr @double, double @fixed = 1e-5)
                => @out * (@in - Mean(@in, "in")) * Rsqrt(Var(@in, "in") + @fixed) + @double;
            """) },
        { "contextual keywords nameof, var, value, nint as names", Class("\"n d\"",
            "static Expr F(Expr nameof, [Param(\"d\")] Expr var, [Param(\"d\")] Expr value, double nint = 2) => var * nameof * nint + value;") },
        { "axes {ab, c} and {a, bc} in one layer", Class("\"a ab bc c\"",
            "static Expr F(Expr x, [Param(\"ab c\")] Expr p, [Param(\"a bc\")] Expr q) => p * x / Sqrt(Mean(x * x, \"ab c\") + 1) + q * Sum(x, \"ab\");") },
        { "axes with underscores", Class("\"n_ _d a_b\"",
            "static Expr F(Expr x, [Param(\"_d a_b\")] Expr g) => g * (x - Mean(x, \"a_b\")) * Rsqrt(Var(x, \"_d a_b\") + 1e-5);") },
        { "Running mean named like nothing else", Class("\"n c\"", """
            static Expr F(Expr x, [Param("c")] Expr gamma, double momentum = 0.1)
            {
                var mean = Running(Mean(x, "n"), momentum);
                var running = Running(Var(x, "n"), momentum, unbiased: true);
                return gamma * (x - mean) * Rsqrt(running + 1e-5);
            }
            """) },
        { "Specialize on an outer axis", Class("\"n d\"", "static Expr F(Expr x, [Param(\"d\")] Expr g) => g * x * Rsqrt(Mean(x * x, \"d\") + 1e-6);", ", Specialize = \"n=2\"") },
        { "Specialize on both axes", Class("\"n d\"", "static Expr F(Expr x, [Param(\"d\")] Expr g) => g * x * Rsqrt(Mean(x * x, \"d\") + 1e-6);", ", Specialize = \"n=2, d=64\"") },
    };

    [Theory]
    [MemberData(nameof(WorkingNames))]
    public void Names_that_work_build_warning_free(string name, string source)
    {
        Assert.NotNull(name);
        StrictBuild.AssertClean(GeneratorHarness.Run(source));
    }

    public static TheoryData<string> DesignLayerSources => new()
    {
        DesignLayers.LayerNorm, DesignLayers.BatchNorm2d, DesignLayers.GroupNorm, DesignLayers.WeightNorm, DesignLayers.CosineNorm,
    };

    [Theory]
    [MemberData(nameof(DesignLayerSources))]
    public void Design_layers_build_warning_free(string source) => StrictBuild.AssertClean(GeneratorHarness.Run(source));

    // ---- NG0015: "__" is reserved for generated identifiers ----

    [Fact]
    public void NG0015_parameter_with_a_double_underscore()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x, double __eps = 1) => x * __eps;"));
        Reports(run, ("NG0015", "__eps"));
    }

    [Fact]
    public void NG0015_local_with_a_double_underscore()
    {
        var run = GeneratorHarness.Run(Layer("""
            static Expr F(Expr x)
            {
                var a__b = Mean(x, "d");
                return x - a__b;
            }
            """));
        Reports(run, ("NG0015", "a__b"));
    }

    [Fact]
    public void NG0015_axis_with_a_double_underscore()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x) => x - Mean(x, \"d__1\");", layout: "\"n d__1\""));
        Reports(run, ("NG0015", "\"n d__1\""));
    }

    // ---- NG0016: a name that would equal a generated or derived one ----

    [Theory]
    [InlineData("static Expr F(Expr x, double s = 1) => x * s;", "s", "the Shape parameter 's'")]
    [InlineData("static Expr F(Expr x, [Param(\"d\")] Expr y) => x * y;", "y", "the output parameter 'y'")]
    [InlineData("static Expr F(Expr x, [Param(\"d\")] Expr saved) => x * saved;", "saved", "'saved'")]
    [InlineData("static Expr F(Expr x, Expr dy) => x * dy;", "dy", "the output gradient parameter 'dy'")]
    [InlineData("static Expr F(Expr dy) => dy * 2;", "dy", "the output gradient parameter 'dy'")]
    [InlineData("static Expr F(Expr x, Expr dx) => x * dx;", "dx", "the gradient 'dx' of parameter 'x'")]
    [InlineData("static Expr F(Expr x, [Param(\"d\")] Expr gamma, [Param(\"d\")] Expr Gamma) => x * gamma * Gamma;", "Gamma", "the property 'Gamma' generated for parameter 'gamma'")]
    [InlineData("static Expr F(Expr x, [Param(\"d\")] Expr gamma, [Param(\"d\")] Expr gammaGrad) => x * gamma * gammaGrad;", "gammaGrad", "the property 'GammaGrad' generated for parameter 'gamma'")]
    [InlineData("static Expr F(Expr x, [Param(\"d\")] Expr gamma, double Gamma = 1) => x * gamma * Gamma;", "Gamma", "'Gamma'")]
    [InlineData("static Expr F(Expr x, Expr shape) => x * shape;", "shape", "'shape'")]
    [InlineData("static Expr F(Expr x, [Param(\"d\")] Expr shape) => x * shape;", "shape", "the generated member 'Shape'")]
    [InlineData("static Expr F(Expr x, double d = 1) => x * d;", "d", "axis 'd'")]
    [InlineData("static Expr F(Expr x, [Param(\"d\")] Expr zeroGrad) => x * zeroGrad;", "zeroGrad", "'ZeroGrad'")]
    [InlineData("static Expr F(Expr x, [Param(\"d\")] Expr l) => x * l;", "l", "the class name 'L'")]
    public void NG0016_name_collides_with_a_generated_name(string formula, string at, string because)
    {
        var run = GeneratorHarness.Run(Layer(formula));
        Reports(run, ("NG0016", at));
        Assert.Contains(because, run.Diagnostics.Single().GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void NG0016_training_with_Running()
    {
        var run = GeneratorHarness.Run(Layer("""
            static Expr F(Expr x, double training = 0.1)
            {
                var mean = Running(Mean(x, "n"), 0.1);
                return (x - mean) * training;
            }
            """));
        Reports(run, ("NG0016", "training"));
    }

    [Fact]
    public void NG0016_running_buffer_named_like_a_parameter()
    {
        var run = GeneratorHarness.Run(Layer("""
            static Expr F(Expr x, [Param("d")] Expr runningMean)
            {
                var mean = Running(Mean(x, "n"), 0.1);
                return (x - mean) * runningMean;
            }
            """));
        run.AssertDidNotCrash();
        Assert.NotNull(run.SingleModel());
        Assert.Equal([("NG0016", "Running(Mean(x, \"n\"), 0.1)")], run.LocatedDiagnostics());
        Assert.Empty(run.GeneratedSources);
        Assert.Contains("parameter 'runningMean'", run.Diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>The reverse-mode seed is its own node, whatever the user's tensors are called.</summary>
public sealed class SeedTests
{
    [Fact]
    public void A_tensor_named_dy_in_the_IR_is_not_the_seed()
    {
        // The parser reports an input named dy (NG0016), so build the model it would have made by renaming dz.
        var parsed = GeneratorHarness.Run(NormGen.Generator.Tests.Infrastructure.DiagnosticAssert.Layer("static Expr F(Expr x, Expr dz) => x * dz;")).SingleModel();
        var model = parsed with
        {
            Parameters = parsed.Parameters.Select(p => p.Name == "dz" ? p with { Name = "dy" } : p).ToEquatableArray(),
            Result = Rename((NormGen.Generator.Model.BinaryNode)parsed.Result),
        };
        var bound = NormGen.Generator.Parsing.Binder.Bind(new NormGen.Generator.Parsing.LayerParseResult(model, default), default);
        Assert.Empty(bound.Diagnostics);
        var ir = NormGen.Generator.Ir.IrBuilder.Build(bound.Layer!);
        var mode = Assert.Single(NormGen.Generator.Passes.Plan.LayerPlanner.Plan(ir));

        // d(x * dy)/dx = dy * seed: two different leaves (merged, it would be dy^2).
        var dx = mode.Gradients.Single(g => g.Name == "dx").Gradient;
        var leaves = NormGen.Generator.Ir.Topology.PostOrder(new[] { dx }).Where(n => n.Kind == NormGen.Generator.Ir.NodeKind.Tensor).Select(n => n.Name).ToList();
        Assert.Equal(2, leaves.Count);
        Assert.Contains("dy", leaves);
    }

    private static NormGen.Generator.Model.BinaryNode Rename(NormGen.Generator.Model.BinaryNode b) =>
        b with { Right = b.Right is NormGen.Generator.Model.RefNode { Name: "dz" } r ? r with { Name = "dy" } : b.Right };
}
