using ScottPlot;

namespace NormGen.Benchmarks.Report;

/// <summary>
/// docs/benchmarks-bandwidth.png: GB/s against bytes moved per call (log x axis) for the row-wise LayerNorm kernels,
/// forward (left panel) and backward (right panel), one line per method. Rendered with ScottPlot (SkiaSharp).
/// </summary>
public static class BandwidthPlot
{
    public sealed record Series(string Method, string Label, Color Color, float Width, LinePattern Pattern, MarkerShape Marker);

    /// <summary>The lines of each panel: the generated kernel against the baselines a user would pick, and the floor.</summary>
    public static readonly Series[] Lines =
    [
        new(Analysis.Generated, "Generated (NormGen)", Color.FromHex("#d62728"), 3.5f, LinePattern.Solid, MarkerShape.FilledCircle),
        new("Simd", "Simd (hand-written Vector256)", Color.FromHex("#1f77b4"), 2f, LinePattern.Solid, MarkerShape.FilledSquare),
        new("TensorPrimitives", "TensorPrimitives", Color.FromHex("#2ca02c"), 2f, LinePattern.Solid, MarkerShape.FilledTriangleUp),
        new("Aten", "Aten (PyTorch 1.13 operator)", Color.FromHex("#9467bd"), 2f, LinePattern.Solid, MarkerShape.FilledDiamond),
        new("AtenKernel", "AtenKernel (ATen kernel alone)", Color.FromHex("#9467bd"), 2f, LinePattern.Dashed, MarkerShape.OpenDiamond),
        new("Copy", "Copy (bandwidth floor)", Color.FromHex("#444444"), 2f, LinePattern.Dotted, MarkerShape.OpenCircle),
    ];

    public static readonly (string Class, string Title)[] Panels =
    [
        ("LayerNormForward", "LayerNorm forward: y, mean, rstd (shapes rows x features on top; float32, 1 thread)"),
        ("LayerNormBackward", "LayerNorm backward: dx, dgamma, dbeta (shapes rows x features on top; float32, 1 thread)"),
    ];

    /// <summary>Writes the PNG; returns the number of points drawn (0: no LayerNorm data, the panels say so).</summary>
    public static int Write(IReadOnlyList<BenchCase> cases, string path, int width = 1800, int height = 780)
    {
        string font = PickFont();
        var multiplot = new Multiplot();
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        while (multiplot.Count() < Panels.Length)
            multiplot.AddPlot();
        int points = 0;
        for (int i = 0; i < Panels.Length; i++)
            points += Panel(multiplot.GetPlot(i), cases.Where(c => c.Class == Panels[i].Class).ToList(), Panels[i].Title, font);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        multiplot.SavePng(path, width, height);
        return points;
    }

    private static string PickFont()
    {
        foreach (var name in new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica" })
            if (SkiaSharp.SKFontManager.Default.MatchFamily(name) is not null)
                return name;
        return Fonts.Default;
    }

    private static int Panel(Plot plot, IReadOnlyList<BenchCase> cases, string title, string font)
    {
        plot.Font.Set(font);
        plot.Title(title, size: 18);
        plot.XLabel("bytes moved per call (log scale)", size: 17);
        plot.YLabel("GB/s (bytes moved ÷ mean time)", size: 17);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 15;
        plot.Axes.Left.TickLabelStyle.FontSize = 15;

        var withBytes = cases.Where(c => c.MovedBytes is > 0).ToList();
        if (withBytes.Count == 0)
        {
            plot.Axes.SetLimits(0, 1, 0, 1);
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.EmptyTickGenerator();
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.EmptyTickGenerator();
            var text = plot.Add.Text("no data for this benchmark class", 0.5, 0.5);
            text.LabelFontSize = 20;
            text.LabelAlignment = Alignment.MiddleCenter;
            return 0;
        }

        int points = 0;
        double maxY = 0;
        foreach (var series in Lines)
        {
            var data = withBytes
                .Select(c => (X: Math.Log10(c.MovedBytes!.Value), Y: c[series.Method]?.GBps))
                .Where(p => p.Y is > 0)
                .OrderBy(p => p.X)
                .ToList();
            if (data.Count == 0)
                continue;
            var scatter = plot.Add.Scatter(data.Select(p => p.X).ToArray(), data.Select(p => p.Y!.Value).ToArray());
            scatter.LegendText = series.Label;
            scatter.Color = series.Color;
            scatter.LineWidth = series.Width;
            scatter.LinePattern = series.Pattern;
            scatter.MarkerShape = series.Marker;
            scatter.MarkerSize = series.Method == Analysis.Generated ? 11 : 9;
            points += data.Count;
            maxY = Math.Max(maxY, data.Max(p => p.Y!.Value));
        }

        // x: decades of bytes, labelled in B/kB/MB/GB, with log minor ticks; margins of a quarter decade.
        double minX = withBytes.Min(c => Math.Log10(c.MovedBytes!.Value)), maxX = withBytes.Max(c => Math.Log10(c.MovedBytes!.Value));
        double lo = minX - 0.25, hi = maxX + 0.25;
        if (Math.Floor(hi) < lo)
            lo = Math.Floor(hi); // at least one labelled decade

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int decade = (int)Math.Floor(lo); decade <= (int)Math.Ceiling(hi); decade++)
        {
            if (decade >= lo && decade <= hi)
                ticks.AddMajor(decade, Format.Bytes(Math.Pow(10, decade), trim: true));
            for (int k = 2; k <= 9; k++)
                if (decade + Math.Log10(k) is var minor && minor >= lo && minor <= hi)
                    ticks.AddMinor(minor);
        }
        plot.Axes.Bottom.TickGenerator = ticks;

        // Top axis: which shape sits where (shapes that move nearly the same bytes share a label).
        var shapeTicks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var cluster in Clusters(withBytes.Select(c => (X: Math.Log10(c.MovedBytes!.Value), c.Shape)).OrderBy(p => p.X).ToList()))
            shapeTicks.AddMajor(cluster.X, cluster.Label);
        plot.Axes.Top.TickGenerator = shapeTicks;
        plot.Axes.Top.TickLabelStyle.FontSize = 13;
        plot.Axes.Top.MajorTickStyle.Length = 6;

        plot.Axes.SetLimitsX(lo, hi);
        plot.Axes.SetLimitsX(lo, hi, plot.Axes.Top);
        plot.Axes.SetLimitsY(0, maxY > 0 ? maxY * 1.12 : 1);
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.12);

        plot.Legend.FontSize = 15;
        plot.Legend.Alignment = Alignment.LowerLeft;
        plot.ShowLegend(Edge.Bottom);
        return points;
    }

    /// <summary>Groups x positions closer than 0.02 decades (5%) into one label, one shape a line.</summary>
    private static IEnumerable<(double X, string Label)> Clusters(IReadOnlyList<(double X, string Shape)> points)
    {
        var current = new List<(double X, string Shape)>();
        foreach (var p in points)
        {
            if (current.Count > 0 && p.X - current[^1].X > 0.02)
            {
                yield return (current.Average(c => c.X), string.Join("\n", current.Select(c => c.Shape).Distinct()));
                current.Clear();
            }
            current.Add(p);
        }
        if (current.Count > 0)
            yield return (current.Average(c => c.X), string.Join("\n", current.Select(c => c.Shape).Distinct()));
    }
}
