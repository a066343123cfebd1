using NormGen.Fuzz.Tests.Model;
using NormGen.Fuzz.Tests.Running;
using NormGen.Interpretation;
using Xunit.Abstractions;

namespace NormGen.Fuzz.Tests.Oracle;

/// <summary>
/// The fuzzer's check of issue 13's layers: a tuple formula with conditioning inputs and a learned scalar passes in
/// float64, float32, Half and bfloat16, and the Half/bfloat16 check (<see cref="Storage"/>) fails a stored value two
/// units of the storage type off the rounded float32 result, or a float result (a conditioning input's gradient) one
/// float unit off, while one unit of the storage type is within the contract.
/// </summary>
public sealed class StorageCheckTests(ITestOutputHelper output)
{
    /// <summary>
    /// adaLN on "n t d" with a learned gain, returning (y, h, stat): stat is one value per sample. The data seed's
    /// parity picks the storage type the CI run checks (<see cref="Storage.TypesFor"/>): 4242 Half, 4243 bfloat16.
    /// </summary>
    private static FuzzLayer Modulated(string storage) => Layer(storage == "Half" ? 4242 : 4243);

    private static FuzzLayer Layer(int dataSeed) => FixedLayers.Layer("n t d",
            [new("x"), new("shift", InputAxes: ["n", "d"]), new("scale", InputAxes: ["n", "d"]), new("alpha", [], Init: 0.5), new("gamma", ["d"])],
            "(x - Mean(x, \"d\")) * Rsqrt(Var(x, \"d\") + 1e-6) * (1.0 + scale) * gamma + shift",
            [("n", 2), ("t", 3), ("d", 5)], dataSeed)
        with
        {
            ResultName = "y",
            MoreOutputs = [new("h", new Verbatim("Tanh(alpha * x) + x")), new("stat", new Verbatim("Mean(x * shift, \"t d\")"))],
        };

    [Theory]
    [InlineData("Half")]
    [InlineData("BFloat16")]
    public void A_tuple_layer_with_conditioning_inputs_and_a_learned_scalar_passes_in_every_precision(string storage)
    {
        var layer = Modulated(storage);
        Assert.Contains(storage, Storage.TypesFor(layer));
        Assert.Contains("static (Expr y, Expr h, Expr stat) Forward(Expr x, [Input(\"n d\")] Expr shift, [Input(\"n d\")] Expr scale, [Param(Init = 0.5)] Expr alpha, [Param(\"d\")] Expr gamma)", layer.RenderSource());
        var verdict = LayerCheck.Check(layer);
        output.WriteLine($"{verdict.Outcome} {verdict.Kind}: {verdict.Detail}");
        Assert.Equal(Outcome.Passed, verdict.Outcome);
    }

    [Theory]
    [InlineData("Half", "output[1]", 2, "Half h")]
    [InlineData("BFloat16", "output[2]", 2, "BFloat16 stat")]
    [InlineData("BFloat16", "dx", 2, "BFloat16 dx")]
    [InlineData("Half", "dscale", 0, "Half dscale")]
    [InlineData("BFloat16", "dalpha", 0, "BFloat16 dalpha")]
    public void A_storage_result_off_the_rounded_float32_result_fails(string storage, string tensor, int storageUlps, string kind)
    {
        var verdict = LayerCheck.Check(Modulated(storage), (precision, _, kernel, _) => precision == storage ? Edit(kernel, tensor, v => Move(storage, v, storageUlps)) : kernel);
        output.WriteLine($"{verdict.Outcome} {verdict.Kind}: {verdict.Detail}");
        Assert.Equal((Outcome.Failed, kind), (verdict.Outcome, verdict.Kind));
    }

    [Fact]
    public void One_unit_of_the_storage_type_is_within_the_contract()
    {
        var verdict = LayerCheck.Check(Modulated("Half"), (precision, _, kernel, _) => precision == "Half" ? Edit(kernel, "output[1]", v => Move("Half", v, 1)) : kernel);
        Assert.Equal(Outcome.Passed, verdict.Outcome);
    }

