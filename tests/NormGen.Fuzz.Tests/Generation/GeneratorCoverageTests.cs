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

/// <summary>
/// The fuzzer draws layers whose kernels sum across a split call's chunks, some of them into a parameter's gradient
/// (row-wise layers, <see cref="LayerGenerator"/>), so the CI run checks the per-chunk copies on those layers' split
/// paths (<see cref="Running.RuntimePath"/>); before row-wise layers, 0 of 292 compiled layers of a campaign summed a
/// parameter's gradient across rows.
/// </summary>
public sealed class SplitCoverageTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void The_first_CI_layers_include_sums_across_chunks_and_into_parameter_gradients()
    {
        var reach = Enumerable.Range(0, 100)
            .Select(i => LayerGenerator.Generate(1000 + i, i % 11, KnownIssues.All))
            .Select(layer => Running.LayerCheck.Reached(Running.InMemoryCompiler.Generate(("Layer.cs", layer.RenderSource())).GeneratedSources.Values))
            .ToList();
        int Count(Running.RuntimeReach flag) => reach.Count(r => r.HasFlag(flag));
        output.WriteLine($"of 100 layers: {Count(Running.RuntimeReach.SplitLoop)} splittable, {Count(Running.RuntimeReach.SumsAcrossChunks)} "
                         + $"summing across chunks, {Count(Running.RuntimeReach.SumsIntoCallers)} into a parameter's gradient, "
                         + $"{Count(Running.RuntimeReach.IterationCopies)} with per-chunk working buffers");
        Assert.True(Count(Running.RuntimeReach.SplitLoop) >= 30, "splittable outer loops");
        Assert.True(Count(Running.RuntimeReach.SumsAcrossChunks) >= 12, "sums across chunks");
        Assert.True(Count(Running.RuntimeReach.SumsIntoCallers) >= 6, "parameter-gradient sums across rows");
        Assert.True(Count(Running.RuntimeReach.IterationCopies) >= 3, "per-chunk copies of a working buffer");
    }
}
