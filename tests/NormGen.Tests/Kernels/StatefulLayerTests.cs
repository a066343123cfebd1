using NormGen.Tests.Reference;
using NormGen.Tests.Support;

namespace NormGen.Tests.Kernels;

/// <summary>
/// The stateful float32 layer (docs/api.md): PyTorch's initial values, the same numbers as the static kernels,
/// accumulated parameter gradients, and BatchNorm's Training switch with running buffers updated as PyTorch does.
/// </summary>
public sealed class StatefulLayerTests
{
    // The reference README's float32 bound, relative to each output's largest magnitude.
    private const double FloatTolerance = 1e-4;

    [Fact]
    public void LayerNorm_starts_with_gamma_ones_beta_zeros_and_zero_gradients()
    {
        var layer = new LayerNorm(d: 7);
        Assert.Equal(Enumerable.Repeat(1f, 7), layer.Gamma);
        Assert.Equal(new float[7], layer.Beta);
        Assert.Equal(new float[7], layer.GammaGrad);
        Assert.Equal(new float[7], layer.BetaGrad);
        Assert.Equal(1e-5f, layer.Eps);
    }

    [Fact]
    public void Other_layers_start_as_their_Param_Init_says()
    {
        var group = new GroupNorm(g: 2, c: 3);
        Assert.Equal(Enumerable.Repeat(1f, 6), group.Gamma);
        Assert.Equal(new float[6], group.Beta);
        Assert.Equal(Enumerable.Repeat(1f, 4), new WeightNorm(o: 4).G);
        Assert.Equal(Enumerable.Repeat(1f, 5), new RmsNorm(d: 5).Gamma);
        Assert.Equal(1e-6f, new RmsNorm(d: 5).Eps);
    }

    [Fact]
    public void LayerNorm_Forward_and_Backward_agree_with_the_static_kernels()
    {
        var rng = new Random(17);
        const int N = 3, D = 7;
        var layer = new LayerNorm(d: D);
        Random(rng, D).CopyTo(layer.Gamma, 0);
        Random(rng, D).CopyTo(layer.Beta, 0);
        layer.Eps = 1e-3f;
        float[] x = Random(rng, N * D), dy = Random(rng, N * D);
        float[] originalX = (float[])x.Clone();

        var y = new float[N * D];
        var dx = new float[N * D];
        layer.Forward(x, y);
        Array.Fill(x, 99f); // the layer keeps its own copy of the last input for the backward
        layer.Backward(dy, dx);

        var s = new LayerNorm.Shape(N, D);
        var saved = new LayerNorm.Saved<float>(s);
        float[] y2 = new float[N * D], dx2 = new float[N * D], dgamma = new float[D], dbeta = new float[D];
        LayerNorm.Forward(s, originalX, layer.Gamma, layer.Beta, y2, saved, 1e-3f);
        LayerNorm.Backward(s, dy, originalX, layer.Gamma, layer.Beta, saved, dx2, dgamma, dbeta, 1e-3f);

        Assert.Equal(y2, y);
        Assert.Equal(dx2, dx);
        Assert.Equal(dgamma, layer.GammaGrad);
        Assert.Equal(dbeta, layer.BetaGrad);

        // A second Backward adds to the parameter gradients and overwrites dx; ZeroGrad clears them.
        Array.Fill(dx, 5f);
        layer.Backward(dy, dx);
        Assert.Equal(dx2, dx);
        Tolerance.AssertClose(dgamma.Select(g => 2.0 * g).ToArray(), layer.GammaGrad.Select(g => (double)g).ToArray(), 1e-6, "GammaGrad after two Backward calls");
        Tolerance.AssertClose(dbeta.Select(g => 2.0 * g).ToArray(), layer.BetaGrad.Select(g => (double)g).ToArray(), 1e-6, "BetaGrad after two Backward calls");
        layer.ZeroGrad();
        Assert.Equal(new float[D], layer.GammaGrad);
        Assert.Equal(new float[D], layer.BetaGrad);
    }

