using NormGen.Tests.Support;

namespace NormGen.Tests.Kernels;

/// <summary>
/// The generated float64 Backward against central finite differences of the generated float64 Forward, for the loss
/// sum(y * dy): independent of the interpreter, one layer per derivative rule plus the composite and reference layers.
/// </summary>
public sealed class FiniteDifferenceKernelTests
{
    // Central differences err by ~h^2 * |f'''| (truncation) plus ~1e-16 * |loss| / h (rounding): with h = 1e-6 and O(1)
    // to O(100) data both stay below ~1e-8, so 1e-6 of max(|gradient|, 1) separates rounding from a wrong rule.
    private const double Step = 1e-6;
    private const double Relative = 1e-6;

    public static TheoryData<string> Cases() =>
        new(FormulaCases.Ops.Concat(FormulaCases.Custom).Concat(FormulaCases.Reference).Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_matches_finite_differences_of_forward(string name) => AssertBackwardMatchesForward(FormulaCases.Named(name));

    internal static void AssertBackwardMatchesForward(FormulaCase c)
    {
        string name = c.Name;
        var problem = c.Problem(seed: 11, small: true);
        var analytic = KernelHarness.Run<double>(c.Kernels, problem);

        foreach (var (tensor, data) in problem.Tensors)
        {
            var numeric = new double[data.Length];
            for (int i = 0; i < data.Length; i++)
            {
                double saved = data[i];
                data[i] = saved + Step;
                double plus = Loss(c.Kernels, problem);
                data[i] = saved - Step;
                double minus = Loss(c.Kernels, problem);
                data[i] = saved;
                numeric[i] = (plus - minus) / (2 * Step);
            }
            Tolerance.AssertClose(numeric, analytic.Gradients[tensor], Relative, $"{name} ({problem}): d{tensor}", floor: 1.0);
        }
    }

    private static double Loss(LayerKernels kernels, KernelProblem problem)
    {
        var y = KernelHarness.Run<double>(kernels, problem, backwardCalls: 0).Y;
        double loss = 0;
        for (int i = 0; i < y.Length; i++) loss += y[i] * problem.Dy[i];
        return loss;
    }
}
