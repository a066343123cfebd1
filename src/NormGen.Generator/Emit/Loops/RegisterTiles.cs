using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NormGen.Generator.Ir;
using NormGen.Generator.Model;

namespace NormGen.Generator.Emit.Loops;

/// <summary>
/// Sums over an outer loop with their accumulators in registers: for a pass that only folds values into rows that
/// every outer iteration shares (BatchNorm's per-channel sums over channels-last pixels, column sums, the parameter
/// gradients of such a layer), the loop order becomes blocks of outer iterations, then tiles of
/// <see cref="Width"/> vectors of the inner axis, then the block's outer iterations. Each tile keeps one vector
/// accumulator per sum and copy in a register over the block and adds it to its row once; the values that do not depend on
/// the outer index (the shift, the mean) are loaded once per tile and block. Where <see cref="OuterJam"/> loads, adds
/// and stores every accumulator vector once per two outer iterations (a store-to-load chain per vector), this reads
/// the inputs and nothing else. Only when a row is one tile of the width the vector registers allow (<see cref="Fits"/>)
/// does a block read its rows in memory order: tile by tile over longer rows the walk is strided (measured at 256 bits
/// with half-row tiles: BatchNorm NHWC backward 1.5x slower than the jam), and with 16 vector registers (AVX2) eight
/// copies spill (1.2x slower), so those run the jammed loop, chosen once per pass by the row length.
/// Every sum is added in the same order at any thread count (blocks and tiles depend on the sizes only).
/// A pure rewrite of a lowered, not yet fused loop; null (the caller jams or keeps the loop) for any other shape of pass.
/// </summary>
internal static class RegisterTiles
{
    /// <summary>
    /// Vectors per tile of the widest tile loop: 64 floats at 256 bits, so BatchNorm's 64 channels are one tile there;
    /// a tile loop of half as many (64 floats at 512 bits) and one of a single vector follow. With two sums and one
    /// invariant per vector the widest is 24 live vectors; AVX-512 (which the 256-bit kernels on such hardware also use) has 32.
    /// </summary>
    public const int Width = 8;

    /// <summary>
    /// The condition (C#) under which a row of <paramref name="count"/> elements fits the widest tile the registers
    /// hold: <paramref name="wide"/> vectors where the 256- and 512-bit code has 32 vector registers (AVX-512),
    /// <paramref name="narrow"/> where it has 16; a JIT-time constant but the row length.
    /// </summary>
    public static string Fits(string count, int wide, int narrow) =>
        $"{count} <= (global::System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? {wide.ToString(CultureInfo.InvariantCulture)} : {narrow.ToString(CultureInfo.InvariantCulture)}) * {Identifiers.V}.Count";

    /// <summary>Elements per block of outer iterations (16 KB of float32): ~1/64 of the accumulator traffic of a row at a time at 64 channels.</summary>
    public const int BlockElements = 4096;

    /// <summary>Budget of live vectors per tile (accumulators and invariants of all copies) with 32 registers, half of it with 16; over it, fewer copies.</summary>
    private const int RegisterBudget = 24;

    public const string Note = "Sums over the outer loop in registers: blocks of outer iterations, tiles of the inner axis, each sum added to its row once per tile and block.";

    /// <param name="fallback">What runs when a row is wider than the widest tile the registers hold: the loop, jammed.</param>
    public static IReadOnlyList<Stmt>? Rewrite(For loop, IReadOnlyList<Stmt> fallback)
    {
        if (loop.Start != IndexExpr.Zero) return null;
        var varying = new HashSet<string>(StringComparer.Ordinal) { loop.Index };
        var analysis = new OuterJam.Analysis(varying);
        var rows = new List<Stmt>();
        Block? sweep = null;
        foreach (var s in loop.Body)
        {
            switch (s)
            {
                case Comment:
                    break;
                case IndexLet i:
                    analysis.Mark(i.Name, LoopIr.Names(i.Value));
                    rows.Add(i);
                    break;
                case Let { Value: not Identity } l:
                    analysis.Mark(l.Name, analysis.Uses(l.Value));
                    rows.Add(l);
                    break;
                case Block b when sweep is null:
                    sweep = b;
                    break;
                default:
                    return null;
            }
        }
        if (sweep is null || !analysis.Sweep(sweep.Body)) return null;

        // The sweep: row refs and broadcasts, the inner index at 0, the vector loop (a remainder loop), the scalar tail.
        var prelude = new List<Stmt>();
        VectorLoop? vector = null;
        ScalarLoop? scalar = null;
        foreach (var s in sweep.Body)
        {
            switch (s)
            {
                case Comment:
                    break;
                case RefLet or Broadcast when vector is null:
                    prelude.Add(s);
                    break;
                case IndexLet i when vector is null && i.Value == IndexExpr.Zero:
                    break;
                case VectorLoop v when vector is null:
                    vector = v;
                    break;
                case VectorLoop or UnlessMultiple { Then: VectorLoop } when vector is not null && scalar is null:
                    break;
                case ScalarLoop t when scalar is null:
                    scalar = t;
                    break;
                case UnlessMultiple { Then: ScalarLoop t } when scalar is null:
                    scalar = t;
                    break;
                default:
                    return null;
            }
        }
        if (vector is null || scalar is null || vector.Index != scalar.Index || vector.Count != scalar.Count) return null;
        // Only sums into rows every outer iteration shares: a store to the outer iteration's own place (an output)
        // keeps the row-by-row order, which reads and writes memory in order.
        bool Fold(Stmt s) => s is Store { Accumulate: true } st && !analysis.TargetVaries(st);
        if (!vector.Body.All(s => s is Let || Fold(s)) || !vector.Body.Any(Fold)) return null;

        var invariant = prelude.Where(s => !Defines(s).Any(varying.Contains)).ToList();
        var perRow = prelude.Where(s => Defines(s).Any(varying.Contains)).ToList();
        int perCopy = vector.Body.Count(s => Fold(s) || s is Let l && !varying.Contains(l.Name));
        int wide = Copies(Width, RegisterBudget, perCopy), narrow = Copies(Width / 2, RegisterBudget / 2, perCopy);
        // Widest first, then half as wide (the same 64 floats at twice the vector width), then one vector at a time.
        var tiles = new[] { wide, wide / 2, narrow, 1 }.Where(w => w >= 1).Distinct().OrderByDescending(w => w)
            .Select(w => Build(vector.Body, w, vector: true, vector.Index, varying, Fold)).ToList();
        tiles.Add(Build(scalar.Body, 1, vector: false, scalar.Index, varying, Fold));
        var blockRows = new IndexQuotient(new IndexSum(new IndexConst(BlockElements - 1), vector.Count), vector.Count);
        return new Stmt[]
        {
            new RegisterTile(loop.Index, loop.End, blockRows, vector.Index, vector.Count, invariant.ToEquatableArray(),
                rows.Concat(perRow).ToEquatableArray(), tiles.ToEquatableArray(), wide, narrow, fallback.ToEquatableArray()),
        };
    }

