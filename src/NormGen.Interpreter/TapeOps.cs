namespace NormGen.Interpretation;

/// <summary>One recorded forward operation; <see cref="Backward"/> adds its inputs' share of the output's gradient.</summary>
internal abstract class TapeOp
{
    public abstract void Backward();

    protected static bool Needs(Variable v) => v.Differentiable;
}

/// <summary>An element-wise function of one input, given by the input's share of the output's gradient (x, y, dy).</summary>
internal sealed class MapOp(Variable input, Variable output, Func<double, double, double, double> chain) : TapeOp
{
    public override void Backward()
    {
        if (!output.HasGradient || !Needs(input)) return;
        var dy = output.Gradient;
        var dx = input.Gradient;
        for (int i = 0; i < dx.Length; i++)
            dx[i] += chain(input.Value[i], output.Value[i], dy[i]);
    }
}

/// <summary>
/// An element-wise binary operation over the union of its operands' axes; an operand missing an axis was
/// broadcast along it, so its gradient sums over that axis (offset tables repeat the operand's index).
/// </summary>
internal sealed class BinaryOp(BinaryKind kind, Variable left, Variable right, int[] leftOffsets, int[] rightOffsets, Variable output) : TapeOp
{
    public override void Backward()
    {
        if (!output.HasGradient) return;
        var dy = output.Gradient;
        double[]? da = Needs(left) ? left.Gradient : null;
        double[]? db = Needs(right) ? right.Gradient : null;
        for (int i = 0; i < dy.Length; i++)
        {
            var (ga, gb) = ScalarRules.Derivatives(kind, left.Value[leftOffsets[i]], right.Value[rightOffsets[i]]);
            if (da is not null) da[leftOffsets[i]] += dy[i] * ga;
            if (db is not null) db[rightOffsets[i]] += dy[i] * gb;
        }
    }
}

/// <summary>
/// A reduction, iterated over its domain (the operand's axes and the reduced ones). <paramref name="mean"/> holds the
/// per-output mean for Var. Max/Min split the gradient evenly among the elements equal to the result (PyTorch's
/// amax/amin): k tied elements receive dy / k each. A reduced axis the operand lacks counts its copies as ties, and
/// their shares add back up on the one element they read.
/// </summary>
internal sealed class ReduceOp(ReduceKind kind, Variable input, Variable output, int[] inputOffsets, int[] outputOffsets, int count, double[]? mean) : TapeOp
{
    public override void Backward()
    {
        if (!output.HasGradient || !Needs(input)) return;
        var dy = output.Gradient;
        var dx = input.Gradient;
        var x = input.Value;
        var ties = kind is ReduceKind.Max or ReduceKind.Min ? Ties() : null;
        for (int i = 0; i < inputOffsets.Length; i++)
        {
            int xi = inputOffsets[i], yi = outputOffsets[i];
            dx[xi] += kind switch
            {
                ReduceKind.Sum => dy[yi],
                ReduceKind.Mean => dy[yi] / count,
                // The mean's own dependence on x contributes sum(x - mean) = 0, so only the direct term remains.
                ReduceKind.Var => dy[yi] * 2.0 * (x[xi] - mean![yi]) / count,
                ReduceKind.Max or ReduceKind.Min => x[xi] == output.Value[yi] ? dy[yi] / ties![yi] : 0.0,
            };
        }
    }

    /// <summary>How many elements of each output's domain equal the extremum.</summary>
    private int[] Ties()
    {
        var ties = new int[output.Value.Length];
        for (int i = 0; i < inputOffsets.Length; i++)
            if (input.Value[inputOffsets[i]] == output.Value[outputOffsets[i]]) ties[outputOffsets[i]]++;
        return ties;
    }
}

/// <summary>Broadcasts a tensor to more axes (the formula's result to the output's axes); the gradient sums back.</summary>
internal sealed class BroadcastOp(Variable input, Variable output, int[] inputOffsets) : TapeOp
{
    public override void Backward()
    {
        if (!output.HasGradient || !Needs(input)) return;
        var dy = output.Gradient;
        var dx = input.Gradient;
        for (int i = 0; i < dy.Length; i++) dx[inputOffsets[i]] += dy[i];
    }
}
