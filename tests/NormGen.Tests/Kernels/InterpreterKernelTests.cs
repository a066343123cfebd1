namespace NormGen.Tests.Kernels;

/// <summary>
/// The generated kernels of formulas declared only in these tests (<c>CustomLayers.cs</c>, <c>OpLayers.cs</c>) against
/// the float64 reference interpreter, on random shapes and data.
/// </summary>
public sealed class InterpreterKernelTests
{
    // Kernels and interpreter both compute in float64 and differ only in summation order and in how the generator
    // regrouped the algebra: a few ulps times the largest intermediate, far inside 1e-9 of each output's largest
    // magnitude for these well-conditioned formulas with O(1) data.
    internal const double DoubleTolerance = 1e-9;

    // float32 rounds every input and intermediate to 2^-24 ~ 6e-8 relative. The worst-case bound of a sum of up to
    // ~200 terms is ~200 ulps ~ 1e-5, and the normalizations' cancellations (x - mean, dy - mean(dy), softmax's shift)
    // add a small factor with these O(1) inputs: 1e-4 of each output's largest magnitude covers that bound, as the
    // reference README's float32 criterion does, while a wrong term (O(1) of that magnitude) is 1e4 times larger.
    // Observed worst case over these cases: ~6e-7.
    internal const double FloatTolerance = 1e-4;

    private static readonly int[] s_seeds = [1, 2, 3, 4];

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var c in FormulaCases.Custom.Concat(FormulaCases.Ops))
            foreach (int seed in s_seeds)
                data.Add(c.Name, seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Double_kernels_match_the_interpreter(string name, int seed) => AssertMatches<double>(FormulaCases.Named(name), seed, DoubleTolerance);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float_kernels_match_the_interpreter(string name, int seed) => AssertMatches<float>(FormulaCases.Named(name), seed, FloatTolerance);

    public static TheoryData<string> Names() => new(FormulaCases.Custom.Concat(FormulaCases.Ops).Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Backward_overwrites_input_gradients_and_accumulates_parameter_gradients(string name)
    {
        var c = FormulaCases.Named(name);
        KernelHarness.AssertOverwritesInputGradientsAndAccumulatesParameterGradients(c.Kernels, c.Problem(seed: 5), name);
    }

    /// <summary>
    /// Data on a grid of quarters makes ties everywhere (x == a in Maximum, Minimum and at 0.25; several arg-maxima in
    /// Max and Min): the interpreter's convention (PyTorch's: half of a Maximum or Minimum tie to each side, Max and Min
    /// an equal share to every tied element) is the kernels' too, or the gradients differ at O(1). Exactly representable
    /// data, so float sees the same ties. Hand-computed ties: <see cref="TieTests"/>.
    /// </summary>
    [Theory]
    [InlineData("OpMaximum")]
    [InlineData("OpMinimum")]
    [InlineData("OpMax")]
    [InlineData("OpMin")]
    [InlineData("OpMaxMinOverRows")]
    [InlineData("RangeNorm")]
    [InlineData("OpAbs")]
    public void Ties_route_gradients_as_the_interpreter_does(string name)
    {
        var c = FormulaCases.Named(name) with { Adjust = null };
        var problem = c.Problem(seed: 9);
        foreach (var data in problem.Tensors.Values)
            for (int i = 0; i < data.Length; i++) data[i] = Math.Round(data[i] * 2) / 4; // quarters in [-1, 1]
        var expected = KernelHarness.Oracle(c.Kernels, problem);
        KernelHarness.AssertClose(expected, KernelHarness.Run<double>(c.Kernels, problem), DoubleTolerance, $"{name} (double, {problem}, ties)");
        KernelHarness.AssertClose(expected, KernelHarness.Run<float>(c.Kernels, problem), FloatTolerance, $"{name} (float, {problem}, ties)");
    }

    internal static void AssertMatches<T>(FormulaCase c, int seed, double tolerance) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var problem = c.Problem(seed);
        var expected = KernelHarness.Oracle(c.Kernels, problem);
        var actual = KernelHarness.Run<T>(c.Kernels, problem);
        KernelHarness.AssertClose(expected, actual, tolerance, $"{c.Name} ({typeof(T).Name}, {problem})");
    }
}
