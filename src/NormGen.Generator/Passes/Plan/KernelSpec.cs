using System.Collections.Generic;
using System.Collections.Immutable;
using NormGen.Generator.Ir;

namespace NormGen.Generator.Passes.Plan;

/// <summary>Which way a kernel runs through the formula.</summary>
internal enum KernelDirection
{
    Forward,
    Backward,
}

/// <summary>The mode a kernel serves: a layer without Running(...) has one; a layer with it, training and eval.</summary>
internal enum LayerMode
{
    /// <summary>The one mode of a layer without running statistics (it normalizes as training does).</summary>
    Only,
    /// <summary>Batch statistics, running buffers updated.</summary>
    Training,
    /// <summary>Running buffers in place of the batch statistics.</summary>
    Eval,
}

/// <summary>Which kernel of a layer this is: its direction and mode.</summary>
internal readonly record struct KernelKind(KernelDirection Direction, LayerMode Mode)
{
    public bool IsForward => Direction == KernelDirection.Forward;

    /// <summary>Training or the only mode: the batch statistics normalize.</summary>
    public bool Training => Mode != LayerMode.Eval;

    /// <summary>"Forward", "BackwardTraining", "ForwardEval": the kernel's name in generated identifiers and the remarks.</summary>
    public string Name => Direction.ToString() + (Mode == LayerMode.Only ? "" : Mode.ToString());
}

/// <summary>
/// What one kernel computes, before scheduling: its outputs, and the nodes it may read from memory rather than
/// compute (tensor arguments, and in a backward the statistics the forward saved).
/// </summary>
internal sealed class KernelSpec
{
    public KernelSpec(KernelKind kind, ImmutableArray<KernelOutput> outputs, IReadOnlyDictionary<Node, DataBuffer> materialized)
    {
        Kind = kind;
        Outputs = outputs;
        Materialized = materialized;
    }

    public KernelKind Kind { get; }
    public string Name => Kind.Name;
    public ImmutableArray<KernelOutput> Outputs { get; }
    public IReadOnlyDictionary<Node, DataBuffer> Materialized { get; }
}

/// <summary>A statistic the forward keeps for the backward.</summary>
internal sealed record SavedStat(string Name, Node Node, DataBuffer Buffer);

/// <summary>The kernels of one mode (the only one, or training and eval for layers with running statistics).</summary>
internal sealed record ModePlan(LayerMode Mode, KernelSpec Forward, KernelSpec Backward,
    ImmutableArray<SavedStat> Saved, ImmutableArray<(string Name, Node Gradient)> Gradients)
{
    /// <summary>Training or the only mode: the batch statistics normalize.</summary>
    public bool Training => Mode != LayerMode.Eval;
}
