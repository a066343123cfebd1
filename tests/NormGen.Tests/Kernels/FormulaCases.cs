using NormGen.Tests.Reference;

namespace NormGen.Tests.Kernels;

/// <summary>
/// A layer with a recipe for random problems: random axis sizes (small ones for finite differences), value ranges that
/// keep each formula in its domain, and adjustments that keep inputs away from kinks (Abs at 0, Maximum ties).
/// </summary>
public sealed record FormulaCase(
    string Name,
    LayerKernels Kernels,
    Func<Random, bool, Dictionary<string, int>> Sizes,
    Func<string, (double Low, double High)>? Range = null,
    Action<KernelProblem>? Adjust = null,
    IReadOnlyDictionary<string, double>? Hyper = null,
    Func<IReadOnlyDictionary<string, int>, Random, double[][]>? Running = null,
    bool Training = true)
{
    /// <summary>A random problem; <paramref name="small"/> keeps every tensor to a few dozen elements.</summary>
    public KernelProblem Problem(int seed, bool small = false)
    {
        // The name enters the seed so that layers sharing a size recipe still get different shapes.
        var rng = new Random(unchecked(seed * 7919 + StableHash(Name)));
        var sizes = Sizes(rng, small);
        var problem = KernelHarness.RandomProblem(Kernels, sizes, seed: rng.Next(), Range, Hyper) with
        {
            Running = Running?.Invoke(sizes, rng),
            Training = Training,
        };
        Adjust?.Invoke(problem);
        return problem;
    }

    public override string ToString() => Name;

    private static int StableHash(string text)
    {
        uint hash = 2166136261;
        foreach (char ch in text) hash = (hash ^ ch) * 16777619;
        return (int)(hash & 0x7fffffff);
    }
}

