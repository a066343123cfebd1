using NormGen.Training;

namespace NormGen.Training.Tests;

/// <summary>The study's code on a shortened schedule: 3 epochs over the first 512 training images (8 batches of 64).</summary>
internal static class Shortened
{
    public static readonly TrainingSettings Settings = new(Epochs: 3, TrainLimit: 512, Threads: 1);

    public static readonly Lazy<(DataSet Train, DataSet Test)> Data =
        new(() => Digits.Split(Digits.Load(Digits.DefaultPath), testCount: 360, seed: Settings.Seed));

    public static Run Train(RunSpec spec, TrainingSettings? settings = null)
    {
        var (train, test) = Data.Value;
        var run = new Trainer(settings ?? Settings, train, test, TextWriter.Null).Train(new Experiment("test", "test", [spec]))[0];
        Assert.False(run.Diverged, $"{spec} diverged in epoch {run.DivergedEpoch}: {run.DivergedWhat}");
        return run;
    }

    public static RunSpec Reference(NormKind norm, double? eps) => new("test", norm, 1, 1, Study.BaseLearningRate, Eps: eps);

    /// <summary>Largest relative difference between the per-epoch training losses of two runs.</summary>
    public static double LossDeviation(Run a, Run b)
    {
        Assert.Equal(a.History.Count, b.History.Count);
        return a.History.Zip(b.History, (x, y) => Math.Abs(x.TrainLoss - y.TrainLoss) / y.TrainLoss)
            .Append(Math.Abs(a.InitialLoss - b.InitialLoss) / b.InitialLoss).Max();
    }
}
