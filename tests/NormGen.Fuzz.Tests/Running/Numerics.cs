using System.Reflection;
using NormGen.Fuzz.Tests.Model;
using NormGen.Interpretation;

namespace NormGen.Fuzz.Tests.Running;

/// <summary>
/// The tolerances, norm-wise per tensor as the rest of the suite measures them: an element's error is compared with
/// the relative tolerance times the tensor's largest reference magnitude (at least <see cref="Floor"/>), so the
/// cancellation that leaves an element of a gradient near 0 is measured against the gradient's scale.
/// </summary>
public static class Tolerances
{
    /// <summary>float64 kernels against the float64 interpreter: both round only in summation order.</summary>
    public const double Double = 1e-9;

    /// <summary>float32 kernels against the float64 interpreter on the same float32-rounded inputs.</summary>
    public const double Single = 2e-3;

    /// <summary>The smallest scale a float64 tolerance is relative to: inputs are O(1), so an O(1e-3) gradient is "near 0".</summary>
    public const double Floor = 1e-3;

    /// <summary>
    /// float32 compares each tensor relative to the largest magnitude of ALL the layer's results, at least this: a
    /// result that is 0 analytically (dp of Var(Mean(p, "w") - v, "w"), y of a Sum of centred values) comes out as
    /// float32 rounding noise of the intermediates, whose size is theirs, not the result's (so 2e-5 absolute).
    /// </summary>
    public const double SingleFloor = 1e-2;

    /// <summary>
    /// float32 results are only compared when the reference stays below this magnitude: beyond it a float32
    /// intermediate may overflow although the result is representable (issue 9 item 9 is such a case for LayerNorm).
    /// </summary>
    public const double SingleRange = 1e15;

    /// <summary>A mismatch is a bug only when it exceeds this multiple of the formula's own sensitivity at the precision.</summary>
    public const double ConditioningMargin = 10;
}

/// <summary>Runs a compiled layer's kernels on random data and compares them with the reference interpreter.</summary>
public static class Numerics
{
    public static Verdict Compare(FuzzLayer layer, Assembly assembly)
    {
        var type = assembly.GetType($"{FuzzLayer.Namespace}.{FuzzLayer.ClassName}", throwOnError: true)!;
        ReferenceInterpreter interpreter;
        try
        {
            interpreter = ReferenceInterpreter.ForLayer(type);
        }
        catch (Exception e)
        {
            return Verdict.Fail("the generator accepted a formula the interpreter rejects", e.ToString());
        }

        var problem = Problem.Create(layer, interpreter);
        InterpreterResult reference;
        try
        {
            reference = problem.Interpret(interpreter, problem.Tensors);
        }
        catch (ArgumentException e)
        {
            // The interpreter refuses some problems as PyTorch does (an unbiased running variance of one value per
            // statistic when training, issue 9 item 4): the kernels must refuse them too, before computing anything.
            return RunExpectingRejection(layer, assembly, problem, e);
        }
        catch (Exception e)
        {
            return Verdict.Fail("interpreter exception " + e.GetType().Name, e.ToString());
        }
        if (!AllFinite(reference))
            return RunExpectingNoCrash(layer, assembly, problem, "non-finite reference");

        var adapter = assembly.GetType($"{FuzzLayer.Namespace}.FuzzAdapter", throwOnError: true)!;
        Result<double> kernel64;
        try
        {
            kernel64 = problem.Run<double>(adapter, problem.Tensors);
        }
        catch (Exception e)
        {
            return Verdict.Fail("float64 kernel exception " + e.GetType().Name, e.ToString());
        }
        if (Mismatch(reference, kernel64.AsDouble(), Tolerances.Double, out string what, out string detail))
        {
            // Cancellation between huge terms (Exp(...) - (u + Exp(...)) at 1e43) is ill-conditioned in float64 too.
            double sensitivity = problem.Sensitivity(interpreter, problem.Tensors, reference, Tolerances.Floor, exponent: -44, round: false);
            double error = Error(reference, kernel64.AsDouble());
            if (error <= Tolerances.ConditioningMargin * sensitivity)
                return Verdict.Skip("float64 ill-conditioned", $"error {error:E2}, sensitivity {sensitivity:E2}");
            return Verdict.Fail("float64 " + what, detail + $" (sensitivity of the formula at float64 precision: {sensitivity:E2})");
        }

        // float32: the kernels see the inputs rounded to float, so the reference is computed on those too.
        var rounded = problem.Tensors.ToDictionary(p => p.Key, p => p.Value.Select(v => (double)(float)v).ToArray());
        var reference32 = problem.Interpret(interpreter, rounded, round: true);
        if (!AllFinite(reference32) || Scale(reference32) > Tolerances.SingleRange)
            return Verdict.Skip("float32 out of range", "");
        Result<float> kernel32;
        try
        {
            kernel32 = problem.Run<float>(adapter, rounded);
        }
        catch (Exception e)
        {
            return Verdict.Fail("float32 kernel exception " + e.GetType().Name, e.ToString());
        }
        if (Mismatch(reference32, kernel32.AsDouble(), Tolerances.Single, out what, out detail, floor: Math.Max(Tolerances.SingleFloor, Scale(reference32))))
        {
            // Ill-conditioned points: if perturbing the inputs by float32's rounding moves the exact result by more than
            // the mismatch / margin, float32 cannot be expected to do better and the point is skipped, not failed.
            double sensitivity = problem.Sensitivity(interpreter, rounded, reference32, Math.Max(Tolerances.SingleFloor, Scale(reference32)), exponent: -18, round: true);
            double error = Error(reference32, kernel32.AsDouble(), Math.Max(Tolerances.SingleFloor, Scale(reference32)));
            if (error <= Tolerances.ConditioningMargin * sensitivity)
                return Verdict.Skip("float32 ill-conditioned", $"error {error:E2}, sensitivity {sensitivity:E2}");
            return Verdict.Fail("float32 " + what, detail + $" (sensitivity of the formula at float32 precision: {sensitivity:E2})");
        }
        return Verdict.Pass;
    }