public static class FormulaCases
{
    public static IReadOnlyList<FormulaCase> Custom { get; } =
    [
        new("ScaleNorm", CustomKernels.ScaleNorm, NormRows),
        new("GatedLogSoftmax", CustomKernels.GatedLogSoftmax, Rows),
        new("RangeNorm", CustomKernels.RangeNorm, Rows,
            Range: t => t switch { "lo" => (-1, -0.1), "hi" => (0.1, 1), _ => (-2, 2) },
            Adjust: p => AwayFrom(p, "x", i => [p.Tensors["lo"][i % p.Sizes["d"]], p.Tensors["hi"][i % p.Sizes["d"]], 0])),
        new("FusedAddRmsNorm", CustomKernels.FusedAddRmsNorm, NormRows),
        new("GatedLayerNorm", CustomKernels.GatedLayerNorm, NormRows),
        new("DividedLayerNorm", CustomKernels.DividedLayerNorm, NormRows),
        new("GatedLayerNorm(scale=0.75, eps=1e-3)", CustomKernels.GatedLayerNorm, NormRows,
            Hyper: new Dictionary<string, double> { ["scale"] = 0.75, ["eps"] = 1e-3 }),
        new("SequenceGroupNorm", CustomKernels.SequenceGroupNorm, (rng, small) => new()
        {
            ["n"] = rng.Next(1, small ? 2 : 4), ["g"] = rng.Next(1, small ? 3 : 5), ["c"] = rng.Next(1, small ? 3 : 6), ["t"] = small ? rng.Next(9, 12) : rng.Next(3, 24),
        }),
        new("BatchStatNorm", CustomKernels.BatchStatNorm, (rng, small) => new() { ["n"] = rng.Next(3, small ? 5 : 40), ["c"] = small ? rng.Next(9, 12) : rng.Next(1, 40) }),
        new("ChannelsLastBatchNorm", CustomKernels.ChannelsLastBatchNorm, (rng, small) => new()
        {
            ["n"] = rng.Next(3, small ? 4 : 5), ["h"] = rng.Next(1, small ? 2 : 4), ["w"] = rng.Next(1, small ? 3 : 6), ["c"] = small ? rng.Next(9, 12) : rng.Next(1, 40),
        }),
        new("TwoAxisAffineNorm", CustomKernels.TwoAxisAffineNorm, (rng, small) => new()
        {
            ["n"] = rng.Next(1, small ? 2 : 4), ["c"] = rng.Next(1, small ? 3 : 6), ["d"] = small ? rng.Next(9, 12) : rng.Next(3, 40),
        }),
        new("LogSumExp", CustomKernels.LogSumExp, Rows, Range: t => t == "w" ? (-1, 1) : (-2, 2)),
        new("MiddleAxisNorm", CustomKernels.MiddleAxisNorm, (rng, small) => new()
        {
            ["n"] = rng.Next(1, 3), ["c"] = rng.Next(3, small ? 5 : 9), ["d"] = small ? rng.Next(9, 12) : rng.Next(1, 40),
        }),
        // One-sweep row statistics and row sums of cross-row sums (RowStatisticsLayers.cs).
        new("ScaledPlaneNormWithPeak", CustomKernels.ScaledPlaneNormWithPeak, (rng, small) => new()
        {
            ["n"] = rng.Next(1, 3), ["c"] = rng.Next(1, small ? 3 : 5), ["h"] = rng.Next(2, 4), ["w"] = small ? rng.Next(5, 8) : rng.Next(2, 20),
        }),
        new("SquareVarianceNorm", CustomKernels.SquareVarianceNorm, NormRows),
        new("TokenCentredSampleNorm", CustomKernels.TokenCentredSampleNorm, Tokens),
        new("GlobalRmsNorm", CustomKernels.GlobalRmsNorm, NormRows),
        new("TransposedRmsNorm", CustomKernels.TransposedRmsNorm, NormRows),
        new("UnusedOperands", CustomKernels.UnusedOperands, Rows),
        new("OpHyperArithmetic", CustomKernels.OpHyperArithmetic, Rows),
        new("OpHyperArithmetic(alpha=0.7, beta=-1.3)", CustomKernels.OpHyperArithmetic, Rows,
            Hyper: new Dictionary<string, double> { ["alpha"] = 0.7, ["beta"] = -1.3 }),
        // Learned scalars ([Param] without axes, ScalarParamLayers.cs).
        new("DyT", ScalarParamKernels.DyT, Rows),
        new("SpecializedDyT", ScalarParamKernels.SpecializedDyT, (rng, small) => new()
        {
            ["n"] = rng.Next(1, small ? 2 : 5), ["d"] = rng.Next(2) == 0 ? 48 : 64,
        }),
        new("TemperatureLogSoftmax", ScalarParamKernels.TemperatureLogSoftmax, Rows, Range: t => t == "temperature" ? (0.5, 2) : (-2, 2)),
        new("ScalarScaledLayerNorm", ScalarParamKernels.ScalarScaledLayerNorm, NormRows),
        new("TwoScalarTanh", ScalarParamKernels.TwoScalarTanh, Rows, Range: t => t is "t" or "u" ? (0.5, 2) : (-2, 2)),
        new("ChannelsLastScaledNorm", ScalarParamKernels.ChannelsLastScaledNorm, (rng, small) => new()
        {
            ["n"] = rng.Next(2, small ? 3 : 5), ["h"] = rng.Next(1, 3), ["w"] = rng.Next(2, small ? 3 : 6), ["c"] = small ? rng.Next(9, 12) : rng.Next(1, 40),
        }),
        // Conditioning inputs ([Input("...")], ConditioningLayers.cs): gradients summed over the broadcast axes, written.
        new("AdaLN", ConditioningKernels.AdaLN, Tokens),
        new("AdaIN", ConditioningKernels.AdaIN, (rng, small) => new()
        {
            ["n"] = rng.Next(1, 3), ["c"] = rng.Next(1, small ? 3 : 5), ["h"] = rng.Next(1, 3), ["w"] = small ? rng.Next(5, 8) : rng.Next(3, 20),
        }),
        new("PositionGatedRmsNorm", ConditioningKernels.PositionGatedRmsNorm, Tokens),
        new("ModulatedLayerNorm", ConditioningKernels.ModulatedLayerNorm, Tokens, Range: t => t == "m" ? (0.5, 1.5) : (-2, 2)),
        new("PerSampleGainBatchNorm", ConditioningKernels.PerSampleGainBatchNorm, SamplesByChannels),
        new("FullLayoutInputAdd", ConditioningKernels.FullLayoutInputAdd, Rows),
        new("SpecializedAdaLN", ConditioningKernels.SpecializedAdaLN, (rng, small) => new()
        {
            ["n"] = rng.Next(1, 3), ["t"] = rng.Next(1, small ? 3 : 5), ["d"] = small || rng.Next(2) == 0 ? 48 : rng.Next(3, 70),
        }),
        new("ConditionedGroupNorm", ConditioningKernels.ConditionedGroupNorm, (rng, small) => new()
        {
            ["n"] = rng.Next(1, 3), ["g"] = rng.Next(1, 3), ["c"] = rng.Next(1, 3), ["h"] = rng.Next(1, 3), ["w"] = small ? rng.Next(9, 11) : rng.Next(3, 12),
        }),
        new("RunningSampleWeightedNorm(training)", ConditioningKernels.RunningSampleWeightedNorm, SamplesByChannels, Running: RunningBuffers, Training: true),
        new("RunningSampleWeightedNorm(eval)", ConditioningKernels.RunningSampleWeightedNorm, SamplesByChannels, Running: RunningBuffers, Training: false),
    ];

