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
/// <summary>Trains the runs of an experiment epoch by epoch, each run on one thread (runs are independent, so the
/// numbers do not depend on the thread count), printing one line per epoch.</summary>
public sealed class Trainer(TrainingSettings settings, DataSet train, DataSet test, TextWriter log)
{
    private readonly Dictionary<double, (DataSet Train, DataSet Test)> _scaled = [];

    public IReadOnlyList<Run> Train(Experiment experiment)
    {
        var runs = experiment.Runs.Select(spec => new Run(spec, settings, Data(spec.DataScale).Train.Count)).ToList();
        log.WriteLine($"{experiment.Name}: {experiment.Title}; {runs.Count} runs.");
        log.WriteLine($"  test accuracy % per norm for: {Varying(experiment)}");
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Threads > 0 ? settings.Threads : Environment.ProcessorCount };
        for (int epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            Parallel.ForEach(runs, parallel, run =>
            {
                var (trainSet, testSet) = Data(run.Spec.DataScale);
                run.TrainEpoch(epoch, trainSet, testSet);
            });
            log.WriteLine($"  epoch {epoch,2}/{settings.Epochs}  {Progress(runs, epoch)}");
        }
        foreach (var run in runs.Where(r => r.Diverged))
            log.WriteLine($"  diverged: {run.Spec} in epoch {run.DivergedEpoch} ({run.DivergedWhat})");
        return runs;
    }

    /// <summary>Single-run mode: a run whose loss stops being finite is an error naming the epoch.</summary>
    public Run TrainOne(RunSpec spec)
    {
        var run = new Run(spec, settings, Data(spec.DataScale).Train.Count);
        var (trainSet, testSet) = Data(spec.DataScale);
        log.WriteLine($"{spec}: {settings.Epochs} epochs, batch {settings.BatchSize}, {trainSet.Count} train / {testSet.Count} test images");
        for (int epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            run.TrainEpoch(epoch, trainSet, testSet);
            if (run.Diverged)
                throw new TrainingException($"training diverged in epoch {run.DivergedEpoch}: {run.DivergedWhat} is not finite "
                    + $"({spec}); try a smaller --lr", ExitCodes.Diverged);
            var e = run.Last!;
            log.WriteLine(Format.Invariant($"  epoch {epoch,2}/{settings.Epochs}  train loss {e.TrainLoss:0.0000}  test loss {e.TestLoss:0.0000}  test acc {Format.Percent(e.TestAccuracy)}%  |grad W| {Format.Sci(e.GradNorm)}  |dW|/|W| {Format.Sci(e.EffectiveStep)}"));
        }
        return run;
    }

    private (DataSet Train, DataSet Test) Data(double scale)
    {
        lock (_scaled)
        {
            if (!_scaled.TryGetValue(scale, out var data))
                _scaled[scale] = data = (Scale(train.Take(settings.TrainLimit), scale), Scale(test, scale));
            return data;
        }
    }

    private static DataSet Scale(DataSet data, double scale) =>
        scale == 1 ? data : new DataSet(data.X.Select(v => v * scale).ToArray(), data.Labels);

    /// <summary>The tags of one norm's runs, in the order the progress line gives their accuracies.</summary>
    private static string Varying(Experiment e) =>
        string.Join(" / ", e.Runs.Where(r => r.Norm == e.Runs[0].Norm).Select(r => r.Tag));

    private static string Progress(IReadOnlyList<Run> runs, int epoch) => string.Join("  ",
        runs.GroupBy(r => r.Spec.Norm).Select(g => Names.Short(g.Key) + " " + string.Join("/", g.Select(r =>
            r.Diverged ? "NaN" : Format.Invariant($"{100 * r.Last!.TestAccuracy:0}")))));
}
