using Microsoft.CodeAnalysis;
using NormGen.Generator.Ir;
using NormGen.Generator.Passes.Plan;
using NormGen.Generator.Passes.Schedule;
using NormGen.Generator.Tests.Infrastructure;
using static NormGen.Generator.Tests.Infrastructure.DiagnosticAssert;

namespace NormGen.Generator.Tests;

/// <summary>
/// docs/language.md, "Conditioning inputs": [Input("n d")] marks an input over some of the layout's axes. Its
/// diagnostics (each at the attribute), what the bind step makes of it, the adaLN snapshot, and the schedule's claims:
/// its gradient is summed into a span the public method cleared, inside the loop over rows, so the kernel still splits.
/// </summary>
public sealed class ConditioningInputTests
{
    public const string AdaLN = GeneratorHarness.Usings + """

        namespace Samples;

        [NormLayer("n t d")]
        public sealed partial class AdaLN
        {
            [Formula]
            static Expr Forward(Expr x, [Input("n d")] Expr shift, [Input("n d")] Expr scale, double eps = 1e-6)
                => (x - Mean(x, "d")) * Rsqrt(Var(x, "d") + eps) * (1 + scale) + shift;
        }
        """;

    [Fact]
    public void AdaLN_snapshot()
    {
        var run = GeneratorHarness.Run(AdaLN);
        run.AssertDidNotCrash();
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.OutputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        var generated = Assert.Single(run.GeneratedSources).Value;
        // The gradients come in formula order, the conditioning ones cleared before the kernel sums into them.
        Assert.Contains("global::System.Span<float> dx, global::System.Span<float> dshift, global::System.Span<float> dscale, float eps", generated);
        Assert.Contains("dshift.Clear();", generated);
        Assert.Contains("dscale.Clear();", generated);
        Assert.DoesNotContain("dx.Clear();", generated);
        Snapshot.Verify(generated);
    }

    [Fact]
    public void A_conditioning_input_is_stored_over_its_axes_in_layout_order()
    {
        var layer = GeneratorHarness.Run(AdaLN).SingleLayer();
        Assert.Equal([0, 1, 2], layer.Parameters.Single(p => p.Name == "x").Storage);
        Assert.Equal([0, 2], layer.Parameters.Single(p => p.Name == "shift").Storage);      // "n d"
        Assert.Equal([0, 2], layer.Parameters.Single(p => p.Name == "scale").Storage);
    }

    [Fact]
    public void AdaLN_backward_sums_dshift_and_dscale_over_tokens_inside_the_loop_over_rows_so_it_can_split()
    {
        var ir = IrBuilder.Build(GeneratorHarness.Run(AdaLN).SingleLayer());
        var mode = Assert.Single(LayerPlanner.Plan(ir));
        var conditioning = mode.Backward.Outputs.Where(o => o.Target.Name is "dshift" or "dscale").ToList();
        Assert.Equal(2, conditioning.Count);
        Assert.All(conditioning, o => Assert.True(o.Accumulate && o.ClearsTarget));
        Assert.False(mode.Backward.Outputs.Single(o => o.Target.Name == "dx").ClearsTarget);

        var plan = Scheduler.Schedule(ir, mode.Backward).Single();
        // Rows are (n, t): the sums over t run across the outer loop straight into the cleared spans, like dgamma.
        Assert.Equal(AxisSet.Of(0) | AxisSet.Of(1), plan.OuterAxes);
        Assert.True(plan.Before.IsEmpty && plan.After.IsEmpty && plan.ZeroBeforeOuterLoop.IsEmpty);
        var sums = plan.Inside.SelectMany(p => p.Computations).Where(c => c.Target.Name is "dshift" or "dscale").ToList();
        Assert.Equal(2, sums.Count);
        Assert.All(sums, c => Assert.True(c.IsReduction && c.Accumulate));
    }

    [Fact]
    public void A_full_layout_Input_is_a_plain_input_whose_gradient_is_written()
    {
        var source = GeneratorHarness.Usings + """
            [NormLayer("n d")]
            public sealed partial class L
            {
                [Formula]
                static Expr F(Expr x, [Input("n d")] Expr r) => (x + r) * Rsqrt(Mean((x + r) * (x + r), "d") + 1e-6);
            }
            """;
        var ir = IrBuilder.Build(GeneratorHarness.Run(source).SingleLayer());
        var backward = Assert.Single(LayerPlanner.Plan(ir)).Backward;
        Assert.All(backward.Outputs, o => Assert.False(o.Accumulate || o.ClearsTarget));
    }

    // ---- diagnostics, each at the attribute's axes or the attribute ----

    [Fact]
    public void NG0004_an_axis_the_layout_does_not_have()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x, [Input(\"n k\")] Expr c) => x * c;"));
        ReportsAfterParse(run, ("NG0004", "\"n k\""));
    }

    [Fact]
    public void NG0009_a_duplicate_axis()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x, [Input(\"n n\")] Expr c) => x * c;"));
        Reports(run, ("NG0009", "\"n n\""));
        Assert.Contains("appears twice", run.Diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void NG0009_no_axis()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x, [Input(\" \")] Expr c) => x * c;"));
        Reports(run, ("NG0009", "\" \""));
    }

    [Fact]
    public void NG0014_axes_in_another_order_than_the_layouts()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x, [Input(\"d n\")] Expr c) => x * c;", layout: "\"n t d\""));
        ReportsAfterParse(run, ("NG0014", "\"d n\""));
        Assert.Contains("\"n d\"", run.Diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void NG0014_on_a_double()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x, [Input(\"n\")] double eps) => x * eps;"));
        Reports(run, ("NG0014", "Input(\"n\")"));
    }

    [Fact]
    public void NG0014_together_with_Param()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x, [Param(\"d\"), Input(\"d\")] Expr c) => x * c;"));
        Reports(run, ("NG0014", "Input(\"d\")"));
    }

    [Fact]
    public void NG0014_on_the_first_input_over_fewer_axes()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F([Input(\"n\")] Expr c, Expr x) => x * c;"));
        ReportsAfterParse(run, ("NG0014", "\"n\""));
    }

    [Fact]
    public void A_full_layout_Input_on_the_first_parameter_is_accepted()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F([Input(\"n d\")] Expr x) => x * 2;"));
        run.AssertDidNotCrash();
        Assert.Empty(run.Diagnostics);
        Assert.Single(run.GeneratedSources);
    }

    private static void ReportsAfterParse(GeneratorRun run, params (string Id, string Text)[] expected)
    {
        run.AssertDidNotCrash();
        Assert.NotNull(run.SingleModel());
        Assert.Equal(expected, run.LocatedDiagnostics());
        Assert.Empty(run.GeneratedSources);
    }
}
