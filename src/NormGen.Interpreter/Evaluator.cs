namespace NormGen.Interpretation;

/// <summary>
/// Evaluates a formula forward in float64, recording every operation on a tape, then sweeps the tape backward.
/// Nodes are memoised by reference, so a shared subexpression (a <c>var</c> local) is computed once and its
/// gradient is the sum over its uses.
/// </summary>
internal sealed class Evaluator
{
    private readonly AxisSpace _space;
    private readonly IReadOnlyDictionary<string, Variable> _tensors;
    private readonly Dictionary<RunningExpr, int> _runningIndex = new(ReferenceEqualityComparer.Instance);
    private readonly IReadOnlyList<double[]> _running;
    private readonly double[][] _updated;
    private readonly bool _training;
    private readonly Dictionary<Expr, Variable> _values = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Expr, string[]> _axes = new(ReferenceEqualityComparer.Instance);
    private readonly List<TapeOp> _tape = [];

    /// <param name="tensors">Leaves by name, in canonical axis order.</param>
    /// <param name="running">Statistics in formula order, with <paramref name="buffers"/> over each statistic's axes in canonical order.</param>
    public Evaluator(AxisSpace space, IReadOnlyDictionary<string, Variable> tensors, IReadOnlyList<RunningExpr> running,
                     IReadOnlyList<double[]> buffers, bool training)
    {
        _space = space;
        _tensors = tensors;
        for (int i = 0; i < running.Count; i++) _runningIndex.Add(running[i], i);
        _running = buffers;
        // A buffer no training step reaches (all of them in eval) comes back unchanged.
        _updated = buffers.Select(b => (double[])b.Clone()).ToArray();
        _training = training;
    }

    public IReadOnlyList<double[]> UpdatedRunning => _updated;

    /// <summary>The axes <paramref name="e"/> varies over, in canonical order, without evaluating it.</summary>
    public string[] AxesOf(Expr e)
    {
        if (_axes.TryGetValue(e, out var cached)) return cached;
        string[] axes = e switch
        {
            TensorExpr t => _tensors[t.Name].Axes,
            ConstantExpr => [],
            UnaryExpr u => AxesOf(u.Operand),
            PowerExpr p => AxesOf(p.Operand),
            BinaryExpr b => _space.Canonical(AxesOf(b.Left).Concat(AxesOf(b.Right))),
            ReduceExpr r => AxesOf(r.Operand).Except(r.Axes).ToArray(),
            RunningExpr r => AxesOf(r.Statistic),
            _ => throw new InvalidOperationException($"Unknown node type {e.GetType().Name}."),
        };
        _axes.Add(e, axes);
        return axes;
    }

    public Variable Evaluate(Expr e)
    {
        if (_values.TryGetValue(e, out var known)) return known;
        var value = e switch
        {
            TensorExpr t => _tensors[t.Name],
            ConstantExpr c => new Variable([], [c.Value], differentiable: false),
            UnaryExpr u => Map(Evaluate(u.Operand), x => ScalarRules.Apply(u.Kind, x), (x, y, dy) => ScalarRules.Chain(u.Kind, x, y, dy)),
            PowerExpr p => Map(Evaluate(p.Operand), x => ScalarRules.Power(x, p.Exponent), (x, _, dy) => dy * ScalarRules.PowerDerivative(x, p.Exponent)),
            BinaryExpr b => Binary(b.Kind, Evaluate(b.Left), Evaluate(b.Right)),
            ReduceExpr r => Reduce(r, Evaluate(r.Operand)),
            RunningExpr r => Running(r),
            _ => throw new InvalidOperationException($"Unknown node type {e.GetType().Name}."),
        };
        _values.Add(e, value);
        return value;
    }

    /// <summary><paramref name="input"/> broadcast to <paramref name="axes"/> (canonical, a superset of its own), on the tape.</summary>
    public Variable Broadcast(Variable input, string[] axes)
    {
        var offsets = _space.Offsets(axes, input.Axes);
        var output = new Variable(axes, offsets.Select(o => input.Value[o]).ToArray(), input.Differentiable);
        _tape.Add(new BroadcastOp(input, output, offsets));
        return output;
    }

    /// <summary>Sweeps the tape in reverse; the caller has seeded the final output's gradient.</summary>
    public void Backward()
    {
        for (int i = _tape.Count - 1; i >= 0; i--) _tape[i].Backward();
    }

