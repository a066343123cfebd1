using NormGen.Interpretation;

namespace NormGen.Fuzz.Tests.Running;

public static partial class Numerics
{
    /// <summary>The paths besides the one the fuzzer's sizes take, each checked as the float64 kernels are.</summary>
    private static readonly RuntimePath[] s_otherPaths = [RuntimePath.Split, RuntimePath.SplitOneThread, RuntimePath.UnsplitCopies];

    /// <summary>
    /// Null when the float64 kernels also agree with the reference when their calls are split into chunks (on two
    /// threads and on one) and when they sum across rows into a placed copy, and when the split runs on one thread and
    /// on two give the same bits, as <see cref="NormGen.Kernels.Threading"/> promises. At the fuzzer's sizes the calls
    /// run unsplit (<see cref="RuntimePath"/>); a layer without an outer loop runs the same code on every path. These
    /// runs add the parameters' gradients onto <paramref name="configured"/>'s (the caller's buffers are added to, and
    /// the configured run's start at 0): of the same size as the gradients, so subtracting them back costs no accuracy.
    /// </summary>
    private static Verdict? OtherPaths(Problem problem, ReferenceInterpreter interpreter, Type adapter, InterpreterResult reference, KernelTamper tamper,
                                       Result<double> configured)
    {
        var results = new Dictionary<RuntimePath, InterpreterResult>();
        foreach (var path in s_otherPaths)
        {
            if (Float64(problem, interpreter, adapter, reference, tamper, path, out _, out var judged, configured.Gradients) is { } verdict)
                return verdict;
            results[path] = judged;
        }
        foreach (var (name, two, one) in Pairs(results[RuntimePath.Split], results[RuntimePath.SplitOneThread]))
            for (int i = 0; i < two.Length; i++)
                if (BitConverter.DoubleToInt64Bits(two[i]) != BitConverter.DoubleToInt64Bits(one[i]))
                    return Verdict.Fail($"{Precision(RuntimePath.Split)} {name}: threads change the bits",
                                        $"{name}[{i}] = {two[i]:R} on two threads, {one[i]:R} on one (the same chunks, added in the same order)");
        return null;
    }

    /// <summary>
    /// Null when the float64 kernels, run on <paramref name="path"/>, agree with the reference within the float64
    /// tolerance; <paramref name="kernel"/> is what they returned, <paramref name="judged"/> what was judged (after the
    /// tamper, under the path's <see cref="Precision"/>).
    /// </summary>
    private static Verdict? Float64(Problem problem, ReferenceInterpreter interpreter, Type adapter, InterpreterResult reference, KernelTamper tamper,
                                    RuntimePath path, out Result<double> kernel, out InterpreterResult judged,
                                    IReadOnlyDictionary<string, double[]>? gradientStart = null)
    {
        string precision = Precision(path);
        (kernel, judged) = (null!, null!);
        try
        {
            kernel = problem.Run<double>(adapter, problem.Tensors, path: path, gradientStart: gradientStart);
        }
        catch (Exception e)
        {
            return Verdict.Fail($"{precision} kernel exception {e.GetType().Name}", e.ToString());
        }
        judged = tamper(precision, problem, kernel.AsDouble(), reference);
        return Conditioned(problem, interpreter, problem.Tensors, reference, judged, precision, Tolerances.Double, Tolerances.Floor,
                           Tolerances.DoubleUnit, round: false);
    }

    /// <summary>How a path's results are named in a verdict's kind and to a tamper.</summary>
    public static string Precision(RuntimePath path) => path switch
    {
        RuntimePath.Split => "float64 split",
        RuntimePath.SplitOneThread => "float64 split on one thread",
        RuntimePath.UnsplitCopies => "float64 unsplit with copies",
        _ => "float64",
    };
}
