using NormGen.Interpretation;

namespace NormGen.Fuzz.Tests.Running;

/// <summary>
/// What a kernel in a given precision can be expected to get right on this problem, measured on the float64 reference
/// interpreter rather than assumed: how far rounding at that precision moves the exact result (<see cref="Spread"/>),
/// and whether the formula's own intermediate values leave the precision's range (<see cref="LargestIntermediate"/>).
/// </summary>
public sealed partial class Problem
{
    /// <summary>
    /// Monte Carlo arithmetic on the interpreter: every intermediate value of the formula (inputs, constants and the
    /// result of every operation, each element independently) is multiplied by 1 ± <paramref name="unit"/> with random
    /// signs, as a kernel's rounding at that precision perturbs it, and the gradients inherit those perturbations through
    /// the chain rule. Returns, per result tensor (y, "d" + name, "running[i]"), the largest norm-wise distance from
    /// <paramref name="reference"/> over <paramref name="samples"/> such evaluations, relative to the same scale the
    /// comparison uses. A result that is exactly 0 because two equal products cancel (an FMA against a product) gets
    /// the spread of that cancellation; a well-conditioned one gets a few units of <paramref name="unit"/>. Each Var is
    /// written out about its mean as a separate value (<see cref="NodeProbes.Centres"/>): the interpreter's Var centres
    /// inside one operation, so rounding could never move its values against its mean, but a kernel's backward of Var
    /// sums values centred on the mean it computed elsewhere (docs/fuzzing.md, bugs 13 and 14). The formula as written
    /// is probed too, and each tensor gets the larger spread (bug 16).
    /// </summary>
    public Dictionary<string, double> Spread(ReferenceInterpreter interpreter, IReadOnlyDictionary<string, double[]> tensors, InterpreterResult reference,
                                             double floor, double unit, bool round, int samples = 4)
    {
        var original = interpreter.FormulasWith(Hyper(round));
        var rng = new Random(_layer.DataSeed ^ 0x5eed);
        var spread = new Dictionary<string, double>(StringComparer.Ordinal);
        // The exact ways a kernel may compute a Var: about a mean held apart, with and without the path through the
        // terms of its operand that are constant over its axes (VarianceForm.CentredWithoutShifts), where there are
        // such terms; and as written, centred on the mean of its own rounded operand (VarianceForm.AsWritten), where
        // there is a Var. Holding the centre at the exact mean models a residue of the centred values, which is of
        // the order of u times the operand; but where the operand is itself an amplified cancellation (0 exactly,
        // moved by rounding to u x 1e16), its whole absolute perturbation then counts as variance: Var(one value)
        // jumps from 0 to that perturbation squared, past a 1e-5 eps, and the rsqrt that amplifies the other paths
        // shrinks, so that form alone undercounts them. A kernel's Var of one value is 0 or a residue of it
        // (docs/fuzzing.md, bug 16); the as-written form, in which the Var follows its perturbed operand, sees that.
        foreach (var form in new[] { VarianceForm.Centred, VarianceForm.CentredWithoutShifts, VarianceForm.AsWritten })
        {
            var probes = new NodeProbes(interpreter.AxesOf, (e, probe) => e * probe, form);
            var formula = probes.Rewrite(original);
            if (form == VarianceForm.CentredWithoutShifts && !probes.DroppedShifts) continue;
            if (form == VarianceForm.AsWritten && !NodeProbes.Nodes(original).Any(n => n is ReduceExpr { Kind: ReduceKind.Var })) continue;
            // Each Var written out about its exact mean, held as a tensor (NodeProbes.Centres): the probes then move the
            // centred values against the mean, as a kernel's recomputed operand moves against the mean it saved.
            var centres = probes.Centres.Select(c => (c.Name, c.Axes, Values: NodeValues(interpreter, original, c.Mean, c.Axes, tensors, round))).ToList();
            // 1 + 2^-53 rounds to 1: the perturbation is then the next double above 1.
            double up = 1 + unit == 1 ? Math.BitIncrement(1.0) : 1 + unit, down = 1 - unit;
            for (int sample = 0; sample < samples; sample++)
            {
                var noise = probes.Probes.Select(p =>
                {
                    var values = new double[Count(p.Axes)];
                    for (int i = 0; i < values.Length; i++) values[i] = rng.Next(2) == 0 ? up : down;
                    return (p.Name, p.Axes, values);
                }).Concat(centres).ToList();
                var moved = RunRewritten(interpreter, original, formula, tensors, noise, round, Dys);
                foreach (var (tensor, error) in Numerics.Errors(reference, moved, floor))
                    spread[tensor] = Math.Max(spread.GetValueOrDefault(tensor), error);
            }
        }
        return spread;
    }

