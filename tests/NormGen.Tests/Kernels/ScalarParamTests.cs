using NormGen.Interpretation;
using NormGen.Kernels;
using NormGen.Tests.Support;

namespace NormGen.Tests.Kernels;

/// <summary>
/// Learned scalars ([Param] without axes, ScalarParamLayers.cs) where the random-problem suites do not reach: split
/// across threads (the scalar's gradient summed through per-chunk partials of one element) and in the stateful layer.
/// The interpreter and finite-difference checks of the same layers run with the other formula cases (FormulaCases).
/// </summary>
[Collection(nameof(ThreadingTests))] // they change the process-wide Threading.MaxThreads
public sealed class ScalarParamTests
{
    private const int Rows = 640, Features = 1000; // 640k elements: above Threading.MinParallelElements

    /// <summary>Runs <paramref name="run"/> with Threading.MaxThreads set to <paramref name="threads"/> (ConditioningTests too).</summary>
    internal static T Threads<T>(int threads, Func<T> run)
    {
        int before = Threading.MaxThreads;
        Threading.MaxThreads = threads;
        try
        {
            return run();
        }
        finally
        {
            Threading.MaxThreads = before;
        }
    }

    [Fact]
    public void DyT_split_across_threads_matches_the_interpreter_and_is_identical_for_1_2_and_4_threads()
    {
        Assert.True(Threading.Chunks(Rows, (long)Rows * Features) > 1);
        var rng = new Random(29);
        var x = RandomData.Uniform(rng, Rows * Features, -3, 3);
        double[] alpha = [0.7];
        var gamma = RandomData.Uniform(rng, Features, 0.5, 1.5);
        var beta = RandomData.Uniform(rng, Features);
        var dy = RandomData.Uniform(rng, Rows * Features);
        var s = new DyT.Shape(n: Rows, d: Features);

        (double[] Y, double[] Dx, double[] Dalpha, double[] Dgamma, double[] Dbeta) Run()
        {
            var saved = new DyT.Saved<double>(s);
            var y = new double[x.Length];
            var dx = new double[x.Length];
            double[] dalpha = [1.0]; // parameter gradients accumulate: start from 1
            var dgamma = new double[Features];
            var dbeta = new double[Features];
            DyT.Forward(s, x, alpha, gamma, beta, y, saved);
            DyT.Backward(s, dy, x, alpha, gamma, beta, saved, dx, dalpha, dgamma, dbeta);
            return (y, dx, dalpha, dgamma, dbeta);
        }

        var one = Threads(1, Run);
        foreach (var other in new[] { Threads(2, Run), Threads(4, Run) })
        {
            Assert.Equal(one.Y, other.Y);
            Assert.Equal(one.Dx, other.Dx);
            Assert.Equal(one.Dalpha, other.Dalpha);
            Assert.Equal(one.Dgamma, other.Dgamma);
            Assert.Equal(one.Dbeta, other.Dbeta);
        }

        var reference = ReferenceInterpreter.ForLayer(typeof(DyT)).Run(
            new Dictionary<string, int> { ["n"] = Rows, ["d"] = Features },
            new Dictionary<string, double[]> { ["x"] = x, ["alpha"] = alpha, ["gamma"] = gamma, ["beta"] = beta }, dy);
        Tolerance.AssertClose(reference.Y, one.Y, 1e-9, "y");
        Tolerance.AssertClose(reference.Gradients["x"], one.Dx, 1e-9, "dx");
        Tolerance.AssertClose([1 + reference.Gradients["alpha"][0]], one.Dalpha, 1e-9, "1 + dalpha, summed over 640k elements in chunks");
        Tolerance.AssertClose(reference.Gradients["gamma"], one.Dgamma, 1e-9, "dgamma");
        Tolerance.AssertClose(reference.Gradients["beta"], one.Dbeta, 1e-9, "dbeta");
    }

