namespace NormGen;

/// <summary>
/// Marks a partial class as a normalization layer compiled by NormGen. <paramref name="layout"/> lists the
/// logical axes of the input in memory order, outermost first; <c>(g c)</c> splits one memory axis into two.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class NormLayerAttribute(string layout) : Attribute
{
    /// <summary>Axes of the input tensor, in memory order (outermost first).</summary>
    public string Layout { get; } = layout;

    /// <summary>Axes of the output, when they differ from the input's (CosineNorm: <c>"n o"</c>).</summary>
    public string? Output { get; set; }

    /// <summary>Sizes fixed at compile time, e.g. <c>"d=768"</c>: emits unrolled, tail-free kernels with a runtime dispatch to them.</summary>
    public string? Specialize { get; set; }
}

/// <summary>Marks the static method whose body is the layer's formula.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class FormulaAttribute : Attribute;

/// <summary>
/// Marks an <see cref="Expr"/> parameter of a formula as a learned parameter: over the axes given, or, without axes,
/// a learned scalar (one element, its gradient summed over everything), e.g. DyT's <c>[Param(Init = 0.5)] Expr alpha</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false, AllowMultiple = false)]
public sealed class ParamAttribute : Attribute
{
    /// <summary>A learned scalar: a parameter over no axis, passed as a span of one element.</summary>
    public ParamAttribute() => Axes = "";

    /// <summary>A learned parameter over <paramref name="axes"/>, in storage order (a parameter over <c>"g c"</c> is stored g-major).</summary>
    /// <param name="axes">Space-separated axis names; at least one (a scalar is written <c>[Param]</c> without axes).</param>
    public ParamAttribute(string axes) => Axes = axes;

    /// <summary>The axes the parameter varies over, in storage order (a parameter over <c>"g c"</c> is stored g-major); empty for a learned scalar.</summary>
    public string Axes { get; }

    /// <summary>The value every element starts at in the stateful layer (PyTorch: gamma ones, beta zeros).</summary>
    public double Init { get; set; } = 1.0;
}

/// <summary>
/// Marks an <see cref="Expr"/> input of a formula as a conditioning input: it varies over a subset of the layout's axes
/// and broadcasts over the others, e.g. adaLN's per-sample <c>[Input("n d")] Expr shift</c> on the layout <c>"n t d"</c>.
/// Its span holds the product of its axes' sizes, stored row-major in the order the axes have in the layout. Its gradient
/// is summed over the axes it is broadcast along and written (not accumulated), like every input gradient.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false, AllowMultiple = false)]
public sealed class InputAttribute(string axes) : Attribute
{
    /// <summary>The layout's axes the input varies over, space-separated, in the layout's order (outermost first).</summary>
    public string Axes { get; } = axes;
}
