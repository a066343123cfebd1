using NormGen.Fuzz.Tests.Model;

namespace NormGen.Fuzz.Tests.Running;

/// <summary>
/// The Half and bfloat16 overloads' contract (docs/precision.md): on the same inputs, already in the storage type,
/// every stored output and input gradient is the float32 kernel's result rounded once to the storage type, within one
/// unit in its last place, and every float result (a parameter's or a conditioning input's gradient, a running
/// buffer) is the float32 kernel's exactly. Judged against the float32 kernels, not the interpreter: whether float32
/// is right is the float32 check's question.
/// </summary>
public static class Storage
{
    public static readonly string[] Types = ["Half", "BFloat16"];

    /// <summary>
    /// NORMGEN_FUZZ_STORAGE=both checks both types on every layer (campaigns); unset, a layer checks the one its data
    /// seed's parity picks (Half for even), which keeps the CI run's time: the storage kernels' JIT is most of the cost.
    /// </summary>
    public static bool BothTypes { get; } = Environment.GetEnvironmentVariable("NORMGEN_FUZZ_STORAGE") == "both";

    /// <summary>The storage types a layer is checked in.</summary>
    public static IEnumerable<string> TypesFor(FuzzLayer layer) => BothTypes ? Types : [Types[layer.DataSeed & 1]];

    private static long _ticks;

    /// <summary>The time all threads spent in <see cref="Check"/> (JIT of the storage kernels included), for the run's report.</summary>
    public static TimeSpan Time => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    internal static void AddTime(TimeSpan elapsed) => Interlocked.Add(ref _ticks, elapsed.Ticks);

    /// <summary>Each value rounded (through float) to the storage type and widened back, exactly.</summary>
    public static double[] Round(string storage, double[] values) =>
        Array.ConvertAll(values, v => storage == "Half" ? (double)(float)(Half)(float)v : (double)(float)(BFloat16)(float)v);

    /// <summary>How many values of the storage type lie between <paramref name="a"/> and <paramref name="b"/> rounded to it (0: the same).</summary>
    public static int UlpDistance(string storage, float a, float b) => Math.Abs(Ordered(storage, a) - Ordered(storage, b));

    private static int Ordered(string storage, float value)
    {
        int bits = storage == "Half" ? (ushort)BitConverter.HalfToInt16Bits((Half)value) : BFloat16.BFloat16ToUInt16Bits((BFloat16)value);
        int magnitude = bits & 0x7FFF;
        return (bits & 0x8000) != 0 ? -magnitude : magnitude;
    }

    /// <summary>Null when both storage types keep the contract on this problem; else the first tensor that does not.</summary>
    /// <param name="tamper">For the oracle's own tests: replaces the storage kernels' results (precision "Half" or "BFloat16").</param>
    public static Verdict? Check(FuzzLayer layer, Type adapter, Problem problem, KernelTamper? tamper = null)
    {
        foreach (string storage in TypesFor(layer))
        {
            // Inputs in the storage type (their float values exactly), parameters rounded to float as the float32 run has them.
            var inputs = layer.Tensors.ToDictionary(t => t.Name,
                t => t.IsInput ? Round(storage, problem.Tensors[t.Name]) : problem.Tensors[t.Name].Select(v => (double)(float)v).ToArray(), StringComparer.Ordinal);
            Result<float> reference;
            NormGen.Interpretation.InterpreterResult stored;
            try
            {
                reference = problem.Run<float>(adapter, inputs, storage, storageKernel: false);
            }
            catch (Exception e)
            {
                return Verdict.Fail("float32 kernel exception " + e.GetType().Name, $"on inputs rounded to {storage}: {e}");
            }
            try
            {
                stored = problem.Run<float>(adapter, inputs, storage).AsDouble();
            }
            catch (Exception e)
            {
                return Verdict.Fail($"{storage} kernel exception " + e.GetType().Name, e.ToString());
            }
            if (tamper is not null) stored = tamper(storage, problem, stored, reference.AsDouble());
            // The storage kernels' results are floats (widened exactly), carried as doubles: back to float exactly.
            static float[] F(double[] values) => Array.ConvertAll(values, v => (float)v);
            for (int i = 0; i < reference.Outputs.Length; i++)
                if (Compare(storage, layer.OutputNames[i], reference.Outputs[i], F(stored.Outputs[i]), rounded: true) is { } output) return output;
            foreach (var t in layer.Tensors)
                if (Compare(storage, "d" + t.Name, reference.Gradients[t.Name], F(stored.Gradients[t.Name]), rounded: t.IsInput && !layer.IsConditioning(t)) is { } gradient)
                    return gradient;
            for (int i = 0; i < reference.Running.Length; i++)
                if (Compare(storage, $"running[{i}]", reference.Running[i], F(stored.UpdatedRunning[i]), rounded: false) is { } running) return running;
        }
        return null;
    }

    private static Verdict? Compare(string storage, string tensor, float[] float32, float[] actual, bool rounded)
    {
        for (int i = 0; i < float32.Length; i++)
        {
            float expected = float32[i], got = actual[i];
            bool ok = float.IsNaN(expected) ? float.IsNaN(got)
                : rounded ? !float.IsNaN(got) && UlpDistance(storage, expected, got) <= 1
                : BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(got);
            if (!ok)
                return Verdict.Fail($"{storage} {tensor}",
                    $"{tensor}[{i}] = {got:R} in the {storage} overload, float32 kernel {expected:R}"
                    + (rounded ? $" (rounded once: {(float)Round(storage, [expected])[0]:R}; {UlpDistance(storage, expected, got)} ulps apart)" : " (a float result: must be the float32 kernel's exactly)")
                    + $"\n  {storage}  {Format(actual)}\n  float32 {Format(float32)}");
        }
        return null;
    }

    private static string Format(float[] values) =>
        "[" + string.Join(", ", values.Take(12).Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture))) + (values.Length > 12 ? ", ..." : "") + "]";
}