    /// <summary>Where the reference is not finite there is nothing to compare; the kernels may throw an ArgumentException or compute non-finite values.</summary>
    private static Verdict RunExpectingNoCrash(FuzzLayer layer, Assembly assembly, Problem problem, string reason)
    {
        var adapter = assembly.GetType($"{FuzzLayer.Namespace}.FuzzAdapter", throwOnError: true)!;
        try
        {
            problem.Run<double>(adapter, problem.Tensors);
        }
        catch (ArgumentException)
        {
        }
        catch (Exception e)
        {
            return Verdict.Fail("float64 kernel exception " + e.GetType().Name, e.ToString());
        }
        return Verdict.Skip(reason, layer.DescribeProblem());
    }

    /// <summary>The interpreter threw an ArgumentException for the problem: the float64 kernels must throw one as well.</summary>
    private static Verdict RunExpectingRejection(FuzzLayer layer, Assembly assembly, Problem problem, ArgumentException reason)
    {
        var adapter = assembly.GetType($"{FuzzLayer.Namespace}.FuzzAdapter", throwOnError: true)!;
        try
        {
            problem.Run<double>(adapter, problem.Tensors);
        }
        catch (ArgumentException)
        {
            return Verdict.Skip("input rejected by the interpreter and the kernels", layer.DescribeProblem());
        }
        catch (Exception e)
        {
            return Verdict.Fail("float64 kernel exception " + e.GetType().Name, e.ToString());
        }
        return Verdict.Fail("kernels accept what the interpreter rejects", reason.ToString());
    }

    internal static bool AllFinite(InterpreterResult r) =>
        r.Y.All(double.IsFinite) && r.Gradients.Values.All(g => g.All(double.IsFinite)) && r.UpdatedRunning.All(b => b.All(double.IsFinite));

    private static double Scale(InterpreterResult r) =>
        r.Y.Concat(r.Gradients.Values.SelectMany(g => g)).Concat(r.UpdatedRunning.SelectMany(b => b)).Select(Math.Abs).DefaultIfEmpty(0).Max();

    /// <summary>The largest norm-wise error over every tensor, each relative to its own scale.</summary>
    internal static double Error(InterpreterResult expected, InterpreterResult actual, double floor = Tolerances.Floor) =>
        Pairs(expected, actual).Select(p => RelativeError(p.Expected, p.Actual, floor).Error).DefaultIfEmpty(0).Max();

    private static IEnumerable<(string Name, double[] Expected, double[] Actual)> Pairs(InterpreterResult expected, InterpreterResult actual)
    {
        yield return ("y", expected.Y, actual.Y);
        foreach (var (name, g) in expected.Gradients) yield return ("d" + name, g, actual.Gradients[name]);
        for (int i = 0; i < expected.UpdatedRunning.Count; i++) yield return ($"running[{i}]", expected.UpdatedRunning[i], actual.UpdatedRunning[i]);
    }

    private static (double Error, int Worst) RelativeError(double[] expected, double[] actual, double floor)
    {
        double scale = Math.Max(floor, expected.Select(Math.Abs).DefaultIfEmpty(0).Max());
        double worst = 0;
        int index = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = Math.Abs(expected[i] - actual[i]) / scale;
            if (!(e <= worst)) (worst, index) = (e, i);
            if (double.IsNaN(worst)) break;
        }
        return (double.IsNaN(worst) ? double.PositiveInfinity : worst, index);
    }

    private static bool Mismatch(InterpreterResult expected, InterpreterResult actual, double tolerance, out string what, out string detail,
                                 double floor = Tolerances.Floor)
    {
        foreach (var (name, e, a) in Pairs(expected, actual))
        {
            if (e.Length != a.Length)
            {
                (what, detail) = (name + " length", $"{name}: {a.Length} elements, the interpreter has {e.Length}");
                return true;
            }
            var (error, worst) = RelativeError(e, a, floor);
            if (error > tolerance)
            {
                what = name;
                detail = $"{name}[{worst}] = {a[worst]:R}, interpreter {e[worst]:R}: norm-wise error {error:E2} > {tolerance:E0}\n"
                       + $"  kernel      {Format(a)}\n  interpreter {Format(e)}";
                return true;
            }
        }
        (what, detail) = ("", "");
        return false;
    }

    private static string Format(double[] values) =>
        "[" + string.Join(", ", values.Take(12).Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture))) + (values.Length > 12 ? ", ..." : "") + "]";
}
