using NormGen.Generator.Ir;

namespace NormGen.Generator.Model;

/// <summary>
/// A layer after the bind step (<see cref="Parsing.Binder"/>): names resolved, axes numbered, every Running(...)
/// given its buffer, every diagnostic already reported. This is the compile step's whole input, and it holds no
/// source location: an edit that only moves a layer's text (a comment or a blank line above it) leaves it equal, so
/// the incremental pipeline skips the layer's compilation.
/// </summary>
/// <param name="Layout">The [NormLayer] layout as written, for messages.</param>
/// <param name="Axes">The logical axes in the order the Shape lists them (<see cref="AxisTable"/>): the layout's in memory order, then those only parameters or the output have.</param>
/// <param name="LayoutStorage">The input layout's axes in storage order, as indices into <paramref name="Axes"/>.</param>
/// <param name="OutputStorage">The output's axes in storage order (the Output layout, else the input layout).</param>
/// <param name="Running">The running buffers, in the order the formula evaluates its Running(...) calls.</param>
internal sealed record BoundLayer(
    string? Namespace,
    string ClassName,
    string MethodName,
    string Layout,
    EquatableArray<string> Axes,
    EquatableArray<int> LayoutStorage,
    EquatableArray<int> OutputStorage,
    EquatableArray<BoundParameter> Parameters,
    EquatableArray<BoundLocal> Locals,
    BoundNode Result,
    EquatableArray<RunningTarget> Running,
    EquatableArray<Specialization> Specializations)
{
    /// <summary>"Ns.Layer.g.cs": also the key that pairs a layer's compile output with its bind diagnostics.</summary>
    public string HintName => HintNameOf(Namespace, ClassName);

    public static string HintNameOf(string? ns, string className) => (ns is null ? className : ns + "." + className) + ".g.cs";

    /// <summary>
    /// A formula returning a tuple: its outputs in tuple order (<see cref="Result"/> is the first one's value); empty for
    /// one Expr. Read through <see cref="FormulaOutputs.AllOutputs"/>.
    /// </summary>
    public EquatableArray<BoundOutput> Outputs { get; init; } = EquatableArray<BoundOutput>.Empty;
}

/// <param name="Storage">A tensor's axes in storage order (empty for a learned scalar and for a hyper-parameter).</param>
internal sealed record BoundParameter(string Name, ParameterRole Role, EquatableArray<int> Storage, double Init, double? Default);

internal sealed record BoundLocal(string Name, BoundNode Value);

/// <summary>A formula node after binding; see <see cref="FormulaNode"/> for the syntax it comes from.</summary>
internal abstract record BoundNode;

/// <summary>A formula parameter or an earlier local.</summary>
internal sealed record BoundRef(string Name) : BoundNode;

internal sealed record BoundConst(double Value) : BoundNode;

internal sealed record BoundNegate(BoundNode Operand) : BoundNode;

/// <param name="Operator">One of + - * /.</param>
internal sealed record BoundBinary(char Operator, BoundNode Left, BoundNode Right) : BoundNode;

/// <summary>A call to NormGen.Ops other than Running, in the positional form of <see cref="CallNode"/>.</summary>
/// <param name="Axes">A reduction's axes, resolved; empty for other calls.</param>
/// <param name="Site">
/// The call's position among the formula's calls: a problem found when the IR is built (an axis that folded away)
/// is reported there by the bind step, which alone knows where the call is written.
/// </param>
internal sealed record BoundCall(Op Op, EquatableArray<BoundNode> Arguments, AxisSet Axes, double? Exponent, int Site) : BoundNode;

/// <summary><c>Running(stat, momentum)</c>, with the buffer it updates.</summary>
/// <param name="Target">Index into <see cref="BoundLayer.Running"/>.</param>
internal sealed record BoundRunning(BoundNode Stat, BoundNode Momentum, int Target) : BoundNode;

/// <summary>The running buffer of one Running(...).</summary>
/// <param name="Name">runningMean for <c>var mean = Running(...)</c>, else running0, running1, ... by position.</param>
/// <param name="Axes">The statistic's axes as written: one value per channel, say.</param>
/// <param name="Init">PyTorch's start value: 1 for a running variance, 0 for anything else.</param>
/// <param name="UnbiasedCount">The axes whose element count N makes Bessel's N/(N-1); empty when biased.</param>
internal sealed record RunningTarget(string Name, AxisSet Axes, double Init, AxisSet UnbiasedCount);