    [Fact]
    public void DyT_in_float_split_across_threads_has_the_same_bits_on_1_and_4_threads()
    {
        var rng = new Random(31);
        var x = ToFloat(RandomData.Uniform(rng, Rows * Features, -3, 3));
        var gamma = ToFloat(RandomData.Uniform(rng, Features, 0.5, 1.5));
        var beta = ToFloat(RandomData.Uniform(rng, Features));
        var dy = ToFloat(RandomData.Uniform(rng, Rows * Features));
        var s = new DyT.Shape(n: Rows, d: Features);

        (float[] Dx, float[] Dalpha) Run()
        {
            var saved = new DyT.Saved<float>(s);
            float[] y = new float[x.Length], dx = new float[x.Length], dalpha = new float[1], dgamma = new float[Features], dbeta = new float[Features];
            DyT.Forward(s, x, [0.5f], gamma, beta, y, saved);
            DyT.Backward(s, dy, x, [0.5f], gamma, beta, saved, dx, dalpha, dgamma, dbeta);
            return (dx, dalpha);
        }

        var one = Threads(1, Run);
        var four = Threads(4, Run);
        Assert.Equal(one.Dx, four.Dx);
        Assert.Equal(one.Dalpha, four.Dalpha);
    }

    [Fact]
    public void A_scalar_gradient_with_a_factor_outside_its_sum_splits_across_threads_with_the_same_bits()
    {
        // dtemperature = -Sum(x * (...), "n d") / temperature^2, accumulated as Sum(-x * (...) / temperature^2) so the
        // backward needs no step after the loop over rows and splits like any parameter gradient.
        const int n = 300, d = 1000;
        Assert.True(Threading.Chunks(n, (long)n * d) > 1);
        var rng = new Random(37);
        var x = RandomData.Uniform(rng, n * d, -2, 2);
        var dy = RandomData.Uniform(rng, n * d);
        double[] temperature = [1.3];
        var s = new TemperatureLogSoftmax.Shape(n, d);
        (double[] Y, double[] Dx, double[] Dt) Run()
        {
            var saved = new TemperatureLogSoftmax.Saved<double>(s);
            double[] y = new double[x.Length], dx = new double[x.Length], dt = [0.25];
            TemperatureLogSoftmax.Forward(s, x, temperature, y, saved);
            TemperatureLogSoftmax.Backward(s, dy, x, temperature, saved, dx, dt);
            return (y, dx, dt);
        }
        var one = Threads(1, Run);
        var four = Threads(4, Run);
        Assert.Equal(one.Dx, four.Dx);
        Assert.Equal(one.Dt, four.Dt);

        var reference = ReferenceInterpreter.ForLayer(typeof(TemperatureLogSoftmax)).Run(
            new Dictionary<string, int> { ["n"] = n, ["d"] = d },
            new Dictionary<string, double[]> { ["x"] = x, ["temperature"] = temperature }, dy);
        Tolerance.AssertClose(reference.Y, four.Y, 1e-9, "y");
        Tolerance.AssertClose(reference.Gradients["x"], four.Dx, 1e-9, "dx");
        Tolerance.AssertClose([0.25 + reference.Gradients["temperature"][0]], four.Dt, 1e-9, "0.25 + dtemperature");
    }

    [Fact]
    public void Two_scalars_sharing_one_sum_finish_their_gradients_after_the_loop_on_a_split_sized_input()
    {
        const int n = 300, d = 1000;
        var rng = new Random(43);
        var x = RandomData.Uniform(rng, n * d, -2, 2);
        var dy = RandomData.Uniform(rng, n * d);
        double[] t = [0.8], u = [1.7];
        var s = new TwoScalarTanh.Shape(n, d);
        var (y, dx, dt, du) = Threads(4, () =>
        {
            var saved = new TwoScalarTanh.Saved<double>(s);
            double[] y = new double[x.Length], dx = new double[x.Length], dt = [1.0], du = [-1.0];
            TwoScalarTanh.Forward(s, x, t, u, y, saved);
            TwoScalarTanh.Backward(s, dy, x, t, u, saved, dx, dt, du);
            return (y, dx, dt, du);
        });

        var reference = ReferenceInterpreter.ForLayer(typeof(TwoScalarTanh)).Run(
            new Dictionary<string, int> { ["n"] = n, ["d"] = d },
            new Dictionary<string, double[]> { ["x"] = x, ["t"] = t, ["u"] = u }, dy);
        Tolerance.AssertClose(reference.Y, y, 1e-9, "y");
        Tolerance.AssertClose(reference.Gradients["x"], dx, 1e-9, "dx");
        Tolerance.AssertClose([1 + reference.Gradients["t"][0]], dt, 1e-9, "1 + dt");
        Tolerance.AssertClose([-1 + reference.Gradients["u"][0]], du, 1e-9, "-1 + du");
    }

