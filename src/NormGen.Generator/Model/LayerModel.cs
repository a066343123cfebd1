namespace NormGen.Generator.Model;

/// <summary>
/// Everything the compiler needs to know about one [NormLayer] class, as plain equatable values: the output of
/// the parse pass and the input of the compiler passes (Ir/, Passes/, Emit/). Holds no symbols or syntax.
/// </summary>
internal sealed record LayerModel(
    string? Namespace,
    string ClassName,
    string Layout,
    LocationInfo? LayoutLocation,
    string? OutputLayout,
    LocationInfo? OutputLayoutLocation,
    string? Specialize,
    LocationInfo? SpecializeLocation,
    string MethodName,
    EquatableArray<FormulaParameter> Parameters,
    EquatableArray<LocalBinding> Locals,
    FormulaNode Result,
    LocationInfo? Location)
{
    /// <summary>The user's other members of the partial class, for the collisions with generated ones (NG0016).</summary>
    public EquatableArray<UserMember> UserMembers { get; init; } = EquatableArray<UserMember>.Empty;

    /// <summary>
    /// A formula returning a tuple: its outputs in tuple order, <see cref="Result"/> being the first one's value. Empty
    /// for a formula returning one Expr (the output y).
    /// </summary>
    public EquatableArray<FormulaOutput> Outputs { get; init; } = EquatableArray<FormulaOutput>.Empty;
}

/// <summary>A member the user declared on the layer's partial class besides the formula method (any part of it).</summary>
/// <param name="IsMethod">An ordinary method, which overloads a generated method of its name instead of colliding.</param>
internal sealed record UserMember(string Name, bool IsMethod, LocationInfo? Location)
{
    /// <summary>
    /// A method's or constructor's (Name ".ctor") parameter types, as NameRules spells them to compare them with the
    /// generated members' (empty for other members).
    /// </summary>
    public EquatableArray<string> Parameters { get; init; } = EquatableArray<string>.Empty;
}

internal enum ParameterRole
{
    /// <summary>
    /// An <c>Expr</c> without [Param]: an input tensor over the layout (the first one is the layer's input), or with
    /// [Input(axes)] a conditioning input over some of the layout's axes.
    /// </summary>
    Input,
    /// <summary>An <c>Expr</c> with [Param(axes)]: a learned parameter; [Param] without axes is a learned scalar.</summary>
    Param,
    /// <summary>A <c>double</c>: a hyper-parameter (eps, momentum, ...).</summary>
    Hyper,
}

/// <param name="Axes">[Param] or [Input] axes, as written; null for a learned scalar (<c>[Param]</c> without axes), a plain input and a hyper-parameter.</param>
/// <param name="Init">[Param] Init (1 unless given).</param>
/// <param name="Default">A hyper-parameter's default value, if it has one.</param>
internal sealed record FormulaParameter(
    string Name,
    ParameterRole Role,
    string? Axes,
    LocationInfo? AxesLocation,
    double Init,
    double? Default,
    LocationInfo? Location);

/// <summary><c>var name = value;</c> in a block-bodied formula: a let-binding.</summary>
internal sealed record LocalBinding(string Name, FormulaNode Value, LocationInfo? Location);

/// <summary>The formula as written, after name binding by the semantic model but before any compilation.</summary>
internal abstract record FormulaNode(LocationInfo? Location);

/// <summary>A reference to a formula parameter or a local.</summary>
internal sealed record RefNode(string Name, LocationInfo? Location) : FormulaNode(Location);

/// <summary>A compile-time constant (any constant-folded double expression).</summary>
internal sealed record ConstNode(double Value, LocationInfo? Location) : FormulaNode(Location);

internal sealed record NegateNode(FormulaNode Operand, LocationInfo? Location) : FormulaNode(Location);

/// <param name="Operator">One of + - * /.</param>
internal sealed record BinaryNode(char Operator, FormulaNode Left, FormulaNode Right, LocationInfo? Location) : FormulaNode(Location);

/// <summary>
/// A call to a member of NormGen.Ops (<see cref="Ir.Op"/>), arguments normalized to positions by its shape
/// (<see cref="Ir.OpShape"/>, in <see cref="Ir.OpTable"/>): a reduction has Arguments = [e] and Axes; an element-wise
/// function Arguments = [a] or [a, b]; Pow Arguments = [e] and Exponent; Running Arguments = [stat, momentum] and Unbiased.
/// </summary>
internal sealed record CallNode(
    Ir.Op Op,
    EquatableArray<FormulaNode> Arguments,
    string? Axes,
    LocationInfo? AxesLocation,
    double? Exponent,
    bool Unbiased,
    LocationInfo? Location) : FormulaNode(Location)
{
    /// <summary>The member's name as the user wrote it, for messages; dispatch on <see cref="Op"/>.</summary>
    public string Method => Op.ToString();
}
