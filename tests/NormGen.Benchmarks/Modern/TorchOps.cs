using NormGen.Benchmarks.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace NormGen.Benchmarks.Modern;

/// <summary>
/// Whether the modern baselines copy their results into the benchmark's shared buffers. Off in the benchmarks (LibTorch
/// eager returns new tensors, which is what is timed; ONNX Runtime writes into the buffers anyway), on in the agreement
/// tests, which compare those buffers with the generated kernels'.
/// </summary>
public static class ModernBaselines
{
    public static bool CopyOutputs { get; set; }
}

/// <summary>Moves data between the benchmarks' native buffers and LibTorch tensors (setup and agreement tests only).</summary>
public static class TorchTensors
{
    /// <summary>A LibTorch-owned copy of <paramref name="buffer"/> with the given shape.</summary>
    public static Tensor From(NativeBuffer buffer, bool requiresGrad, params long[] shape)
    {
        LibTorchRuntime.EnsureAvailable();
        return torch.tensor(buffer.ToArray(), shape, requires_grad: requiresGrad);
    }

    public static void CopyTo(Tensor tensor, NativeBuffer buffer)
    {
        using var contiguous = tensor.detach().contiguous();
        var data = contiguous.data<float>().ToArray();
        if (data.Length != buffer.Length)
            throw new InvalidOperationException($"tensor of {data.Length} elements into a buffer of {buffer.Length}");
        data.CopyTo(buffer.Span);
    }

    /// <summary>buffer += tensor: parameter gradients accumulate, as in the other implementations.</summary>
    public static void AddTo(Tensor tensor, NativeBuffer buffer)
    {
        using var contiguous = tensor.detach().contiguous();
        var data = contiguous.data<float>().ToArray();
        var span = buffer.Span;
        for (int i = 0; i < span.Length; i++)
            span[i] += data[i];
    }

    public static void CopyFrom(NativeBuffer buffer, Tensor tensor)
    {
        using var _ = torch.no_grad();
        using var source = torch.tensor(buffer.ToArray(), tensor.shape);
        tensor.copy_(source);
    }
}

/// <summary>
/// One LibTorch eager forward call on LibTorch's own copies of the inputs, as a user calls it: the op allocates and returns
/// its outputs (disposed at once). <c>state</c> pairs tensors the op updates in place (running buffers) with the
/// buffers they mirror, synchronized only when <see cref="ModernBaselines.CopyOutputs"/> is on.
/// </summary>
public sealed class TorchForward : IDisposable
{
    private readonly Tensor[] inputs;
    private readonly Func<Tensor[], Tensor[]> op;
    private readonly (Tensor Tensor, NativeBuffer Buffer)[] state;

    public TorchForward(Tensor[] inputs, Func<Tensor[], Tensor> op, params (Tensor Tensor, NativeBuffer Buffer)[] state)
        : this(inputs, (Func<Tensor[], Tensor[]>)(t => [op(t)]), state)
    {
    }

    /// <summary>An op with several outputs (a tuple formula's), copied in order into the buffers <see cref="Run"/> gets.</summary>
    public TorchForward(Tensor[] inputs, Func<Tensor[], Tensor[]> op, params (Tensor Tensor, NativeBuffer Buffer)[] state)
    {
        this.inputs = inputs;
        this.op = op;
        this.state = state;
    }

    public void Run(params NativeBuffer[] outputs)
    {
        bool copy = ModernBaselines.CopyOutputs;
        using var scope = torch.NewDisposeScope();
        if (copy)
            foreach (var (tensor, buffer) in state)
                TorchTensors.CopyFrom(buffer, tensor);
        var results = op(inputs);
        if (copy)
        {
            for (int i = 0; i < outputs.Length; i++)
                TorchTensors.CopyTo(results[i], outputs[i]);
            foreach (var (tensor, buffer) in state)
                TorchTensors.CopyTo(tensor, buffer);
        }
    }

    public void Dispose()
    {
        foreach (var t in inputs)
            t.Dispose();
        foreach (var (t, _) in state)
            t.Dispose();
    }
}

/// <summary>
/// LibTorch's backward as autograd runs it, and nothing else: the forward graph is built once (on LibTorch's copies of the
/// inputs, so it saves its own statistics), and each call is <c>torch.autograd.grad(outputs, [x, params...], dys, retain_graph)</c>.
/// The gradients are new tensors (disposed at once); with <see cref="ModernBaselines.CopyOutputs"/> the input gradients are
/// copied out and the parameter gradients are added to their buffers.
/// </summary>
public sealed class TorchBackward : IDisposable
{
    private readonly Tensor[] inputs;
    private readonly Tensor[] withRespectTo;
    private readonly Tensor[] outputs;
    private readonly Tensor[] dys;

    /// <param name="inputs">What <paramref name="forward"/> takes.</param>
    /// <param name="withRespectTo">x, then the parameters, in the order <see cref="Run"/> lists their buffers.</param>
    public TorchBackward(Tensor[] inputs, Tensor[] withRespectTo, Func<Tensor[], Tensor> forward, Tensor dy)
        : this(inputs, withRespectTo, t => [forward(t)], [dy])
    {
    }

    /// <summary>Several outputs (a tuple formula's), each with its incoming gradient in <paramref name="dys"/>.</summary>
    public TorchBackward(Tensor[] inputs, Tensor[] withRespectTo, Func<Tensor[], Tensor[]> forward, Tensor[] dys)
    {
        this.inputs = inputs;
        this.withRespectTo = withRespectTo;
        this.dys = dys;
        outputs = forward(inputs);
    }

    public void Run(NativeBuffer dx, params NativeBuffer[] parameterGradients) => RunAll([dx], parameterGradients);

    /// <summary>The gradients of <c>withRespectTo</c> in order: the first <paramref name="inputGradients"/>.Length copied, the rest added.</summary>
    public void RunAll(NativeBuffer[] inputGradients, NativeBuffer[] parameterGradients)
    {
        using var scope = torch.NewDisposeScope();
        var grads = torch.autograd.grad(outputs, withRespectTo, dys, retain_graph: true);
        if (ModernBaselines.CopyOutputs)
        {
            for (int i = 0; i < inputGradients.Length; i++)
                TorchTensors.CopyTo(grads[i], inputGradients[i]);
            for (int i = 0; i < parameterGradients.Length; i++)
                TorchTensors.AddTo(grads[inputGradients.Length + i], parameterGradients[i]);
        }
    }

    public void Dispose()
    {
        foreach (var t in outputs)
            t.Dispose();
        foreach (var t in dys)
            t.Dispose();
        foreach (var t in inputs)
            t.Dispose();
    }
}
