using Microsoft.CodeAnalysis;
using NormGen.Generator.Ir;
using NormGen.Generator.Passes.Plan;
using NormGen.Generator.Passes.Schedule;
using NormGen.Generator.Tests.Infrastructure;

namespace NormGen.Generator.Tests;

/// <summary>
/// Snapshots of what the generator emits for each family of layers, so a reviewer reads what was derived,
/// what is saved and how the loops run; plus the structural claims the snapshots illustrate.
/// </summary>
public sealed class EmittedCodeTests
{
    private const string Header = """
        using NormGen;
        using static NormGen.Ops;

        namespace Samples;

        """;

    public const string RmsNorm = Header + """
        [NormLayer("n d")]
        public sealed partial class RMSNorm
        {
            [Formula]
            static Expr Forward(Expr x, [Param("d")] Expr gamma, double eps = 1e-6)
                => x * Rsqrt(Mean(Square(x), "d") + eps) * gamma;
        }
        """;

    public const string ScaleNorm = Header + """
        [NormLayer("n d")]
        public sealed partial class ScaleNorm
        {
            [Formula]
            static Expr Forward(Expr x, [Param("d")] Expr g) => g * x * Rsqrt(Sum(x * x, "d"));
        }
        """;

    public const string BatchNorm2dChannelsLast = Header + """
        [NormLayer("n h w c")]
        public sealed partial class BatchNorm2dChannelsLast
        {
            [Formula]
            static Expr Forward(Expr x, [Param("c")] Expr gamma, [Param("c", Init = 0)] Expr beta,
                                double eps = 1e-5, double momentum = 0.1)
            {
                var mean = Running(Mean(x, "n h w"), momentum);
                var variance = Running(Var(x, "n h w"), momentum, unbiased: true);
                return gamma * (x - mean) * Rsqrt(variance + eps) + beta;
            }
        }
        """;

    public const string InstanceNorm = Header + """
        [NormLayer("n c h w")]
        public sealed partial class InstanceNorm
        {
            [Formula]
            static Expr Forward(Expr x, [Param("c")] Expr gamma, [Param("c", Init = 0)] Expr beta, double eps = 1e-5)
                => gamma * (x - Mean(x, "h w")) * Rsqrt(Var(x, "h w") + eps) + beta;
        }
        """;

    /// <summary>"Transformers without Normalization" (2025): a learned scalar alpha, [Param] without axes.</summary>
    public const string DyT = Header + """
        [NormLayer("n d")]
        public sealed partial class DyT
        {
            [Formula]
            static Expr Forward(Expr x, [Param(Init = 0.5)] Expr alpha, [Param("d")] Expr gamma, [Param("d", Init = 0)] Expr beta)
                => gamma * Tanh(alpha * x) + beta;
        }
        """;

    /// <summary>
    /// RMSNorm whose gain is kept positive as Softplus(w): Softplus in the vector body, its derivative
    /// Maximum(Sigmoid(w), [w > 20]) (PyTorch's threshold) in the backward.
    /// </summary>
    public const string SoftplusGainRmsNorm = Header + """
        [NormLayer("n d")]
        public sealed partial class SoftplusGainRMSNorm
        {
            [Formula]
            static Expr Forward(Expr x, [Param("d", Init = 0.5413)] Expr w, double eps = 1e-6)
                => x * Rsqrt(Mean(Square(x), "d") + eps) * Softplus(w);
        }
        """;

    [Fact] public void LayerNorm() => VerifyEmitted(DesignLayers.LayerNorm);

    [Fact] public void DyTWithLearnedAlpha() => VerifyEmitted(DyT);

    [Fact] public void LayerNormSpecializedFor768() => VerifyEmitted(DesignLayers.LayerNorm.Replace("[NormLayer(\"n d\")]", "[NormLayer(\"n d\", Specialize = \"d=768\")]"));

    [Fact] public void RMSNorm() => VerifyEmitted(RmsNorm);

