using NormGen.Interpretation;
using NormGen.Kernels;
using NormGen.Tests.Reference;
using NormGen.Tests.Shared;
using NormGen.Tests.Support;

namespace NormGen.Tests.Kernels;

/// <summary>
/// Large inputs split the outer loop into chunks whose number depends only on the size; parameter gradients go
/// through per-chunk partials summed in chunk order. So the threaded kernels must agree with the interpreter and
/// give the same bits on one thread as on several.
/// </summary>
[Collection(nameof(ThreadingTests))] // they change the process-wide Threading.MaxThreads and MinSumCopyElements
public sealed class ThreadingTests
{
    private const int Rows = 640, Features = 1000; // 640k elements: above Threading.MinParallelElements

    [Fact]
    public void The_input_is_large_enough_to_be_split()
    {
        Assert.True(Threading.Chunks(Rows, (long)Rows * Features) > 1);
        Assert.Equal(1, Threading.Chunks(64, 64L * 768));
    }

    [Fact]
    public void LayerNorm_backward_split_across_threads_matches_the_interpreter_and_is_identical_for_1_2_and_4_threads()
    {
        var (x, gamma, beta, dy) = LayerNormInputs(seed: 7, Rows, Features);
        var s = new LayerNorm.Shape(n: Rows, d: Features);

        (double[] Y, double[] Dx, double[] Dgamma, double[] Dbeta) Run(int threads)
        {
            int before = Threading.MaxThreads;
            Threading.MaxThreads = threads;
            try
            {
                var saved = new LayerNorm.Saved<double>(s);
                var y = new double[x.Length];
                var dx = new double[x.Length];
                var dgamma = new double[Features];
                var dbeta = new double[Features];
                LayerNorm.Forward(s, x, gamma, beta, y, saved);
                LayerNorm.Backward(s, dy, x, gamma, beta, saved, dx, dgamma, dbeta);
                return (y, dx, dgamma, dbeta);
            }
            finally
            {
                Threading.MaxThreads = before;
            }
        }

        var one = Run(1);
        var two = Run(2);
        var four = Run(4);
        foreach (var other in new[] { two, four })
        {
            Assert.Equal(one.Y, other.Y);
            Assert.Equal(one.Dx, other.Dx);
            Assert.Equal(one.Dgamma, other.Dgamma);
            Assert.Equal(one.Dbeta, other.Dbeta);
        }

        var reference = LayerNormReference(Rows, Features, x, gamma, beta, dy);
        Tolerance.AssertClose(reference.Y, two.Y, 1e-9, "y");
        Tolerance.AssertClose(reference.Gradients["x"], two.Dx, 1e-9, "dx");
        Tolerance.AssertClose(reference.Gradients["gamma"], two.Dgamma, 1e-9, "dgamma summed over 640 rows in chunks");
        Tolerance.AssertClose(reference.Gradients["beta"], two.Dbeta, 1e-9, "dbeta summed over 640 rows in chunks");
    }

    [Fact]
    public void GroupNorm_backward_split_across_threads_accumulates_into_the_gradients()
    {
        const int n = 16, g = 4, c = 8, h = 32, w = 32; // 524k elements
        var rng = new Random(11);
        var x = RandomData.Uniform(rng, n * g * c * h * w);
        var gamma = RandomData.Uniform(rng, g * c, 0.5, 1.5);
        var beta = RandomData.Uniform(rng, g * c);
        var dy = RandomData.Uniform(rng, x.Length);
        var s = new GroupNorm.Shape(n: n, g: g, c: c, h: h, w: w);
        var saved = new GroupNorm.Saved<double>(s);
        var y = new double[x.Length];
        var dx = new double[x.Length];
        var dgamma = Enumerable.Repeat(1.0, g * c).ToArray(); // gradients accumulate: start from 1
        var dbeta = new double[g * c];
        GroupNorm.Forward(s, x, gamma, beta, y, saved);
        GroupNorm.Backward(s, dy, x, gamma, beta, saved, dx, dgamma, dbeta);

        var reference = ReferenceInterpreter.ForLayer(typeof(GroupNorm)).Run(
            new Dictionary<string, int> { ["n"] = n, ["g"] = g, ["c"] = c, ["h"] = h, ["w"] = w },
            new Dictionary<string, double[]> { ["x"] = x, ["gamma"] = gamma, ["beta"] = beta }, dy);
        Tolerance.AssertClose(reference.Y, y, 1e-9, "y");
        Tolerance.AssertClose(reference.Gradients["x"], dx, 1e-9, "dx");
        Tolerance.AssertClose(reference.Gradients["gamma"].Select(v => v + 1).ToArray(), dgamma, 1e-9, "1 + dgamma");
        Tolerance.AssertClose(reference.Gradients["beta"], dbeta, 1e-9, "dbeta");
    }