    [Fact]
    public void LayerNorm_takes_a_new_row_count_on_each_Forward()
    {
        var layer = new LayerNorm(d: 5);
        var rng = new Random(3);
        foreach (int n in new[] { 2, 6, 1 })
        {
            float[] x = Random(rng, n * 5), dy = Random(rng, n * 5), y = new float[n * 5], dx = new float[n * 5];
            layer.Forward(x, y);
            layer.Backward(dy, dx);

            var kernels = ReferenceKernels.For(typeof(LayerNorm));
            var problem = new KernelProblem(new Dictionary<string, int> { ["n"] = n, ["d"] = 5 },
                new Dictionary<string, double[]> { ["x"] = ToDouble(x), ["gamma"] = ToDouble(layer.Gamma), ["beta"] = ToDouble(layer.Beta) }, ToDouble(dy));
            var expected = KernelHarness.Oracle(kernels, problem);
            Tolerance.AssertClose(expected.Y, ToDouble(y), FloatTolerance, $"y, n={n}");
            Tolerance.AssertClose(expected.Gradients["x"], ToDouble(dx), FloatTolerance, $"dx, n={n}");
        }
    }

    [Fact]
    public void BatchNorm_running_buffers_start_at_mean_0_var_1_and_update_with_momentum_0_1()
    {
        const int N = 8, C = 5;
        var layer = new BatchNorm1d(c: C);
        Assert.True(layer.Training);
        Assert.Equal(0.1f, layer.Momentum);
        Assert.Equal(1e-5f, layer.Eps);
        Assert.Equal(new float[C], layer.RunningMean);
        Assert.Equal(Enumerable.Repeat(1f, C), layer.RunningVariance);

        var rng = new Random(23);
        double[] expectedMean = new double[C], expectedVar = Enumerable.Repeat(1.0, C).ToArray();
        for (int step = 0; step < 3; step++)
        {
            float[] x = Random(rng, N * C, 1, 3);
            layer.Forward(x, new float[N * C]);
            for (int c = 0; c < C; c++)
            {
                var column = Enumerable.Range(0, N).Select(n => (double)x[n * C + c]).ToArray();
                double mean = column.Average();
                double unbiased = column.Sum(v => (v - mean) * (v - mean)) / (N - 1);
                expectedMean[c] = 0.9 * expectedMean[c] + 0.1 * mean;
                expectedVar[c] = 0.9 * expectedVar[c] + 0.1 * unbiased;
            }
            Tolerance.AssertClose(expectedMean, ToDouble(layer.RunningMean), FloatTolerance, $"running mean after step {step + 1}");
            Tolerance.AssertClose(expectedVar, ToDouble(layer.RunningVariance), FloatTolerance, $"running variance after step {step + 1}");
        }
    }

    [Fact]
    public void BatchNorm1d_in_training_matches_PyTorch()
    {
        var c = ReferenceCases.Named("batch_norm_1d_train");
        var layer = new BatchNorm1d(c: c.X.Shape[1]);
        Load(c, layer.Gamma, layer.Beta, layer.RunningMean, layer.RunningVariance);
        layer.Eps = (float)c.Eps;
        layer.Momentum = (float)c.Momentum;

        var y = new float[c.X.Data.Length];
        var dx = new float[c.X.Data.Length];
        layer.Forward(ToFloat(c.X.Data), y);
        layer.Backward(ToFloat(c.Dy.Data), dx);

        AssertOutputs(c, y, dx, layer.GammaGrad, layer.BetaGrad, layer.RunningMean, layer.RunningVariance);
    }

    [Fact]
    public void BatchNorm2d_with_Training_false_uses_the_running_buffers_and_leaves_them_unchanged()
    {
        var c = ReferenceCases.Named("batch_norm_2d_eval");
        Assert.False(c.Training);
        int[] shape = c.X.Shape;
        var layer = new BatchNorm2d(c: shape[1]) { Training = false };
        Load(c, layer.Gamma, layer.Beta, layer.RunningMean, layer.RunningVariance);
        float[] meanBefore = (float[])layer.RunningMean.Clone(), varBefore = (float[])layer.RunningVariance.Clone();

        var y = new float[c.X.Data.Length];
        var dx = new float[c.X.Data.Length];
        layer.Forward(layer.ShapeFor(n: shape[0], h: shape[2], w: shape[3]), ToFloat(c.X.Data), y);
        layer.Backward(ToFloat(c.Dy.Data), dx);

        Assert.Equal(meanBefore, layer.RunningMean);
        Assert.Equal(varBefore, layer.RunningVariance);
        AssertOutputs(c, y, dx, layer.GammaGrad, layer.BetaGrad, layer.RunningMean, layer.RunningVariance);
    }

