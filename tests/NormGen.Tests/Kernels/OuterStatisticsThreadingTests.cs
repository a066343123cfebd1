using NormGen.Interpretation;
using NormGen.Kernels;
using NormGen.TestLayers;
using NormGen.Tests.Reference;
using NormGen.Tests.Shared;
using NormGen.Tests.Support;

namespace NormGen.Tests.Kernels;

/// <summary>
/// Statistics over outer axes in stages (Scheduler.Stages.cs): NCHW's per-channel sums over n h w are split over the
/// leading memory axes (n c planes) into chunks that each sum into partial copies, added in chunk order, then the
/// output sweep is split the same way. Large inputs must match the interpreter, with the running statistics and the
/// accumulated parameter gradients, and give the same bits for 1, 2 and 4 threads. Channels-last (no outer loop, one
/// plan) and a per-channel maximum (one plan, outer loop over c) are held to the same.
/// </summary>
[Collection(nameof(ThreadingTests))] // they change the process-wide Threading.MaxThreads
public sealed class OuterStatisticsThreadingTests
{
    private const int N = 8, C = 6, H = 72, W = 77; // 266,112 elements: above Threading.MinParallelElements, odd plane

    private sealed record Result(double[] Y, double[] Dx, double[] Dgamma, double[] Dbeta, double[] RunningMean, double[] RunningVariance);

    private static Result[] ForThreads(Func<Result> run) => new[] { 1, 2, 4 }.Select(t =>
    {
        int before = Threading.MaxThreads;
        Threading.MaxThreads = t;
        try { return run(); }
        finally { Threading.MaxThreads = before; }
    }).ToArray();

    private static void AssertSameBits(Result[] results)
    {
        foreach (var other in results.Skip(1))
        {
            Assert.Equal(results[0].Y, other.Y);
            Assert.Equal(results[0].Dx, other.Dx);
            Assert.Equal(results[0].Dgamma, other.Dgamma);
            Assert.Equal(results[0].Dbeta, other.Dbeta);
            Assert.Equal(results[0].RunningMean, other.RunningMean);
            Assert.Equal(results[0].RunningVariance, other.RunningVariance);
        }
    }

    [Fact]
    public void The_input_is_split_over_its_leading_axes()
    {
        Assert.True(Threading.Chunks(N * C, (long)N * C * H * W) > 1);
        Assert.True(Threading.Chunks(N, (long)N * C * H * W) > 1);
    }

    [Fact]
    public void BatchNorm2d_NCHW_training_split_over_n_and_c_matches_the_interpreter_and_is_identical_for_1_2_and_4_threads()
    {
        var rng = new Random(21);
        var x = RandomData.Uniform(rng, N * C * H * W, -3, 3).Select(v => v + 50).ToArray(); // offset: the shifted sums matter
        var gamma = RandomData.Uniform(rng, C, 0.5, 1.5);
        var beta = RandomData.Uniform(rng, C);
        var dy = RandomData.Uniform(rng, x.Length);
        var s = new BatchNorm2d.Shape(N, C, H, W);

        var results = ForThreads(() =>
        {
            var saved = new BatchNorm2d.Saved<double>(s);
            double[] y = new double[x.Length], dx = new double[x.Length], rm = new double[C], rv = Enumerable.Repeat(1.0, C).ToArray();
            double[] dgamma = Enumerable.Repeat(1.0, C).ToArray(), dbeta = new double[C]; // gradients accumulate: dgamma from 1
            BatchNorm2d.Forward(s, x, gamma, beta, rm, rv, y, saved, training: true);
            BatchNorm2d.Backward(s, dy, x, gamma, beta, rm, rv, saved, dx, dgamma, dbeta, training: true);
            return new Result(y, dx, dgamma, dbeta, rm, rv);
        });
        AssertSameBits(results);

        var reference = ReferenceInterpreter.ForLayer(typeof(BatchNorm2d)).Run(
            new Dictionary<string, int> { ["n"] = N, ["c"] = C, ["h"] = H, ["w"] = W },
            new Dictionary<string, double[]> { ["x"] = x, ["gamma"] = gamma, ["beta"] = beta }, dy,
            running: [new double[C], Enumerable.Repeat(1.0, C).ToArray()], training: true);
        var two = results[1];
        Tolerance.AssertClose(reference.Y, two.Y, 1e-9, "y");
        Tolerance.AssertClose(reference.Gradients["x"], two.Dx, 1e-9, "dx");
        Tolerance.AssertClose(reference.Gradients["gamma"].Select(v => v + 1).ToArray(), two.Dgamma, 1e-9, "1 + dgamma");
        Tolerance.AssertClose(reference.Gradients["beta"], two.Dbeta, 1e-9, "dbeta");
        Tolerance.AssertClose(reference.UpdatedRunning[0], two.RunningMean, 1e-9, "running mean");
        Tolerance.AssertClose(reference.UpdatedRunning[1], two.RunningVariance, 1e-9, "running variance (unbiased)");
    }

