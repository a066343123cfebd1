namespace NormGen.Training;

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
