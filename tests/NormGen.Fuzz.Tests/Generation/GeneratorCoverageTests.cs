namespace NormGen.Fuzz.Tests.Generation;

/// <summary>The fuzzer draws its functions from the runtime's <see cref="NormGen.Ops"/>, so an op added there is fuzzed without editing the generator.</summary>
public sealed class GeneratorCoverageTests
{
    [Fact]
    public void Every_one_argument_op_is_drawn()
    {
        string[] expected = ["Abs", "Exp", "Log", "Rsqrt", "Sigmoid", "Softplus", "Sqrt", "Square", "Tanh"];
        Assert.Equal(expected, LayerGenerator.UnaryFunctions);
    }
}

/// <summary>
/// The fuzzer draws issue 13's features, so the CI run checks them: tuple outputs, conditioning inputs over a proper
/// subset of the layout, learned scalars with and without Init (and, on every compiled layer, the Half and bfloat16
/// overloads: <see cref="Running.Storage"/>).
/// </summary>
public sealed class Issue13CoverageTests
{
    [Fact]
    public void The_first_CI_layers_include_tuples_conditioning_inputs_and_learned_scalars()
    {
        var layers = Enumerable.Range(0, 300).Select(i => LayerGenerator.Generate(1000 + i, i % 11, KnownIssues.All)).ToList();
        Assert.True(layers.Count(l => l.IsTuple) >= 30, "tuple outputs");
        Assert.Contains(layers, l => l.Extra.Count >= 2);
        Assert.True(layers.Count(l => l.Tensors.Any(l.IsConditioning)) >= 30, "conditioning inputs");
        Assert.Contains(layers, l => l.Tensors.Any(t => t.InputAxes is { } a && a.Count == 1));
        Assert.True(layers.Count(l => l.Tensors.Any(t => t.ParamAxes is { Count: 0 })) >= 20, "learned scalars");
        Assert.Contains(layers, l => l.Tensors.Any(t => t.ParamAxes is { Count: 0 } && t.Init is not null));
        Assert.Contains(layers, l => l.RenderSource().Contains("[Param] Expr", StringComparison.Ordinal));
    }
}