    /// <summary>Copies of the body per tile: at most <paramref name="most"/>, as many as the budget of live vectors allows.</summary>
    private static int Copies(int most, int budget, int perCopy) => Math.Max(1, Math.Min(most, budget / Math.Max(1, perCopy)));

    /// <summary>The tile loop of <paramref name="copies"/> copies of the body: copy k at element index + k vectors.</summary>
    private static Tile Build(IReadOnlyList<Stmt> body, int copies, bool vector, string index, HashSet<string> varying, Func<Stmt, bool> fold)
    {
        var defined = new HashSet<string>(body.OfType<Let>().Select(l => l.Name), StringComparer.Ordinal) { LoopPrinter.Element };
        string Name(string name, int k) => k == 0 || !defined.Contains(name) ? name : name + "__t" + k.ToString(CultureInfo.InvariantCulture);
        var head = new List<Stmt>();
        var rows = new List<Stmt>();
        var flush = new List<Stmt>();
        for (int k = 0; k < copies; k++)
        {
            IndexExpr at = k == 0 ? new IndexVar(index)
                : new IndexVar(index) + (k == 1 ? new IndexVar(Identifiers.V + ".Count") : new IndexConst(k) * new IndexVar(Identifiers.V + ".Count"));
            head.Add(new IndexLet(Name(LoopPrinter.Element, k), at));
        }
        int folds = 0;
        foreach (var s in body)
        {
            int f = fold(s) ? folds++ : -1;
            for (int k = 0; k < copies; k++)
            {
                switch (s)
                {
                    case Let l:
                        var let = new Let(Name(l.Name, k), Rename(l.Value, k, Name));
                        (varying.Contains(l.Name) ? rows : head).Add(let);
                        break;
                    case Store st:
                        string acc = Identifiers.Generated("acc" + f.ToString(CultureInfo.InvariantCulture) + (k == 0 ? "" : "__t" + k.ToString(CultureInfo.InvariantCulture)));
                        head.Add(new Let(acc, new Identity(ReduceOp.Sum)));
                        rows.Add(new Accumulate(ReduceOp.Sum, new Var(acc), Rename(st.Value, k, Name)));
                        flush.Add(new Store(st.Ref, Rename(st.Offset, k, Name), new Var(acc), Accumulate: true));
                        break;
                }
            }
        }
        return new Tile(vector ? copies : 0, head.ToEquatableArray(), Fusion.Fuse(rows), flush.ToEquatableArray());
    }

    private static IEnumerable<string> Defines(Stmt s) => s switch
    {
        RefLet r => new[] { r.Name },
        Broadcast b => new[] { b.Vector },
        _ => Enumerable.Empty<string>(),
    };

    private static Expr Rename(Expr e, int k, Func<string, int, string> name) => k == 0 ? e : LoopIr.Map(e, n => n switch
    {
        Var v => new Var(name(v.Name, k)),
        Load l => new Load(l.Ref, Rename(l.Offset, k, name)),
        FromIndex f => f with { Value = Rename(f.Value, k, name) },
        _ => n,
    });

    private static IndexExpr Rename(IndexExpr i, int k, Func<string, int, string> name) => k == 0 ? i : LoopIr.Rename(i, v => name(v, k));
}