    [Fact] public void ScaleNormWithoutMean() => VerifyEmitted(ScaleNorm);

    [Fact] public void BatchNorm2dNchw() => VerifyEmitted(DesignLayers.BatchNorm2d);

    [Fact] public void BatchNorm2dNhwc() => VerifyEmitted(BatchNorm2dChannelsLast);

    [Fact] public void GroupNorm() => VerifyEmitted(DesignLayers.GroupNorm);

    [Fact] public void InstanceNormNchw() => VerifyEmitted(InstanceNorm);

    [Fact] public void WeightNorm() => VerifyEmitted(DesignLayers.WeightNorm);

    [Fact] public void CosineNorm() => VerifyEmitted(DesignLayers.CosineNorm);

    [Fact] public void SoftplusGainRMSNorm() => VerifyEmitted(SoftplusGainRmsNorm);

    private static void VerifyEmitted(string source, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var run = GeneratorHarness.Run(source);
        run.AssertDidNotCrash();
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.OutputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        var generated = Assert.Single(run.GeneratedSources);
        Snapshot.Verify(generated.Value, testMethod: test);
    }

    private static (LayerIr Ir, List<KernelPlan> Plans) Plan(string source)
    {
        var ir = IrBuilder.Build(GeneratorHarness.Run(source).SingleLayer());
        var plans = new List<KernelPlan>();
        foreach (var mode in LayerPlanner.Plan(ir!))
        {
            plans.AddRange(Scheduler.Schedule(ir!, mode.Forward));
            plans.AddRange(Scheduler.Schedule(ir!, mode.Backward));
        }
        return (ir!, plans);
    }

    private static int Sweeps(IEnumerable<Pass> passes) => passes.Count(p => !p.Domain.IsEmpty);

    [Fact]
    public void LayerNorm_backward_makes_two_sweeps_per_row_like_ATen()
    {
        // From the general rewrites alone: one fused pass for both row sums plus dgamma/dbeta, one pass for dx.
        var (ir, plans) = Plan(DesignLayers.LayerNorm);
        var backward = plans.Single(p => p.Spec.Name == "Backward");
        Assert.Equal("n", ir.Axes.Format(backward.OuterAxes));
        Assert.Empty(backward.Before);
        Assert.Empty(backward.After);
        Assert.Equal(2, Sweeps(backward.Inside));
        var fused = backward.Inside.First(p => !p.Domain.IsEmpty);
        Assert.Equal(4, fused.Computations.Count(c => c.IsReduction));
        Assert.Contains(fused.Computations, c => c.Target.Name == "dgamma");
        Assert.Contains(fused.Computations, c => c.Target.Name == "dbeta");
    }

    [Fact]
    public void LayerNorm_forward_saves_mean_and_rstd_and_centres_before_squaring()
    {
        var (ir, _) = Plan(DesignLayers.LayerNorm);
        var mode = Assert.Single(LayerPlanner.Plan(ir));
        Assert.Equal(new[] { "mean", "rstd" }, mode.Saved.Select(s => s.Name));
        // The variance sums squares of (x - mean): the stable two-pass form, never E[x^2] - E[x]^2.
        var printer = new NormGen.Generator.Emit.FormulaPrinter(ir.Axes);
        printer.Name(mode.Saved[0].Node, "mean");
        Assert.Equal("Rsqrt(eps + Sum((x - mean)^2, \"d\") / N(d))", printer.Print(mode.Saved[1].Node));
    }