    [Fact]
    public void Ulp_distance_counts_values_of_the_storage_type()
    {
        Assert.Equal(1, Storage.UlpDistance("Half", 1f, (float)Half.BitIncrement((Half)1f)));
        Assert.Equal(2, Storage.UlpDistance("BFloat16", -1f, (float)BFloat16.UInt16BitsToBFloat16((ushort)(BFloat16.BFloat16ToUInt16Bits((BFloat16)(-1f)) + 2))));
        Assert.Equal(0, Storage.UlpDistance("Half", 0f, -0f));
        Assert.Equal(2, Storage.UlpDistance("Half", (float)Half.Epsilon, -(float)Half.Epsilon));
    }

    /// <summary><paramref name="ulps"/> units of the storage type up; 0: one float unit up (a float result).</summary>
    private static double Move(string storage, double value, int ulps)
    {
        if (ulps == 0) return MathF.BitIncrement((float)value);
        float f = (float)value;
        for (int i = 0; i < ulps; i++)
            f = storage == "Half" ? (float)Half.BitIncrement((Half)f)
                : (float)BFloat16.UInt16BitsToBFloat16((ushort)(BFloat16.BFloat16ToUInt16Bits((BFloat16)f) + (f < 0 ? -1 : 1)));
        return f;
    }

    /// <summary>A copy of <paramref name="result"/> with element 0 of one tensor ("y", "output[i]" or "d" + name) moved.</summary>
    private static InterpreterResult Edit(InterpreterResult result, string tensor, Func<double, double> move)
    {
        var outputs = result.Outputs.Select(o => (double[])o.Clone()).ToArray();
        var gradients = result.Gradients.ToDictionary(g => g.Key, g => (double[])g.Value.Clone());
        var edited = tensor == "y" ? outputs[0] : tensor.StartsWith("output[", StringComparison.Ordinal) ? outputs[tensor[7] - '0'] : gradients[tensor[1..]];
        edited[0] = move(edited[0]);
        return new InterpreterResult(outputs[0], gradients, result.UpdatedRunning) { Outputs = outputs };
    }
}

/// <summary>
/// The interpreter-free oracle (<see cref="FiniteDifferences"/>): the float64 kernels' gradients of issue 13's layer
/// (a tuple, conditioning inputs, a learned scalar) agree with central differences of their own forward in a random
/// direction, and a conditioning input's or the scalar's gradient off by 1% of its size does not.
/// </summary>
public sealed class FiniteDifferenceCheckTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("shift")]
    [InlineData("scale")]
    [InlineData("alpha")]
    [InlineData("x")]
    public void Kernel_gradients_match_central_differences_and_a_wrong_one_does_not(string? wrong)
    {
        var layer = FixedLayers.Layer("n t d",
                [new("x"), new("shift", InputAxes: ["n", "d"]), new("scale", InputAxes: ["n", "d"]), new("alpha", [], Init: 0.5), new("gamma", ["d"])],
                "(x - Mean(x, \"d\")) * Rsqrt(Var(x, \"d\") + 1e-6) * (1.0 + scale) * gamma + shift",
                [("n", 2), ("t", 3), ("d", 5)], 77)
            with
            {
                ResultName = "y",
                MoreOutputs = [new("h", new Verbatim("Tanh(alpha * x) + x")), new("stat", new Verbatim("Mean(x * shift, \"t d\")"))],
            };
        var outcome = InMemoryCompiler.Generate(("Layer.cs", layer.RenderSource()), ("FuzzAdapter.cs", layer.RenderAdapter()));
        var (assembly, context) = InMemoryCompiler.Load(outcome.Output);
        try
        {
            var interpreter = NormGen.Interpretation.ReferenceInterpreter.ForLayer(assembly.GetType("FuzzCase.L", throwOnError: true)!);
            var problem = Problem.Create(layer, interpreter);
            var adapter = assembly.GetType("FuzzCase.FuzzAdapter", throwOnError: true)!;
            var kernel = problem.Run<double>(adapter, problem.Tensors);
            if (wrong is not null)
            {
                var g = kernel.Gradients[wrong];
                g[0] += 0.01 * g.Select(Math.Abs).Max();
            }
            var verdict = FiniteDifferences.Check(layer, adapter, problem, kernel);
            Assert.Equal(wrong is null ? null : "float64 gradient against finite differences", verdict?.Kind);
        }
        finally
        {
            context.Unload();
        }
    }
}
