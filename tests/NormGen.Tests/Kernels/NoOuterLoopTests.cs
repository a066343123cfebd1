namespace NormGen.Tests.Kernels;

/// <summary>
/// Every kernel shape without an outer loop (the whole tensor is one row, or channels-last statistics that keep only
/// the contiguous axis) against the float64 interpreter and finite differences, forward and backward, float and double.
/// These kernels compute their statistics in one sweep shifted by a pivot (x at index 0 of the reduced axes); before
/// issue 9's fix that pivot replaced x itself in every later pass, so y was constant. So do statistics that the output
/// does not keep (Output drops the reduced axes), whose sweep then runs in an outer loop over the reduced axis: the
/// pivot was computed inside that loop, at every index, so the variance was 0.
/// </summary>
public sealed class NoOuterLoopTests
{
    public static TheoryData<string> Shapes() => new(s_shapes.Select(s => s.Name));

    // Sizes across every vector width and tail, down to one element per statistic.
    private static readonly FormulaCase[] s_shapes =
    [
        .. new[] { 1, 2, 3, 7, 8, 9, 16, 17, 33, 64, 65 }.Select(d => Fixed($"WholeVectorScale(d={d})", NoOuterLoopKernels.WholeVectorScale, ("d", d))),
        .. new[] { 1, 2, 3, 15, 40 }.Select(d => Fixed($"WholeVectorLayerNorm(d={d})", NoOuterLoopKernels.WholeVectorLayerNorm, ("d", d))),
        .. new[] { (1, 1), (1, 5), (2, 1), (3, 7), (4, 17), (2, 33) }.Select(p =>
            Fixed($"WholeTensorLayerNorm(n={p.Item1}, d={p.Item2})", NoOuterLoopKernels.WholeTensorLayerNorm, ("n", p.Item1), ("d", p.Item2))),
        // One channel, and n*h*w of 1, 2 and 3 values per channel, with channel counts across the vector widths.
        .. new[] { (1, 1, 1, 1), (2, 2, 3, 1), (1, 1, 1, 5), (1, 1, 1, 17), (2, 1, 1, 9), (1, 1, 2, 17), (3, 1, 1, 1), (1, 3, 1, 33) }.Select(p =>
            Fixed($"ChannelsLastBatchNorm(n={p.Item1}, h={p.Item2}, w={p.Item3}, c={p.Item4})", CustomKernels.ChannelsLastBatchNorm,
                  ("n", p.Item1), ("h", p.Item2), ("w", p.Item3), ("c", p.Item4)) with { Adjust = SpreadPerChannel }),
        .. new[] { (1, 3), (2, 1), (3, 17), (5, 9) }.Select(p =>
            Fixed($"SampleWeightedBatchNorm(n={p.Item1}, c={p.Item2})", NoOuterLoopKernels.SampleWeightedBatchNorm, ("n", p.Item1), ("c", p.Item2))),
        // Statistics the output does not keep, whose one sweep accumulates across an outer loop over the reduced axis
        // (ColumnStatisticsLayers), with size-1 axes beside and inside the statistics.
        .. new[] { (2, 1), (1, 1), (3, 1), (1, 5), (4, 17), (7, 33), (2, 8) }.Select(p =>
            Fixed($"ColumnVariance(t={p.Item1}, c={p.Item2})", ColumnStatisticsKernels.ColumnVariance, ("t", p.Item1), ("c", p.Item2))),
        .. new[] { (1, 2, 1), (1, 1, 1), (2, 3, 1), (1, 4, 9), (3, 5, 17), (2, 2, 8) }.Select(p =>
            Fixed($"VarianceTimesTotal(t={p.Item1}, n={p.Item2}, f={p.Item3})", ColumnStatisticsKernels.VarianceTimesTotal,
                  ("t", p.Item1), ("n", p.Item2), ("f", p.Item3))),
        .. new[] { (1, 2, 1), (2, 3, 1), (3, 4, 9), (1, 5, 17), (2, 2, 8) }.Select(p =>
            Fixed($"TotalOverVariance(g={p.Item1}, w={p.Item2}, h={p.Item3})", ColumnStatisticsKernels.TotalOverVariance,
                  ("g", p.Item1), ("w", p.Item2), ("h", p.Item3)) with { Adjust = q => Spaced(q, "x", "h") }),
        .. new[] { (1, 1), (2, 1), (3, 17), (5, 9) }.Select(p =>
            Fixed($"ParameterColumnStatistics(t={p.Item1}, c={p.Item2})", ColumnStatisticsKernels.ParameterColumnStatistics,
                  ("t", p.Item1), ("c", p.Item2)) with { Adjust = q => Spaced(q, "w", "c") }),
        .. new[] { (1, 1, 1), (2, 1, 1), (1, 3, 2), (3, 2, 17), (2, 5, 9) }.Select(p =>
            Fixed($"ChannelStatistics(n={p.Item1}, h={p.Item2}, c={p.Item3})", ColumnStatisticsKernels.ChannelStatistics,
                  ("n", p.Item1), ("h", p.Item2), ("c", p.Item3)) with { Adjust = q => Spaced(q, "x", "c") }),
        .. new[] { (2, 1), (3, 17), (5, 9) }.SelectMany(p => new[] { true, false }.Select(training =>
            Fixed($"RunningColumnVariance(t={p.Item1}, c={p.Item2}, {(training ? "training" : "eval")})", ColumnStatisticsKernels.RunningColumnVariance,
                  ("t", p.Item1), ("c", p.Item2)) with
            {
                Running = (sizes, rng) => [Support.RandomData.Uniform(rng, sizes["c"], 0.5, 1.5)],
                Training = training,
            })),
        // Statistics over the leading memory axes, run in stages (Scheduler.Stages.cs): sums over an outer loop that
        // threads split, complete before the stages that read them; and a maximum over n, which keeps one plan.
        .. new[] { (1, 1, 1), (2, 3, 1), (3, 2, 17), (4, 5, 9) }.Select(p =>
            Fixed($"BatchFeatureNorm(n={p.Item1}, t={p.Item2}, d={p.Item3})", StagedStatisticsKernels.BatchFeatureNorm,
                  ("n", p.Item1), ("t", p.Item2), ("d", p.Item3)) with { Adjust = q => Spaced(q, "x", "t", "d") }),
        .. new[] { (1, 2, 1, 3), (2, 3, 2, 17), (3, 2, 3, 9) }.Select(p =>
            Fixed($"TwoOuterAxesNorm(n={p.Item1}, h={p.Item2}, w={p.Item3}, c={p.Item4})", StagedStatisticsKernels.TwoOuterAxesNorm,
                  ("n", p.Item1), ("h", p.Item2), ("w", p.Item3), ("c", p.Item4)) with { Adjust = q => Spaced(q, "x", "h", "w", "c") }),
        .. new[] { (1, 1, 1, 1), (2, 3, 4, 5), (3, 2, 5, 17) }.Select(p =>
            Fixed($"ChannelCentring(n={p.Item1}, c={p.Item2}, h={p.Item3}, w={p.Item4})", StagedStatisticsKernels.ChannelCentring,
                  ("n", p.Item1), ("c", p.Item2), ("h", p.Item3), ("w", p.Item4))),
        .. new[] { (1, 1, 1, 1), (2, 3, 4, 5), (3, 2, 5, 17) }.Select(p =>
            Fixed($"ChannelRmsNorm(n={p.Item1}, c={p.Item2}, h={p.Item3}, w={p.Item4})", StagedStatisticsKernels.ChannelRmsNorm,
                  ("n", p.Item1), ("c", p.Item2), ("h", p.Item3), ("w", p.Item4))),
        .. new[] { (1, 1, 1, 1), (2, 3, 4, 5), (3, 2, 5, 17) }.Select(p =>
            Fixed($"ChannelPeakShift(n={p.Item1}, c={p.Item2}, h={p.Item3}, w={p.Item4})", StagedStatisticsKernels.ChannelPeakShift,
                  ("n", p.Item1), ("c", p.Item2), ("h", p.Item3), ("w", p.Item4))),
        .. new[] { (1, 1, 1), (3, 2, 17), (4, 3, 9) }.Select(p =>
            Fixed($"BatchMaxShift(n={p.Item1}, c={p.Item2}, d={p.Item3})", StagedStatisticsKernels.BatchMaxShift,
                  ("n", p.Item1), ("c", p.Item2), ("d", p.Item3)) with { Adjust = q => Spaced(q, "x", "c", "d") }),
        .. new[] { (1, 2, 1), (3, 2, 3), (4, 3, 17) }.Select(p =>
            Fixed($"SavedMaxBesideLeadingSum(ab={p.Item1}, o={p.Item2}, j={p.Item3})", StagedStatisticsKernels.SavedMaxBesideLeadingSum,
                  ("ab", p.Item1), ("o", p.Item2), ("j", p.Item3)) with { Adjust = q => Spaced(q, "weight", "j") }),
    ];

