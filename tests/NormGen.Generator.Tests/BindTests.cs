using NormGen.Generator.Ir;
using NormGen.Generator.Model;
using NormGen.Generator.Tests.Infrastructure;

namespace NormGen.Generator.Tests;

/// <summary>
/// The bind step's output, the compile step's whole input: axes numbered once (the compiler never parses an axis
/// string again), reductions and Running targets resolved, and nothing that says where the layer is written.
/// </summary>
public sealed class BindTests
{
    [Fact]
    public void GroupNorm_axes_are_numbered_in_layout_order_and_its_parameters_point_at_them()
    {
        var layer = GeneratorHarness.Run(DesignLayers.GroupNorm).SingleLayer();

        Assert.Equal(["n", "g", "c", "h", "w"], layer.Axes);
        Assert.Equal([0, 1, 2, 3, 4], layer.LayoutStorage);
        Assert.Equal(layer.LayoutStorage, layer.OutputStorage);
        Assert.Equal("n (g c) h w", layer.Layout);
        var gamma = layer.Parameters.Single(p => p.Name == "gamma");
        Assert.Equal((ParameterRole.Param, 1.0), (gamma.Role, gamma.Init));
        Assert.Equal([1, 2], gamma.Storage);                                                  // "g c"
        Assert.Equal(0.0, layer.Parameters.Single(p => p.Name == "beta").Init);
        Assert.Equal(1e-5, layer.Parameters.Single(p => p.Name == "eps").Default);
    }

    [Fact]
    public void A_reduction_carries_its_axes_resolved()
    {
        var layer = GeneratorHarness.Run(DesignLayers.GroupNorm).SingleLayer();

        var means = Calls(layer.Result).Where(c => c.Op == Op.Mean).ToList();
        Assert.NotEmpty(means);
        Assert.All(means, m => Assert.Equal(Set(2, 3, 4), m.Axes));                         // "c h w"
        Assert.Equal(Enumerable.Range(0, Calls(layer.Result).Count()), Calls(layer.Result).Select(c => c.Site).Order());
    }

    [Fact]
    public void BatchNorm2d_Running_calls_get_named_buffers_over_the_statistics_axes()
    {
        var layer = GeneratorHarness.Run(DesignLayers.BatchNorm2d).SingleLayer();

        Assert.Equal(
            [new RunningTarget("runningMean", Set(1), 0, AxisSet.Empty), new RunningTarget("runningVariance", Set(1), 1, Set(0, 2, 3))],
            layer.Running);
        Assert.Equal([0, 1], layer.Locals.Select(l => ((BoundRunning)l.Value).Target));
    }

    [Fact]
    public void CosineNorm_output_axes_follow_the_parameter_axes()
    {
        var layer = GeneratorHarness.Run(DesignLayers.CosineNorm).SingleLayer();

        // Layout "n i", then w's "o i" adds o, then Output "n o".
        Assert.Equal(["n", "i", "o"], layer.Axes);
        Assert.Equal([0, 2], layer.OutputStorage);
    }

    [Fact]
    public void Specialize_is_parsed_into_axis_sizes()
    {
        var layer = GeneratorHarness.Run(GeneratorHarness.Usings + """
            [NormLayer("n d", Specialize = "d=768; n=2, d=64; d=768")]
            public partial class L { [Formula] static Expr F(Expr x) => x - Mean(x, "d"); }
            """).SingleLayer();

        // Duplicates collapse; sizes are sorted by axis.
        Assert.Equal([new[] { (1, 768) }, new[] { (0, 2), (1, 64) }], layer.Specializations.Select(s => s.Sizes.ToArray()));
    }

    private static AxisSet Set(params int[] axes) => axes.Aggregate(AxisSet.Empty, (s, a) => s | AxisSet.Of(a));

    private static IEnumerable<BoundCall> Calls(BoundNode node) => node switch
    {
        BoundCall c => c.Arguments.SelectMany(Calls).Prepend(c),
        BoundBinary b => Calls(b.Left).Concat(Calls(b.Right)),
        BoundNegate n => Calls(n.Operand),
        BoundRunning r => Calls(r.Stat),
        _ => [],
    };
}
