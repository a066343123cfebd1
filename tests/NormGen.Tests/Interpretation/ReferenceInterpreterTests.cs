using NormGen.Interpretation;
using NormGen.Tests.Reference;
using NormGen.Tests.Support;

namespace NormGen.Tests.Interpretation;

/// <summary>Reading a [NormLayer] class and laying its tensors out as the generated kernels will.</summary>
public sealed class ReferenceInterpreterTests
{
    [Fact]
    public void Reads_inputs_parameters_axes_and_running_buffers_from_the_class()
    {
        var bn = ReferenceInterpreter.ForLayer(typeof(BatchNorm2d));
        Assert.Equal(["x"], bn.InputNames);
        Assert.Equal(["gamma", "beta"], bn.ParameterNames);
        Assert.Equal(["eps", "momentum"], bn.HyperParameterNames);
        Assert.Equal(["n", "c", "h", "w"], bn.AxisNames);
        Assert.Equal(2, bn.RunningCount);

        var gn = ReferenceInterpreter.ForLayer(typeof(GroupNorm));
        Assert.Equal(["n", "g", "c", "h", "w"], gn.AxisNames);
        Assert.Equal(["g", "c"], gn.AxesOf("gamma"));
        Assert.Equal(0, gn.RunningCount);

        var cosine = ReferenceInterpreter.ForLayer(typeof(CosineNorm));
        Assert.Equal(["n", "i", "o"], cosine.AxisNames);
        Assert.Equal(["n", "o"], cosine.OutputAxes);
        Assert.Equal(["o", "i"], cosine.AxesOf("w"));
    }

    [Fact]
    public void Exposes_the_formula_as_built_with_default_hyper_parameters()
    {
        Assert.Equal("gamma * (x - Mean(x, \"d\")) * Rsqrt(Var(x, \"d\") + 1E-05) + beta",
                     ReferenceInterpreter.ForLayer(typeof(LayerNorm)).Formula.ToString());
    }

    [Fact]
    public void Hyper_parameters_default_to_their_declared_values_and_can_be_overridden()
    {
        var ln = ReferenceInterpreter.ForLayer(typeof(LayerNormNoAffine));
        var sizes = new Dictionary<string, int> { ["n"] = 1, ["d"] = 2 };
        var x = new Dictionary<string, double[]> { ["x"] = [0, 2] };
        // Var = 1, so y = ±1 / sqrt(1 + eps).
        Assert.Equal(1 / Math.Sqrt(1 + 1e-5), ln.Run(sizes, x, [0, 0]).Y[1], 1e-15);
        Assert.Equal(1 / Math.Sqrt(1 + 3.0), ln.Run(sizes, x, [0, 0], new Dictionary<string, double> { ["eps"] = 3 }).Y[1], 1e-15);
        Assert.Throws<ArgumentException>(() => ln.Run(sizes, x, [0, 0], new Dictionary<string, double> { ["epsilon"] = 3 }));
    }

    [Fact]
    public void Arguments_are_validated_with_the_offending_name()
    {
        var ln = ReferenceInterpreter.ForLayer(typeof(LayerNorm));
        var sizes = new Dictionary<string, int> { ["n"] = 2, ["d"] = 3 };
        var good = new Dictionary<string, double[]> { ["x"] = new double[6], ["gamma"] = new double[3], ["beta"] = new double[3] };

        var shortGamma = new Dictionary<string, double[]>(good) { ["gamma"] = new double[2] };
        Assert.Contains("'gamma'", Assert.Throws<ArgumentException>(() => ln.Run(sizes, shortGamma, new double[6])).Message);
        var noBeta = good.Where(t => t.Key != "beta").ToDictionary();
        Assert.Contains("'beta'", Assert.Throws<ArgumentException>(() => ln.Run(sizes, noBeta, new double[6])).Message);
        Assert.Contains("'d'", Assert.Throws<ArgumentException>(() => ln.Run(new Dictionary<string, int> { ["n"] = 2 }, good, new double[6])).Message);
        Assert.Contains("'q'", Assert.Throws<ArgumentException>(() => ln.Run(new Dictionary<string, int>(sizes) { ["q"] = 1 }, good, new double[6])).Message);
        Assert.Contains("dy", Assert.Throws<ArgumentException>(() => ln.Run(sizes, good, new double[5])).Message);
        Assert.Throws<ArgumentException>(() => ln.Run(sizes, good, new double[6], running: [new double[3]]));
    }

    [Fact]
    public void A_class_without_NormLayer_is_rejected()
    {
        Assert.Contains("[NormLayer]", Assert.Throws<ArgumentException>(() => ReferenceInterpreter.ForLayer(typeof(string))).Message);
    }

    public static TheoryData<string> Layers => new(s_layers.Keys);