    /// <summary>One layer per derivative rule (<c>OpLayers.cs</c>).</summary>
    public static IReadOnlyList<FormulaCase> Ops { get; } =
    [
        new("OpSqrt", CustomKernels.OpSqrt, Rows, Range: Positive),
        new("OpRsqrt", CustomKernels.OpRsqrt, Rows, Range: Positive),
        new("OpExp", CustomKernels.OpExp, Rows),
        new("OpLog", CustomKernels.OpLog, Rows, Range: Positive),
        new("OpTanh", CustomKernels.OpTanh, Rows),
        new("OpSigmoid", CustomKernels.OpSigmoid, Rows),
        // Both sides of PyTorch's threshold 20, where softplus becomes x: away from it, where the value jumps by 2e-9.
        new("OpSoftplus", CustomKernels.OpSoftplus, Rows, Range: t => t == "x" ? (-30, 30) : (-2, 2), Adjust: p => AwayFrom(p, "x", _ => [20])),
        new("OpAbs", CustomKernels.OpAbs, Rows, Adjust: p => AwayFrom(p, "x", _ => [0])),
        new("OpSquare", CustomKernels.OpSquare, Rows),
        new("OpPowThreeHalves", CustomKernels.OpPowThreeHalves, Rows, Range: Positive),
        new("OpPowCube", CustomKernels.OpPowCube, Rows),
        new("OpPowMinusHalf", CustomKernels.OpPowMinusHalf, Rows, Range: Positive),
        new("OpPowSquare", CustomKernels.OpPowSquare, Rows),
        new("OpPowTrivial", CustomKernels.OpPowTrivial, Rows),
        new("OpMaximum", CustomKernels.OpMaximum, Rows, Adjust: p => AwayFrom(p, "x", i => [p.Tensors["a"][i % p.Sizes["d"]], 0.25])),
        new("OpMinimum", CustomKernels.OpMinimum, Rows, Adjust: p => AwayFrom(p, "x", i => [p.Tensors["a"][i % p.Sizes["d"]], -0.25])),
        new("OpAdd", CustomKernels.OpAdd, Rows),
        new("OpSubtract", CustomKernels.OpSubtract, Rows),
        new("OpMultiply", CustomKernels.OpMultiply, Rows),
        new("OpDivide", CustomKernels.OpDivide, Rows, Adjust: p =>
        {
            AwayFrom(p, "x", _ => [0]);
            AwayFrom(p, "a", _ => [0]);
        }),
        new("OpNegate", CustomKernels.OpNegate, Rows),
        new("OpSum", CustomKernels.OpSum, Rows),
        new("OpMean", CustomKernels.OpMean, Rows),
        new("OpVar", CustomKernels.OpVar, Rows),
        new("OpMax", CustomKernels.OpMax, Rows),
        new("OpMin", CustomKernels.OpMin, Rows),
        new("OpMaxMinOverRows", CustomKernels.OpMaxMinOverRows, Rows),
    ];

