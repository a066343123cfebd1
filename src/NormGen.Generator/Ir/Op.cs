namespace NormGen.Generator.Ir;

/// <summary>
/// The members of <c>NormGen.Ops</c> a formula may call: the op's identity from parsing onwards (a call is found by its
/// method name once, in <see cref="OpTable.TryFind"/>, and is an <see cref="Op"/> after that). Each member has one
/// descriptor in <see cref="OpTable"/>; the element-wise functions it lowers to are <see cref="UnaryOp"/> and
/// <see cref="BinaryOp"/>, whose rules live in one table per pass. docs/architecture.md, "Adding an op", lists them.
/// </summary>
internal enum Op
{
    Sum,
    Mean,
    Var,
    Max,
    Min,
    Sqrt,
    Rsqrt,
    Exp,
    Log,
    Tanh,
    Sigmoid,
    Softplus,
    Abs,
    Square,
    Pow,
    Maximum,
    Minimum,
    Running,
}

/// <summary>How a call of an <see cref="Op"/> is parsed and lowered.</summary>
internal enum OpShape
{
    /// <summary>(e, "axes"): a constant axis list, lowered over the axes it names.</summary>
    Reduction,
    /// <summary>(a) or (a, b): Expr arguments only, lowered by <see cref="OpDescriptor.Elementwise"/>.</summary>
    Elementwise,
    /// <summary>(e, exponent): a constant exponent.</summary>
    Pow,
    /// <summary>(stat, momentum, unbiased): a running buffer, lowered once per mode by the IR builder.</summary>
    Running,
}
