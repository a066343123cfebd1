using NormGen.Interpretation;
using NormGen.Tests.Reference;

namespace NormGen.Tests.Kernels;

/// <summary>
/// What a user of Running and Saved relies on (issue 9, items 3, 4 and 7): a running variance starts at 1 however the
/// formula spells it, as PyTorch's running_var; training an unbiased running variance over one value per statistic is
/// refused before anything is written; a Backward whose Saved no Forward (of its mode) filled throws.
/// </summary>
public sealed class RunningAndSavedTests
{
    private static double[] Random(int seed, int count, double low = -2, double high = 2) => Support.RandomData.Uniform(new Random(seed), count, low, high);

    // ---- item 3: Running over locals ----

    [Fact]
    public void A_fresh_layer_starts_running_means_at_0_and_running_variances_at_1_however_spelled()
    {
        foreach (var (mean, variance) in new[]
                 {
                     (new LocalRunningBatchNorm(c: 3).RunningMean, new LocalRunningBatchNorm(c: 3).RunningVariance),
                     (new LocalUnbiasedBatchNorm(c: 3).RunningMean, new LocalUnbiasedBatchNorm(c: 3).RunningVariance),
                 })
        {
            Assert.Equal(new float[3], mean);
            Assert.Equal([1f, 1f, 1f], variance);
        }
    }

    /// <summary>PyTorch: a fresh BatchNorm in eval mode computes gamma * x / sqrt(1 + eps) + beta, with gamma 1 and beta 0.</summary>
    [Fact]
    public void A_fresh_layer_in_eval_mode_divides_by_sqrt_of_1_plus_eps_as_PyTorch()
    {
        const int N = 4, C = 3;
        float[] x = Random(1, N * C).Select(v => (float)v).ToArray();
        foreach (var (forward, name) in new (Action<float[], float[]>, string)[]
                 {
                     ((input, output) => new LocalRunningBatchNorm(c: C) { Training = false }.Forward(input, output), "LocalRunningBatchNorm"),
                     ((input, output) => new LocalUnbiasedBatchNorm(c: C) { Training = false }.Forward(input, output), "LocalUnbiasedBatchNorm"),
                 })
        {
            var y = new float[N * C];
            forward(x, y);
            Support.Tolerance.AssertClose(x.Select(v => v / Math.Sqrt(1 + 1e-5)).ToArray(), y.Select(v => (double)v).ToArray(), 1e-6, name);
        }
    }

    public static TheoryData<string> LocalSpellings() => new() { "LocalRunningBatchNorm", "LocalUnbiasedBatchNorm" };

    /// <summary>Training and eval kernels, running buffers included, against the interpreter (which runs the same formula).</summary>
    [Theory]
    [MemberData(nameof(LocalSpellings))]
    public void Running_over_locals_matches_the_interpreter(string name)
    {
        var kernels = name == "LocalRunningBatchNorm" ? RunningSpellingKernels.LocalRunningBatchNorm : RunningSpellingKernels.LocalUnbiasedBatchNorm;
        foreach (bool training in new[] { true, false })
        {
            var c = new FormulaCase(name, kernels, (rng, _) => new() { ["n"] = rng.Next(2, 9), ["c"] = rng.Next(1, 20) },
                Running: (sizes, rng) => [Support.RandomData.Uniform(rng, sizes["c"], -0.5, 0.5), Support.RandomData.Uniform(rng, sizes["c"], 0.5, 2)],
                Training: training);
            foreach (int seed in new[] { 1, 2, 3 })
            {
                InterpreterKernelTests.AssertMatches<double>(c, seed, InterpreterKernelTests.DoubleTolerance);
                InterpreterKernelTests.AssertMatches<float>(c, seed, InterpreterKernelTests.FloatTolerance);
            }
        }
    }

    // ---- item 4: one value per statistic ----

    [Fact]
    public void Training_an_unbiased_running_variance_over_one_value_throws_before_writing()
    {
        var s = new BatchNorm2d.Shape(n: 1, c: 3, h: 1, w: 1);
        float[] x = [0.5f, -1, 2], gamma = [1, 1, 1], beta = [0, 0, 0];
        float[] runningMean = [0.25f, 0.25f, 0.25f], runningVar = [2, 2, 2], y = [7, 7, 7];
        var saved = new BatchNorm2d.Saved<float>(s);

        var e = Assert.Throws<ArgumentException>(() => BatchNorm2d.Forward(s, x, gamma, beta, runningMean, runningVar, y, saved, training: true));
        Assert.Equal("x", e.ParamName);
        Assert.Contains("more than 1 value", e.Message);
        Assert.Equal([0.25f, 0.25f, 0.25f], runningMean);
        Assert.Equal([2f, 2f, 2f], runningVar);
        Assert.Equal([7f, 7f, 7f], y);

        // Eval mode normalizes with the buffers: one value is fine there.
        BatchNorm2d.Forward(s, x, gamma, beta, runningMean, runningVar, y, saved, training: false);
        Assert.All(y, v => Assert.True(float.IsFinite(v)));
        Assert.Equal([2f, 2f, 2f], runningVar);
    }

