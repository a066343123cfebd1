using NormGen.Generator.Emit.Loops;
using NormGen.Generator.Ir;

namespace NormGen.Generator.Emit.Lowering;

/// <summary>How a reduction's partial result meets the value already in its target, one arm per kind.</summary>
internal static class Reductions
{
    /// <summary>
    /// Folds <paramref name="value"/> into the element at Ref + Offset by the reduction's own operation: a += for a sum,
    /// the element's Maximum (Minimum) with the value for a max (min). Exhaustive with no default arm (CS8509 is an
    /// error in this project), so a new reduction kind cannot silently be treated as another.
    /// </summary>
    public static Store Fold(ReduceOp op, string target, IndexExpr offset, Expr value) => op switch
    {
        ReduceOp.Sum => new Store(target, offset, value, Accumulate: true),
        ReduceOp.Max => new Store(target, offset, new Binary(BinaryOp.Maximum, new Load(target, offset), value), Accumulate: false),
        ReduceOp.Min => new Store(target, offset, new Binary(BinaryOp.Minimum, new Load(target, offset), value), Accumulate: false),
    };
}
