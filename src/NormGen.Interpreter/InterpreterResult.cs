namespace NormGen.Interpretation;

/// <summary>
/// What one interpreter run computed: the output <paramref name="Y"/>, the gradients of <c>sum(y * dy)</c> with respect to
/// every input and parameter (by name, each laid out like its tensor), and the running buffers after the step
/// (in formula order; unchanged copies in eval mode).
/// </summary>
public sealed record InterpreterResult(double[] Y, IReadOnlyDictionary<string, double[]> Gradients, IReadOnlyList<double[]> UpdatedRunning)
{
    /// <summary>Every output in tuple order (<see cref="Y"/> is the first), for a formula returning several.</summary>
    public IReadOnlyList<double[]> Outputs { get; init; } = [Y];
}
