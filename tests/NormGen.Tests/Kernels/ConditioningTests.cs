using System.Numerics.Tensors;
using NormGen.Kernels;
using NormGen.Tests.Support;

namespace NormGen.Tests.Kernels;

/// <summary>
/// Conditioning inputs ([Input("...")], ConditioningLayers.cs) where the random small problems of FormulaCases (the
/// interpreter and finite-difference suites, rerun at every vector width) do not reach: inputs large enough to split
/// across threads, with the gradient spans prefilled with garbage (they are written, so nothing of it may survive,
/// however many chunks sum into them), the stateful layer, and spans of the wrong length.
/// </summary>
[Collection(nameof(ThreadingTests))] // they change the process-wide Threading.MaxThreads
public sealed class ConditioningTests
{
    /// <summary>Sizes above Threading.MinParallelElements (2^18), so the kernels split into several chunks.</summary>
    public static TheoryData<string> Split() => new() { "AdaLN", "AdaIN", "PositionGatedRmsNorm", "ModulatedLayerNorm" };

    private static Dictionary<string, int> SplitSizes(string name) => name switch
    {
        "AdaIN" => new() { ["n"] = 4, ["c"] = 72, ["h"] = 32, ["w"] = 32 },
        _ => new() { ["n"] = 2, ["t"] = 150, ["d"] = 1000 },
    };

    private static readonly Dictionary<string, KernelResult> s_oracles = new();

    [Theory]
    [MemberData(nameof(Split))]
    public void Double_kernels_split_across_threads_overwrite_garbage_and_match_the_interpreter(string name) =>
        AssertSplitRun<double>(name, InterpreterKernelTests.DoubleTolerance);

    [Theory]
    [MemberData(nameof(Split))]
    public void Float_kernels_split_across_threads_overwrite_garbage_and_match_the_interpreter(string name) =>
        AssertSplitRun<float>(name, InterpreterKernelTests.FloatTolerance);

    private static void AssertSplitRun<T>(string name, double tolerance) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var c = FormulaCases.Named(name);
        var sizes = SplitSizes(name);
        long elements = sizes.Values.Aggregate(1L, (a, b) => a * b);
        Assert.True(elements > Threading.MinParallelElements);
        var problem = KernelHarness.RandomProblem(c.Kernels, sizes, seed: 17, c.Range);
        var inputs = c.Kernels.Interpreter.InputNames.ToHashSet();

        KernelResult Run(int threads, T garbage) => ScalarParamTests.Threads(threads, () => KernelHarness.Run<T>(c.Kernels, problem, prepare: run =>
        {
            // Input gradients are written: garbage (NaN, or a large value) must not survive. Parameter gradients
            // accumulate, so they start at 0 here.
            foreach (var (tensor, gradient) in run.Gradients)
                if (inputs.Contains(tensor)) Array.Fill(gradient, garbage);
        }));

