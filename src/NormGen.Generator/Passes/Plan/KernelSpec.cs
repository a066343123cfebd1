using System.Collections.Generic;
using System.Collections.Immutable;
using NormGen.Generator.Ir;

namespace NormGen.Generator.Passes.Plan;

/// <summary>
/// What one kernel computes, before scheduling: its outputs, and the nodes it may read from memory rather than
/// compute (tensor arguments, and in a backward the statistics the forward saved).
/// </summary>
internal sealed class KernelSpec
{
    public KernelSpec(string name, ImmutableArray<KernelOutput> outputs, IReadOnlyDictionary<Node, DataBuffer> materialized)
    {
        Name = name;
        Outputs = outputs;
        Materialized = materialized;
    }

    public string Name { get; }
    public ImmutableArray<KernelOutput> Outputs { get; }
    public IReadOnlyDictionary<Node, DataBuffer> Materialized { get; }
}

/// <summary>A statistic the forward keeps for the backward.</summary>
internal sealed record SavedStat(string Name, Node Node, DataBuffer Buffer);

/// <summary>The kernels of one mode (training, or eval for layers with running statistics).</summary>
internal sealed record ModePlan(bool Training, KernelSpec Forward, KernelSpec Backward,
    ImmutableArray<SavedStat> Saved, ImmutableArray<(string Name, Node Gradient)> Gradients);
