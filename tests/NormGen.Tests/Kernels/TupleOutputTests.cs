using NormGen.Interpretation;
using NormGen.Tests.Support;

namespace NormGen.Tests.Kernels;

/// <summary>
/// Formulas returning a tuple (TupleOutputLayers.cs): every output and every gradient against the float64 interpreter,
/// in double and float, on shapes with and without a vector tail (this namespace reruns at every vector width,
/// Widths/VectorWidthTests); the stateful layer; and the span checks of the extra arguments.
/// </summary>
public sealed class TupleOutputTests
{
    private const double DoubleTolerance = 1e-10, FloatTolerance = 1e-4;

    public static TheoryData<int, int> Shapes() => new() { { 1, 1 }, { 3, 7 }, { 5, 16 }, { 4, 67 }, { 2, 256 }, { 3, 1027 } };

    private static Dictionary<string, int> Sizes(int n, int d) => new() { ["n"] = n, ["d"] = d };

    private static float[] F(double[] a) => a.Select(v => (float)v).ToArray();

    private static double[] D(float[] a) => a.Select(v => (double)v).ToArray();

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Fused_add_RMSNorm_matches_the_interpreter_in_double_and_float(int n, int d)
    {
        var rng = new Random(n * 1000 + d);
        var x = RandomData.Uniform(rng, n * d);
        var residual = RandomData.Uniform(rng, n * d);
        var gamma = RandomData.Uniform(rng, d, 0.5, 1.5);
        var dy = RandomData.Uniform(rng, n * d);
        var dh = RandomData.Uniform(rng, n * d);
        var reference = ReferenceInterpreter.ForLayer(typeof(AddRmsNorm)).Run(Sizes(n, d),
            new Dictionary<string, double[]> { ["x"] = x, ["residual"] = residual, ["gamma"] = gamma }, [dy, dh]);
        var s = new AddRmsNorm.Shape(n, d);

        {
            double[] y = new double[n * d], h = new double[n * d], dx = new double[n * d], dres = new double[n * d], dgamma = new double[d];
            var saved = new AddRmsNorm.Saved<double>(s);
            AddRmsNorm.Forward(s, x, residual, gamma, y, h, saved);
            AddRmsNorm.Backward(s, dy, dh, x, residual, gamma, saved, dx, dres, dgamma);
            Tolerance.AssertClose(reference.Outputs[0], y, DoubleTolerance, "y");
            Tolerance.AssertClose(reference.Outputs[1], h, DoubleTolerance, "h");
            Tolerance.AssertClose(reference.Gradients["x"], dx, DoubleTolerance, "dx");
            Tolerance.AssertClose(reference.Gradients["residual"], dres, DoubleTolerance, "dresidual");
            Tolerance.AssertClose(reference.Gradients["gamma"], dgamma, DoubleTolerance, "dgamma");
        }
        {
            float[] y = new float[n * d], h = new float[n * d], dx = new float[n * d], dres = new float[n * d], dgamma = new float[d];
            var saved = new AddRmsNorm.Saved<float>(s);
            AddRmsNorm.Forward(s, F(x), F(residual), F(gamma), y, h, saved);
            AddRmsNorm.Backward(s, F(dy), F(dh), F(x), F(residual), F(gamma), saved, dx, dres, dgamma);
            Tolerance.AssertClose(reference.Outputs[0], D(y), FloatTolerance, "y (float)");
            Tolerance.AssertClose(reference.Outputs[1], D(h), FloatTolerance, "h (float)");
            Tolerance.AssertClose(reference.Gradients["x"], D(dx), FloatTolerance, "dx (float)");
            Tolerance.AssertClose(reference.Gradients["residual"], D(dres), FloatTolerance, "dresidual (float)");
            Tolerance.AssertClose(reference.Gradients["gamma"], D(dgamma), FloatTolerance, "dgamma (float)");
        }
    }