    /// <summary>
    /// The largest magnitude any intermediate of the formula reaches in the interpreter on this problem: the value of
    /// every node (each evaluated as a formula of its own) and every node's adjoint (the gradient of sum(y * dy) with
    /// respect to it). Beyond float.MaxValue the formula as written overflows in float32: a float32 kernel (and
    /// PyTorch) computes inf there, and 0 x inf is NaN, where float64 gives a finite result.
    /// </summary>
    public (double Magnitude, string Where) LargestIntermediate(ReferenceInterpreter interpreter, IReadOnlyDictionary<string, double[]> tensors, bool round)
    {
        var formula = interpreter.FormulasWith(Hyper(round));
        var names = interpreter.InputNames.Concat(interpreter.ParameterNames).ToArray();
        var largest = (Magnitude: 0.0, Where: "");
        void Consider(IEnumerable<double> values, string where)
        {
            double m = values.Select(Math.Abs).DefaultIfEmpty(0).Max();
            if (!(m <= largest.Magnitude)) largest = (m, where);
        }

        var adjoints = new NodeProbes(interpreter.AxesOf, (e, probe) => e + probe);
        var probed = adjoints.Rewrite(formula);
        var zeros = adjoints.Probes.Select(p => (p.Name, p.Axes, new double[Count(p.Axes)])).ToList();
        var withAdjoints = RunRewritten(interpreter, formula, probed, tensors, zeros, round, Dys, probeGradients: true);
        foreach (var (name, _, node) in adjoints.Probes) Consider(withAdjoints.Gradients[name], "the adjoint of " + Describe(node));

        foreach (var node in NodeProbes.Nodes(formula).Where(n => n is not (TensorExpr or ConstantExpr)))
            Consider(NodeValues(interpreter, formula, node, adjoints.AxesOf(node), tensors, round), Describe(node));
        return largest;
    }

    /// <summary>The values of <paramref name="node"/>, a subexpression of <paramref name="formula"/> (or built over its subexpressions), over its <paramref name="axes"/>.</summary>
    private double[] NodeValues(ReferenceInterpreter interpreter, IReadOnlyList<Expr> formula, Expr node, string[] axes, IReadOnlyDictionary<string, double[]> tensors, bool round)
    {
        // A scalar node is broadcast over one axis: an output names at least one.
        var output = axes.Length > 0 ? axes : [interpreter.AxisNames[0]];
        var values = RunRewritten(interpreter, formula, [node], tensors, [], round, [new double[Count(output)]], [string.Join(' ', output)]).Y;
        return axes.Length > 0 ? values : values[..1];
    }

    private static string Describe(Expr node)
    {
        string text = node.ToString();
        return text.Length > 160 ? text[..160] + "..." : text;
    }

    private int Count(IEnumerable<string> axes) => axes.Aggregate(1, (n, a) => n * Sizes[a]);

    /// <summary>
    /// Runs <paramref name="formula"/> (<paramref name="original"/> rewritten, or a subexpression of it) with the
    /// problem's sizes, dy and running buffers (those the tree reads, in formula order) and the extra probe tensors.
    /// Returns the gradients of the layer's tensors, or with <paramref name="probeGradients"/> those of the probes.
    /// </summary>
    private InterpreterResult RunRewritten(ReferenceInterpreter interpreter, IReadOnlyList<Expr> original, IReadOnlyList<Expr> formula, IReadOnlyDictionary<string, double[]> tensors,
                                           IReadOnlyList<(string Name, string[] Axes, double[] Data)> probes, bool round, IReadOnlyList<double[]> dys,
                                           IReadOnlyList<string>? outputAxes = null, bool probeGradients = false)
    {
        double R(double v) => round ? (float)v : v;
        var buffers = NodeProbes.Nodes(original).OfType<RunningExpr>().OrderBy(r => r.CreationOrder).ToList();
        var reads = NodeProbes.Nodes(formula).OfType<RunningExpr>().OrderBy(r => r.CreationOrder);
        // A subexpression shares the original's Running nodes; a rewritten formula has copies of all of them, in order.
        var running = reads.Select((r, i) => buffers.Contains(r) ? Running[buffers.IndexOf(r)] : Running[i]).Select(b => b.Select(R).ToArray()).ToArray();
        var named = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        foreach (var (name, data) in tensors) named[name] = new NamedTensor(interpreter.AxesOf(name), data);
        foreach (var (name, axes, data) in probes) named[name] = new NamedTensor(axes, data);
        var sizes = interpreter.AxisNames.Select(a => (a, Sizes[a])).ToArray();
        var layouts = outputAxes ?? interpreter.OutputNames.Select(o => string.Join(' ', interpreter.OutputAxesOf(o))).ToArray();
        var result = ExprInterpreter.Run(formula, sizes, named, layouts, dys.Select(dy => dy.Select(R).ToArray()).ToArray(), running, _layer.Training);
        var kept = (probeGradients ? probes.Select(p => p.Name) : tensors.Keys).ToHashSet(StringComparer.Ordinal);
        return result with { Gradients = result.Gradients.Where(g => kept.Contains(g.Key)).ToDictionary(g => g.Key, g => g.Value, StringComparer.Ordinal) };
    }
}