    [Fact]
    public void Row_statistics_take_one_sweep_shifted_by_the_rows_first_element()
    {
        // Mean and variance from one sweep of shifted sums (ShiftedStatistics), the shift read once per row inside the
        // loop: LayerNorm's forward reads a row twice (statistics, y), InstanceNorm's a plane, as RMSNorm's does.
        foreach (var source in new[] { DesignLayers.LayerNorm, InstanceNorm, DesignLayers.GroupNorm })
        {
            var (_, plans) = Plan(source);
            var forward = plans.Single(p => p.Spec.Name == "Forward");
            Assert.Empty(forward.Before);
            Assert.Equal(2, Sweeps(forward.Inside));
            var statistics = forward.Inside.First(p => !p.Domain.IsEmpty);
            Assert.Equal(2, statistics.Computations.Count(c => c.IsReduction));
            Assert.Contains(forward.Inside.Where(p => p.Domain.IsEmpty).SelectMany(p => p.Computations), c => c.Node.Kind == NodeKind.Pivot);
        }
    }

    [Fact]
    public void Row_statistics_shifted_by_a_stored_value_still_split_across_threads()
    {
        // The shift is stored per row in a work buffer: one element per outer iteration, so the chunks share nothing
        // (the first version fell back to one thread).
        foreach (var source in new[] { DesignLayers.LayerNorm, InstanceNorm, DesignLayers.GroupNorm })
        {
            var generated = Assert.Single(GeneratorHarness.Run(source).GeneratedSources).Value;
            Assert.Contains("__ForwardThreaded<__T, __S, global::NormGen.Kernels.NonTemporal.Ordinary>(s, x, gamma, beta, y, saved, eps, __outer, __chunks);", generated);
        }
    }

    [Fact]
    public void InstanceNorm_backward_sums_dgamma_and_dbeta_from_the_row_sums_dx_needs()
    {
        // dgamma = Sum(rstd (x - mean) dy, "n h w") = Sum over n of rstd * Sum((x - mean) dy, "h w"), the row sum dx
        // needs anyway (RowSums): the row sweep keeps two accumulators, not four, and dgamma and dbeta take one
        // scalar update per row.
        var (_, plans) = Plan(InstanceNorm);
        var backward = plans.Single(p => p.Spec.Name == "Backward");
        Assert.Equal(2, Sweeps(backward.Inside));
        Assert.Equal(2, backward.Inside.First(p => !p.Domain.IsEmpty).Computations.Count(c => c.IsReduction));
        var perRow = backward.Inside.Where(p => p.Domain.IsEmpty).SelectMany(p => p.Computations).ToList();
        Assert.Contains(perRow, c => c.IsReduction && c.Target.Name == "dgamma");
        Assert.Contains(perRow, c => c.IsReduction && c.Target.Name == "dbeta");
    }

    [Fact]
    public void A_learned_scalars_gradient_accumulates_inside_the_row_loop_so_the_backward_can_split()
    {
        // dt = -Sum(.., "n d") / t^2 is accumulated as Sum(-.. / t^2): no work after the loop (which would keep the
        // kernel on one thread), the gradient summed straight into dt like DyT's dalpha.
        var (_, plans) = Plan(Header + """
            [NormLayer("n d")]
            public sealed partial class TemperatureLogSoftmax
            {
                [Formula]
                static Expr Forward(Expr x, [Param] Expr t)
                {
                    var z = x / t;
                    return z - Max(z, "d") - Log(Sum(Exp(z - Max(z, "d")), "d"));
                }
            }
            """);
        var backward = plans.Single(p => p.Spec.Name == "Backward");
        Assert.Empty(backward.After);
        Assert.Contains(backward.Inside.SelectMany(p => p.Computations), c => c.IsReduction && c.Target.Name == "dt");
    }

    [Fact]
    public void RMSNorm_backward_makes_two_sweeps_with_one_row_sum()
    {
        var (_, plans) = Plan(RmsNorm);
        var backward = plans.Single(p => p.Spec.Name == "Backward");
        Assert.Equal(2, Sweeps(backward.Inside));
        Assert.Equal(2, backward.Inside.First(p => !p.Domain.IsEmpty).Computations.Count(c => c.IsReduction));
    }