    // Sizes chosen so that no two axes are equal: a transposed layout then fails instead of passing by symmetry.
    private static readonly Dictionary<string, (Type Layer, Dictionary<string, int> Sizes)> s_layers = new()
    {
        ["LayerNorm"] = (typeof(LayerNorm), new() { ["n"] = 2, ["d"] = 5 }),
        ["LayerNormOverTwoAxes"] = (typeof(LayerNormOverTwoAxes), new() { ["n"] = 2, ["h"] = 3, ["w"] = 4 }),
        ["LayerNormNoAffine"] = (typeof(LayerNormNoAffine), new() { ["n"] = 3, ["d"] = 4 }),
        ["RmsNorm"] = (typeof(RmsNorm), new() { ["n"] = 2, ["d"] = 5 }),
        ["BatchNorm1d"] = (typeof(BatchNorm1d), new() { ["n"] = 5, ["c"] = 3 }),
        ["BatchNorm2d"] = (typeof(BatchNorm2d), new() { ["n"] = 2, ["c"] = 3, ["h"] = 2, ["w"] = 4 }),
        ["GroupNorm"] = (typeof(GroupNorm), new() { ["n"] = 2, ["g"] = 2, ["c"] = 3, ["h"] = 1, ["w"] = 4 }),
        ["InstanceNorm"] = (typeof(InstanceNorm), new() { ["n"] = 2, ["c"] = 3, ["h"] = 2, ["w"] = 4 }),
        ["WeightNorm"] = (typeof(WeightNorm), new() { ["o"] = 3, ["i"] = 4 }),
        ["CosineNorm"] = (typeof(CosineNorm), new() { ["n"] = 2, ["i"] = 5, ["o"] = 3 }),
        // Conditioning inputs ([Input("n d")], Kernels/ConditioningLayers.cs): tensors over part of the layout.
        ["AdaLN"] = (typeof(Kernels.AdaLN), new() { ["n"] = 2, ["t"] = 3, ["d"] = 4 }),
        ["AdaIN"] = (typeof(Kernels.AdaIN), new() { ["n"] = 2, ["c"] = 2, ["h"] = 2, ["w"] = 3 }),
        ["PositionGatedRmsNorm"] = (typeof(Kernels.PositionGatedRmsNorm), new() { ["n"] = 2, ["t"] = 3, ["d"] = 4 }),
    };

    [Fact]
    public void A_conditioning_input_is_an_input_over_its_Input_axes_and_its_gradient_sums_over_the_others()
    {
        var interpreter = ReferenceInterpreter.ForLayer(typeof(Kernels.AdaLN));
        Assert.Equal(["x", "shift", "scale"], interpreter.InputNames);
        Assert.Empty(interpreter.ParameterNames);
        Assert.Equal(["n", "d"], interpreter.AxesOf("shift"));
        var sizes = new Dictionary<string, int> { ["n"] = 2, ["t"] = 3, ["d"] = 4 };
        var rng = new Random(8);
        var tensors = new Dictionary<string, double[]> { ["x"] = RandomData.Uniform(rng, 24), ["shift"] = RandomData.Uniform(rng, 8), ["scale"] = RandomData.Uniform(rng, 8) };
        var dy = RandomData.Uniform(rng, 24);
        var dshift = interpreter.Run(sizes, tensors, dy).Gradients["shift"];
        // y = ... + shift[n, d] for every t: dshift[n, d] = sum over t of dy[n, t, d].
        for (int n = 0; n < 2; n++)
            for (int d = 0; d < 4; d++)
                Assert.Equal(Enumerable.Range(0, 3).Sum(t => dy[(n * 3 + t) * 4 + d]), dshift[n * 4 + d], 12);
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void Layer_gradients_match_finite_differences_in_training_and_eval(string name)
    {
        var (layer, sizes) = s_layers[name];
        var interpreter = ReferenceInterpreter.ForLayer(layer);
        var rng = new Random(name.Length);
        int Count(IEnumerable<string> axes) => axes.Aggregate(1, (n, a) => n * sizes[a]);

        var tensors = interpreter.InputNames.Concat(interpreter.ParameterNames)
            .ToDictionary(t => t, t => RandomData.Uniform(rng, Count(interpreter.AxesOf(t))));
        var dy = RandomData.Uniform(rng, Count(interpreter.OutputAxes), -1, 1);
        var running = Enumerable.Range(0, interpreter.RunningCount)
            .Select(i => RandomData.Uniform(rng, sizes["c"], 0.5, 2)).ToArray();

        foreach (bool training in interpreter.RunningCount > 0 ? new[] { true, false } : [true])
            GradientCheck.Verify(tensors, dy, () => interpreter.Run(sizes, tensors, dy, running: running, training: training),
                                 $"{name} (training: {training})");
    }
}
