using NormGen.Interpretation;
using NormGen.Tests.Kernels;
using NormGen.Tests.Support;

namespace NormGen.Tests.Interpretation;

/// <summary>
/// The interpreter on formulas returning a tuple: its gradients (one tape seeded by every output's gradient) against
/// central finite differences of sum_i sum(output_i * doutput_i), and its refusal of a single dy for several outputs.
/// </summary>
public sealed class TupleOutputInterpreterTests
{
    private const double Step = 1e-6;

    public static TheoryData<Type> Layers() => new() { typeof(AddRmsNorm), typeof(CentredGatedNorm) };

    [Theory]
    [MemberData(nameof(Layers))]
    public void Gradients_match_finite_differences_of_the_summed_loss(Type layer)
    {
        var interpreter = ReferenceInterpreter.ForLayer(layer);
        var rng = new Random(41);
        var sizes = new Dictionary<string, int> { ["n"] = 2, ["d"] = 5 };
        var tensors = interpreter.InputNames.Concat(interpreter.ParameterNames).ToDictionary(
            name => name, name => RandomData.Uniform(rng, interpreter.AxesOf(name).Aggregate(1, (c, a) => c * sizes[a]), -1.5, 1.5));
        var gradients = interpreter.OutputNames.Select(_ => RandomData.Uniform(rng, 10, -1, 1)).ToArray();
        double Loss() => interpreter.Run(sizes, tensors, gradients).Outputs.Select((o, i) => o.Zip(gradients[i], (a, b) => a * b).Sum()).Sum();

        var result = interpreter.Run(sizes, tensors, gradients);
        Assert.Equal(interpreter.OutputNames.Count, result.Outputs.Count);
        Assert.Same(result.Outputs[0], result.Y);
        foreach (var (name, data) in tensors)
        {
            var numeric = new double[data.Length];
            for (int i = 0; i < data.Length; i++)
            {
                double saved = data[i];
                data[i] = saved + Step;
                double plus = Loss();
                data[i] = saved - Step;
                double minus = Loss();
                data[i] = saved;
                numeric[i] = (plus - minus) / (2 * Step);
            }
            Tolerance.AssertClose(numeric, result.Gradients[name], 1e-6, $"d{name} of {layer.Name}", floor: 1.0);
        }
    }

    [Fact]
    public void A_single_dy_for_several_outputs_is_refused_and_names_the_outputs()
    {
        var interpreter = ReferenceInterpreter.ForLayer(typeof(AddRmsNorm));
        Assert.Equal(["y", "h"], interpreter.OutputNames);
        var tensors = new Dictionary<string, double[]> { ["x"] = new double[4], ["residual"] = new double[4], ["gamma"] = new double[2] };
        var sizes = new Dictionary<string, int> { ["n"] = 2, ["d"] = 2 };
        var e = Assert.Throws<ArgumentException>(() => interpreter.Run(sizes, tensors, new double[4]));
        Assert.Contains("2 outputs (y, h)", e.Message);
        Assert.Throws<ArgumentException>(() => interpreter.Run(sizes, tensors, [new double[4]]));
    }

    [Fact]
    public void A_one_output_formula_has_the_output_y()
    {
        Assert.Equal(["y"], ReferenceInterpreter.ForLayer(typeof(FusedAddRmsNorm)).OutputNames);
    }
}