    [Fact]
    public void BatchNorm_NCHW_training_runs_in_stages_split_over_the_leading_memory_axes_while_NHWC_keeps_one_plan()
    {
        // Sums over n h w that keep c: accumulated across an outer loop over the leading memory axes (threads split it,
        // each chunk into partial copies), complete before the stage that reads them; the per-channel work in between.
        string Stages(LayerIr ir, List<KernelPlan> plans, string kernel) => string.Join(" | ", plans.Where(p => p.Spec.Name == kernel)
            .Select(p => p.OuterAxes.IsEmpty ? "once" : "(" + ir.Axes.Format(p.OuterAxes) + ")"));
        var (ir, nchw) = Plan(DesignLayers.BatchNorm2d);
        Assert.Equal("once | (n c) | once | (n c)", Stages(ir, nchw, "ForwardTraining"));
        Assert.Equal("(n c) | once | (n c)", Stages(ir, nchw, "BackwardTraining"));
        Assert.Equal("(n c h)", Stages(ir, nchw, "ForwardEval"));
        var sums = nchw.Single(p => p.Name == "ForwardTrainingStage2");
        Assert.All(sums.Inside.SelectMany(p => p.Computations), c => Assert.True(c.IsReduction && c.Target.Kind == BufferKind.Scratch));
        Assert.Equal(sums.ZeroBeforeOuterLoop, sums.Inside.SelectMany(p => p.Computations).Select(c => c.Target));

        // Channels-last has no outer loop: it already reads in memory order (per-channel sums in registers), one plan.
        var (irLast, nhwc) = Plan(BatchNorm2dChannelsLast);
        Assert.Equal("once", Stages(irLast, nhwc, "ForwardTraining"));
        Assert.Equal("once", Stages(irLast, nhwc, "BackwardTraining"));
        var forward = nhwc.Single(p => p.Name == "ForwardTraining");
        // Per-channel sums over rows of channels: vertical accumulation into per-channel buffers.
        Assert.Contains(forward.Before, p => p.Computations.Any(c => c.IsReduction && c.Target.Kind == BufferKind.Scratch));
    }

    [Fact]
    public void Layers_whose_work_all_runs_inside_the_outer_loop_keep_one_plan()
    {
        foreach (var layer in new[] { DesignLayers.LayerNorm, DesignLayers.GroupNorm, DesignLayers.WeightNorm })
            Assert.All(Plan(layer).Plans, p => Assert.Equal(0, p.Stage));
    }

    /// <summary>
    /// Work before or after the outer loop is a stage of its own when that makes the loop one threads can split: in one
    /// plan it kept the whole kernel on one thread (a gradient scaled once its sum over rows is complete, as dgamma of a
    /// LayerNorm divided by a temperature, or SoftplusGainRMSNorm's). CosineNorm's loop shares working sums between its
    /// iterations, so it cannot split either way and keeps one plan.
    /// </summary>
    [Fact]
    public void Work_before_or_after_the_outer_loop_is_a_stage_of_its_own()
    {
        string Stages(LayerIr ir, List<KernelPlan> plans, string kernel) => string.Join(" | ", plans.Where(p => p.Spec.Name == kernel)
            .Select(p => (p.OuterAxes.IsEmpty ? "once" : "(" + ir.Axes.Format(p.OuterAxes) + ")") + (p.Splittable ? " split" : "")));
        // CosineNorm's rows each reuse working buffers over o (the row's dot products) and i (its sums over o): a split
        // call gives each chunk its own (KernelPlan.IterationScratch), so the weights' norms and dw are stages of their own.
        var (ir, plans) = Plan(DesignLayers.CosineNorm);
        Assert.Equal("once | (n) split", Stages(ir, plans, "Forward"));
        Assert.Equal("(n) split | once", Stages(ir, plans, "Backward"));
        Assert.Equal(["__work_Backward0"], plans.Single(p => p.Name == "BackwardStage1").IterationScratch().Select(b => b.Name));
        var (irT, tempered) = Plan(GeneratorHarness.Usings + """
            [NormLayer("n d")]
            public partial class TemperedLayerNorm
            {
                [Formula]
                static Expr Forward(Expr x, [Param("d")] Expr gamma, [Param("d")] Expr beta, double eps = 1e-5, double temperature = 2.0)
                    => (x - Mean(x, "d")) * Rsqrt(Var(x, "d") + eps) * gamma / temperature + beta;
            }
            """);
        Assert.Equal("(n) split", Stages(irT, tempered, "Forward"));
        Assert.Equal("(n) split | once", Stages(irT, tempered, "Backward"));
        // The loop's sum for dgamma goes into a working buffer, zeroed first and summed per chunk; dbeta into the caller's.
        var loop = tempered.Single(p => p.Name == "BackwardStage1");
        Assert.Single(loop.ZeroBeforeOuterLoop);
    }

