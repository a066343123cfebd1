using System.Numerics.Tensors;

namespace NormGen.Training;

/// <summary>
/// One configuration: the norm, the scale of the weights feeding it at initialisation, the scale of the input
/// data, the learning rate, and a learning-rate factor for those weights alone (lambda^2 compensates lambda).
/// </summary>
/// <remarks><paramref name="Eps"/> overrides the study's eps (null: the study's, by default the formula's).</remarks>
public sealed record RunSpec(string Experiment, NormKind Norm, double WeightScale, double DataScale, double LearningRate,
    double NormWeightLrFactor = 1, double? Eps = null)
{
    /// <summary>What sets this run apart from its reference, e.g. "W x0.01, W lr x1e-4".</summary>
    public string Tag => string.Join(", ", new[]
    {
        WeightScale == 1 ? null : $"W x{Format.Scale(WeightScale)}",
        DataScale == 1 ? null : $"data x{Format.Scale(DataScale)}",
        LearningRate == Study.BaseLearningRate ? null : $"lr {Format.Number(LearningRate)}",
        NormWeightLrFactor == 1 ? null : $"W lr x{Format.Scale(NormWeightLrFactor)}",
    }.Where(t => t is not null)) is { Length: > 0 } tag ? tag : "reference";

    public override string ToString() => $"{Names.Of(Norm)} weights x{Format.Scale(WeightScale)} data x{Format.Scale(DataScale)} lr {Format.Number(LearningRate)}"
        + (NormWeightLrFactor == 1 ? "" : $" (x{Format.Scale(NormWeightLrFactor)} for the weights feeding the norm)")
        + (Eps is { } eps ? $" eps {Format.Number(eps)}" : "");
}

/// <summary>Shared by every run of a study; runs differ only in their <see cref="RunSpec"/>.</summary>
public sealed record TrainingSettings(int Epochs = 15, int BatchSize = 64, int Hidden = 64, double Momentum = 0.9, int Seed = 1,
    NormSettings? Norms = null, int TrainLimit = int.MaxValue, int Threads = 0)
{
    public NormSettings NormSettings => Norms ?? new NormSettings();
}

/// <summary>After each epoch: mean training loss (training mode), test loss and accuracy (eval mode), and for the
/// weights feeding the norms the mean gradient norm and relative step ||ΔW|| / ||W|| over the epoch's steps.</summary>
public sealed record EpochStats(int Epoch, double TrainLoss, double TestLoss, double TestAccuracy, double GradNorm, double EffectiveStep, double WeightNorm);

public sealed class Run
{
    private readonly TrainingSettings _settings;
    private readonly Random _shuffle;
    private readonly int[] _order;
    private readonly double[] _batchX;
    private readonly int[] _batchLabels;

    public Run(RunSpec spec, TrainingSettings settings, int trainCount)
    {
        Spec = spec;
        _settings = settings;
        var norms = spec.Eps is null ? settings.NormSettings : settings.NormSettings with { Eps = spec.Eps };
        Network = new Network(spec.Norm, settings.Hidden, settings.Seed, spec.WeightScale, norms);
        _shuffle = new Random(settings.Seed + 1); // the same batches in every run of a study
        _order = Enumerable.Range(0, trainCount).ToArray();
        _batchX = new double[settings.BatchSize * Digits.Pixels];
        _batchLabels = new int[settings.BatchSize];
    }

    public RunSpec Spec { get; }
    public Network Network { get; }
    public List<EpochStats> History { get; } = [];

    /// <summary>Loss and gradient norm of the very first batch, before any update: the network as initialised.</summary>
    public double InitialLoss { get; private set; } = double.NaN;
    public double InitialGradNorm { get; private set; } = double.NaN;

    /// <summary>||ΔW|| / ||W|| of the first update of the weights feeding the norms: lr ||grad W|| / ||W||, which scales as 1/lambda^2.</summary>
    public double InitialStep { get; private set; } = double.NaN;

    /// <summary>The epoch in which the loss stopped being finite, with what became non-finite; null while it trains.</summary>
    public int? DivergedEpoch { get; private set; }
    public string? DivergedWhat { get; private set; }

    public bool Diverged => DivergedEpoch is not null;

    public EpochStats? Last => History.Count == 0 ? null : History[^1];

    /// <summary>Trains one epoch (all full batches of a fresh shuffle) and evaluates on the test set.</summary>
    public void TrainEpoch(int epoch, DataSet train, DataSet test)
    {
        if (Diverged) return;
        _shuffle.Shuffle(_order);
        int batch = _settings.BatchSize, steps = train.Count / batch;
        double lossSum = 0, gradSum = 0, stepSum = 0;
        for (int s = 0; s < steps; s++)
        {
            for (int k = 0; k < batch; k++)
            {
                int row = _order[s * batch + k];
                train.Row(row).CopyTo(_batchX.AsSpan(k * Digits.Pixels));
                _batchLabels[k] = train.Labels[row];
            }
            double loss = Network.TrainStep(_batchX, _batchLabels);
            double gradNorm = Norm(p => p.Grad);
            if (epoch == 1 && s == 0) (InitialLoss, InitialGradNorm) = (loss, gradNorm);
            if (!double.IsFinite(loss) || !double.IsFinite(gradNorm))
            {
                Stop(epoch, $"training loss {Format.Number(loss)} at step {s + 1} of {steps}");
                return;
            }
            double step = Update();
            if (epoch == 1 && s == 0) InitialStep = step;
            stepSum += step;
            lossSum += loss;
            gradSum += gradNorm;
        }
        var (testLoss, accuracy) = Network.Evaluate(test);
        if (!double.IsFinite(testLoss))
        {
            Stop(epoch, $"test loss {Format.Number(testLoss)}");
            return;
        }
        History.Add(new EpochStats(epoch, lossSum / steps, testLoss, accuracy, gradSum / steps, stepSum / steps, Norm(p => p.Value)));
    }

    private void Stop(int epoch, string what) => (DivergedEpoch, DivergedWhat) = (epoch, what);

    /// <summary>SGD with momentum (PyTorch's form: v = mu v + g; p -= lr v). Returns ||ΔW|| / ||W|| of the weights feeding the norms.</summary>
    private double Update()
    {
        double step = 0, before = Norm(p => p.Value);
        foreach (var p in Network.Parameters)
        {
            double lr = Spec.LearningRate * (p.FeedsNorm ? Spec.NormWeightLrFactor : 1);
            TensorPrimitives.MultiplyAdd(p.Velocity, _settings.Momentum, p.Grad, p.Velocity);
            if (p.FeedsNorm) step += lr * lr * TensorPrimitives.SumOfSquares(p.Velocity);
            TensorPrimitives.MultiplyAdd(p.Velocity, -lr, p.Value, p.Value);
        }
        return Math.Sqrt(step) / before;
    }

    /// <summary>The 2-norm over all the weights feeding the norms (both hidden layers) of the chosen array.</summary>
    private double Norm(Func<Parameter, double[]> of)
    {
        double sum = 0;
        foreach (var p in Network.Parameters)
            if (p.FeedsNorm) sum += TensorPrimitives.SumOfSquares(of(p));
        return Math.Sqrt(sum);
    }
}