    [Fact]
    public void CosineNorm_split_across_threads_gives_each_chunk_its_own_working_buffers()
    {
        // Every row reuses working buffers over o (its dot products with the weight rows) and over i (its sums over o):
        // shared by two threads they would mix rows; each chunk gets its own copy (KernelPlan.IterationScratch).
        const int n = 512, i = 520, o = 48; // 266k input elements: split
        Assert.True(Threading.Chunks(n, (long)n * i) > 1);
        var rng = new Random(13);
        var x = RandomData.Uniform(rng, n * i, -2, 2);
        var w = RandomData.Uniform(rng, o * i, -1, 1);
        var dy = RandomData.Uniform(rng, n * o);
        var s = new CosineNorm.Shape(n: n, i: i, o: o);

        (double[] Y, double[] Dx, double[] Dw) Run(int threads)
        {
            int before = Threading.MaxThreads;
            Threading.MaxThreads = threads;
            try
            {
                var saved = new CosineNorm.Saved<double>(s);
                var y = new double[n * o];
                var dx = new double[x.Length];
                var dw = new double[w.Length];
                CosineNorm.Forward(s, x, w, y, saved);
                CosineNorm.Backward(s, dy, x, w, saved, dx, dw);
                return (y, dx, dw);
            }
            finally
            {
                Threading.MaxThreads = before;
            }
        }

        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Y, two.Y);
        Assert.Equal(one.Dx, two.Dx);
        Assert.Equal(one.Dw, two.Dw);
        var reference = ReferenceInterpreter.ForLayer(typeof(CosineNorm)).Run(
            new Dictionary<string, int> { ["n"] = n, ["i"] = i, ["o"] = o },
            new Dictionary<string, double[]> { ["x"] = x, ["w"] = w }, dy);
        Tolerance.AssertClose(reference.Y, two.Y, 1e-9, "y");
        Tolerance.AssertClose(reference.Gradients["x"], two.Dx, 1e-9, "dx");
        Tolerance.AssertClose(reference.Gradients["w"], two.Dw, 1e-9, "dw summed over 512 rows in chunks");
    }

    [Theory]
    [InlineData(1L)]            // every unsplit call sums into placed copies
    [InlineData(long.MaxValue)] // none does: straight into the caller's buffers
    public void Unsplit_calls_match_the_interpreter_whether_they_sum_into_placed_copies_or_into_the_callers_buffers(long minSumCopyElements)
    {
        long before = Threading.MinSumCopyElements;
        Threading.MinSumCopyElements = minSumCopyElements;
        try
        {
            // LayerNorm: its gradients summed over 96 rows (below Threading.MinParallelElements, so one chunk).
            const int rows = 96, features = 1000;
            Assert.Equal(1, Threading.Chunks(rows, (long)rows * features));
            Assert.Equal(minSumCopyElements == 1, Threading.SumsInCopies((long)rows * features));
            var (x, gamma, beta, dy) = LayerNormInputs(seed: 5, rows, features);
            var s = new LayerNorm.Shape(n: rows, d: features);
            var saved = new LayerNorm.Saved<double>(s);
            var y = new double[x.Length];
            var dx = new double[x.Length];
            var dgamma = Enumerable.Repeat(1.0, features).ToArray(); // gradients accumulate: start from 1
            var dbeta = new double[features];
            LayerNorm.Forward(s, x, gamma, beta, y, saved);
            LayerNorm.Backward(s, dy, x, gamma, beta, saved, dx, dgamma, dbeta);
            var reference = LayerNormReference(rows, features, x, gamma, beta, dy);
            Tolerance.AssertClose(reference.Gradients["x"], dx, 1e-9, "dx");
            Tolerance.AssertClose(reference.Gradients["gamma"].Select(v => v + 1).ToArray(), dgamma, 1e-9, "1 + dgamma");
            Tolerance.AssertClose(reference.Gradients["beta"], dbeta, 1e-9, "dbeta");

            // BatchNorm2d in training: the forward's per-channel statistics are sums across the outer loop too.
            const int n = 8, c = 4, h = 16, w = 32;
            var rng = new Random(6);
            var bx = RandomData.Uniform(rng, n * c * h * w, -2, 2);
            var bgamma = RandomData.Uniform(rng, c, 0.5, 1.5);
            var bbeta = RandomData.Uniform(rng, c);
            var bdy = RandomData.Uniform(rng, bx.Length);
            var bs = new BatchNorm2d.Shape(n: n, c: c, h: h, w: w);
            var bsaved = new BatchNorm2d.Saved<double>(bs);
            double[] runningMean = new double[c], runningVariance = Enumerable.Repeat(1.0, c).ToArray();
            var by = new double[bx.Length];
            var bdx = new double[bx.Length];
            var bdgamma = new double[c];
            var bdbeta = Enumerable.Repeat(-1.0, c).ToArray();
            BatchNorm2d.Forward(bs, bx, bgamma, bbeta, runningMean, runningVariance, by, bsaved, training: true);
            BatchNorm2d.Backward(bs, bdy, bx, bgamma, bbeta, runningMean, runningVariance, bsaved, bdx, bdgamma, bdbeta, training: true);
            var breference = ReferenceInterpreter.ForLayer(typeof(BatchNorm2d)).Run(
                new Dictionary<string, int> { ["n"] = n, ["c"] = c, ["h"] = h, ["w"] = w },
                new Dictionary<string, double[]> { ["x"] = bx, ["gamma"] = bgamma, ["beta"] = bbeta }, bdy,
                running: [new double[c], Enumerable.Repeat(1.0, c).ToArray()], training: true);
            Tolerance.AssertClose(breference.Y, by, 1e-9, "BatchNorm y");
            Tolerance.AssertClose(breference.Gradients["x"], bdx, 1e-9, "BatchNorm dx");
            Tolerance.AssertClose(breference.Gradients["gamma"], bdgamma, 1e-9, "BatchNorm dgamma");
            Tolerance.AssertClose(breference.Gradients["beta"].Select(v => v - 1).ToArray(), bdbeta, 1e-9, "BatchNorm -1 + dbeta");
        }
        finally
        {
            Threading.MinSumCopyElements = before;
        }
    }

    [Fact]
    public void Kernels_allocate_nothing_per_call_small_or_split_on_one_thread()
    {
        int before = Threading.MaxThreads;
        Threading.MaxThreads = 1;
        try
        {
            foreach (var (n, d) in new[] { (64, 768), (128, 1024), (Rows, Features) }) // direct, unsplit into placed copies, split
            {
                var s = new LayerNorm.Shape(n: n, d: d);
                var saved = new LayerNorm.Saved<float>(s);
                float[] x = new float[n * d], y = new float[n * d], dx = new float[n * d], gamma = new float[d], beta = new float[d],
                    dgamma = new float[d], dbeta = new float[d];
                Array.Fill(gamma, 1f);
                for (int i = 0; i < x.Length; i++) x[i] = i % 7;
                void Step()
                {
                    LayerNorm.Forward(s, x, gamma, beta, y, saved);
                    LayerNorm.Backward(s, y, x, gamma, beta, saved, dx, dgamma, dbeta);
                }
                Step(); // JIT and the partial-sum pool warm up
                Assert.Equal(0, ThreadAllocations.Of(Step));
            }
        }
        finally
        {
            Threading.MaxThreads = before;
        }
    }

    /// <summary>LayerNorm's inputs, drawn in this order: x in [-3, 3), gamma in [0.5, 1.5), beta and dy in [-1, 1).</summary>
    private static (double[] X, double[] Gamma, double[] Beta, double[] Dy) LayerNormInputs(int seed, int rows, int features)
    {
        var rng = new Random(seed);
        return (RandomData.Uniform(rng, rows * features, -3, 3), RandomData.Uniform(rng, features, 0.5, 1.5),
            RandomData.Uniform(rng, features), RandomData.Uniform(rng, rows * features));
    }

    /// <summary>The float64 interpreter's y and gradients for those inputs.</summary>
    private static InterpreterResult LayerNormReference(int rows, int features, double[] x, double[] gamma, double[] beta, double[] dy) =>
        ReferenceInterpreter.ForLayer(typeof(LayerNorm)).Run(
            new Dictionary<string, int> { ["n"] = rows, ["d"] = features },
            new Dictionary<string, double[]> { ["x"] = x, ["gamma"] = gamma, ["beta"] = beta }, dy);
}
