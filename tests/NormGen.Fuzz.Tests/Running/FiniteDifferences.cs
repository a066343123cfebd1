using NormGen.Fuzz.Tests.Model;

namespace NormGen.Fuzz.Tests.Running;

/// <summary>
/// An oracle independent of the interpreter's reverse mode: the float64 kernels' gradients, every input's (a
/// conditioning input's summed over its broadcast axes), every parameter's, in one random direction v, against central
/// finite differences of the kernels' own Forward. The loss is Backward's, the sum over the outputs of sum(y * dy),
/// so sum(grad · v) must be (L(+h v) - L(-h v)) / 2h. Two step sizes guard against a kink (Abs, Max, Maximum) between
/// them: where they disagree, the loss is not smooth there and nothing is compared.
/// </summary>
public static class FiniteDifferences
{
    private const double Step = 1e-4;

    /// <summary>Null when the directional derivative matches or the loss is not smooth along v; else the failure.</summary>
    public static Verdict? Check(FuzzLayer layer, Type adapter, Problem problem, Result<double> kernel)
    {
        var rng = new Random(layer.DataSeed ^ 0x0fd0);
        var direction = problem.Tensors.ToDictionary(p => p.Key, p => p.Value.Select(_ => rng.NextDouble() * 2 - 1).ToArray(), StringComparer.Ordinal);
        double analytic = 0, magnitude = 0;
        foreach (var (name, v) in direction)
            for (int i = 0; i < v.Length; i++)
            {
                analytic += kernel.Gradients[name][i] * v[i];
                magnitude += Math.Abs(kernel.Gradients[name][i] * v[i]);
            }

        double Loss(double t)
        {
            var moved = problem.Tensors.ToDictionary(p => p.Key, p => p.Value.Select((x, i) => x + t * direction[p.Key][i]).ToArray(), StringComparer.Ordinal);
            var outputs = problem.Run<double>(adapter, moved).Outputs;
            double loss = 0;
            for (int o = 0; o < outputs.Length; o++)
                for (int i = 0; i < outputs[o].Length; i++) loss += outputs[o][i] * problem.Dys[o][i];
            return loss;
        }

        double central(double h) => (Loss(h) - Loss(-h)) / (2 * h);
        double coarse = central(Step), fine = central(Step / 2);
        double loss0 = kernel.Outputs.Select((y, o) => y.Select((v, i) => Math.Abs(v * problem.Dys[o][i])).Sum()).Sum();
        // Truncation is O(h^2) of the third derivative; rounding of the loss is about 1e-16 sum|y dy| / h (with room
        // for a kernel's ill-conditioned intermediates).
        double tolerance = 1e-5 * Math.Max(1, magnitude) + 1e-10 * loss0 / Step;
        if (!double.IsFinite(coarse) || !double.IsFinite(fine) || Math.Abs(coarse - fine) > tolerance / 4) return null;
        if (Math.Abs(fine - analytic) <= tolerance) return null;
        return Verdict.Fail("float64 gradient against finite differences",
            $"sum(grad · v) = {analytic:R}, central differences of the kernels' forward {fine:R} (h = {Step / 2}) and {coarse:R} (h = {Step}); tolerance {tolerance:E2}");
    }
}
