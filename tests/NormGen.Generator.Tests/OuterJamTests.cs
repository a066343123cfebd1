using NormGen.Generator.Emit.Loops;
using NormGen.Generator.Model;
using static NormGen.Generator.Tests.Infrastructure.ChannelsLastLoop;

namespace NormGen.Generator.Tests;

using Expr = NormGen.Generator.Emit.Loops.Expr;

/// <summary>
/// Emit/Loops/OuterJam.cs: a loop around an innermost loop whose sums keep the innermost axis (per-channel sums over
/// channels-last rows) runs several outer iterations per block (four here, to see the pairwise tree), adds their
/// values in registers and folds them into the accumulator row once, shares what does not depend on the outer index,
/// and leaves every other loop alone.
/// </summary>
public sealed class OuterJamTests
{
    [Fact]
    public void A_column_sum_folds_each_block_of_four_rows_once_and_the_rest_runs_row_by_row()
    {
        // sum[c] += (x[n, c] - shift[c])^2
        var loop = Rowwise(
            new Let("__shift", new Load("shift", J)),
            new Let("__x", new Load("__row_x", J)),
            new Let("__d", new Sum(new[] { new Term(false, new Var("__x")), new Term(true, new Var("__shift")) }.ToEquatableArray())),
            new Let("__sq", new Product(new Expr[] { new Var("__d"), new Var("__d") }.ToEquatableArray(), EquatableArray<Expr>.Empty, false)),
            new Store("sum", J, new Var("__sq"), Accumulate: true));

        var result = OuterJam.Rewrite(loop, copies: 4);

        var block = Assert.IsType<Block>(Assert.Single(result!));
        Assert.Equal(new IndexLet("__i_n__blocks", new IndexQuotient(Rows, new IndexConst(4))), block.Body[0]);
        var blocked = Assert.IsType<For>(block.Body[1]);
        Assert.Equal(loop with { Start = new IndexVar("__i_n__blocks") * new IndexConst(4) }, block.Body[2]); // the remainder, as it was
        Assert.Equal(new IndexLet("__i_n", new IndexVar("__i_n__block") * new IndexConst(4)), blocked.Body[0]);
        Assert.Equal(new IndexLet("__i_n__u3", new IndexVar("__i_n") + new IndexConst(3)), blocked.Body[3]);
        var sweep = Assert.IsType<Block>(blocked.Body.Last());
        Assert.Equal(4, sweep.Body.OfType<RefLet>().Count());
        Assert.Contains(new RefLet("__row_x__u2", "x", new IndexVar("__o_n_c__1__u2")), sweep.Body);
        var body = sweep.Body.OfType<VectorLoop>().Single().Body;
        Assert.Single(body, s => s is Let { Name: "__shift" }); // loaded once for the four rows
        Assert.Equal(4, body.Count(s => s is Let l && l.Name.StartsWith("__x", StringComparison.Ordinal)));
        // One fold per block: ((sq0 + sq1) + (sq2 + sq3)) added to the accumulator.
        var fold = Assert.Single(body.OfType<Store>());
        Assert.Equal(new Store("sum", J, new Var("__jam0_1_0"), Accumulate: true), fold);
        Assert.Contains(new Let("__jam0_0_1", new Sum(new[] { new Term(false, new Var("__sq__u2")), new Term(false, new Var("__sq__u3")) }.ToEquatableArray())), body);
        Assert.Equal(body, sweep.Body.OfType<ScalarLoop>().Single().Body); // the tail jams the same way
    }

    [Fact]
    public void Rows_written_per_row_are_written_by_every_copy()
    {
        // y[n, c] = x[n, c] * gamma[c]
        var loop = Rowwise(
            new Let("__g", new Load("gamma", J)),
            new Let("__x", new Load("__row_x", J)),
            new Store("__row_x", J, new Product(new Expr[] { new Var("__x"), new Var("__g") }.ToEquatableArray(), EquatableArray<Expr>.Empty, false), Accumulate: false));

        var body = ((Block)((For)((Block)OuterJam.Rewrite(loop, copies: 4)!.Single()).Body[1]).Body.Last()).Body.OfType<VectorLoop>().Single().Body;

        Assert.Equal(new[] { "__row_x", "__row_x__u1", "__row_x__u2", "__row_x__u3" }, body.OfType<Store>().Select(s => s.Ref));
        Assert.Single(body, s => s is Let { Name: "__g" });
    }

    [Fact]
    public void Loops_with_a_horizontal_reduction_or_a_shared_plain_store_or_nothing_shared_are_left_alone()
    {
        var horizontal = new For("__i_n", IndexExpr.Zero, Rows, new Stmt[]
        {
            new Block(new Stmt[]
            {
                new DeclareLanes(new Accumulator("__sum", "__sum__lane", Ir.ReduceOp.Sum, 4)),
                new VectorLoop("__i_c", C, 4, new Stmt[] { new Accumulate(Ir.ReduceOp.Sum, new Var("__sum"), new Load("x", J)) }.ToEquatableArray()),
            }.ToEquatableArray()),
        }.ToEquatableArray());
        Assert.Null(OuterJam.Rewrite(horizontal));

        // Every row overwrites the same element: not a sum, the last row wins.
        Assert.Null(OuterJam.Rewrite(Rowwise(new Let("__x", new Load("__row_x", J)), new Store("last", J, new Var("__x"), Accumulate: false))));

        // Nothing in the body is the same for two rows (a plain copy): jamming would only unroll.
        Assert.Null(OuterJam.Rewrite(Rowwise(new Let("__x", new Load("__row_x", J)), new Store("__row_x", J, new Var("__x"), Accumulate: false))));

        // Only a loop from 0 is blocked (an outer loop over a thread's share starts elsewhere).
        Assert.Null(OuterJam.Rewrite(Rowwise(new Let("__g", new Load("gamma", J)), new Store("__row_x", J, new Var("__g"), Accumulate: false)) with { Start = new IndexVar("__outerStart") }));
    }
}
