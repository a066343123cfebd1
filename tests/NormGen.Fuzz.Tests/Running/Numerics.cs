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

    /// <summary>The unit roundoff of float64 (2^-53): the relative perturbation of each intermediate in <see cref="Problem.Spread"/>.</summary>
    public const double DoubleUnit = 1.0 / (1L << 53);

    /// <summary>The unit roundoff of float32 (2^-24).</summary>
    public const double SingleUnit = 1.0 / (1 << 24);

    /// <summary>
    /// A tensor's tolerance is widened by this multiple of its spread under rounding (<see cref="Problem.Spread"/>): a
    /// kernel rounds each operation by up to a unit too, in another order and with FMAs, and a few samples of random
    /// signs underestimate the worst case by a small factor. A wrong result (a dropped gradient path, a misplaced
    /// element) is off by O(1) of the tensor's scale, orders of magnitude beyond.
    /// </summary>
    public const double ConditioningMargin = 10;
}

/// <summary>
/// Replaces a kernel's results (precision "float64" or "float32") before the comparison: the oracle's tests make a
/// correct kernel wrong on purpose to show that the tolerances still catch it.
/// </summary>
public delegate InterpreterResult KernelTamper(string precision, Problem problem, InterpreterResult kernel, InterpreterResult reference);

/// <summary>Runs a compiled layer's kernels on random data and compares them with the reference interpreter.</summary>
public static partial class Numerics
{
    public static Verdict Compare(FuzzLayer layer, Assembly assembly, KernelTamper? tamper = null)
    {
        tamper ??= (_, _, kernel, _) => kernel;
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
        if (Float64(problem, interpreter, adapter, reference, tamper, RuntimePath.AsConfigured, out var kernel64, out _) is { } verdict64)
            return verdict64;
        if (FiniteDifferences.Check(layer, adapter, problem, kernel64) is { } fd)
            return fd;
        if (OtherPaths(problem, interpreter, adapter, reference, tamper, kernel64) is { } paths)
            return paths;
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        var storage = Storage.Check(layer, adapter, problem, tamper);
        Storage.AddTime(System.Diagnostics.Stopwatch.GetElapsedTime(start));
        if (storage is not null)
            return storage;

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
        double floor32 = Math.Max(Tolerances.SingleFloor, Scale(reference32));
        var result32 = tamper("float32", problem, kernel32.AsDouble(), reference32);
        if (!Mismatch(reference32, result32, _ => Tolerances.Single, floor32, out _, out _))
            return Verdict.Pass;
        // The range probe: where the formula as written overflows float32 (Sigmoid(Exp(x)) with Exp(x) > 3.4e38), a
        // float32 kernel computes inf and its gradient 0 x inf = NaN, as PyTorch would; float64 was checked above.
        var (largest, where) = problem.LargestIntermediate(interpreter, rounded, round: true);
        if (largest > float.MaxValue)
            return Verdict.Skip("float32 out of range", $"{where} reaches {largest:E2}");
        return Conditioned(problem, interpreter, rounded, reference32, result32, "float32", Tolerances.Single, floor32,
                           Tolerances.SingleUnit, round: true) ?? Verdict.Pass;
    }

    /// <summary>
    /// Null when every tensor agrees within <paramref name="tolerance"/>. Otherwise each tensor's tolerance is widened
    /// by <see cref="Tolerances.ConditioningMargin"/> times the spread rounding at <paramref name="unit"/> causes in the
    /// exact result (<see cref="Problem.Spread"/>): within that, the point is ill-conditioned at this precision (a
    /// skip, counted); beyond it, a failure that prints the spread.
    /// </summary>
    private static Verdict? Conditioned(Problem problem, ReferenceInterpreter interpreter, IReadOnlyDictionary<string, double[]> tensors,
                                        InterpreterResult reference, InterpreterResult kernel, string precision, double tolerance, double floor,
                                        double unit, bool round)
    {
        if (!Mismatch(reference, kernel, _ => tolerance, floor, out _, out _)) return null;
        var spread = problem.Spread(interpreter, tensors, reference, floor, unit, round);
        double Widened(string tensor) => tolerance + Tolerances.ConditioningMargin * spread.GetValueOrDefault(tensor);
        if (Mismatch(reference, kernel, Widened, floor, out string what, out string detail))
            return Verdict.Fail($"{precision} {what}", detail + $" (spread of the exact {what} under rounding at {precision} precision: {spread.GetValueOrDefault(what):E2})");
        var worst = Errors(reference, kernel, floor).MaxBy(e => e.Value);
        return Verdict.Skip($"{precision} ill-conditioned", $"{worst.Key}: error {worst.Value:E2}, spread {spread.GetValueOrDefault(worst.Key):E2}");
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
        r.Outputs.All(o => o.All(double.IsFinite)) && r.Gradients.Values.All(g => g.All(double.IsFinite)) && r.UpdatedRunning.All(b => b.All(double.IsFinite));

    private static double Scale(InterpreterResult r) =>
        r.Outputs.SelectMany(o => o).Concat(r.Gradients.Values.SelectMany(g => g)).Concat(r.UpdatedRunning.SelectMany(b => b)).Select(Math.Abs).DefaultIfEmpty(0).Max();

    /// <summary>The norm-wise error of every tensor (y, "d" + name, "running[i]"), each relative to its own scale (at least <paramref name="floor"/>).</summary>
    internal static Dictionary<string, double> Errors(InterpreterResult expected, InterpreterResult actual, double floor) =>
        Pairs(expected, actual).ToDictionary(p => p.Name, p => RelativeError(p.Expected, p.Actual, floor).Error, StringComparer.Ordinal);

    private static IEnumerable<(string Name, double[] Expected, double[] Actual)> Pairs(InterpreterResult expected, InterpreterResult actual)
    {
        // y, then a tuple's other outputs by position (their kernels' arrays come back in tuple order).
        for (int i = 0; i < expected.Outputs.Count; i++) yield return (i == 0 ? "y" : $"output[{i}]", expected.Outputs[i], actual.Outputs[i]);
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

    private static bool Mismatch(InterpreterResult expected, InterpreterResult actual, Func<string, double> toleranceOf, double floor,
                                 out string what, out string detail)
    {
        foreach (var (name, e, a) in Pairs(expected, actual))
        {
            if (e.Length != a.Length)
            {
                (what, detail) = (name + " length", $"{name}: {a.Length} elements, the interpreter has {e.Length}");
                return true;
            }
            var (error, worst) = RelativeError(e, a, floor);
            double tolerance = toleranceOf(name);
            if (error > tolerance)
            {
                what = name;
                detail = $"{name}[{worst}] = {a[worst]:R}, interpreter {e[worst]:R}: norm-wise error {error:E2} > {tolerance:E2}\n"
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
