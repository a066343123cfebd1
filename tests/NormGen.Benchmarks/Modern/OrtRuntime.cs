using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NormGen.Benchmarks.Infrastructure;

namespace NormGen.Benchmarks.Modern;

/// <summary>
/// ONNX Runtime (NuGet Microsoft.ML.OnnxRuntime, CPU execution provider) for the <c>Ort*</c> benchmarks: one thread,
/// sequential execution. <see cref="IsAvailable"/> is false, with the reason, when its native library does not load.
/// </summary>
public static class OrtRuntime
{
    private static readonly Lazy<(bool Ok, string Description)> State = new(Load);

    public static bool IsAvailable => State.Value.Ok;

    public static string? UnavailableReason => State.Value.Ok ? null : State.Value.Description;

    public static string Description => State.Value.Description;

    public static void EnsureAvailable()
    {
        if (!IsAvailable)
            throw new InvalidOperationException("ONNX Runtime baseline unavailable: " + UnavailableReason);
    }

    /// <summary>One intra-op thread, no inter-op parallelism, every graph optimization.</summary>
    public static SessionOptions Options() => new()
    {
        IntraOpNumThreads = 1,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };

    private static (bool, string) Load()
    {
        try
        {
            // A one-node model through the same path as the benchmarks: proves the native library and the model writer.
            using var input = new NativeBuffer(4);
            using var output = new NativeBuffer(4);
            input.Span.Fill(2f);
            using (var probe = new OrtGraph([new OnnxNode("Neg", ["x"], ["y"])], [("x", input, [4])], [("y", output, [4])], [("", 17)]))
                probe.Run();
            if (output.Span[0] != -2f)
                return (false, "ONNX Runtime loaded but computed a wrong probe");
            return (true, $"ONNX Runtime {OrtEnv.Instance().GetVersionString()} (CPU provider), intra-op threads 1, sequential execution");
        }
        catch (Exception e) // whatever the native library's absence or a refused model throws: the reason is the message
        {
            return (false, "ONNX Runtime does not load: " + e.GetBaseException().Message);
        }
    }
}

/// <summary>
/// A session over a small model written by <see cref="OnnxModel"/>, its inputs and outputs bound to the benchmark's native
/// buffers (no copy in or out: ONNX Runtime reads and writes them in place). <see cref="Run"/> is one inference.
/// </summary>
public sealed unsafe class OrtGraph : IDisposable
{
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly string[] inputNames, outputNames;
    private readonly OrtValue[] inputValues, outputValues;

    public OrtGraph(IReadOnlyList<OnnxNode> nodes, (string Name, NativeBuffer Buffer, long[] Shape)[] inputs,
        (string Name, NativeBuffer Buffer, long[] Shape)[] outputs, (string Domain, long Version)[] opsets)
    {
        long ir = opsets.Any(o => o.Domain.Length == 0 && o.Version > 21) ? 11 : 10; // opset 23 needs IR version 11
        byte[] model = OnnxModel.Write(nodes, [.. inputs.Select(i => (i.Name, i.Shape))], [.. outputs.Select(o => (o.Name, o.Shape))], opsets, ir);
        using var options = OrtRuntime.Options();
        session = new InferenceSession(model, options);
        inputNames = [.. inputs.Select(i => i.Name)];
        outputNames = [.. outputs.Select(o => o.Name)];
        inputValues = [.. inputs.Select(i => Bind(i.Buffer, i.Shape))];
        outputValues = [.. outputs.Select(o => Bind(o.Buffer, o.Shape))];
    }

    private static OrtValue Bind(NativeBuffer buffer, long[] shape)
    {
        long elements = shape.Aggregate(1L, (a, b) => a * b);
        if (elements != buffer.Length)
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] does not fit a buffer of {buffer.Length} floats", nameof(shape));
        return OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, shape,
            (nint)buffer.Pointer, elements * sizeof(float));
    }

    public void Run() => session.Run(runOptions, inputNames, inputValues, outputNames, outputValues);

    public void Dispose()
    {
        foreach (var v in inputValues.Concat(outputValues))
            v.Dispose();
        runOptions.Dispose();
        session.Dispose();
    }
}