    /// <summary>Layers of <c>Reference/ReferenceLayers.cs</c> on random problems, for finite differences of their kernels.</summary>
    public static IReadOnlyList<FormulaCase> Reference { get; } =
    [
        new("LayerNorm", ReferenceKernels.For(typeof(LayerNorm)), NormRows),
        new("LayerNormOverTwoAxes", ReferenceKernels.For(typeof(LayerNormOverTwoAxes)), (rng, small) => new()
        {
            ["n"] = rng.Next(1, 3), ["h"] = rng.Next(1, small ? 3 : 4), ["w"] = small ? rng.Next(9, 12) : rng.Next(3, 20),
        }),
        new("RmsNorm", ReferenceKernels.For(typeof(RmsNorm)), NormRows),
        new("GroupNorm", ReferenceKernels.For(typeof(GroupNorm)), (rng, small) => new()
        {
            ["n"] = rng.Next(1, 3), ["g"] = rng.Next(1, 3), ["c"] = rng.Next(1, 3), ["h"] = rng.Next(1, 3), ["w"] = small ? rng.Next(9, 11) : rng.Next(3, 12),
        }),
        new("InstanceNorm", ReferenceKernels.For(typeof(InstanceNorm)), (rng, small) => new()
        {
            ["n"] = rng.Next(1, 3), ["c"] = rng.Next(1, 3), ["h"] = rng.Next(1, 3), ["w"] = small ? rng.Next(9, 11) : rng.Next(3, 12),
        }),
        new("WeightNorm", ReferenceKernels.For(typeof(WeightNorm)), (rng, small) => new() { ["o"] = rng.Next(1, 4), ["i"] = small ? rng.Next(9, 14) : rng.Next(3, 40) }),
        new("CosineNorm", ReferenceKernels.For(typeof(CosineNorm)), (rng, small) => new()
        {
            ["n"] = rng.Next(1, 4), ["i"] = small ? rng.Next(9, 12) : rng.Next(3, 40), ["o"] = rng.Next(1, 4),
        }),
        new("BatchNorm2d(training)", ReferenceKernels.For(typeof(BatchNorm2d)), BatchSizes, Running: RunningBuffers, Training: true),
        new("BatchNorm2d(eval)", ReferenceKernels.For(typeof(BatchNorm2d)), BatchSizes, Running: RunningBuffers, Training: false),
    ];

    public static FormulaCase Named(string name) =>
        Custom.Concat(Ops).Concat(Reference).SingleOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"No formula case '{name}'.");

    /// <summary>"n d" layers: a few rows, features across every vector width and tail (small: past one double vector of 8 lanes).</summary>
    internal static Dictionary<string, int> Rows(Random rng, bool small) =>
        new() { ["n"] = rng.Next(1, small ? 3 : 6), ["d"] = small ? rng.Next(9, 21) : rng.Next(1, 70) };

    /// <summary>
    /// "n d" layers that normalize over d: at least 3 features. Over 1 the gradient is exactly 0 and over 2 (for
    /// mean-centred layers) eps-sized, a near-total cancellation of O(1) terms that a bound relative to the gradient's
    /// own magnitude cannot judge; VectorPathTests covers those sizes with a bound relative to the cancelling terms.
    /// The same minimum of 3 holds for every other normalization's reduced elements below.
    /// </summary>
    private static Dictionary<string, int> NormRows(Random rng, bool small) =>
        new() { ["n"] = rng.Next(1, small ? 3 : 6), ["d"] = small ? rng.Next(9, 21) : rng.Next(3, 70) };

    /// <summary>"n t d" layers that normalize over d: a few samples and tokens (the conditioning inputs sum over t), at least 3 features.</summary>
    private static Dictionary<string, int> Tokens(Random rng, bool small) =>
        new() { ["n"] = rng.Next(1, 3), ["t"] = rng.Next(1, small ? 3 : 5), ["d"] = small ? rng.Next(9, 14) : rng.Next(3, 70) };

    /// <summary>"n c" layers with statistics over n: at least 3 samples.</summary>
    private static Dictionary<string, int> SamplesByChannels(Random rng, bool small) =>
        new() { ["n"] = rng.Next(3, small ? 5 : 40), ["c"] = small ? rng.Next(9, 12) : rng.Next(1, 40) };

    private static Dictionary<string, int> BatchSizes(Random rng, bool small) =>
        new() { ["n"] = 2, ["c"] = rng.Next(1, 4), ["h"] = rng.Next(1, 3), ["w"] = small ? rng.Next(9, 11) : rng.Next(2, 12) };

    private static double[][] RunningBuffers(IReadOnlyDictionary<string, int> sizes, Random rng) =>
        [Support.RandomData.Uniform(rng, sizes["c"], -0.5, 0.5), Support.RandomData.Uniform(rng, sizes["c"], 0.5, 2)];

    // Sqrt, Rsqrt, Log and fractional powers need positive inputs; 0.3 keeps their derivatives moderate.
    private static (double, double) Positive(string tensor) => tensor == "x" ? (0.3, 2) : (-2, 2);

    /// <summary>Moves each element of <paramref name="tensor"/> at least 0.05 away from every kink <paramref name="kinks"/> gives for its index.</summary>
    private static void AwayFrom(KernelProblem p, string tensor, Func<int, double[]> kinks)
    {
        const double Margin = 0.05;
        var data = p.Tensors[tensor];
        for (int i = 0; i < data.Length; i++)
        {
            var k = kinks(i);
            while (k.Any(kink => Math.Abs(data[i] - kink) < Margin)) data[i] += Margin;
        }
    }
}
