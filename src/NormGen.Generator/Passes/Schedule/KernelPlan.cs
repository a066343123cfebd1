using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
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

    /// <summary>Every computation of the passes inside the outer loop.</summary>
    private IEnumerable<Computation> InsideWork => Inside.SelectMany(p => p.Computations);

    /// <summary>A sum across the outer loop's iterations.</summary>
    private bool SumsAcrossOuter(Computation c) => c.IsReduction && c.Node.Reduced.Overlaps(OuterAxes);

    /// <summary>Gradients (and a stage's working sums) summed across outer iterations: each chunk of a split call accumulates into its own partial copy.</summary>
    public List<DataBuffer> CrossOuterTargets() =>
        InsideWork.Where(SumsAcrossOuter).Select(c => c.Target).Distinct().OrderBy(b => b.Name, System.StringComparer.Ordinal).ToList();

    /// <summary>
    /// A sum a stage accumulates across its outer loop into a working buffer (Scheduler.Stages.cs) is added in chunk
    /// order like a gradient; the kernel takes it as a parameter, the buffer's start or a chunk's partial copy.
    /// </summary>
    public List<DataBuffer> ScratchPartials() =>
        Stage == 0 ? new List<DataBuffer>() : CrossOuterTargets().Where(b => b.Kind == BufferKind.Scratch).ToList();

    /// <summary>
    /// Working buffers of one outer iteration: written and read by each iteration in turn, over none of the outer axes
    /// (CosineNorm's per-row dot products with every weight row, a row's sums over the other axis). Iterations share
    /// them, so a split call gives each chunk its own copy.
    /// </summary>
    public List<DataBuffer> IterationScratch() =>
        InsideWork.Where(IntoIterationScratch).Select(c => c.Target).Distinct().OrderBy(b => b.Name, System.StringComparer.Ordinal).ToList();

    /// <summary>A computation writing a working buffer over none of the outer axes, not summing across them.</summary>
    private bool IntoIterationScratch(Computation c) =>
        c.Target.Kind == BufferKind.Scratch && !c.Target.Storage.Any(OuterAxes.Contains) && !SumsAcrossOuter(c);

    /// <summary>
    /// The working buffers a kernel takes as parameters rather than from Saved, so that each chunk of a split call can
    /// be given its own: a stage's sums across the loop (<see cref="ScratchPartials"/>), then, when the loop splits,
    /// the buffers of one iteration (<see cref="IterationScratch"/>).
    /// </summary>
    public List<DataBuffer> ChunkScratch() =>
        Splittable ? ScratchPartials().Concat(IterationScratch()).ToList() : ScratchPartials();

    /// <summary>
    /// Whether a call can split the outer loop into chunks: its iterations are independent, with no work before or after
    /// it. Scratch with one element per outer iteration, stored and read by that iteration (a row's shift,
    /// ShiftedStatistics), is not shared; scratch over none of the outer axes is each iteration's in turn and gets a
    /// copy per chunk (<see cref="IterationScratch"/>). A sum across the loop into a working buffer that only later
    /// stages read (Scheduler.Stages.cs) goes through per-chunk partial copies, as a gradient does. The scheduler
    /// stages work around a loop only when this makes the loop splittable; the emitter splits what it says.
    /// </summary>
    public bool Splittable =>
        !OuterAxes.IsEmpty && Before.IsEmpty && After.IsEmpty && ZeroBeforeOuterLoop.All(ScratchPartials().Contains)
        && InsideWork.All(c => c.Target.Kind != BufferKind.Scratch
            || (!c.IsReduction && c.Target.Storage.Length > 0 && c.Target.Storage.All(OuterAxes.Contains))
            || (Stage > 0 && SumsAcrossOuter(c))
            || (IntoIterationScratch(c) && !ZeroBeforeOuterLoop.Contains(c.Target)))
        && InsideWork.Where(SumsAcrossOuter).All(c => c.Accumulate || (Stage > 0 && c.Target.Kind == BufferKind.Scratch));
}
