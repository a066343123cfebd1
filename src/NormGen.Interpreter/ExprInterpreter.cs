namespace NormGen.Interpretation;

/// <summary>
/// Evaluates one <see cref="Expr"/> tree in float64 and differentiates it with its own reverse-mode tape: the
/// entry under <see cref="ReferenceInterpreter"/>, usable directly to test single operations.
/// </summary>
public static class ExprInterpreter
{
    /// <summary>
    /// Runs <paramref name="formula"/> forward, then backward for the loss <c>sum(y * dy)</c>.
    /// </summary>
    /// <param name="axes">Every axis with its size. Their order is the order of the axes of a running buffer.</param>
    /// <param name="tensors">The tensors the formula reads, each over its own axes in its own memory order. Each gets a gradient.</param>
    /// <param name="outputAxes">The axes of y and dy in memory order; the formula's result is broadcast to them.</param>
    /// <param name="running">One buffer per Running node in the order the formula created them, each over its statistic's axes in <paramref name="axes"/> order.</param>
    /// <param name="training">Running nodes yield the statistic and update their buffer (true), or yield the buffer as a constant (false).</param>
    public static InterpreterResult Run(Expr formula, IReadOnlyList<(string Axis, int Size)> axes,
                                        IReadOnlyDictionary<string, NamedTensor> tensors, string outputAxes, double[] dy,
                                        IReadOnlyList<double[]>? running = null, bool training = true)
    {
        ArgumentNullException.ThrowIfNull(formula);
        ArgumentNullException.ThrowIfNull(dy);
        return Run([formula], axes, tensors, [outputAxes], [dy], running, training);
    }

    /// <summary>
    /// Runs several outputs' formulas (a formula returning a tuple) forward, then backward for the loss
    /// <c>sum_i sum(y_i * dy_i)</c>: one tape, seeded by every output's gradient, so paths through a value two outputs
    /// share add up. Output i is over <paramref name="outputAxes"/>[i] in memory order; its formula is broadcast to them.
    /// </summary>
    public static InterpreterResult Run(IReadOnlyList<Expr> formulas, IReadOnlyList<(string Axis, int Size)> axes,
                                        IReadOnlyDictionary<string, NamedTensor> tensors, IReadOnlyList<string> outputAxes, IReadOnlyList<double[]> dys,
                                        IReadOnlyList<double[]>? running = null, bool training = true)
    {
        ArgumentNullException.ThrowIfNull(outputAxes);
        ArgumentNullException.ThrowIfNull(formulas);
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(dys);
        if (formulas.Count == 0 || dys.Count != formulas.Count || outputAxes.Count != formulas.Count)
            throw new ArgumentException($"{formulas.Count} output formula(s) need as many gradients and output layouts, but {dys.Count} and {outputAxes.Count} were given.", nameof(dys));
        var space = new AxisSpace(axes);
        var scan = FormulaScan.Of(formulas);
        foreach (string axis in scan.ReducedAxes)
            if (!space.Contains(axis)) throw new ArgumentException($"Axis '{axis}' is reduced by the formula but has no size.", nameof(axes));

        var leaves = new Dictionary<string, Variable>(StringComparer.Ordinal);
        foreach (var (name, tensor) in tensors)
        {
            ArgumentNullException.ThrowIfNull(tensor, name);
            CheckAxes(space, tensor.Axes, $"Tensor '{name}'", nameof(tensors));
            CheckLength(space, tensor.Data, tensor.Axes, $"Tensor '{name}'", nameof(tensors));
            var canonical = space.Canonical(tensor.Axes);
            leaves.Add(name, new Variable(canonical, space.Transpose(tensor.Data, tensor.Axes, canonical), differentiable: true));
        }
        foreach (string name in scan.TensorNames)
            if (!leaves.ContainsKey(name)) throw new ArgumentException($"The formula reads tensor '{name}', which was not given.", nameof(tensors));

        // An output over no axis (a tuple element that reduces everything) is one value: its layout is "".
        var layouts = outputAxes.Select(o => string.IsNullOrWhiteSpace(o) ? [] : AxisText.ParseLayout(o, nameof(outputAxes))).ToArray();
        for (int i = 0; i < dys.Count; i++)
        {
            CheckAxes(space, layouts[i], formulas.Count == 1 ? "The output" : $"Output {i}", nameof(outputAxes));
            ArgumentNullException.ThrowIfNull(dys[i], nameof(dys));
            CheckLength(space, dys[i], layouts[i], formulas.Count == 1 ? "dy" : $"The gradient of output {i}", nameof(dys));
        }

        running ??= [];
        if (running.Count != scan.Running.Count)
            throw new ArgumentException($"The formula has {scan.Running.Count} running buffer(s), but {running.Count} were given.", nameof(running));
        var evaluator = new Evaluator(space, leaves, scan.Running, running, training);
        for (int i = 0; i < running.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(running[i], $"running[{i}]");
            CheckLength(space, running[i], evaluator.AxesOf(scan.Running[i].Statistic), $"running[{i}] ({scan.Running[i]})", nameof(running));
        }

        var outputCanonical = layouts.Select(space.Canonical).ToArray();
        for (int i = 0; i < formulas.Count; i++)
        {
            var stray = evaluator.AxesOf(formulas[i]).Except(outputCanonical[i]).ToArray();
            if (stray.Length > 0)
                throw new ArgumentException($"The formula varies over {string.Join(", ", stray)}, which the output ({string.Join(" ", layouts[i])}) does not have.", nameof(outputAxes));
        }

        // Every output is evaluated before the one backward sweep, which then runs through all of them.
        var ys = formulas.Select((f, i) => evaluator.Broadcast(evaluator.Evaluate(f), outputCanonical[i])).ToList();
        for (int i = 0; i < ys.Count; i++) space.Transpose(dys[i], layouts[i], outputCanonical[i]).CopyTo(ys[i].Gradient, 0);
        evaluator.Backward();

        var gradients = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (name, tensor) in tensors)
        {
            var leaf = leaves[name];
            gradients.Add(name, leaf.HasGradient ? space.Transpose(leaf.Gradient, leaf.Axes, tensor.Axes) : new double[tensor.Data.Length]);
        }
        var values = ys.Select((y, i) => space.Transpose(y.Value, outputCanonical[i], layouts[i])).ToArray();
        return new InterpreterResult(values[0], gradients, evaluator.UpdatedRunning) { Outputs = values };
    }

    private static void CheckAxes(AxisSpace space, IReadOnlyList<string> axes, string what, string paramName)
    {
        foreach (string axis in axes)
            if (!space.Contains(axis)) throw new ArgumentException($"{what} has axis '{axis}', which has no size.", paramName);
    }

    private static void CheckLength(AxisSpace space, double[] data, IReadOnlyList<string> axes, string what, string paramName)
    {
        int expected = space.Count(axes);
        if (data.Length != expected)
            throw new ArgumentException(
                $"{what} must have {expected} elements ({Describe(space, axes)}), but has {data.Length}.", paramName);
    }

    private static string Describe(AxisSpace space, IReadOnlyList<string> axes) =>
        axes.Count == 0 ? "a scalar" : string.Join(" * ", axes.Select(a => $"{a}={space.Size(a)}"));
}
