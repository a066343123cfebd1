using NormGen.Interpretation;
using NormGen.Tests.Support;

namespace NormGen.Tests.Interpretation;

/// <summary>Holds the interpreter's tape gradients to central finite differences of the loss sum(y * dy), in float64.</summary>
public static class GradientCheck
{
    // With h = 1e-6 the truncation error (~h^2) and the rounding error (~1e-16 / h) both stay far below 1e-6.
    private const double Step = 1e-6;
    private const double Relative = 1e-6;

    /// <summary>Checks every element of every tensor's gradient; <paramref name="run"/> evaluates with the tensors' current data.</summary>
    public static void Verify(IReadOnlyDictionary<string, double[]> tensors, double[] dy, Func<InterpreterResult> run, string what)
    {
        var result = run();
        foreach (var (name, data) in tensors)
        {
            var numeric = new double[data.Length];
            for (int i = 0; i < data.Length; i++)
            {
                double saved = data[i];
                data[i] = saved + Step;
                double plus = Loss(run().Y, dy);
                data[i] = saved - Step;
                double minus = Loss(run().Y, dy);
                data[i] = saved;
                numeric[i] = (plus - minus) / (2 * Step);
            }
            Tolerance.AssertClose(numeric, result.Gradients[name], Relative, $"d{name} of {what}", floor: 1.0);
        }
    }

    /// <summary><see cref="Verify(IReadOnlyDictionary{string, double[]}, double[], Func{InterpreterResult}, string)"/> for one formula with a random dy.</summary>
    public static void Verify(Expr formula, (string Axis, int Size)[] axes, IReadOnlyDictionary<string, NamedTensor> tensors, string outputAxes,
                              int seed = 1, IReadOnlyList<double[]>? running = null, bool training = true)
    {
        int outputs = outputAxes.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Aggregate(1, (n, a) => n * axes.Single(x => x.Axis == a.Trim('(', ')')).Size);
        var dy = RandomData.Uniform(new Random(seed), outputs, -1, 1);
        Verify(tensors.ToDictionary(t => t.Key, t => t.Value.Data), dy,
               () => ExprInterpreter.Run(formula, axes, tensors, outputAxes, dy, running, training), formula.ToString());
    }

    private static double Loss(double[] y, double[] dy) => y.Zip(dy, (a, b) => a * b).Sum();
}