    [Fact]
    public void Staged_BatchNorm2d_allocates_nothing_per_call_on_one_thread_split_into_chunks()
    {
        // The per-chunk per-channel sums live in this thread's pooled PartialSums: after the first call, nothing.
        int before = Threading.MaxThreads;
        Threading.MaxThreads = 1;
        try
        {
            var s = new BatchNorm2d.Shape(N, C, H, W);
            var saved = new BatchNorm2d.Saved<float>(s);
            float[] x = new float[N * C * H * W], y = new float[x.Length], dx = new float[x.Length];
            float[] gamma = Enumerable.Repeat(1f, C).ToArray(), beta = new float[C], rm = new float[C], rv = new float[C], dgamma = new float[C], dbeta = new float[C];
            for (int i = 0; i < x.Length; i++) x[i] = i % 7;
            void Step()
            {
                BatchNorm2d.Forward(s, x, gamma, beta, rm, rv, y, saved, training: true);
                BatchNorm2d.Backward(s, y, x, gamma, beta, rm, rv, saved, dx, dgamma, dbeta, training: true);
            }
            Step(); // JIT and the partial-sum pool warm up
            Assert.Equal(0, ThreadAllocations.Of(Step));
        }
        finally
        {
            Threading.MaxThreads = before;
        }
    }

    /// <summary>Formulas no stage code was written for, at a size that splits into chunks: a per-channel RMS (staged) and maximum (not).</summary>
    [Theory]
    [InlineData(nameof(ChannelRmsNorm))]
    [InlineData(nameof(ChannelPeakShift))]
    public void Per_channel_statistics_nobody_wrote_match_the_interpreter_and_are_identical_for_1_2_and_4_threads(string layer)
    {
        var kernels = layer == nameof(ChannelRmsNorm) ? StagedStatisticsKernels.ChannelRmsNorm : StagedStatisticsKernels.ChannelPeakShift;
        var sizes = new Dictionary<string, int> { ["n"] = N, ["c"] = C, ["h"] = H, ["w"] = W };
        var problem = KernelHarness.RandomProblem(kernels, sizes, seed: 23);
        var x = problem.Tensors["x"];
        for (int i = 0; i < x.Length; i++) x[i] += 10; // offset: an RMS far from a variance, a maximum with no ties near it
        var runs = new[] { 1, 2, 4 }.Select(t =>
        {
            int before = Threading.MaxThreads;
            Threading.MaxThreads = t;
            try { return KernelHarness.Run<double>(kernels, problem); }
            finally { Threading.MaxThreads = before; }
        }).ToArray();
        foreach (var other in runs.Skip(1))
        {
            Assert.Equal(runs[0].Y, other.Y);
            foreach (var (name, gradient) in runs[0].Gradients) Assert.Equal(gradient, other.Gradients[name]);
        }
        KernelHarness.AssertClose(KernelHarness.Oracle(kernels, problem), runs[1], 1e-9, layer, floor: 1);
        var single = KernelHarness.Run<float>(kernels, problem);
        KernelHarness.AssertClose(KernelHarness.Oracle(kernels, problem), single, InterpreterKernelTests.FloatTolerance, layer + " (float)", floor: 1);
    }

    [Fact]
    public void Channels_last_BatchNorm_matches_the_interpreter_and_is_identical_for_1_2_and_4_threads()
    {
        var rng = new Random(22);
        var x = RandomData.Uniform(rng, N * H * W * C, -3, 3).Select(v => v - 20).ToArray();
        var gamma = RandomData.Uniform(rng, C, 0.5, 1.5);
        var beta = RandomData.Uniform(rng, C);
        var dy = RandomData.Uniform(rng, x.Length);
        var s = new ChannelsLastBatchNorm.Shape(N, H, W, C);

        var results = ForThreads(() =>
        {
            var saved = new ChannelsLastBatchNorm.Saved<double>(s);
            double[] y = new double[x.Length], dx = new double[x.Length], dgamma = new double[C], dbeta = Enumerable.Repeat(-2.0, C).ToArray();
            ChannelsLastBatchNorm.Forward(s, x, gamma, beta, y, saved);
            ChannelsLastBatchNorm.Backward(s, dy, x, gamma, beta, saved, dx, dgamma, dbeta);
            return new Result(y, dx, dgamma, dbeta, [], []);
        });
        AssertSameBits(results);

        var reference = ReferenceInterpreter.ForLayer(typeof(ChannelsLastBatchNorm)).Run(
            new Dictionary<string, int> { ["n"] = N, ["h"] = H, ["w"] = W, ["c"] = C },
            new Dictionary<string, double[]> { ["x"] = x, ["gamma"] = gamma, ["beta"] = beta }, dy);
        var two = results[1];
        Tolerance.AssertClose(reference.Y, two.Y, 1e-9, "y");
        Tolerance.AssertClose(reference.Gradients["x"], two.Dx, 1e-9, "dx");
        Tolerance.AssertClose(reference.Gradients["gamma"], two.Dgamma, 1e-9, "dgamma");
        Tolerance.AssertClose(reference.Gradients["beta"].Select(v => v - 2).ToArray(), two.Dbeta, 1e-9, "dbeta - 2");
    }
}
