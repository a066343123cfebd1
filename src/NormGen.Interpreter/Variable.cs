namespace NormGen.Interpretation;

/// <summary>
/// A value on the tape: a tensor over <see cref="Axes"/> (canonical order) and, once the backward sweep reaches
/// it, the gradient of the loss with respect to it. Constants and eval-mode running buffers take no gradient.
/// </summary>
internal sealed class Variable(string[] axes, double[] value, bool differentiable)
{
    private double[]? _gradient;

    public string[] Axes { get; } = axes;
    public double[] Value { get; } = value;
    public bool Differentiable { get; } = differentiable;

    /// <summary>The gradient, allocated (as zeros) on first use.</summary>
    public double[] Gradient => _gradient ??= new double[Value.Length];

    /// <summary>Whether anything downstream has sent a gradient here; a backward step with no incoming gradient is skipped.</summary>
    public bool HasGradient => _gradient is not null;
}