    private Variable Map(Variable input, Func<double, double> f, Func<double, double, double, double> chain)
    {
        var output = new Variable(input.Axes, input.Value.Select(f).ToArray(), input.Differentiable);
        if (input.Differentiable) _tape.Add(new MapOp(input, output, chain));
        return output;
    }

    private Variable Binary(BinaryKind kind, Variable left, Variable right)
    {
        var domain = _space.Canonical(left.Axes.Concat(right.Axes));
        var lo = _space.Offsets(domain, left.Axes);
        var ro = _space.Offsets(domain, right.Axes);
        var values = new double[lo.Length];
        for (int i = 0; i < values.Length; i++) values[i] = ScalarRules.Apply(kind, left.Value[lo[i]], right.Value[ro[i]]);
        var output = new Variable(domain, values, left.Differentiable || right.Differentiable);
        if (output.Differentiable) _tape.Add(new BinaryOp(kind, left, right, lo, ro, output));
        return output;
    }

    private Variable Reduce(ReduceExpr r, Variable input)
    {
        // The domain includes reduced axes the operand does not vary over: reducing a broadcast value sees it N times.
        var domain = _space.Canonical(input.Axes.Concat(r.Axes));
        var outAxes = input.Axes.Except(r.Axes).ToArray();
        var xo = _space.Offsets(domain, input.Axes);
        var yo = _space.Offsets(domain, outAxes);
        int count = _space.Count(r.Axes);
        var x = input.Value;
        var y = new double[_space.Count(outAxes)];
        double[]? mean = null;
        switch (r.Kind)
        {
            case ReduceKind.Sum or ReduceKind.Mean:
                for (int i = 0; i < xo.Length; i++) y[yo[i]] += x[xo[i]];
                if (r.Kind == ReduceKind.Mean) Divide(y, count);
                break;
            case ReduceKind.Var:
                // Two passes (mean, then squared deviations): E[x^2] - E[x]^2 would cancel catastrophically.
                mean = new double[y.Length];
                for (int i = 0; i < xo.Length; i++) mean[yo[i]] += x[xo[i]];
                Divide(mean, count);
                for (int i = 0; i < xo.Length; i++)
                {
                    double d = x[xo[i]] - mean[yo[i]];
                    y[yo[i]] += d * d;
                }
                Divide(y, count);
                break;
            case ReduceKind.Max:
                Array.Fill(y, double.NegativeInfinity);
                for (int i = 0; i < xo.Length; i++) y[yo[i]] = Math.Max(y[yo[i]], x[xo[i]]);
                break;
            case ReduceKind.Min:
                Array.Fill(y, double.PositiveInfinity);
                for (int i = 0; i < xo.Length; i++) y[yo[i]] = Math.Min(y[yo[i]], x[xo[i]]);
                break;
            default:
                throw new InvalidOperationException($"Unknown reduction {r.Kind}.");
        }
        var output = new Variable(outAxes, y, input.Differentiable);
        if (output.Differentiable) _tape.Add(new ReduceOp(r.Kind, input, output, xo, yo, count, mean));
        return output;
    }

    private Variable Running(RunningExpr r)
    {
        int index = _runningIndex[r];
        if (!_training)
            return new Variable(AxesOf(r.Statistic), (double[])_running[index].Clone(), differentiable: false);

        var stat = Evaluate(r.Statistic);
        // The buffer tracks the unbiased variance: N/(N-1) times the biased one that normalizes (PyTorch's convention).
        double correction = 1.0;
        if (r.Unbiased)
        {
            int n = _space.Count(((ReduceExpr)r.Statistic).Axes);
            // As the generated kernels (and PyTorch): N/(N-1) over one value would make the buffer NaN.
            if (n <= 1)
                throw new ArgumentException($"Expected more than 1 value per statistic when training: {r} has {n}, and its unbiased running variance would divide by N - 1 = 0.");
            correction = (double)n / (n - 1);
        }
        var buffer = _running[index];
        var updated = _updated[index];
        for (int i = 0; i < updated.Length; i++)
            updated[i] = (1 - r.Momentum) * buffer[i] + r.Momentum * (stat.Value[i] * correction);
        return stat;
    }

    private static void Divide(double[] values, int count)
    {
        for (int i = 0; i < values.Length; i++) values[i] /= count;
    }
}