        var one = Run(1, T.NaN);
        foreach (var other in new[] { Run(2, T.CreateTruncating(1e6)), Run(4, T.NaN) })
        {
            Assert.Equal(one.Y, other.Y);
            foreach (var (tensor, gradient) in one.Gradients) Assert.Equal(gradient, other.Gradients[tensor]);
        }
        KernelResult oracle;
        lock (s_oracles)
        {
            if (!s_oracles.TryGetValue(name, out oracle!)) s_oracles[name] = oracle = KernelHarness.Oracle(c.Kernels, problem);
        }
        KernelHarness.AssertClose(oracle, one, tolerance, $"{name} ({typeof(T).Name}, split)");
    }

    [Fact]
    public void AdaLN_stateful_layer_takes_the_conditioning_inputs_and_writes_their_gradients()
    {
        var rng = new Random(3);
        const int N = 2, T = 3, D = 19;
        var s = new AdaLN.Shape(N, T, D);
        float[] x = F(RandomData.Uniform(rng, N * T * D)), shift = F(RandomData.Uniform(rng, N * D)), scale = F(RandomData.Uniform(rng, N * D));
        float[] dy = F(RandomData.Uniform(rng, N * T * D));

        var layer = new AdaLN();
        float[] y = new float[N * T * D], dx = new float[N * T * D], dshift = new float[N * D], dscale = new float[N * D];
        Array.Fill(dshift, float.NaN);
        Array.Fill(dscale, 123f);
        layer.Forward(s, x, shift, scale, y);
        layer.Backward(dy, dx, dshift, dscale);

        var saved = new AdaLN.Saved<float>(s);
        float[] y2 = new float[y.Length], dx2 = new float[dx.Length], dshift2 = new float[N * D], dscale2 = new float[N * D];
        AdaLN.Forward(s, x, shift, scale, y2, saved);
        AdaLN.Backward(s, dy, x, shift, scale, saved, dx2, dshift2, dscale2);
        Assert.Equal(y2, y);
        Assert.Equal(dx2, dx);
        Assert.Equal(dshift2, dshift);
        Assert.Equal(dscale2, dscale);

        // dshift is dy summed over tokens: checked by hand, not only against the kernels.
        for (int n = 0; n < N; n++)
            for (int d = 0; d < D; d++)
            {
                double sum = 0;
                for (int t = 0; t < T; t++) sum += dy[(n * T + t) * D + d];
                Assert.Equal(sum, dshift[n * D + d], 4);
            }
    }

    [Fact]
    public void PositionGatedRmsNorm_stateful_layer_accumulates_GammaGrad_and_writes_dgate()
    {
        var rng = new Random(4);
        const int N = 3, T = 4, D = 11;
        var layer = new PositionGatedRmsNorm(d: D);
        float[] x = F(RandomData.Uniform(rng, N * T * D)), gate = F(RandomData.Uniform(rng, T)), dy = F(RandomData.Uniform(rng, N * T * D));
        float[] y = new float[x.Length], dx = new float[x.Length], dgate = [9f, 9f, 9f, 9f];
        layer.Forward(layer.ShapeFor(N, T), x, gate, y);
        layer.Backward(dy, dx, dgate);
        float[] first = (float[])dgate.Clone(), gammaGrad = (float[])layer.GammaGrad.Clone();
        layer.Backward(dy, dx, dgate);
        Assert.Equal(first, dgate);                                                   // written
        // Accumulated: 2 * G, up to the rounding of the second addition in float.
        Tolerance.AssertClose(gammaGrad.Select(g => 2.0 * g).ToArray(), layer.GammaGrad.Select(g => (double)g).ToArray(), 1e-6, "GammaGrad after two Backward calls");
    }

    [Fact]
    public void Spans_of_the_wrong_length_are_ArgumentExceptions_naming_the_argument_before_anything_is_written()
    {
        const int N = 2, T = 3, D = 5;
        var s = new AdaLN.Shape(N, T, D);
        var saved = new AdaLN.Saved<double>(s);
        double[] x = new double[N * T * D], y = new double[N * T * D], good = new double[N * D], bad = new double[N * T * D];
        Assert.Equal("shift", Assert.ThrowsAny<ArgumentException>(() => AdaLN.Forward(s, x, bad, good, y, saved)).ParamName);
        Assert.Equal("scale", Assert.ThrowsAny<ArgumentException>(() => AdaLN.Forward(s, x, good, new double[N], y, saved)).ParamName);
        AdaLN.Forward(s, x, good, good, y, saved);

        double[] dx = new double[x.Length], dshift = new double[N * D], dscaleBad = new double[D];
        Array.Fill(dshift, 5.0);
        var e = Assert.ThrowsAny<ArgumentException>(() => AdaLN.Backward(s, y, x, good, good, saved, dx, dshift, dscaleBad));
        Assert.Equal("dscale", e.ParamName);
        Assert.All(dshift, v => Assert.Equal(5.0, v));                               // not cleared before the check
    }

    [Fact]
    public void AdaLN_tensor_span_overloads_read_the_shape_from_x_and_take_the_conditioning_inputs_as_spans()
    {
        var rng = new Random(6);
        const int N = 2, T = 3, D = 9;
        nint[] lengths = [N, T, D];
        double[] x = RandomData.Uniform(rng, N * T * D), shift = RandomData.Uniform(rng, N * D), scale = RandomData.Uniform(rng, N * D);
        double[] dy = RandomData.Uniform(rng, N * T * D);
        var s = new AdaLN.Shape(N, T, D);
        var saved = new AdaLN.Saved<double>(s);
        double[] y = new double[x.Length], dx = new double[x.Length], dshift = new double[N * D], dscale = new double[N * D];
        AdaLN.Forward(s, x, shift, scale, y, saved);
        AdaLN.Backward(s, dy, x, shift, scale, saved, dx, dshift, dscale);

        var tsaved = new AdaLN.Saved<double>(s);
        double[] ty = new double[x.Length], tdx = new double[x.Length], tdshift = Enumerable.Repeat(double.NaN, N * D).ToArray(), tdscale = new double[N * D];
        AdaLN.Forward(new ReadOnlyTensorSpan<double>(x, lengths), shift, scale, new TensorSpan<double>(ty, lengths), tsaved);
        AdaLN.Backward(new ReadOnlyTensorSpan<double>(dy, lengths), new ReadOnlyTensorSpan<double>(x, lengths),
            shift, scale, tsaved, new TensorSpan<double>(tdx, lengths), tdshift, tdscale);
        Assert.Equal(y, ty);
        Assert.Equal(dx, tdx);
        Assert.Equal(dshift, tdshift);
        Assert.Equal(dscale, tdscale);
    }

    private static float[] F(double[] values) => values.Select(v => (float)v).ToArray();
}
