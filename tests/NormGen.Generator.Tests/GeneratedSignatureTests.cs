using NormGen.Generator.Tests.Infrastructure;
using static NormGen.Generator.Tests.Infrastructure.DiagnosticAssert;

namespace NormGen.Generator.Tests;

/// <summary>
/// A user method or constructor in the partial class with exactly the parameters of one the stateful layer generates
/// is one NG0016 at the user's member. Was: CS0111 ("already defines a member with the same parameter types") in the
/// generated file and no NG diagnostic (issue 9 item 2). Overloads with other parameters keep working.
/// </summary>
public sealed class GeneratedSignatureTests
{
    // Axis d is bound (gamma's), n free; the stateful layer is L(int d, float eps), ShapeFor(int n),
    // Forward(Shape, ReadOnlySpan<float> x, Span<float> y), Forward(ReadOnlySpan<float> x, Span<float> y) (n inferred),
    // Backward(ReadOnlySpan<float> dy, Span<float> dx) and ZeroGrad().
    private const string Formula = "static Expr F(Expr x, [Param(\"d\")] Expr gamma, double eps = 1e-5) => (x - Mean(x, \"d\")) * Rsqrt(Var(x, \"d\") + eps) * gamma;";

    [Theory]
    [InlineData("public void ZeroGrad() { }", "ZeroGrad", "'ZeroGrad()' cannot be used: the generated method 'ZeroGrad' of L has the same parameters")]
    [InlineData("public static int ZeroGrad() => 0;", "ZeroGrad", "the generated method 'ZeroGrad' of L")]
    [InlineData("public L(int size, float epsilon) { }", "L", "'L(int, float)' cannot be used: the generated constructor of L has the same parameters")]
    [InlineData("public Shape ShapeFor(int batch) => default;", "ShapeFor", "the generated method 'ShapeFor' of L")]
    [InlineData("public void Forward(Shape s, ReadOnlySpan<float> input, Span<float> output) { }", "Forward", "'Forward(Shape, ReadOnlySpan<float>, Span<float>)'")]
    [InlineData("public void Forward(ReadOnlySpan<float> input, Span<float> output) { }", "Forward", "the generated method 'Forward' of L")]
    [InlineData("public void Backward(ReadOnlySpan<float> g, Span<float> dinput) { }", "Backward", "the generated method 'Backward' of L")]
    public void NG0016_user_member_with_the_parameters_of_a_generated_one(string member, string at, string because)
    {
        var run = GeneratorHarness.Run(Layer(Formula, members: member));
        run.AssertDidNotCrash();
        Assert.Equal([("NG0016", at)], run.LocatedDiagnostics());
        Assert.Empty(run.GeneratedSources);
        Assert.Contains(because, run.Diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The constructor's parameters follow the layer: no bound axis and no hyper-parameter is L().</summary>
    [Fact]
    public void NG0016_parameterless_constructor_of_a_layer_without_parameters()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x) => x - Mean(x, \"d\");", members: "public L() { }"));
        Assert.Equal([("NG0016", "L")], run.LocatedDiagnostics());
    }

    // adaLN-style conditioning on "n d": shift over "n" only. The stateful Backward of the Half and bfloat16 overloads
    // takes the conditioning input's gradient as float (a sum over d), the input gradient dx in the storage type.
    private const string Conditioning = "static Expr F(Expr x, [Input(\"n\")] Expr shift, [Param(\"d\")] Expr gamma) => (x - Mean(x, \"d\")) * gamma + shift;";

    /// <summary>Was: the collision check spelled dshift in the storage type, so this exact duplicate got CS0111 in generated code.</summary>
    [Theory]
    [InlineData("System.Half")]
    [InlineData("NormGen.BFloat16")]
    public void NG0016_user_Backward_with_the_parameters_of_a_storage_overload_with_a_conditioning_input(string storage)
    {
        string member = $"public void Backward(ReadOnlySpan<{storage}> g, Span<{storage}> dinput, Span<float> dcond) {{ }}";
        var run = GeneratorHarness.Run(Layer(Conditioning, members: member));
        run.AssertDidNotCrash();
        Assert.Equal([("NG0016", "Backward")], run.LocatedDiagnostics());
        Assert.Contains("the generated method 'Backward' of L", run.Diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Was: NG0016 for an overload the generator does not write (dshift in the storage type).</summary>
    [Theory]
    [InlineData("System.Half")]
    [InlineData("NormGen.BFloat16")]
    public void A_Backward_overload_with_the_conditioning_gradient_in_the_storage_type_builds_warning_free(string storage) =>
        StrictBuild.AssertClean(GeneratorHarness.Run(Layer(Conditioning,
            members: $"public void Backward(ReadOnlySpan<{storage}> g, Span<{storage}> dinput, Span<{storage}> dcond) {{ }}")));

    public static TheoryData<string> Overloads => new()
    {
        "public void ZeroGrad(int keep) { }",
        "public L() : this(4) { }",
        "public L(int d, double eps) : this(d, (float)eps) { }",
        "public void Forward(ReadOnlySpan<float> input, Span<float> output, int repeat) { }",
        "public void Backward(ReadOnlySpan<double> g, Span<double> dinput) { }",
        "public void ZeroGrad<T>() { }",
        "public void ShapeFor(ref int batch) { }",
    };

    [Theory]
    [MemberData(nameof(Overloads))]
    public void An_overload_with_other_parameters_builds_warning_free(string member) =>
        StrictBuild.AssertClean(GeneratorHarness.Run(Layer(Formula, members: member)));
}
