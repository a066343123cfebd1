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

    private static void ReportsAfterParse(GeneratorRun run, params (string Id, string Text)[] expected)
    {
        run.AssertDidNotCrash();
        Assert.NotNull(run.SingleModel());
        Assert.Equal(expected, run.LocatedDiagnostics());
        Assert.Empty(run.GeneratedSources);
    }
}
