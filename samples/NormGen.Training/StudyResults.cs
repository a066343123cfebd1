using System.Text;

namespace NormGen.Training;

/// <summary>The trained runs of a study: the results table, the per-epoch CSV and the plots.</summary>
public sealed class StudyResults(IReadOnlyList<Run> runs, TrainingSettings settings)
{
    public IReadOnlyList<Run> Runs { get; } = runs;

    public Run? Find(RunSpec spec) => Runs.FirstOrDefault(r => r.Spec == spec);

    /// <summary>The run a configuration is compared with: same norm, weights and data x1, lr 0.1.</summary>
    public Run? ReferenceOf(Run run) => Find(Study.Reference(run.Spec.Norm, run.Spec.Eps));

    /// <summary>
    /// Largest |train loss - reference's train loss| over the epochs both completed (the epoch means of the
    /// training-mode loss), relative to the reference's loss; NaN for the reference itself or a diverged run.
    /// </summary>
    public double DeviationFromReference(Run run)
    {
        var reference = ReferenceOf(run);
        if (reference is null || ReferenceEquals(reference, run) || run.Diverged || reference.Diverged) return double.NaN;
        double worst = 0;
        for (int e = 0; e < Math.Min(run.History.Count, reference.History.Count); e++)
            worst = Math.Max(worst, Math.Abs(run.History[e].TrainLoss - reference.History[e].TrainLoss) / reference.History[e].TrainLoss);
        return worst;
    }

    public string Table()
    {
        var b = new StringBuilder();
        b.AppendLine($"| experiment | norm | weights x | data x | lr | initial loss | initial \\|grad W\\| | initial \\|ΔW\\|/\\|W\\| | train loss | test loss | test acc % | max rel. diff. of train loss from the lr 0.1, x1 run |");
        b.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var run in Runs)
        {
            var s = run.Spec;
            string lr = Format.Number(s.LearningRate) + (s.NormWeightLrFactor == 1 ? "" : $" (W: x{Format.Scale(s.NormWeightLrFactor)})");
            string train = run.Diverged ? $"diverged in epoch {run.DivergedEpoch}" : Format.Number(run.Last!.TrainLoss);
            string testLoss = run.Diverged ? "-" : Format.Number(run.Last!.TestLoss);
            string accuracy = run.Diverged ? "-" : Format.Percent(run.Last!.TestAccuracy);
            double deviation = DeviationFromReference(run);
            b.AppendLine($"| {s.Experiment} | {Names.Of(s.Norm)}{(s.Eps is { } eps ? $" (eps {Format.Number(eps)})" : "")} | {Format.Scale(s.WeightScale)} | {Format.Scale(s.DataScale)} | {lr} | "
                + $"{Format.Number(run.InitialLoss)} | {Format.Sci(run.InitialGradNorm)} | {Format.Sci(run.InitialStep)} | {train} | {testLoss} | {accuracy} | "
                + $"{(double.IsNaN(deviation) ? "" : Format.Sci(deviation))} |");
        }
        return b.ToString();
    }

    /// <summary>Every epoch of every run, for anyone who wants to plot it differently.</summary>
    public string Csv()
    {
        var b = new StringBuilder("experiment,norm,weight_scale,data_scale,lr,norm_weight_lr_factor,epoch,train_loss,test_loss,test_accuracy,grad_norm,effective_step,weight_norm\n");
        foreach (var run in Runs)
            foreach (var e in run.History)
            {
                var s = run.Spec;
                b.AppendLine(Format.Invariant($"{s.Experiment},{Names.Short(s.Norm)},{s.WeightScale:R},{s.DataScale:R},{s.LearningRate:R},{s.NormWeightLrFactor:R},{e.Epoch},{e.TrainLoss:R},{e.TestLoss:R},{e.TestAccuracy:R},{e.GradNorm:R},{e.EffectiveStep:R},{e.WeightNorm:R}"));
            }
        return b.ToString();
    }

    public void Write(string folder, TextWriter log)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "results.md"), Table());
        File.WriteAllText(Path.Combine(folder, "results.csv"), Csv());
        var written = Plots.WriteAll(this, settings, folder);
        log.WriteLine($"wrote results.md, results.csv, {string.Join(", ", written)} to {Path.GetFullPath(folder)}");
    }
}
