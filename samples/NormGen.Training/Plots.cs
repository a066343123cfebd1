using ScottPlot;

namespace NormGen.Training;

/// <summary>The PNG figures of docs/training.md, rendered with ScottPlot (SkiaSharp). Log axes plot log10 of the values.</summary>
public static class Plots
{
    private static readonly Color[] ScaleColors = [Color.FromHex("#1f77b4"), Color.FromHex("#222222"), Color.FromHex("#d62728")];
    private static readonly Color[] NormColors =
        [Color.FromHex("#444444"), Color.FromHex("#1f77b4"), Color.FromHex("#ff7f0e"), Color.FromHex("#2ca02c"), Color.FromHex("#9467bd"), Color.FromHex("#d62728")];

    public static IReadOnlyList<string> WriteAll(StudyResults results, TrainingSettings settings, string folder)
    {
        var written = new List<string>();
        void Save(string name, Multiplot figure, int width, int height)
        {
            figure.SavePng(Path.Combine(folder, name), width, height);
            written.Add(name);
        }
        var norms = results.Runs.Select(r => r.Spec.Norm).Distinct().ToList();
        Save("weight-scale.png", PerNorm(results, norms, "weight-scale", "weight-scale-lr", r => r.Spec.WeightScale, e => e.TrainLoss,
            "training loss (log)", "training loss, weights x λ (dashed: their lr x λ²)"), 1800, 1000);
        Save("gradient-norms.png", PerNorm(results, norms, "weight-scale", null, r => r.Spec.WeightScale, e => e.GradNorm,
            "mean |grad W| (log)", "gradient norm of W, weights x λ"), 1800, 1000);
        Save("effective-step.png", PerNorm(results, norms, "weight-scale", null, r => r.Spec.WeightScale, e => e.EffectiveStep,
            "mean |ΔW| / |W| per step (log)", "relative step of W, weights x λ"), 1800, 1000);
        Save("data-scale.png", PerNorm(results, norms, "data-scale", null, r => r.Spec.DataScale, e => e.TrainLoss,
            "training loss (log)", "training loss, inputs x λ"), 1800, 1000);
        Save("learning-rate.png", LearningRates(results, norms), 1800, 700);
        return written;
    }

    /// <summary>One panel per norm, one line per lambda (lambda = 1 is the reference run); dashed: the companion experiment.</summary>
    private static Multiplot PerNorm(StudyResults results, IReadOnlyList<NormKind> norms, string experiment, string? dashed,
        Func<Run, double> lambda, Func<EpochStats, double> value, string yLabel, string title)
    {
        var figure = Grid(norms.Count, columns: 3);
        for (int k = 0; k < norms.Count; k++)
        {
            var plot = figure.GetPlot(k);
            Style(plot, $"{Names.Of(norms[k])}: {title}", "epoch", yLabel, titleSize: 16);
            var reference = results.Find(Study.Reference(norms[k]));
            var runs = results.Runs.Where(r => r.Spec.Norm == norms[k] && r.Spec.Experiment == experiment && lambda(r) != 1)
                .Append(reference).OfType<Run>().OrderBy(lambda).ToList();
            // Widest first, so that identical curves (the invariant cases) still show each colour.
            foreach (var run in runs)
                Line(plot, run, value, ScaleColors[Array.IndexOf(Study.Scales, lambda(run))], $"λ = {Format.Scale(lambda(run))}", dashed: false,
                    width: 7f - 2.5f * Array.IndexOf(Study.Scales, lambda(run)));
            if (dashed is not null)
                foreach (var run in results.Runs.Where(r => r.Spec.Norm == norms[k] && r.Spec.Experiment == dashed))
                    Line(plot, run, value, ScaleColors[Array.IndexOf(Study.Scales, lambda(run))], $"λ = {Format.Scale(lambda(run))}, lr x λ²", dashed: true, width: 2f);
            LogY(plot);
            plot.Legend.Alignment = Alignment.UpperRight;
        }
        return figure;
    }

