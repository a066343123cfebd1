namespace NormGen.Tests.Kernels;

/// <summary>
/// Statistics over outer axes (per-channel sums over channels-last rows) run their rows in blocks
/// (Emit/Loops/OuterJam.cs) and the rows left over one by one: odd and even counts of rows, with
/// channel counts that leave scalar tails, against the float64 interpreter, forward and backward.
/// </summary>
public sealed class OuterJamKernelTests
{
    public static TheoryData<int, int, int, int> ChannelsLastSizes() => new()
    {
        // n, h, w, c: n*h*w = 3, 4, 5, 6, 7, 9, 12, 13 (from 3: with one or two values per channel the normalized output
        // is constant and dx only rounding noise, which no relative tolerance can judge)
        { 1, 3, 1, 5 }, { 1, 2, 2, 16 }, { 1, 1, 5, 33 },
        { 2, 3, 1, 1 }, { 1, 7, 1, 64 }, { 3, 1, 3, 9 }, { 2, 2, 3, 40 }, { 1, 13, 1, 2 },
    };

    [Theory]
    [MemberData(nameof(ChannelsLastSizes))]
    public void Channels_last_batch_norm_matches_the_interpreter_for_any_count_of_rows(int n, int h, int w, int c)
    {
        var sizes = new Dictionary<string, int> { ["n"] = n, ["h"] = h, ["w"] = w, ["c"] = c };
        AssertMatches(CustomKernels.ChannelsLastBatchNorm, sizes, $"ChannelsLastBatchNorm {n}x{h}x{w}x{c}");
    }

    [Theory]
    [InlineData(3, 7)]
    [InlineData(4, 16)]
    [InlineData(6, 3)]
    [InlineData(11, 35)]
    public void Batch_statistics_over_rows_match_the_interpreter_for_any_count_of_rows(int n, int c)
    {
        AssertMatches(CustomKernels.BatchStatNorm, new Dictionary<string, int> { ["n"] = n, ["c"] = c }, $"BatchStatNorm {n}x{c}");
    }

    private static void AssertMatches(LayerKernels kernels, Dictionary<string, int> sizes, string what)
    {
        var problem = KernelHarness.RandomProblem(kernels, sizes, seed: sizes.Values.Aggregate(17, (h, v) => h * 31 + v));
        var expected = KernelHarness.Oracle(kernels, problem);
        KernelHarness.AssertClose(expected, KernelHarness.Run<double>(kernels, problem), InterpreterKernelTests.DoubleTolerance, what + " (double)");
        KernelHarness.AssertClose(expected, KernelHarness.Run<float>(kernels, problem), InterpreterKernelTests.FloatTolerance, what + " (float)");
    }
}