    [Fact]
    public void Fused_add_RMSNorm_y_is_the_one_output_formulas_and_dh_adds_straight_into_dx_and_dresidual()
    {
        // The tuple's y is the single-output FusedAddRmsNorm's y; its gradient is that layer's plus dh, the path
        // through the output h (d h / d x = d h / d residual = 1).
        const int n = 3, d = 37;
        var rng = new Random(5);
        var x = RandomData.Uniform(rng, n * d);
        var residual = RandomData.Uniform(rng, n * d);
        var gamma = RandomData.Uniform(rng, d, 0.5, 1.5);
        var dy = RandomData.Uniform(rng, n * d);
        var dh = RandomData.Uniform(rng, n * d);
        double[] y1 = new double[n * d], dx1 = new double[n * d], dres1 = new double[n * d], dgamma1 = new double[d];
        var s1 = new FusedAddRmsNorm.Shape(n, d);
        var saved1 = new FusedAddRmsNorm.Saved<double>(s1);
        FusedAddRmsNorm.Forward(s1, x, residual, gamma, y1, saved1);
        FusedAddRmsNorm.Backward(s1, dy, x, residual, gamma, saved1, dx1, dres1, dgamma1);

        double[] y = new double[n * d], h = new double[n * d], dx = new double[n * d], dres = new double[n * d], dgamma = new double[d];
        var s = new AddRmsNorm.Shape(n, d);
        var saved = new AddRmsNorm.Saved<double>(s);
        AddRmsNorm.Forward(s, x, residual, gamma, y, h, saved);
        AddRmsNorm.Backward(s, dy, dh, x, residual, gamma, saved, dx, dres, dgamma);

        Tolerance.AssertClose(y1, y, 1e-14, "y");
        Assert.Equal(x.Zip(residual, (a, b) => a + b), h);
        Tolerance.AssertClose(dx1.Zip(dh, (a, b) => a + b).ToArray(), dx, 1e-13, "dx = dx(y alone) + dh");
        Tolerance.AssertClose(dres1.Zip(dh, (a, b) => a + b).ToArray(), dres, 1e-13, "dresidual = dresidual(y alone) + dh");
        Tolerance.AssertClose(dgamma1, dgamma, 1e-13, "dgamma does not see dh");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Three_output_formula_matches_the_interpreter_in_double_and_float(int n, int d)
    {
        var rng = new Random(n * 7 + d);
        var x = RandomData.Uniform(rng, n * d);
        var gamma = RandomData.Uniform(rng, d, 0.5, 1.5);
        var beta = RandomData.Uniform(rng, d);
        var dy = RandomData.Uniform(rng, n * d);
        var dc = RandomData.Uniform(rng, n * d);
        var dg = RandomData.Uniform(rng, n * d);
        var interpreter = ReferenceInterpreter.ForLayer(typeof(CentredGatedNorm));
        Assert.Equal(["y", "centred", "gated"], interpreter.OutputNames);
        var reference = interpreter.Run(Sizes(n, d), new Dictionary<string, double[]> { ["x"] = x, ["gamma"] = gamma, ["beta"] = beta }, [dy, dc, dg]);
        var s = new CentredGatedNorm.Shape(n, d);
        {
            double[] y = new double[n * d], c = new double[n * d], g = new double[n * d], dx = new double[n * d], dgamma = new double[d], dbeta = new double[d];
            var saved = new CentredGatedNorm.Saved<double>(s);
            CentredGatedNorm.Forward(s, x, gamma, beta, y, c, g, saved);
            CentredGatedNorm.Backward(s, dy, dc, dg, x, gamma, beta, saved, dx, dgamma, dbeta);
            Tolerance.AssertClose(reference.Outputs[0], y, DoubleTolerance, "y");
            Tolerance.AssertClose(reference.Outputs[1], c, DoubleTolerance, "centred", floor: 1);
            Tolerance.AssertClose(reference.Outputs[2], g, DoubleTolerance, "gated");
            Tolerance.AssertClose(reference.Gradients["x"], dx, DoubleTolerance, "dx", floor: 1);
            Tolerance.AssertClose(reference.Gradients["gamma"], dgamma, DoubleTolerance, "dgamma", floor: 1);
            Tolerance.AssertClose(reference.Gradients["beta"], dbeta, DoubleTolerance, "dbeta", floor: 1);
        }
        {
            float[] y = new float[n * d], c = new float[n * d], g = new float[n * d], dx = new float[n * d], dgamma = new float[d], dbeta = new float[d];
            var saved = new CentredGatedNorm.Saved<float>(s);
            CentredGatedNorm.Forward(s, F(x), F(gamma), F(beta), y, c, g, saved);
            CentredGatedNorm.Backward(s, F(dy), F(dc), F(dg), F(x), F(gamma), F(beta), saved, dx, dgamma, dbeta);
            Tolerance.AssertClose(reference.Outputs[0], D(y), FloatTolerance, "y (float)");
            Tolerance.AssertClose(reference.Outputs[1], D(c), FloatTolerance, "centred (float)", floor: 1);
            Tolerance.AssertClose(reference.Outputs[2], D(g), FloatTolerance, "gated (float)");
            Tolerance.AssertClose(reference.Gradients["x"], D(dx), FloatTolerance, "dx (float)", floor: 1);
            Tolerance.AssertClose(reference.Gradients["gamma"], D(dgamma), FloatTolerance, "dgamma (float)", floor: 1);
            Tolerance.AssertClose(reference.Gradients["beta"], D(dbeta), FloatTolerance, "dbeta (float)", floor: 1);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Outputs_over_fewer_axes_match_the_interpreter_in_double_and_float(int n, int d)
    {
        var rng = new Random(n * 31 + d);
        var x = RandomData.Uniform(rng, n * d, -1, 3);
        var gamma = RandomData.Uniform(rng, d, 0.5, 1.5);
        var beta = RandomData.Uniform(rng, d);
        var dy = RandomData.Uniform(rng, n * d);
        var dmean = RandomData.Uniform(rng, n);
        var drstd = RandomData.Uniform(rng, n);
        double[] dpower = [0.75];
        var interpreter = ReferenceInterpreter.ForLayer(typeof(LayerNormWithStats));
        Assert.Equal(["n"], interpreter.OutputAxesOf("rstd"));
        Assert.Empty(interpreter.OutputAxesOf("power"));
        var reference = interpreter.Run(Sizes(n, d), new Dictionary<string, double[]> { ["x"] = x, ["gamma"] = gamma, ["beta"] = beta }, [dy, dmean, drstd, dpower]);
        var s = new LayerNormWithStats.Shape(n, d);
        string[] names = ["y", "mean", "rstd", "power", "dx", "dgamma", "dbeta"];
        double[][] expected = [.. reference.Outputs, reference.Gradients["x"], reference.Gradients["gamma"], reference.Gradients["beta"]];
        {
            double[] y = new double[n * d], mean = new double[n], rstd = new double[n], power = new double[1], dx = new double[n * d], dgamma = new double[d], dbeta = new double[d];
            var saved = new LayerNormWithStats.Saved<double>(s);
            LayerNormWithStats.Forward(s, x, gamma, beta, y, mean, rstd, power, saved);
            LayerNormWithStats.Backward(s, dy, dmean, drstd, dpower, x, gamma, beta, saved, dx, dgamma, dbeta);
            double[][] actual = [y, mean, rstd, power, dx, dgamma, dbeta];
            for (int i = 0; i < names.Length; i++) Tolerance.AssertClose(expected[i], actual[i], DoubleTolerance, names[i], floor: 1);
        }
        {
            float[] y = new float[n * d], mean = new float[n], rstd = new float[n], power = new float[1], dx = new float[n * d], dgamma = new float[d], dbeta = new float[d];
            var saved = new LayerNormWithStats.Saved<float>(s);
            LayerNormWithStats.Forward(s, F(x), F(gamma), F(beta), y, mean, rstd, power, saved);
            LayerNormWithStats.Backward(s, F(dy), F(dmean), F(drstd), F(dpower), F(x), F(gamma), F(beta), saved, dx, dgamma, dbeta);
            double[][] actual = [D(y), D(mean), D(rstd), D(power), D(dx), D(dgamma), D(dbeta)];
            for (int i = 0; i < names.Length; i++) Tolerance.AssertClose(expected[i], actual[i], FloatTolerance, names[i] + " (float)", floor: 1);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Outputs_with_running_statistics_match_the_interpreter_in_training_and_eval(bool training)
    {
        const int n = 6, c = 19;
        var rng = new Random(training ? 3 : 4);
        var x = RandomData.Uniform(rng, n * c);
        var gamma = RandomData.Uniform(rng, c, 0.5, 1.5);
        var dy = RandomData.Uniform(rng, n * c);
        var dcentred = RandomData.Uniform(rng, n * c);
        var runningMean = RandomData.Uniform(rng, c, -0.5, 0.5);
        var runningVariance = RandomData.Uniform(rng, c, 0.5, 1.5);
        var reference = ReferenceInterpreter.ForLayer(typeof(BatchNormWithCentred)).Run(new Dictionary<string, int> { ["n"] = n, ["c"] = c },
            new Dictionary<string, double[]> { ["x"] = x, ["gamma"] = gamma }, [dy, dcentred],
            running: [(double[])runningMean.Clone(), (double[])runningVariance.Clone()], training: training);

        var s = new BatchNormWithCentred.Shape(n, c);
        var saved = new BatchNormWithCentred.Saved<double>(s);
        double[] y = new double[n * c], centred = new double[n * c], dx = new double[n * c], dgamma = new double[c];
        double[] mean = (double[])runningMean.Clone(), variance = (double[])runningVariance.Clone();
        BatchNormWithCentred.Forward(s, x, gamma, mean, variance, y, centred, saved, training);
        BatchNormWithCentred.Backward(s, dy, dcentred, x, gamma, mean, variance, saved, dx, dgamma, training);
        Tolerance.AssertClose(reference.Outputs[0], y, DoubleTolerance, "y");
        Tolerance.AssertClose(reference.Outputs[1], centred, DoubleTolerance, "centred");
        Tolerance.AssertClose(reference.Gradients["x"], dx, DoubleTolerance, "dx", floor: 1);
        Tolerance.AssertClose(reference.Gradients["gamma"], dgamma, DoubleTolerance, "dgamma", floor: 1);
        Tolerance.AssertClose(reference.UpdatedRunning[0], mean, DoubleTolerance, "runningMean");
        Tolerance.AssertClose(reference.UpdatedRunning[1], variance, DoubleTolerance, "runningVariance");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_copied_input_and_a_constant_are_outputs_like_any_other(int n, int d)
    {
        var rng = new Random(n + 100 * d);
        var x = RandomData.Uniform(rng, n * d);
        var dy = RandomData.Uniform(rng, n * d);
        var dcopy = RandomData.Uniform(rng, n * d);
        var dk = RandomData.Uniform(rng, n * d);
        var reference = ReferenceInterpreter.ForLayer(typeof(CopyAndConstant)).Run(Sizes(n, d), new Dictionary<string, double[]> { ["x"] = x }, [dy, dcopy, dk]);
        var s = new CopyAndConstant.Shape(n, d);
        double[] y = new double[n * d], copy = new double[n * d], k = new double[n * d], dx = new double[n * d];
        var saved = new CopyAndConstant.Saved<double>(s);
        CopyAndConstant.Forward(s, x, y, copy, k, saved);
        CopyAndConstant.Backward(s, dy, dcopy, dk, x, saved, dx);
        Assert.Equal(x, copy);
        Assert.All(k, v => Assert.Equal(1e-5, v));
        Tolerance.AssertClose(reference.Outputs[0], y, DoubleTolerance, "y");
        Tolerance.AssertClose(reference.Gradients["x"], dx, DoubleTolerance, "dx = dcopy + the gradient through y", floor: 1);
    }

    [Fact]
    public void Stateful_layer_takes_every_output_and_gradient_and_agrees_with_the_static_kernels()
    {
        const int n = 4, d = 33;
        var rng = new Random(23);
        var x = F(RandomData.Uniform(rng, n * d));
        var residual = F(RandomData.Uniform(rng, n * d));
        var dy = F(RandomData.Uniform(rng, n * d));
        var dh = F(RandomData.Uniform(rng, n * d));
        var layer = new AddRmsNorm(d: d);
        Assert.Equal(Enumerable.Repeat(1f, d), layer.Gamma);
        float[] y = new float[n * d], h = new float[n * d], dx = new float[n * d], dres = new float[n * d];
        layer.Forward(x, residual, y, h);              // n inferred from x's length
        layer.Backward(dy, dh, dx, dres);
        layer.Backward(dy, dh, dx, dres);              // parameter gradients accumulate

        var s = new AddRmsNorm.Shape(n, d);
        var saved = new AddRmsNorm.Saved<float>(s);
        float[] y2 = new float[n * d], h2 = new float[n * d], dx2 = new float[n * d], dres2 = new float[n * d], dgamma = new float[d];
        AddRmsNorm.Forward(s, x, residual, layer.Gamma, y2, h2, saved);
        AddRmsNorm.Backward(s, dy, dh, x, residual, layer.Gamma, saved, dx2, dres2, dgamma);
        Assert.Equal(y2, y);
        Assert.Equal(h2, h);
        Assert.Equal(dx2, dx);
        Assert.Equal(dres2, dres);
        Tolerance.AssertClose(D(dgamma).Select(v => 2 * v).ToArray(), D(layer.GammaGrad), 1e-6, "GammaGrad after two backward calls");
    }

    [Fact]
    public void A_wrong_length_of_an_extra_output_or_its_gradient_is_an_ArgumentException_naming_it_before_anything_is_written()
    {
        var s = new AddRmsNorm.Shape(2, 4);
        var saved = new AddRmsNorm.Saved<double>(s);
        double[] x = new double[8], residual = new double[8], gamma = new double[4], y = Enumerable.Repeat(7.0, 8).ToArray();
        var e = Assert.Throws<ArgumentException>(() => AddRmsNorm.Forward(s, x, residual, gamma, y, new double[7], saved));
        Assert.Equal("h", e.ParamName);
        Assert.All(y, v => Assert.Equal(7.0, v));
        AddRmsNorm.Forward(s, x, residual, gamma, y, new double[8], saved);
        var dx = Enumerable.Repeat(7.0, 8).ToArray();
        e = Assert.Throws<ArgumentException>(() => AddRmsNorm.Backward(s, new double[8], new double[9], x, residual, gamma, saved, dx, new double[8], new double[4]));
        Assert.Equal("dh", e.ParamName);
        Assert.All(dx, v => Assert.Equal(7.0, v));
    }
}
