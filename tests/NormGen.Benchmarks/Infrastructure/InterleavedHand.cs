using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace NormGen.Benchmarks.Infrastructure;

public static partial class Interleaved
{
    /// <summary>
    /// <c>--interleaved hand RmsNormForward:4096x1024,InstanceNormBackward:32x64x32x32 [rounds]</c>: the benchmark classes
    /// themselves (their buffers, their setup, their <c>Generated</c>, <c>Simd</c> and <c>Copy</c> methods), interleaved in one
    /// process in CPU time, one thread: target 3's ratio without BenchmarkDotNet's one-process-per-method runs, so that a
    /// difference between the two is a property of the separate processes (code layout, tiering), not of the loops
    /// (docs/statistics.md, "Against the hand kernels in BenchmarkDotNet").
    /// </summary>
    private static void RunHand(string[] cases, int rounds)
    {
        foreach (var spec in cases)
        {
            var (className, shape) = (spec.Split(':')[0], spec.Split(':')[1]);
            // One of the class's own shapes, the value whose name is given.
            using var benchmark = new SetUpBenchmark(className, property =>
                ((System.Collections.IEnumerable)property.ReflectedType!.GetProperty(property.GetCustomAttribute<ParamsSourceAttribute>()!.Name, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!)
                    .Cast<object>().Single(s => s.ToString() == shape));
            var generated = benchmark.Method("Generated");
            Measure($"{className} {shape}",
            [
                ("Simd", benchmark.Method("Simd")), ("Generated", generated), ("Generated, 1 chunk", () => Unchunked(generated)), ("Copy", benchmark.Method("Copy")),
            ], rounds, 1, cpu: true);
        }
    }

    /// <summary><paramref name="call"/> with the split into chunks off (with one thread the chunks run in turn).</summary>
    private static void Unchunked(Action call)
    {
        long was = NormGen.Kernels.Threading.MinParallelElements;
        NormGen.Kernels.Threading.MinParallelElements = long.MaxValue;
        try { call(); }
        finally { NormGen.Kernels.Threading.MinParallelElements = was; }
    }

    private static string[] HandCases(string[] args) => args.Length > 1
        ? args[1].Split(',')
        : ["RmsNormForward:4096x1024", "RmsNormBackward:16384x256", "RmsNormBackward:4096x1024", "InstanceNormBackward:32x64x32x32"];

    private static int HandRounds(string[] args) => args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 101;
}
