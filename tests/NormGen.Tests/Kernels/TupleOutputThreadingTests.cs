using NormGen.Interpretation;
using NormGen.Kernels;
using NormGen.Tests.Support;

namespace NormGen.Tests.Kernels;

/// <summary>Fused add+RMSNorm split across threads: both outputs and every gradient, the same bits on 1 and 4 threads.</summary>
[Collection(nameof(ThreadingTests))] // they change the process-wide Threading.MaxThreads
public sealed class TupleOutputThreadingTests
{
    private const int Rows = 640, Features = 1000; // above Threading.MinParallelElements

    [Fact]
    public void Fused_add_RMSNorm_split_across_threads_has_the_same_bits_as_one_thread_and_matches_the_interpreter()
    {
        Assert.True(Threading.Chunks(Rows, (long)Rows * Features) > 1);
        var rng = new Random(43);
        var x = RandomData.Uniform(rng, Rows * Features);
        var residual = RandomData.Uniform(rng, Rows * Features);
        var gamma = RandomData.Uniform(rng, Features, 0.5, 1.5);
        var dy = RandomData.Uniform(rng, Rows * Features);
        var dh = RandomData.Uniform(rng, Rows * Features);
        var s = new AddRmsNorm.Shape(Rows, Features);

        double[][] Run(int threads)
        {
            int before = Threading.MaxThreads;
            Threading.MaxThreads = threads;
            try
            {
                double[] y = new double[x.Length], h = new double[x.Length], dx = new double[x.Length], dres = new double[x.Length], dgamma = new double[Features];
                var saved = new AddRmsNorm.Saved<double>(s);
                AddRmsNorm.Forward(s, x, residual, gamma, y, h, saved);
                AddRmsNorm.Backward(s, dy, dh, x, residual, gamma, saved, dx, dres, dgamma);
                return [y, h, dx, dres, dgamma];
            }
            finally
            {
                Threading.MaxThreads = before;
            }
        }

        var one = Run(1);
        var four = Run(4);
        for (int i = 0; i < one.Length; i++) Assert.Equal(one[i], four[i]);

        var reference = ReferenceInterpreter.ForLayer(typeof(AddRmsNorm)).Run(
            new Dictionary<string, int> { ["n"] = Rows, ["d"] = Features },
            new Dictionary<string, double[]> { ["x"] = x, ["residual"] = residual, ["gamma"] = gamma }, [dy, dh]);
        string[] names = ["y", "h", "dx", "dresidual", "dgamma"];
        double[][] expected = [reference.Outputs[0], reference.Outputs[1], reference.Gradients["x"], reference.Gradients["residual"], reference.Gradients["gamma"]];
        for (int i = 0; i < names.Length; i++) Tolerance.AssertClose(expected[i], four[i], 1e-9, names[i]);
    }
}
