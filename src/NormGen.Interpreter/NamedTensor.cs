namespace NormGen.Interpretation;

/// <summary>A float64 tensor over named axes, stored flat and row-major in the order of <see cref="Axes"/>.</summary>
public sealed class NamedTensor
{
    /// <param name="axes">Axis names in memory order, outermost first, e.g. <c>"n d"</c>; <c>"(g c)"</c> is the same as <c>"g c"</c>.</param>
    public NamedTensor(string axes, double[] data) : this(AxisText.ParseLayout(axes, nameof(axes)), data) { }

    public NamedTensor(IReadOnlyList<string> axes, double[] data)
    {
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentNullException.ThrowIfNull(data);
        if (axes.Distinct().Count() != axes.Count) throw new ArgumentException($"Axes ({string.Join(", ", axes)}) repeat a name.", nameof(axes));
        Axes = axes.ToArray();
        Data = data;
    }

    public IReadOnlyList<string> Axes { get; }
    public double[] Data { get; }
}
