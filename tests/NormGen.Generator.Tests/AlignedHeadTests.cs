using NormGen.Generator.Emit.Loops;
using NormGen.Generator.Ir;
using NormGen.Generator.Model;

namespace NormGen.Generator.Tests;

using Expr = NormGen.Generator.Emit.Loops.Expr;

/// <summary>
/// Emit/Loops/AlignedHead.cs: an element-wise sweep runs its scalar body over a head of elements first, so that its
/// vector stores start on a vector boundary; a sweep that sums along the row, or has nothing to store, is left alone.
/// </summary>
public sealed class AlignedHeadTests
{
    private static readonly IndexExpr J = new IndexVar("__j");
    private static readonly IndexExpr N = new IndexVar("__N_d");
    private static readonly IndexExpr O = new IndexVar("__o_n_d");

    private static Block Sweep(Stmt[] before, params Stmt[] body) =>
        new(new Stmt[] { new RefLet("__row_x", "x", O), new RefLet("__row_y", "y", O) }.Concat(before)
            .Concat(new Stmt[] { new VectorLoop("__i_d", N, 1, body.ToEquatableArray()), new ScalarLoop("__i_d", N, body.ToEquatableArray()) })
            .ToEquatableArray());

    private static For Outer(params Stmt[] body) => new("__i_n", new IndexVar("__outerStart"), new IndexVar("__outerEnd"), body.ToEquatableArray());

    [Fact]
    public void An_element_wise_sweep_runs_its_scalar_body_up_to_the_store_targets_vector_boundary_first()
    {
        var store = new Store("__row_y", J, new Load("__row_x", J), Accumulate: false);
        var columns = new Store("dgamma", J, new Load("__row_x", J), Accumulate: true); // a column sum is element-wise too
        var sweep = Sweep(Array.Empty<Stmt>(), columns, store);
        var body = new Stmt[] { Outer(sweep) }.ToEquatableArray();

        var result = Assert.IsType<Block>(Assert.IsType<For>(AlignedHead.Add(body)[0]).Body[0]);

        var head = new AlignHead("__row_y__head", "__row_y", N, FloatOnly: false);
        Assert.Equal<Stmt>(
            new Stmt[] { sweep.Body[0], sweep.Body[1], head, new ScalarLoop("__i_d", new IndexVar("__row_y__head"), sweep.Body[3] is ScalarLoop t ? t.Body : default), sweep.Body[2], sweep.Body[3] },
            result.Body.ToList());
        Assert.Equal("nint __row_y__head = global::NormGen.Kernels.Alignment.Head(ref __row_y, __N_d, __V.Count);", AlignedHead.Print(head));
    }

    [Fact]
    public void An_unrolled_sweep_and_its_remainder_get_the_head_before_the_unrolled_loop()
    {
        // LatencyUnroll's two copies per iteration, then the one-vector remainder: both start after the head.
        var store = new Store("__row_y", J, new Unary(UnaryOp.Tanh, new Load("__row_x", J)), Accumulate: false);
        var body = new Stmt[] { store }.ToEquatableArray();
        var sweep = new Block(new Stmt[]
        {
            new RefLet("__row_y", "y", O), new VectorLoop("__i_d", N, 2, body), new VectorLoop("__i_d", N, 1, body), new ScalarLoop("__i_d", N, body),
        }.ToEquatableArray());

        var result = Assert.IsType<Block>(AlignedHead.Add(new Stmt[] { sweep }.ToEquatableArray())[0]).Body;

        Assert.Equal(new[] { typeof(RefLet), typeof(AlignHead), typeof(ScalarLoop), typeof(VectorLoop), typeof(VectorLoop), typeof(ScalarLoop) }, result.Select(x => x.GetType()));
        Assert.Equal(2, ((VectorLoop)result[3]).Unroll);
    }

    [Fact]
    public void A_sweep_with_a_transcendental_aligns_in_float_only()
    {
        // Double's scalar Tanh is System.Math's, not the vector algorithm: a head would make y depend on the address.
        var store = new Store("__row_y", J, new Unary(UnaryOp.Tanh, new Load("__row_x", J)), Accumulate: false);
        var body = new Stmt[] { Sweep(Array.Empty<Stmt>(), store) }.ToEquatableArray();
        var head = Assert.Single(Assert.IsType<Block>(AlignedHead.Add(body)[0]).Body.OfType<AlignHead>());
        Assert.True(head.FloatOnly);
        Assert.Equal(
            "nint __row_y__head = typeof(__T) == typeof(float) ? global::NormGen.Kernels.Alignment.Head(ref __row_y, __N_d, __V.Count) : 0;",
            AlignedHead.Print(head));
    }

    [Fact]
    public void Sweeps_that_sum_along_the_row_or_store_no_row_are_left_alone()
    {
        var lanes = new Accumulator("__sum", "__sum__lane", ReduceOp.Sum, 4);
        var reduction = Sweep(new Stmt[] { new DeclareLanes(lanes) },
            new Accumulate(ReduceOp.Sum, new AccumulatorRef(lanes), new Load("__row_x", J)),
            new Store("__row_y", J, new Load("__row_x", J), Accumulate: false));
        var noRowStore = Sweep(Array.Empty<Stmt>(), new Store("dgamma", J, new Load("__row_x", J), Accumulate: true));
        var specialized = new Block(new Stmt[] { new RefLet("__row_y", "y", O), new VectorLoop("__i_d", N, 1, new Stmt[] { new Store("__row_y", J, new Literal(1), false) }.ToEquatableArray()),
            new UnlessMultiple(N, 1, new ScalarLoop("__i_d", N, new Stmt[] { new Store("__row_y", J, new Literal(1), false) }.ToEquatableArray())) }.ToEquatableArray());
        var body = new Stmt[] { Outer(reduction, noRowStore), specialized }.ToEquatableArray();

        Assert.Equal(body, AlignedHead.Add(body));
    }
}