    /// <summary>
    /// Two random values of a channel can be arbitrarily close, and then the input gradient of a statistic over two
    /// values is a cancellation of terms as large as 1/std: float's rounding of those terms is a correct result that no
    /// fixed bound relative to O(1) accepts. Each pixel adds twice its index, so a channel's values are at least ~1 apart.
    /// </summary>
    private static void SpreadPerChannel(KernelProblem p)
    {
        var x = p.Tensors["x"];
        for (int i = 0; i < x.Length; i++) x[i] += 2 * (i / p.Sizes["c"]);
    }

    /// <summary>
    /// Adds five times the index over the axes outside <paramref name="inner"/> to each element of
    /// <paramref name="tensor"/>, so two values of one statistic are at least 1 apart: a variance over them is then
    /// bounded away from 0 (a divisor, or 1/std in the input gradient).
    /// </summary>
    private static void Spaced(KernelProblem p, string tensor, params string[] inner)
    {
        var data = p.Tensors[tensor];
        int stride = inner.Aggregate(1, (n, a) => n * p.Sizes[a]);
        for (int i = 0; i < data.Length; i++) data[i] += 5 * (i / stride);
    }

    private static FormulaCase Named(string name) => s_shapes.Single(s => s.Name == name);

    private static FormulaCase Fixed(string name, LayerKernels kernels, params (string Axis, int Size)[] sizes) =>
        new(name, kernels, (_, _) => sizes.ToDictionary(s => s.Axis, s => s.Size));

