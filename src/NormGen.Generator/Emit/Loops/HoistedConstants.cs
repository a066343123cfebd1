using System;
using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Ir;

namespace NormGen.Generator.Emit.Loops;

/// <summary>
/// <c>global::NormGen.Kernels.TanhConstants&lt;__TV&gt; __k_tanh = __V.TanhConstants;</c>: the vector constants of one
/// family of transcendental functions (<see cref="HoistedConstants.Families"/>), read once at the top of a kernel.
/// </summary>
internal sealed record DeclareConstants(string Family) : Stmt;

/// <summary>
/// The vector loops' Exp, Log, Tanh, Sigmoid and Softplus take their polynomial coefficients and limits from locals
/// declared once per kernel call instead of constants: the JIT reloads a vector constant from memory at every use in a
/// loop (13 loads per vector in DyT's Tanh), while a local it keeps in a register where the width has enough (the
/// runtime's MathConstants.cs; docs/benchmarks-dyt.md, "Constants out of the loop"). The scalar tails keep the
/// one-argument functions, which compute the same bits.
/// </summary>
internal static class HoistedConstants
{
    /// <summary>The families in declaration order: the runtime's ExpConstants, LogConstants, TanhConstants.</summary>
    public static IReadOnlyList<string> Families { get; } = new[] { "Exp", "Log", "Tanh" };

    /// <summary>The local holding a family's constants: "__k_exp".</summary>
    public static string Name(string family) => Identifiers.Generated("k_" + family.ToLowerInvariant());

    /// <summary>The families a vector op reads (Sigmoid is built on Exp, Softplus on Exp and Log); none for the others.</summary>
    public static IEnumerable<string> Of(UnaryOp op) => op switch
    {
        UnaryOp.Exp or UnaryOp.Sigmoid => new[] { "Exp" },
        UnaryOp.Log => new[] { "Log" },
        UnaryOp.Tanh => new[] { "Tanh" },
        UnaryOp.Softplus => new[] { "Exp", "Log" },
        _ => Array.Empty<string>(),
    };

    /// <summary>One declaration per family the vector code of <paramref name="kernel"/> uses, in <see cref="Families"/> order.</summary>
    public static IEnumerable<Stmt> Declarations(IEnumerable<Stmt> kernel)
    {
        var used = new HashSet<string>(VectorExprs(kernel, vector: false).SelectMany(LoopIr.Nodes).OfType<Unary>().SelectMany(u => Of(u.Op)), StringComparer.Ordinal);
        return Families.Where(used.Contains).Select(f => new DeclareConstants(f));
    }

    public static string Print(DeclareConstants d) =>
        $"global::NormGen.Kernels.{d.Family}Constants<{Identifiers.TV}> {Name(d.Family)} = {Identifiers.V}.{d.Family}Constants;";

    // The value expressions LoopPrinter prints with the vector dialect: VectorLoop bodies and a RegisterTile's vector tiles.
    private static IEnumerable<Expr> VectorExprs(IEnumerable<Stmt> statements, bool vector) => statements.SelectMany(s => s switch
    {
        VectorLoop v => VectorExprs(v.Body, true),
        StreamSwitch sw => VectorExprs(new Stmt[] { sw.Streamed, sw.Plain }, true),
        SplitSwitch sw => VectorExprs(new[] { sw.Whole }, vector),
        PrefetchSwitch sw => VectorExprs(new[] { sw.Prefetching }, vector),
        For f => VectorExprs(f.Body, vector),
        Block b => VectorExprs(b.Body, vector),
        ScalarLoop => Enumerable.Empty<Expr>(),
        UnlessMultiple u => VectorExprs(new[] { u.Then }, vector),
        StagedLoop l => VectorExprs(new[] { l.Staged, l.Plain }, vector),
        RegisterTile t => t.Tiles.Where(x => x.Width > 0).SelectMany(x => VectorExprs(x.Head.Concat(t.Rows).Concat(x.Body).Concat(x.Flush), true))
            .Concat(VectorExprs(t.Fallback, vector)),
        _ => vector ? LoopIr.Values(s) : Enumerable.Empty<Expr>(),
    });
}
