using NormGen;
using static NormGen.Ops;

namespace NormGen.TestLayers;

/// <summary>DyT, as tests/NormGen.Benchmarks/Layers.cs declares it: an element-wise formula with a transcendental.</summary>
[NormLayer("n d")]
public sealed partial class DyT
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, [Param("d", Init = 0)] Expr beta, double alpha = 0.5)
        => gamma * Tanh(alpha * x) + beta;
}

/// <summary>A learned-slope Swish, x * sigmoid(gamma x) + beta: another element-wise formula with a transcendental.</summary>
[NormLayer("n d")]
public sealed partial class Swish
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, [Param("d", Init = 0)] Expr beta) => x * Sigmoid(gamma * x) + beta;
}

/// <summary>An element-wise affine map with no transcendental (its loop keeps one copy per iteration).</summary>
[NormLayer("n d")]
public sealed partial class Affine
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr gamma, [Param("d", Init = 0)] Expr beta) => gamma * x + beta;
}
