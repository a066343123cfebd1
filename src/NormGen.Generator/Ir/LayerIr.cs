using System.Collections.Immutable;
using System.Linq;
using NormGen.Generator.Model;

namespace NormGen.Generator.Ir;

internal enum TensorRole
{
    Input,
    Param,
    Running,
    /// <summary>The upstream gradient of the output.</summary>
    OutputGradient,
}

/// <summary>A tensor argument of the kernels: its logical axes in storage (row-major) order.</summary>
internal sealed record TensorDecl(string Name, TensorRole Role, ImmutableArray<int> Storage, AxisSet Axes, double Init);

/// <summary>
/// One <c>Running(stat, momentum, unbiased)</c>: in training the batch statistic normalizes and the buffer is
/// updated; <see cref="UnbiasedScale"/> is N/(N-1) for an unbiased running variance, else 1, and
/// <see cref="UnbiasedCount"/> the axes N counts (empty when biased): training needs N &gt; 1 there.
/// </summary>
internal sealed record RunningStat(TensorDecl Buffer, Node Stat, Node Momentum, Node UnbiasedScale, AxisSet UnbiasedCount);

internal sealed record HyperDecl(string Name, double? Default);

/// <summary>Axis sizes fixed at compile time ([NormLayer(Specialize = "d=768")]): a kernel variant with those sizes as constants.</summary>
internal sealed record Specialization(EquatableArray<(int Axis, int Size)> Sizes)
{
    public string Name => string.Join("_", Sizes.Select(s => "_" + s.Axis + "x" + s.Size.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}

/// <summary>
/// One output of the layer: y for a formula returning one Expr, else a tuple element (h for <c>(Expr y, Expr h)</c>).
/// Forward writes it under <see cref="Name"/>; Backward reads its gradient <see cref="GradientName"/> (dy, dh), which the
/// reverse-mode pass seeds with the tensor <see cref="Seed"/>.
/// </summary>
/// <param name="Storage">Its axes in storage order (the Output layout, else the input layout).</param>
/// <param name="Training">Its value with Running(...) as the batch statistic.</param>
/// <param name="Eval">Its value with Running(...) as the buffer (identical to training without Running).</param>
internal sealed record OutputDecl(string Name, string GradientName, ImmutableArray<int> Storage, Node Training, Node Eval)
{
    /// <summary>The gradient in the graph, named so no user tensor can share it (a user's tensor named dy is another node).</summary>
    public string Seed => Emit.Identifiers.SeedOf(GradientName);

    public AxisSet Axes
    {
        get
        {
            var set = AxisSet.Empty;
            foreach (var a in Storage) set |= AxisSet.Of(a);
            return set;
        }
    }
}

/// <summary>The formula as IR: the forward graph of each mode, and every declaration the kernels' API needs.</summary>
internal sealed class LayerIr
{
    public LayerIr(BoundLayer layer, Graph graph, ImmutableArray<int> outputStorage,
        ImmutableArray<TensorDecl> inputs, ImmutableArray<TensorDecl> parameters, ImmutableArray<HyperDecl> hypers,
        ImmutableArray<RunningStat> running, Node trainingOutput, Node evalOutput, ImmutableArray<(string Name, Node Value)> locals,
        ImmutableArray<Specialization> specializations)
    {
        Layer = layer;
        Graph = graph;
        OutputStorage = outputStorage;
        Inputs = inputs;
        Parameters = parameters;
        Hypers = hypers;
        Running = running;
        TrainingOutput = trainingOutput;
        EvalOutput = evalOutput;
        Locals = locals;
        Specializations = specializations;
    }

    /// <summary>Kernel variants with sizes fixed at compile time, dispatched to at run time.</summary>
    public ImmutableArray<Specialization> Specializations { get; }

    /// <summary>What the IR was built from: names, parameter order and the Specialize variants.</summary>
    public BoundLayer Layer { get; }
    public Graph Graph { get; }
    public AxisTable Axes => Graph.Axes;
    /// <summary>The output's axes in storage order (the Output layout, else the input layout).</summary>
    public ImmutableArray<int> OutputStorage { get; }
    /// <summary>Expr parameters without [Param], formula order; the first is laid out as the layout says.</summary>
    public ImmutableArray<TensorDecl> Inputs { get; }
    public ImmutableArray<TensorDecl> Parameters { get; }
    public ImmutableArray<HyperDecl> Hypers { get; }
    public ImmutableArray<RunningStat> Running { get; }
    public bool HasRunning => !Running.IsEmpty;
    /// <summary>The output with Running(...) as the batch statistic.</summary>
    public Node TrainingOutput { get; }
    /// <summary>The output with Running(...) as the buffer (identical to training without Running).</summary>
    public Node EvalOutput { get; }
    /// <summary>The formula's let-bindings after building, to name saved statistics after the user's locals.</summary>
    public ImmutableArray<(string Name, Node Value)> Locals { get; }

    /// <summary>The outputs in tuple order; one (y) for a formula returning one Expr, its nodes those above.</summary>
    public ImmutableArray<OutputDecl> Outputs { get; init; }

    public AxisSet OutputAxes
    {
        get
        {
            var set = AxisSet.Empty;
            foreach (var a in OutputStorage) set |= AxisSet.Of(a);
            return set;
        }
    }
}