    [Fact]
    public void BatchNorm2d_switches_from_training_to_eval()
    {
        var c = ReferenceCases.Named("batch_norm_2d_train");
        int[] shape = c.X.Shape;
        var layer = new BatchNorm2d(c: shape[1]);
        Load(c, layer.Gamma, layer.Beta, layer.RunningMean, layer.RunningVariance);
        var s = layer.ShapeFor(n: shape[0], h: shape[2], w: shape[3]);
        var x = ToFloat(c.X.Data);

        var y = new float[x.Length];
        layer.Forward(s, x, y);
        Tolerance.AssertClose(c.Output("running_mean").Data, ToDouble(layer.RunningMean), FloatTolerance, "running_mean after a training Forward");
        Tolerance.AssertClose(c.Output("running_var").Data, ToDouble(layer.RunningVariance), FloatTolerance, "running_var after a training Forward");

        // In eval the same input is normalized with the updated running buffers (not the batch's), which stay as they are.
        layer.Training = false;
        float[] meanBefore = (float[])layer.RunningMean.Clone(), varBefore = (float[])layer.RunningVariance.Clone();
        layer.Forward(s, x, y);
        Assert.Equal(meanBefore, layer.RunningMean);
        Assert.Equal(varBefore, layer.RunningVariance);

        var kernels = ReferenceKernels.For(typeof(BatchNorm2d));
        var run = ReferenceRun.For(c);
        var eval = KernelHarness.Oracle(kernels, new KernelProblem(run.Sizes, run.Tensors, c.Dy.Data, run.Hyper,
                                                                   [ToDouble(meanBefore), ToDouble(varBefore)], Training: false));
        Tolerance.AssertClose(eval.Y, ToDouble(y), FloatTolerance, "y in eval after a training step");
    }

    [Fact]
    public void Backward_differentiates_the_mode_of_the_last_Forward()
    {
        // As autograd does: switching to eval after a training Forward does not change what that Forward computed,
        // so its Backward must still be the training one.
        var c = ReferenceCases.Named("batch_norm_1d_train");
        var layer = new BatchNorm1d(c: c.X.Shape[1]);
        Load(c, layer.Gamma, layer.Beta, layer.RunningMean, layer.RunningVariance);
        var dx = new float[c.X.Data.Length];
        layer.Forward(ToFloat(c.X.Data), new float[dx.Length]);
        layer.Training = false;
        layer.Backward(ToFloat(c.Dy.Data), dx);

        Tolerance.AssertClose(c.Output("dx").Data, ToDouble(dx), FloatTolerance, "dx of a training Forward, Backward after Training = false");
        Tolerance.AssertClose(c.Output("dgamma").Data, ToDouble(layer.GammaGrad), FloatTolerance, "dgamma of a training Forward, Backward after Training = false");
    }

    private static void Load(ReferenceCase c, float[] gamma, float[] beta, float[] runningMean, float[] runningVar)
    {
        ToFloat(c.Input("gamma").Data).CopyTo(gamma, 0);
        ToFloat(c.Input("beta").Data).CopyTo(beta, 0);
        ToFloat(c.Input("running_mean").Data).CopyTo(runningMean, 0);
        ToFloat(c.Input("running_var").Data).CopyTo(runningVar, 0);
    }

    private static void AssertOutputs(ReferenceCase c, float[] y, float[] dx, float[] dgamma, float[] dbeta, float[] runningMean, float[] runningVar)
    {
        Tolerance.AssertClose(c.Output("y").Data, ToDouble(y), FloatTolerance, $"{c.Name}: y");
        Tolerance.AssertClose(c.Output("dx").Data, ToDouble(dx), FloatTolerance, $"{c.Name}: dx");
        Tolerance.AssertClose(c.Output("dgamma").Data, ToDouble(dgamma), FloatTolerance, $"{c.Name}: dgamma");
        Tolerance.AssertClose(c.Output("dbeta").Data, ToDouble(dbeta), FloatTolerance, $"{c.Name}: dbeta");
        Tolerance.AssertClose(c.Output("running_mean").Data, ToDouble(runningMean), FloatTolerance, $"{c.Name}: running_mean");
        Tolerance.AssertClose(c.Output("running_var").Data, ToDouble(runningVar), FloatTolerance, $"{c.Name}: running_var");
    }

    private static float[] Random(Random rng, int count, double low = -2, double high = 2) => ToFloat(RandomData.Uniform(rng, count, low, high));

    private static float[] ToFloat(double[] data) => Array.ConvertAll(data, v => (float)v);

    private static double[] ToDouble(float[] data) => Array.ConvertAll(data, v => (double)v);
}
