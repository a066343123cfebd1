using NormGen.Generator.Tests.Infrastructure;
using static NormGen.Generator.Tests.Infrastructure.DiagnosticAssert;

namespace NormGen.Generator.Tests;

/// <summary>
/// Diagnostics the IR builder reports: they need axes, so they come after a successful parse (the model exists)
/// and stop the layer from being emitted.
/// </summary>
public sealed class IrDiagnosticsTests
{
    [Fact]
    public void NG0004_axis_not_in_the_layout_points_at_the_axes_literal()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x) => x - Mean(x, \"q\");"));
        ReportsAfterParse(run, ("NG0004", "\"q\""));
        Assert.Equal("Axis 'q' is not in the layout \"n d\"", run.Diagnostics[0].GetMessage());
    }

    [Fact]
    public void NG0005_reduction_over_an_axis_the_operand_lacks_points_at_the_invocation()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x, [Param(\"d\")] Expr gamma) => x * Sum(gamma, \"n\");"));
        ReportsAfterParse(run, ("NG0005", "Sum(gamma, \"n\")"));
        Assert.Contains("axis 'n'", run.Diagnostics[0].GetMessage());
    }

    [Fact]
    public void NG0012_result_without_the_output_axes_points_at_the_result()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x) => Sum(x, \"d\");"));
        ReportsAfterParse(run, ("NG0012", "Sum(x, \"d\")"));
    }

    // Was: NG0012 at the formula's result, without naming the parameter.
    [Fact]
    public void NG0014_param_axis_in_neither_layout_nor_output_points_at_the_param_axes()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x, [Param(\"c\")] Expr g) => x * g;"));
        ReportsAfterParse(run, ("NG0014", "\"c\""));
        Assert.StartsWith("Parameter 'g': axis 'c' is in neither the layout \"n d\" nor the output", run.Diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_param_axis_the_formula_reduces_needs_no_layout()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x, [Param(\"k\")] Expr w) => x * Sum(w * w, \"k\");"));
        run.AssertDidNotCrash();
        Assert.Empty(run.Diagnostics);
        Assert.NotEmpty(run.GeneratedSources);
    }

    // Was: accepted, with a running buffer the size of the input.
    [Fact]
    public void NG0011_Running_over_an_unreduced_tensor_points_at_the_Running_call()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x, double m = 0.1) => Running(x * 2, m);"));
        ReportsAfterParse(run, ("NG0011", "Running(x * 2, m)"));
        Assert.Contains("reduced over the batch, such as Mean(x, \"n\")", run.Diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void ReportsAfterParse(GeneratorRun run, params (string Id, string Text)[] expected)
    {
        run.AssertDidNotCrash();
        Assert.NotNull(run.SingleModel());
        Assert.Equal(expected, run.LocatedDiagnostics());
        Assert.Empty(run.GeneratedSources);
    }
}
