namespace NormGen.Tests.Kernels;

/// <summary>
/// Ties split the gradient as PyTorch does: amax/amin give each of k tied elements dy / k, and maximum/minimum give
/// half to each side where a == b. Expectations are computed by hand; the generated kernels (float and double) and
/// the float64 reference interpreter must all give them. Every value here is exact in float except the 1/37 shares.
/// </summary>
public sealed class TieTests
{
    [Fact]
    public void Max_splits_the_gradient_among_tied_maxima()
    {
        // Rows: all equal, two equal maxima, one maximum. y = Max(a * x, "d") with a = 1.
        double[] x = [2, 2, 2, 2, /**/ 1, 3, 3, -1, /**/ 0, 5, 1, 2];
        AssertAll(TieKernels.Max, n: 3, d: 4, x, a: [1, 1, 1, 1], dy: [1, 2, -4],
            y: [2, 3, 5],
            dx: [0.25, 0.25, 0.25, 0.25, /**/ 0, 1, 1, 0, /**/ 0, -4, 0, 0],
            // da[j] = sum over rows of dx * x: 0.25*2; 0.25*2 + 1*3 - 4*5; 0.25*2 + 1*3; 0.25*2.
            da: [0.5, -16.5, 3.5, 0.5]);
    }

    [Fact]
    public void Min_splits_the_gradient_among_tied_minima()
    {
        AssertAll(TieKernels.Min, n: 2, d: 3, x: [-1, -1, 0, /**/ 4, 4, 4], a: [1, 1, 1], dy: [2, 3],
            y: [-1, 4],
            dx: [1, 1, 0, /**/ 1, 1, 1],
            da: [-1 + 4, -1 + 4, 4]);
    }

    [Fact]
    public void Max_splits_ties_across_vector_lanes_and_the_scalar_tail()
    {
        // d = 37 is no multiple of any vector width: ties sit in the first lane, a middle vector and the scalar tail.
        const int d = 37;
        var x = new double[2 * d];
        for (int j = 0; j < d; j++) x[j] = 1.5;                     // a row of 37 ties
        for (int j = 0; j < d; j++) x[d + j] = (j % 7) / 4.0 - 1;   // below 2, with ties of its own
        foreach (int j in new[] { 0, 17, 36 }) x[d + j] = 2;         // three tied maxima
        double[] dy = [3, -1.5];
        var dx = new double[2 * d];
        var da = new double[d];
        for (int j = 0; j < d; j++)
        {
            dx[j] = 3.0 / 37;
            if (j is 0 or 17 or 36) dx[d + j] = -0.5;
            da[j] = dx[j] * x[j] + dx[d + j] * x[d + j];
        }
        AssertAll(TieKernels.Max, n: 2, d, x, a: Enumerable.Repeat(1.0, d).ToArray(), dy, y: [1.5, 2], dx, da);
    }

    [Fact]
    public void Maximum_gives_half_the_gradient_to_each_side_of_a_tie()
    {
        // x < a, x == a, x > a in row 0; x == a, x < a, x == a in row 1.
        AssertAll(TieKernels.Maximum, n: 2, d: 3, x: [1, 2, 3, /**/ 2, 0, 2], a: [2, 2, 2], dy: [1, 1, 1, /**/ 2, 2, 2],
            y: [2, 2, 3, /**/ 2, 2, 2],
            dx: [0, 0.5, 1, /**/ 1, 0, 1],
            da: [1 + 1, 0.5 + 2, 0 + 1]);
    }

    [Fact]
    public void Minimum_gives_half_the_gradient_to_each_side_of_a_tie()
    {
        AssertAll(TieKernels.Minimum, n: 2, d: 3, x: [1, 2, 3, /**/ 2, 0, 2], a: [2, 2, 2], dy: [1, 1, 1, /**/ 2, 2, 2],
            y: [1, 2, 2, /**/ 2, 0, 2],
            dx: [1, 0.5, 0, /**/ 1, 2, 1],
            da: [0 + 1, 0.5 + 0, 1 + 1]);
    }

    [Fact]
    public void Maximum_of_a_tensor_with_itself_passes_the_whole_gradient()
    {
        // Both halves of every tie reach x: d(Maximum(x, x) * a)/dx = a.
        AssertAll(TieKernels.MaximumSelf, n: 1, d: 2, x: [1, -2], a: [3, 0.5], dy: [1, 2],
            y: [3, -1], dx: [3, 1], da: [1, -4]);
    }

    [Fact]
    public void Maximum_with_a_constant_gives_half_the_gradient_at_equality()
    {
        // The constant's half is dropped: x gets 0.5 * dy * a where x == 0.5.
        AssertAll(TieKernels.MaximumConstant, n: 1, d: 3, x: [0.5, 1, 0], a: [2, 2, 2], dy: [1, 1, 1],
            y: [1, 2, 1], dx: [1, 2, 0], da: [0.5, 1, 0.5]);
    }

    [Fact]
    public void A_Max_of_a_Max_splits_ties_per_reduction()
    {
        // y = x - Max(Max(a * x, "d"), "n"), every x a tie but x[1, 1]. The row maxima [1, 1] tie, so each row gets
        // half of the adjoint -sum(dy) = -4, split again among its own ties: shares [[1/4, 1/4], [1/2, 0]]. A single
        // Max over "n d" would give 1/3 to each of the three ones.
        AssertAll(TieKernels.NestedMax, n: 2, d: 2, x: [1, 1, /**/ 1, 0], a: [1, 1], dy: [1, 1, /**/ 1, 1],
            y: [0, 0, /**/ 0, -1],
            dx: [1 - 1, 1 - 1, /**/ 1 - 2, 1 - 0],
            da: [-1 - 2, -1 + 0]);
    }

    /// <summary>The interpreter and the double and float kernels against the hand-computed y, dx and da.</summary>
    private static void AssertAll(LayerKernels kernels, int n, int d, double[] x, double[] a, double[] dy,
                                  double[] y, double[] dx, double[] da)
    {
        var problem = new KernelProblem(new Dictionary<string, int> { ["n"] = n, ["d"] = d },
            new Dictionary<string, double[]> { ["x"] = x, ["a"] = a }, dy);
        var expected = new KernelResult(y, new Dictionary<string, double[]> { ["x"] = dx, ["a"] = da }, []);
        string layer = kernels.Layer.Name;
        KernelHarness.AssertClose(expected, KernelHarness.Oracle(kernels, problem), 1e-15, $"{layer} interpreter");
        KernelHarness.AssertClose(expected, KernelHarness.Run<double>(kernels, problem), 1e-15, $"{layer} double kernels");
        // float rounds only the 1/37 shares (and sums of them): well inside 1e-6 of the largest value.
        KernelHarness.AssertClose(expected, KernelHarness.Run<float>(kernels, problem), 1e-6, $"{layer} float kernels");
    }
}