    // A statistic over 1 or 2 values makes the input gradient a near-total cancellation of O(1) terms (FormulaCases'
    // note on NormRows): the bound is relative to those terms (floor 1), not to the ~0 result.
    [Theory]
    [MemberData(nameof(Shapes))]
    public void Double_kernels_match_the_interpreter(string name)
    {
        var c = Named(name);
        foreach (int seed in new[] { 1, 2 })
        {
            var problem = c.Problem(seed);
            KernelHarness.AssertClose(KernelHarness.Oracle(c.Kernels, problem), KernelHarness.Run<double>(c.Kernels, problem),
                InterpreterKernelTests.DoubleTolerance, $"{name} (double, seed {seed})", floor: 1);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Float_kernels_match_the_interpreter(string name)
    {
        var c = Named(name);
        foreach (int seed in new[] { 1, 2 })
        {
            var problem = c.Problem(seed);
            KernelHarness.AssertClose(KernelHarness.Oracle(c.Kernels, problem), KernelHarness.Run<float>(c.Kernels, problem),
                InterpreterKernelTests.FloatTolerance, $"{name} (float, seed {seed})", floor: 1);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_matches_finite_differences_of_forward(string name) =>
        FiniteDifferenceKernelTests.AssertBackwardMatchesForward(Named(name));

    [Fact]
    public void A_vector_normalized_over_its_only_axis_is_divided_by_its_standard_deviation()
    {
        double[] x = [1, 2, 3, 4, 10]; // mean 4, variance (9 + 4 + 1 + 0 + 36) / 5 = 10
        var s = new WholeVectorScale.Shape(5);
        var y = new double[5];
        var saved = new WholeVectorScale.Saved<double>(s);
        WholeVectorScale.Forward(s, x, y, saved);
        Assert.Equal(x.Select(v => v / Math.Sqrt(10 + 1e-5)), y, (a, b) => Math.Abs(a - b) <= 1e-15);
        Assert.Equal(4, saved.Mean[0], 15);
    }
}
