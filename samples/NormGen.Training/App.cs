using System.Diagnostics;

namespace NormGen.Training;

public static class App
{
    /// <summary>The whole program behind Program.cs, callable from tests. Returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter log)
    {
        var options = Options.Parse(args);
        if (options.Help)
        {
            log.WriteLine(Options.Usage);
            return 0;
        }
        var all = Digits.Load(options.Data);
        if (all.Count <= options.TestCount + options.Settings.BatchSize)
            throw new TrainingException($"data file {options.Data} holds {all.Count} images; at least {options.TestCount + options.Settings.BatchSize + 1} are needed", ExitCodes.Data);
        var (train, test) = Digits.Split(all, options.TestCount, options.Settings.Seed);
        var trainer = new Trainer(options.Settings, train, test, log);

        if (options.Norm is { } norm)
        {
            trainer.TrainOne(new RunSpec("single", norm, options.WeightScale, options.DataScale, options.LearningRate));
            return 0;
        }

        var clock = Stopwatch.StartNew();
        var s = options.Settings;
        log.WriteLine(Format.Invariant($"NormGen training study: {train.Count} train / {test.Count} test digits, MLP 64-{s.Hidden}-{s.Hidden}-10, SGD momentum {s.Momentum}, batch {s.BatchSize}, {s.Epochs} epochs, seed {s.Seed}, float64"));
        var runs = new List<Run>();
        foreach (var experiment in Study.Define(options.Norms).Where(e => e.Runs.Count > 0))
            runs.AddRange(trainer.Train(experiment));
        log.WriteLine(Format.Invariant($"trained {runs.Count} runs in {clock.Elapsed.TotalSeconds:0.0} s"));
        var results = new StudyResults(runs, options.Settings);
        log.WriteLine();
        log.WriteLine(results.Table());
        results.Write(options.Out, log);
        return 0;
    }
}
