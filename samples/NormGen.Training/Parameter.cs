namespace NormGen.Training;

/// <summary>A trainable tensor with its gradient (accumulated by the backward passes) and its momentum buffer.</summary>
public sealed class Parameter(string name, double[] value, bool feedsNorm = false)
{
    public string Name { get; } = name;
    public double[] Value { get; } = value;
    public double[] Grad { get; } = new double[value.Length];
    public double[] Velocity { get; } = new double[value.Length];

    /// <summary>The weights whose scale the normalization after them removes (scaled by lambda in the experiments).</summary>
    public bool FeedsNorm { get; } = feedsNorm;
}
