using NormGen.Generator.Tests.Infrastructure;
using static NormGen.Generator.Tests.Infrastructure.DiagnosticAssert;

namespace NormGen.Generator.Tests;

/// <summary>
/// Names against the public members the generator adds to the user's partial class (Forward, Backward, Shape, Saved,
/// ShapeFor, ZeroGrad, Training and the stateful layer's properties): the formula's inputs, the formula method's own
/// name and the user's other members either work or get one NG0016 at the name (found by the fuzzer, docs/fuzzing.md).
/// </summary>
public sealed class GeneratedMemberNameTests
{
    public static TheoryData<string, string> WorkingNames => new()
    {
        // The stateful layer's Forward(shape, Forward, y) called the static Forward through its parameter (CS0149).
        { "inputs named like the generated methods", Layer("static Expr F(Expr Forward, Expr Backward, Expr ShapeFor, Expr ZeroGrad) => Forward * Backward * ShapeFor * ZeroGrad - Mean(Forward, \"d\");") },
        { "an input named like the class", Layer("static Expr F(Expr L, Expr x) => L * x - Mean(x, \"d\");") },
        { "a formula method named ToString, a user override of ToString", Layer("static Expr ToString(Expr x) => x * 2;", members: "public override string ToString() => \"L\";") },
        { "inputs named Shape and Saved", Layer("static Expr F(Expr Shape, Expr Saved) => Shape * Saved - Mean(Shape, \"d\");") },
        { "an input named Training beside a Running", Layer("""
            static Expr F(Expr Training)
            {
                var mean = Running(Mean(Training, "n"), 0.1);
                return Training - mean;
            }
            """) },
        { "formula methods named like the generated methods (overloads)", Layer("static Expr Backward(Expr x, [Param(\"d\")] Expr g) => g * x;") },
        { "a user method overloading Forward", Layer("static Expr F(Expr x) => x * 2;", members: "public static int Forward(int a) => a;") },
    };

    [Theory]
    [MemberData(nameof(WorkingNames))]
    public void Names_that_work_build_warning_free(string name, string source)
    {
        Assert.NotNull(name);
        StrictBuild.AssertClean(GeneratorHarness.Run(source));
    }

    [Theory]
    [InlineData("static Expr Shape(Expr x) => x * 2;", "Shape", "the generated member 'Shape'")]
    [InlineData("static Expr Saved(Expr x) => x * 2;", "Saved", "the generated member 'Saved'")]
    [InlineData("static Expr Gamma(Expr x, [Param(\"d\")] Expr gamma) => x * gamma;", "gamma", "the formula method 'Gamma'")]
    [InlineData("static Expr Eps(Expr x, double eps = 1) => x * eps;", "eps", "the formula method 'Eps'")]
    [InlineData("static Expr GGrad(Expr x, [Param(\"d\")] Expr g) => x * g;", "g", "the formula method 'GGrad'")]
    public void NG0016_formula_method_name(string formula, string at, string because)
    {
        var run = GeneratorHarness.Run(Layer(formula));
        Reports(run, ("NG0016", at));
        Assert.Contains(because, run.Diagnostics.Single().GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void NG0016_formula_method_named_Training_with_Running()
    {
        var run = GeneratorHarness.Run(Layer("""
            static Expr Training(Expr x)
            {
                var mean = Running(Mean(x, "n"), 0.1);
                return x - mean;
            }
            """));
        Reports(run, ("NG0016", "Training"));
    }

    [Theory]
    [InlineData("public int Shape;", "Shape", "the generated member 'Shape'")]
    [InlineData("public class Saved { }", "Saved", "the generated member 'Saved'")]
    [InlineData("public int Forward { get; set; }", "Forward", "the generated member 'Forward'")]
    [InlineData("public static int Gamma() => 1;", "Gamma", "the property 'Gamma' generated for parameter 'gamma'")]
    [InlineData("public float[] GammaGrad = new float[1];", "GammaGrad", "the property 'GammaGrad' generated for parameter 'gamma'")]
    public void NG0016_user_member_named_like_a_generated_member(string member, string at, string because)
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x, [Param(\"d\")] Expr gamma) => x * gamma;", members: member));
        Reports(run, ("NG0016", at));
        Assert.Contains(because, run.Diagnostics.Single().GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void NG0016_user_member_named_like_a_running_buffer_property()
    {
        var run = GeneratorHarness.Run(Layer("""
            static Expr F(Expr x)
            {
                var mean = Running(Mean(x, "n"), 0.1);
                return x - mean;
            }
            """, members: "private static readonly int RunningMean = 1;"));
        run.AssertDidNotCrash();
        Assert.Equal([("NG0016", "RunningMean")], run.LocatedDiagnostics());
        Assert.Empty(run.GeneratedSources);
        Assert.Contains("the property 'RunningMean' generated for the running buffer 'runningMean'", run.Diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void NG0016_formula_method_named_like_a_running_buffer_property()
    {
        var run = GeneratorHarness.Run(Layer("""
            static Expr RunningMean(Expr x)
            {
                var mean = Running(Mean(x, "n"), 0.1);
                return x - mean;
            }
            """));
        run.AssertDidNotCrash();
        Assert.Equal([("NG0016", "Running(Mean(x, \"n\"), 0.1)")], run.LocatedDiagnostics());
        Assert.Contains("the formula method 'RunningMean'", run.Diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void User_members_are_plain_values_in_the_model()
    {
        var model = GeneratorHarness.Run(Layer("static Expr F(Expr x) => x * 2;", members: "public int Count; public static int Forward(int a) => a;")).SingleModel();
        Assert.Equal(["Count", "Forward"], model.UserMembers.Select(m => m.Name));
        Assert.Equal([false, true], model.UserMembers.Select(m => m.IsMethod));
    }
}