    /// <summary>Final test accuracy against the learning rate of every parameter (left) and of the weights feeding the norms only (right).</summary>
    private static Multiplot LearningRates(StudyResults results, IReadOnlyList<NormKind> norms)
    {
        var figure = Grid(2, columns: 2);
        var all = figure.GetPlot(0);
        var weights = figure.GetPlot(1);
        Style(all, "final test accuracy; every parameter at this learning rate (x: diverged to NaN)", "learning rate (log)", "test accuracy %");
        Style(weights, "final test accuracy; lr 0.1, the weights feeding the norms at this rate", "learning rate of those weights (log)", "test accuracy %");
        foreach (var norm in norms)
        {
            var color = NormColors[(int)norm];
            var sweep = results.Runs.Where(r => r.Spec.Norm == norm && (r.Spec.Experiment == "learning-rate" || r.Spec == Study.Reference(norm)))
                .OrderBy(r => r.Spec.LearningRate).ToList();
            Accuracy(all, sweep, r => r.Spec.LearningRate, color, Names.Of(norm));
            var wSweep = results.Runs.Where(r => r.Spec.Norm == norm && (r.Spec.Experiment == "learning-rate-W" || r.Spec == Study.Reference(norm)))
                .OrderBy(r => r.Spec.NormWeightLrFactor).ToList();
            Accuracy(weights, wSweep, r => r.Spec.LearningRate * r.Spec.NormWeightLrFactor, color, Names.Of(norm));
        }
        foreach (var plot in new[] { all, weights })
        {
            LogX(plot);
            plot.Axes.SetLimitsY(0, 100);
            plot.Legend.Alignment = Alignment.LowerLeft;
        }
        return figure;
    }

    private static void Accuracy(Plot plot, IReadOnlyList<Run> runs, Func<Run, double> x, Color color, string label)
    {
        var done = runs.Where(r => !r.Diverged).ToList();
        var line = plot.Add.Scatter(done.Select(r => Math.Log10(x(r))).ToArray(), done.Select(r => 100 * r.Last!.TestAccuracy).ToArray(), color);
        line.LegendText = label;
        line.LineWidth = 2.5f;
        line.MarkerSize = 9;
        var failed = runs.Where(r => r.Diverged).ToList();
        if (failed.Count == 0) return;
        var marks = plot.Add.Scatter(failed.Select(r => Math.Log10(x(r))).ToArray(), failed.Select(_ => 2.0).ToArray(), color);
        marks.LineWidth = 0;
        marks.MarkerShape = MarkerShape.Eks;
        marks.MarkerSize = 14;
    }

    private static void Line(Plot plot, Run run, Func<EpochStats, double> value, Color color, string label, bool dashed, float width)
    {
        var points = run.History.Where(e => value(e) > 0 && double.IsFinite(value(e))).ToList();
        if (run.Diverged) label += $" (diverged in epoch {run.DivergedEpoch})";
        var line = plot.Add.Scatter(points.Select(e => (double)e.Epoch).ToArray(), points.Select(e => Math.Log10(value(e))).ToArray(), color);
        line.LegendText = label;
        line.LinePattern = dashed ? LinePattern.Dashed : LinePattern.Solid;
        line.LineWidth = width;
        line.MarkerSize = dashed ? 0 : width + 2;
    }

    private static Multiplot Grid(int panels, int columns)
    {
        var figure = new Multiplot();
        while (figure.Count() < panels) figure.AddPlot();
        int rows = (panels + columns - 1) / columns;
        figure.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, Math.Min(columns, panels));
        return figure;
    }

    private static void Style(Plot plot, string title, string x, string y, float titleSize = 14)
    {
        plot.Font.Set(Font);
        plot.Title(title, size: titleSize);
        plot.XLabel(x, size: 14);
        plot.YLabel(y, size: 14);
        plot.Legend.FontSize = 12;
    }

    private static void LogY(Plot plot) => plot.Axes.Left.TickGenerator = LogTicks();

    private static void LogX(Plot plot) => plot.Axes.Bottom.TickGenerator = LogTicks();

    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = v => Math.Round(v) is var e && e is >= -3 and <= 4 ? Format.Number(Math.Pow(10, e)) : $"1e{e}",
    };

    /// <summary>A font the machine has (SkiaSharp falls back silently to boxes otherwise).</summary>
    private static readonly string Font = new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica" }
        .FirstOrDefault(name => SkiaSharp.SKFontManager.Default.MatchFamily(name) is not null) ?? Fonts.Default;
}
