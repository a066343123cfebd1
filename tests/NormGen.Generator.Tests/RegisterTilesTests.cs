using NormGen.Generator.Emit.Loops;
using NormGen.Generator.Model;
using static NormGen.Generator.Tests.Infrastructure.ChannelsLastLoop;

namespace NormGen.Generator.Tests;

using Expr = NormGen.Generator.Emit.Loops.Expr;

/// <summary>
/// Emit/Loops/RegisterTiles.cs: a loop around an innermost loop that only folds sums into rows every outer iteration
/// shares (per-channel sums over channels-last rows) becomes blocks of rows, then tiles of the inner axis (8 vectors,
/// 4, 1, then scalars), each tile summing its block's rows into registers and adding them to the row once, where a
/// row fits one tile; wider rows and anything else are left to <see cref="OuterJam"/>.
/// </summary>
public sealed class RegisterTilesTests
{
    /// <summary>The rewrite with the loop itself as what runs for rows wider than a tile.</summary>
    private static IReadOnlyList<Stmt>? Tiled(For loop) => RegisterTiles.Rewrite(loop, new Stmt[] { loop });

    private static readonly Stmt[] CentredSquares =
    {
        // sum[c] += (x[n, c] - shift[c])^2; total[c] += x[n, c]
        new Let("__shift", new Load("shift", J)),
        new Let("__x", new Load("__row_x", J)),
        new Let("__d", new Sum(new[] { new Term(false, new Var("__x")), new Term(true, new Var("__shift")) }.ToEquatableArray())),
        new Let("__sq", new Product(new Expr[] { new Var("__d"), new Var("__d") }.ToEquatableArray(), EquatableArray<Expr>.Empty, false)),
        new Store("sum", J, new Var("__sq"), Accumulate: true),
        new Store("total", J, new Var("__x"), Accumulate: true),
    };

    [Fact]
    public void Sums_over_rows_are_kept_in_registers_per_tile_and_added_to_their_rows_once_per_block()
    {
        var tile = Assert.IsType<RegisterTile>(Assert.Single(Tiled(Rowwise(CentredSquares))!));

        Assert.Equal("__i_n", tile.Outer);
        Assert.Equal(Rows, tile.OuterCount);
        Assert.Equal(new IndexQuotient(new IndexSum(new IndexConst(RegisterTiles.BlockElements - 1), C), C), tile.BlockRows);
        Assert.Equal(new Stmt[] { new IndexLet("__o_n_c__1", new IndexVar("__i_n") * C), new RefLet("__row_x", "x", Offset) }, tile.Rows);
        Assert.Equal(new[] { 8, 4, 1, 0 }, tile.Tiles.Select(t => t.Width));
        Assert.Equal(new Stmt[] { Rowwise(CentredSquares) }, tile.Fallback);
        // Eight vectors only where AVX-512 gives the 256- and 512-bit code 32 registers; four with AVX2's 16.
        Assert.Equal((8, 4), (tile.Wide, tile.Narrow));
        Assert.Equal("__N_c <= (global::System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? 8 : 4) * __V.Count", RegisterTiles.Fits("__N_c", tile.Wide, tile.Narrow));

        var widest = tile.Tiles[0];
        // Copy k reads k vectors further; the shift (not depending on the row) is loaded once per tile and block.
        Assert.Contains(new IndexLet("__j__t3", new IndexVar("__i_c") + new IndexConst(3) * new IndexVar("__V.Count")), widest.Head);
        Assert.Contains(new Let("__shift__t7", new Load("shift", new IndexVar("__j__t7"))), widest.Head);
        Assert.Equal(16, widest.Head.Count(s => s is Let { Value: Identity }));
        Assert.DoesNotContain(widest.Body, s => s is Store || s is Let l && l.Name.StartsWith("__shift", StringComparison.Ordinal));
        // The squares fold into their accumulator as a multiply-add, in registers.
        Assert.Contains(new Assign(new Var("__acc0__t2"), new MultiplyAdd(new Product(new Expr[] { new Var("__d__t2") }.ToEquatableArray(), EquatableArray<Expr>.Empty, false), new Var("__d__t2"), new Var("__acc0__t2"), false)), widest.Body);
        Assert.Contains(new Accumulate(Ir.ReduceOp.Sum, new Var("__acc1__t5"), new Var("__x__t5")), widest.Body);
        // Each accumulator is added to its row once, after the block's rows.
        Assert.Equal(16, widest.Flush.Count);
        Assert.Contains(new Store("total", new IndexVar("__j__t5"), new Var("__acc1__t5"), Accumulate: true), widest.Flush);

        var scalar = tile.Tiles[3];
        Assert.Equal(new Stmt[] { new IndexLet("__j", new IndexVar("__i_c")), new Let("__shift", new Load("shift", J)), new Let("__acc0", new Identity(Ir.ReduceOp.Sum)), new Let("__acc1", new Identity(Ir.ReduceOp.Sum)) }, scalar.Head);
        Assert.Equal(new Stmt[] { new Store("sum", J, new Var("__acc0"), Accumulate: true), new Store("total", J, new Var("__acc1"), Accumulate: true) }, scalar.Flush);
    }

    [Fact]
    public void Passes_that_write_per_row_or_fold_nothing_or_start_elsewhere_are_left_to_the_jam()
    {
        // A row written per row beside the sum: kept row by row, in memory order.
        var written = CentredSquares.Append(new Store("__row_x", J, new Var("__d"), Accumulate: false)).ToArray();
        Assert.Null(Tiled(Rowwise(written)));
        Assert.NotNull(OuterJam.Rewrite(Rowwise(written)));

        // No sum: nothing to keep in registers.
        Assert.Null(Tiled(Rowwise(new Let("__g", new Load("gamma", J)), new Store("__row_x", J, new Var("__g"), Accumulate: false))));

        // A maximum over rows folds by a plain store of the element's maximum: not a sum.
        Assert.Null(Tiled(Rowwise(new Let("__x", new Load("__row_x", J)), new Store("peak", J, new Binary(Ir.BinaryOp.Maximum, new Load("peak", J), new Var("__x")), Accumulate: false))));

        // Only a loop from 0 (an outer loop over a thread's share starts elsewhere).
        Assert.Null(Tiled(Rowwise(CentredSquares) with { Start = new IndexVar("__outerStart") }));
    }

    [Fact]
    public void Fewer_copies_per_tile_when_the_sums_and_invariants_would_not_fit_the_registers()
    {
        // Four sums and four invariants per copy: 8 live vectors, so 3 copies fit the budget of 24 (32 registers), 1 that of 12.
        var body = new List<Stmt> { new Let("__x", new Load("__row_x", J)) };
        for (int i = 0; i < 4; i++)
        {
            body.Add(new Let("__p" + i, new Load("p" + i, J)));
            body.Add(new Let("__m" + i, new Product(new Expr[] { new Var("__x"), new Var("__p" + i) }.ToEquatableArray(), EquatableArray<Expr>.Empty, false)));
            body.Add(new Store("s" + i, J, new Var("__m" + i), Accumulate: true));
        }
        var tile = Assert.IsType<RegisterTile>(Assert.Single(Tiled(Rowwise(body.ToArray()))!));
        Assert.Equal(new[] { 3, 1, 0 }, tile.Tiles.Select(t => t.Width));
        Assert.Equal((3, 1), (tile.Wide, tile.Narrow));
    }
}