    [Theory]
    // Var over "n d" on "n t d": the outer loop takes n and t, one (n, t) row per iteration.
    [InlineData("n t d", "gamma * (x - Mean(x, \"n d\")) * Rsqrt(Var(x, \"n d\") + 1e-5)", "n t")]
    // Statistics over two outer axes of channels-last, keeping w and c.
    [InlineData("n h w c", "(x - Mean(x, \"n h\")) * Rsqrt(Var(x, \"n h\") + 1e-5)", "n h w")]
    // A maximum over n does not add up across chunks: one plan.
    [InlineData("n c d", "x - Max(x, \"n\") + Mean(x, \"n d\")", null)]
    public void Sums_over_the_leading_axis_stage_any_formula_and_a_maximum_keeps_one_plan(string layout, string formula, string? outer)
    {
        string param = layout == "n t d" ? ", [Param(\"t\")] Expr gamma" : "";
        var (ir, plans) = Plan(Header + $$"""
            [NormLayer("{{layout}}")]
            public sealed partial class Staged
            {
                [Formula]
                static Expr Forward(Expr x{{param}}) => {{formula}};
            }
            """);
        foreach (var kernel in new[] { "Forward", "Backward" })
        {
            var stages = plans.Where(p => p.Spec.Name == kernel).ToList();
            if (outer is null)
            {
                if (kernel == "Backward") continue; // the backward's reductions are sums: it may stage
                Assert.Equal(0, Assert.Single(stages).Stage);
                continue;
            }
            Assert.True(stages.Count >= 2, kernel);
            Assert.All(stages.Where(p => !p.OuterAxes.IsEmpty), p => Assert.Equal(outer, ir.Axes.Format(p.OuterAxes)));
        }
    }

    [Fact]
    public void A_value_hoisted_inside_the_outer_loop_and_again_after_it_gets_distinct_names()
    {
        // Regression: (1 - alpha) was declared in the outer loop's body and again at kernel level after it (CS0136).
        var run = GeneratorHarness.Run(Header + """
            [NormLayer("n d")]
            public sealed partial class HyperArithmetic
            {
                [Formula]
                static Expr Forward(Expr x, [Param("d")] Expr a, double alpha = 0.3, double beta = 2.0)
                    => (alpha * beta - 1) * x + a / (beta + alpha) - alpha / beta * Square(x) + (1 - alpha) * a * x - beta;
            }
            """);
        run.AssertDidNotCrash();
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.OutputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Theory]
    [InlineData("q=768", "'q' is not an axis of the layer")]
    [InlineData("d=0", "'d=0' is not axis=size with a positive size")]
    [InlineData("d=768,d=4", "'d' is given twice in one variant")]
    public void NG0013_invalid_Specialize_points_at_the_argument(string specialize, string why)
    {
        var run = GeneratorHarness.Run(DesignLayers.LayerNorm.Replace("[NormLayer(\"n d\")]", $"[NormLayer(\"n d\", Specialize = \"{specialize}\")]"));
        run.AssertDidNotCrash();
        var d = Assert.Single(run.Diagnostics);
        Assert.Equal("NG0013", d.Id);
        Assert.Equal($"\"{specialize}\"", run.TextAt(d.Location));
        Assert.Contains(why, d.GetMessage());
    }
}