    [Fact]
    public void Every_unbiased_spelling_and_the_stateful_layer_refuse_one_value_per_statistic_in_training()
    {
        var s = new LocalUnbiasedBatchNorm.Shape(n: 1, c: 2);
        double[] running = [3, 3];
        var e = Assert.Throws<ArgumentException>(() => LocalUnbiasedBatchNorm.Forward(s, [1.0, 2], [1.0, 1], [0.0, 0], [0.0, 0], running, new double[2],
            new LocalUnbiasedBatchNorm.Saved<double>(s), training: true));
        Assert.Equal("x", e.ParamName);
        Assert.Equal([3.0, 3], running);

        var layer = new BatchNorm2d(c: 2);
        Assert.Throws<ArgumentException>(() => layer.Forward(new BatchNorm2d.Shape(1, 2, 1, 1), [1f, 2f], new float[2]));
        Assert.Equal([1f, 1f], layer.RunningVariance);
        Assert.Equal([0f, 0f], layer.RunningMean);

        // A biased running variance divides by nothing: one value per channel trains.
        var biased = new LocalRunningBatchNorm.Shape(n: 1, c: 2);
        LocalRunningBatchNorm.Forward(biased, [1.0, 2], [1.0, 1], [0.0, 0], [0.0, 0], running, new double[2], new LocalRunningBatchNorm.Saved<double>(biased), training: true);
        Assert.All(running, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void The_interpreter_refuses_it_too()
    {
        var interpreter = ReferenceInterpreter.ForLayer(typeof(BatchNorm2d));
        var sizes = new Dictionary<string, int> { ["n"] = 1, ["c"] = 2, ["h"] = 1, ["w"] = 1 };
        var tensors = new Dictionary<string, double[]> { ["x"] = [1, 2], ["gamma"] = [1, 1], ["beta"] = [0, 0] };
        Assert.Throws<ArgumentException>(() => interpreter.Run(sizes, tensors, [1, 1], null, [[0, 0], [1, 1]], training: true));
    }

    // ---- item 7: Backward needs its Forward ----

    [Fact]
    public void Backward_before_any_Forward_throws_naming_the_Saved_argument()
    {
        var s = new LayerNorm.Shape(n: 2, d: 5);
        var saved = new LayerNorm.Saved<float>(s);
        float[] x = Random(2, 10).Select(v => (float)v).ToArray(), gamma = Enumerable.Repeat(1f, 5).ToArray(), beta = new float[5];
        float[] dy = Enumerable.Repeat(1f, 10).ToArray(), dx = new float[10], dgamma = new float[5], dbeta = new float[5];

        var e = Assert.Throws<InvalidOperationException>(() => LayerNorm.Backward(s, dy, x, gamma, beta, saved, dx, dgamma, dbeta));
        Assert.Contains("'saved'", e.Message);
        Assert.Contains("no Forward filled it", e.Message);
        Assert.Equal(new float[5], dgamma);

        LayerNorm.Forward(s, x, gamma, beta, new float[10], saved);
        LayerNorm.Backward(s, dy, x, gamma, beta, saved, dx, dgamma, dbeta);
        Assert.Contains(dx, v => v != 0);
    }

    [Fact]
    public void A_training_Backward_after_an_eval_Forward_throws()
    {
        var s = new BatchNorm2d.Shape(n: 2, c: 2, h: 1, w: 3);
        var saved = new BatchNorm2d.Saved<double>(s);
        double[] x = Random(3, 12), gamma = [1, 1], beta = [0, 0], rm = [0, 0], rv = [1, 1], y = new double[12];
        double[] dy = Random(4, 12), dx = new double[12], dgamma = new double[2], dbeta = new double[2];

        BatchNorm2d.Forward(s, x, gamma, beta, rm, rv, y, saved, training: true);
        BatchNorm2d.Forward(s, x, gamma, beta, rm, rv, y, saved, training: false);
        var e = Assert.Throws<InvalidOperationException>(() => BatchNorm2d.Backward(s, dy, x, gamma, beta, rm, rv, saved, dx, dgamma, dbeta, training: true));
        Assert.Contains("eval mode", e.Message);

        // Eval's backward reads nothing the forward saved; training's works after a training forward.
        BatchNorm2d.Backward(s, dy, x, gamma, beta, rm, rv, saved, dx, dgamma, dbeta, training: false);
        BatchNorm2d.Forward(s, x, gamma, beta, rm, rv, y, saved, training: true);
        BatchNorm2d.Backward(s, dy, x, gamma, beta, rm, rv, saved, dx, dgamma, dbeta, training: true);
    }
}
