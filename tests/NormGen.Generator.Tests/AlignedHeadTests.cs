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

        var head = new AlignHead("__row_y__head", "__row_y", N);
        Assert.Equal<Stmt>(
            new Stmt[] { sweep.Body[0], sweep.Body[1], head, new ScalarLoop("__i_d", new IndexVar("__row_y__head"), sweep.Body[3] is ScalarLoop t ? t.Body : default), sweep.Body[2], sweep.Body[3] },
            result.Body.ToList());
        Assert.Equal("nint __row_y__head = global::NormGen.Kernels.Alignment.Head(ref __row_y, __N_d, __V.Count);", AlignedHead.Print(head));
    }

    [Fact]
    public void An_unrolled_sweep_and_its_remainder_get_the_head_before_the_unrolled_loop()
    {
        // Two copies per iteration, then the one-vector remainder (LatencyUnroll's shape): both start after the head.
        var store = new Store("__row_y", J, new Unary(UnaryOp.Abs, new Load("__row_x", J)), Accumulate: false);
        var body = new Stmt[] { store }.ToEquatableArray();
        var sweep = new Block(new Stmt[]
        {
            new RefLet("__row_y", "y", O), new VectorLoop("__i_d", N, 2, body), new VectorLoop("__i_d", N, 1, body), new ScalarLoop("__i_d", N, body),
        }.ToEquatableArray());

        var result = Assert.IsType<Block>(AlignedHead.Add(new Stmt[] { sweep }.ToEquatableArray())[0]).Body;

        Assert.Equal(new[] { typeof(RefLet), typeof(AlignHead), typeof(ScalarLoop), typeof(VectorLoop), typeof(VectorLoop), typeof(ScalarLoop) }, result.Select(x => x.GetType()));
        Assert.Equal(2, ((VectorLoop)result[3]).Unroll);
    }

    [Theory]
    [InlineData("Tanh")]
    [InlineData("Exp")]
    [InlineData("Log")]
    [InlineData(null)] // Pow
    public void A_sweep_computing_a_transcendental_has_no_head_and_streams_only_aligned_rows(string? opName)
    {
        UnaryOp? op = opName is null ? null : Enum.Parse<UnaryOp>(opName);
        // Its scalar body costs several vectors per element, and a head of h elements leaves a tail of lanes - h: a row
        // off a line would run a whole vector of elements through it (DyT's forward took 1.8-2x as long).
        Expr value = op is { } u ? new Unary(u, new Load("__row_x", J)) : new Pow(new Load("__row_x", J), "__p");
        var store = new Store("__row_y", J, value, Accumulate: false);
        var body = new Stmt[] { Sweep(Array.Empty<Stmt>(), store) }.ToEquatableArray();
        var result = Assert.IsType<Block>(AlignedHead.Add(body)[0]).Body;
        var head = Assert.Single(result.OfType<AlignHead>());
        Assert.True(head.StreamingOnly);
        // No scalar head loop: only the marker StreamingStores reads, printed as a comment.
        Assert.DoesNotContain(result.OfType<ScalarLoop>(), t => t.Count == new IndexVar(head.Name));
        Assert.Equal("// No aligning head: this sweep's scalar body costs more than split vector accesses (AlignedHead.cs).", AlignedHead.Print(head));
        // A streaming store needs an aligned address: such a sweep streams a row only when it starts on a vector boundary.
        var flag = new StreamFlag("__row_y__stream", "__row_y", N, N, "y", WhenAligned: true);
        Assert.EndsWith(
            " && global::NormGen.Kernels.Alignment.Head(ref __row_y, __N_d, __V.Count) == 0;",
            StreamingStores.Print(flag, NormGen.Generator.Emit.Dialect.Vector));
        // Square roots are cheap enough: LayerNorm's and RMSNorm's sweeps keep their heads.
        var sqrt = new Stmt[] { Sweep(Array.Empty<Stmt>(), store with { Value = new Unary(UnaryOp.Sqrt, new Load("__row_x", J)) }) }.ToEquatableArray();
        Assert.False(Assert.Single(Assert.IsType<Block>(AlignedHead.Add(sqrt)[0]).Body.OfType<AlignHead>()).StreamingOnly);
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
