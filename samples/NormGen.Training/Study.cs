namespace NormGen.Training;

/// <summary>A group of runs trained in lockstep, one progress line per epoch for the whole group.</summary>
public sealed record Experiment(string Name, string Title, IReadOnlyList<RunSpec> Runs);

/// <summary>The experiments of docs/training.md. Every run starts from the same initialisation (up to the
/// weight scale) and sees the same batches; each is compared with its norm's reference run (x1, lr 0.1).</summary>
public static class Study
{
    public static readonly double[] Scales = [0.01, 1, 100];
    public const double BaseLearningRate = 0.1;
    public static readonly double[] LearningRates = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];
    public static readonly double[] NormWeightLrFactors = [10, 100, 1000];
    private static readonly NormKind[] StatNorms = [NormKind.BatchNorm, NormKind.LayerNorm, NormKind.RMSNorm];

    public static IReadOnlyList<Experiment> Define(IReadOnlyList<NormKind> norms) =>
    [
        new("weight-scale", "weights feeding each norm x lambda at initialisation, same learning rate",
            [.. from n in norms from s in Scales select new RunSpec("weight-scale", n, s, 1, BaseLearningRate)]),
        new("weight-scale-lr", "weights x lambda and their learning rate x lambda^2 (undoes the 1/lambda^2 effective rate)",
            [.. from n in norms where n != NormKind.None from s in Scales where s != 1
                select new RunSpec("weight-scale-lr", n, s, 1, BaseLearningRate, s * s)]),
        new("data-scale", "inputs x lambda (lambda = 1 is the weight-scale run)",
            [.. from n in norms from s in Scales where s != 1 select new RunSpec("data-scale", n, 1, s, BaseLearningRate)]),
        new("eps-zero", "BatchNorm, LayerNorm, RMSNorm with eps = 0: weights x lambda with lr x lambda^2, then data x lambda",
            [.. from n in norms where StatNorms.Contains(n) from spec in EpsZero(n) select spec]),
        new("learning-rate", "every parameter at this learning rate (lr 0.1 is the weight-scale run)",
            [.. from n in norms from lr in LearningRates where lr != BaseLearningRate select new RunSpec("learning-rate", n, 1, 1, lr)]),
        new("learning-rate-W", "lr 0.1, but the weights feeding the norms (the hidden weights without norm) at 10x, 100x or 1000x",
            [.. from n in norms from f in NormWeightLrFactors select new RunSpec("learning-rate-W", n, 1, 1, BaseLearningRate, f)]),
    ];

    private static IEnumerable<RunSpec> EpsZero(NormKind norm)
    {
        yield return Reference(norm) with { Experiment = "eps-zero", Eps = 0 };
        foreach (var s in Scales.Where(s => s != 1))
            yield return new RunSpec("eps-zero", norm, s, 1, BaseLearningRate, s * s, Eps: 0);
        foreach (var s in Scales.Where(s => s != 1))
            yield return new RunSpec("eps-zero", norm, 1, s, BaseLearningRate, Eps: 0);
    }

    /// <summary>The run a configuration is compared with: same norm and eps, weights and data x1, lr 0.1.</summary>
    public static RunSpec Reference(NormKind norm, double? eps = null) => eps is null
        ? new("weight-scale", norm, 1, 1, BaseLearningRate)
        : new("eps-zero", norm, 1, 1, BaseLearningRate, Eps: eps);
}
