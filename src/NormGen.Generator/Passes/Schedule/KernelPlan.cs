using System.Collections.Generic;
using System.Collections.Immutable;
using NormGen.Generator.Ir;
using NormGen.Generator.Passes.Plan;

namespace NormGen.Generator.Passes.Schedule;

/// <summary>
/// One unit of work: a reduction (accumulating <see cref="Node"/>'s argument into <see cref="Target"/>) or a
/// store (writing <see cref="Node"/> into <see cref="Target"/>), over the iteration domain <see cref="Domain"/>.
/// </summary>
internal sealed class Computation
{
    public Computation(int index, Node node, bool isReduction, DataBuffer target, bool accumulate)
    {
        Index = index;
        Node = node;
        IsReduction = isReduction;
        Target = target;
        Accumulate = accumulate;
    }

    public int Index { get; }
    public Node Node { get; }
    public bool IsReduction { get; }
    public DataBuffer Target { get; }
    /// <summary>Stores: <c>+=</c> into a gradient. Reductions: the result is added to the target (a gradient).</summary>
    public bool Accumulate { get; }
    /// <summary>Reductions: the argument's axes. Stores: the target's axes.</summary>
    public AxisSet Domain => IsReduction ? Node.Args[0].Axes : Target.Axes;
    /// <summary>The axes of the result.</summary>
    public AxisSet Kept => IsReduction ? Node.Axes : Target.Axes;
}

/// <summary>A loop nest over <see cref="Domain"/> (less the outer loop's axes) running fused computations.</summary>
internal sealed class Pass
{
    public Pass(AxisSet domain, ImmutableArray<Computation> computations)
    {
        Domain = domain;
        Computations = computations;
    }

    public AxisSet Domain { get; }
    public ImmutableArray<Computation> Computations { get; }
}

/// <summary>
/// The schedule of one kernel: passes before the outer loop, the outer loop over <see cref="OuterAxes"/>
/// (rows for LayerNorm, channels for BatchNorm over NCHW, (sample, group) for GroupNorm) whose body runs the
/// inside passes on data that stays in cache, and passes after it.
/// </summary>
internal sealed class KernelPlan
{
    public KernelPlan(KernelSpec spec, AxisSet outerAxes, ImmutableArray<Pass> before, ImmutableArray<Pass> inside,
        ImmutableArray<Pass> after, ImmutableArray<DataBuffer> scratch, IReadOnlyDictionary<Node, DataBuffer> tensors,
        ImmutableArray<DataBuffer> zeroBeforeOuterLoop, IReadOnlyDictionary<Node, Node> coefficients, int stage = 0)
    {
        Stage = stage;
        Spec = spec;
        OuterAxes = outerAxes;
        Before = before;
        Inside = inside;
        After = after;
        Scratch = scratch;
        Tensors = tensors;
        ZeroBeforeOuterLoop = zeroBeforeOuterLoop;
        Coefficients = coefficients;
    }

    public KernelSpec Spec { get; }
    /// <summary>0 for a kernel of one plan; 1, 2, ... for the stages of a kernel Scheduler splits (Scheduler.Stages.cs).</summary>
    public int Stage { get; }
    /// <summary>The plan's name in generated identifiers: "ForwardTraining", or "ForwardTrainingStage2".</summary>
    public string Name => Stage == 0 ? Spec.Name : Spec.Name + "Stage" + Stage.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public AxisSet OuterAxes { get; }
    public ImmutableArray<Pass> Before { get; }
    public ImmutableArray<Pass> Inside { get; }
    public ImmutableArray<Pass> After { get; }
    public ImmutableArray<DataBuffer> Scratch { get; }
    /// <summary>Where each tensor leaf and materialized node is read from.</summary>
    public IReadOnlyDictionary<Node, DataBuffer> Tensors { get; }
    public ImmutableArray<DataBuffer> ZeroBeforeOuterLoop { get; }
    /// <summary>
    /// Products and sums whose per-channel part (<see cref="Scheduler.Coefficient"/>) a pass of their own stores
    /// first: the consumer loads that coefficient and multiplies (adds) in only what varies more.
    /// </summary>
    public IReadOnlyDictionary<Node, Node> Coefficients { get; }
}
