using NormGen.Generator.Emit.Loops;
using NormGen.Generator.Model;

namespace NormGen.Generator.Tests.Infrastructure;

/// <summary>
/// The loop IR of a sweep over channels-last rows, as the emitter builds it before OuterJam and RegisterTiles rewrite
/// it: the outer loop over rows (<see cref="Rows"/> of them), each row <see cref="C"/> elements at <see cref="Offset"/>,
/// walked by a vector loop and its scalar tail over <see cref="J"/>.
/// </summary>
internal static class ChannelsLastLoop
{
    public static readonly IndexExpr J = new IndexVar("__j");
    public static readonly IndexExpr C = new IndexVar("__N_c");
    public static readonly IndexExpr Rows = new IndexVar("__N_n");
    public static readonly IndexExpr Offset = new IndexVar("__o_n_c__1");

    /// <summary>for (__i_n) { __o = __i_n * C; { ref __row_x = x + __o; __i_c = 0; vector loop; scalar tail } }.</summary>
    public static For Rowwise(params Stmt[] body) => new("__i_n", IndexExpr.Zero, Rows, new Stmt[]
    {
        new IndexLet("__o_n_c__1", new IndexVar("__i_n") * C),
        new Block(new Stmt[]
        {
            new RefLet("__row_x", "x", Offset),
            new IndexLet("__i_c", IndexExpr.Zero),
            new VectorLoop("__i_c", C, 1, body.ToEquatableArray()),
            new ScalarLoop("__i_c", C, body.ToEquatableArray()),
        }.ToEquatableArray()),
    }.ToEquatableArray());
}