    [Fact]
    public void Stateful_layers_hold_a_learned_scalar_as_one_element_initialized_to_Init()
    {
        var dyt = new DyT(d: 7);
        Assert.Equal([0.5f], dyt.Alpha);
        Assert.Equal([0f], dyt.AlphaGrad);
        Assert.Equal(Enumerable.Repeat(1f, 7), dyt.Gamma);
        Assert.Equal(new float[7], dyt.Beta);

        var scaled = new ScalarScaledLayerNorm(d: 3);
        Assert.Equal([2f], scaled.Scale);
        Assert.Equal([0f], scaled.Shift);

        // No parameter fixes an axis: the layer takes no sizes at all.
        var softmax = new TemperatureLogSoftmax();
        Assert.Equal([1f], softmax.Temperature);
        Assert.Equal([0f], softmax.TemperatureGrad);
    }

    [Fact]
    public void DyT_stateful_layer_agrees_with_the_static_kernels_and_accumulates_AlphaGrad()
    {
        var rng = new Random(41);
        const int N = 3, D = 21;
        var layer = new DyT(d: D);
        layer.Alpha[0] = 0.8f;
        ToFloat(RandomData.Uniform(rng, D, 0.5, 1.5)).CopyTo(layer.Gamma, 0);
        ToFloat(RandomData.Uniform(rng, D)).CopyTo(layer.Beta, 0);
        float[] x = ToFloat(RandomData.Uniform(rng, N * D)), dy = ToFloat(RandomData.Uniform(rng, N * D));
        float[] y = new float[N * D], dx = new float[N * D];
        layer.Forward(x, y);
        layer.Backward(dy, dx);

        var s = new DyT.Shape(N, D);
        var saved = new DyT.Saved<float>(s);
        float[] y2 = new float[N * D], dx2 = new float[N * D], dalpha = new float[1], dgamma = new float[D], dbeta = new float[D];
        DyT.Forward(s, x, layer.Alpha, layer.Gamma, layer.Beta, y2, saved);
        DyT.Backward(s, dy, x, layer.Alpha, layer.Gamma, layer.Beta, saved, dx2, dalpha, dgamma, dbeta);
        Assert.Equal(y2, y);
        Assert.Equal(dx2, dx);
        Assert.Equal(dalpha, layer.AlphaGrad);
        Assert.NotEqual(0f, dalpha[0]);

        // The float32 layer against the float64 interpreter: dalpha sums N * D terms.
        var reference = ReferenceInterpreter.ForLayer(typeof(DyT)).Run(
            new Dictionary<string, int> { ["n"] = N, ["d"] = D },
            new Dictionary<string, double[]> { ["x"] = ToDouble(x), ["alpha"] = ToDouble(layer.Alpha), ["gamma"] = ToDouble(layer.Gamma), ["beta"] = ToDouble(layer.Beta) },
            ToDouble(dy));
        Tolerance.AssertClose(reference.Gradients["alpha"], ToDouble(layer.AlphaGrad), 1e-4, "AlphaGrad");

        layer.Backward(dy, dx);
        Tolerance.AssertClose([2.0 * dalpha[0]], ToDouble(layer.AlphaGrad), 1e-6, "AlphaGrad after two Backward calls");
        layer.ZeroGrad();
        Assert.Equal([0f], layer.AlphaGrad);
    }

    [Fact]
    public void A_scalar_span_of_the_wrong_length_is_an_ArgumentException_naming_it()
    {
        var s = new DyT.Shape(2, 4);
        var saved = new DyT.Saved<float>(s);
        float[] x = new float[8], y = new float[8], gamma = new float[4], beta = new float[4];
        var e = Assert.Throws<ArgumentException>(() => DyT.Forward(s, x, new float[2], gamma, beta, y, saved));
        Assert.Equal("alpha", e.ParamName);
        DyT.Forward(s, x, [0.5f], gamma, beta, y, saved);
        e = Assert.Throws<ArgumentException>(() => DyT.Backward(s, y, x, [0.5f], gamma, beta, saved, new float[8], new float[0], new float[4], new float[4]));
        Assert.Equal("dalpha", e.ParamName);
    }

    private static float[] ToFloat(double[] data) => Array.ConvertAll(data, v => (float)v);

    private static double[] ToDouble(float[] data) => Array.ConvertAll(data, v => (double)v);
}
