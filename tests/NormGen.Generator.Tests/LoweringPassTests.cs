using NormGen.Generator.Emit;
using NormGen.Generator.Emit.Loops;
using NormGen.Generator.Emit.Lowering;
using NormGen.Generator.Ir;
using NormGen.Generator.Model;
using NormGen.Generator.Passes.Plan;
using NormGen.Generator.Passes.Schedule;
using NormGen.Generator.Tests.Infrastructure;

namespace NormGen.Generator.Tests;

using Expr = NormGen.Generator.Emit.Loops.Expr;

/// <summary>
/// The lowering's decisions (Emit/Lowering), each a pure function tested on small inputs: the level a value lives
/// at, which operands of a product are hoisted, which partials are shared, how a reduction folds into its target,
/// and how values are named; then, on a real kernel, a value of learned scalars computed once per kernel.
/// </summary>
public sealed class LoweringPassTests
{
    private static readonly AxisSet N = AxisSet.Of(0), D = AxisSet.Of(1);

    [Fact]
    public void A_value_lives_at_the_deepest_loop_over_an_axis_it_varies_along()
    {
        var loops = new[] { N, D };
        Assert.Equal(2, Levels.Of(loops, D));
        Assert.Equal(1, Levels.Of(loops, N));
        Assert.Equal(2, Levels.Of(loops, N | D));
        Assert.Equal(0, Levels.Of(loops, AxisSet.Empty));
        Assert.Equal(0, Levels.Of(System.Array.Empty<AxisSet>(), D));
        Assert.Equal(1, Levels.Of(new[] { N | D }, D));
    }

    [Fact]
    public void The_invariant_factors_of_a_product_are_hoisted_to_the_deepest_of_their_levels()
    {
        // rstd (level 1) * gamma (level 1) * x (level 2): the body multiplies x by one partial.
        var split = Hoisting.ByLevel(new[] { ("rstd", 1), ("x", 2), ("gamma", 1) }, f => f.Item2);
        Assert.Equal(2, split.Level);
        Assert.Equal(new[] { ("x", 2) }, split.Inner);
        Assert.Equal(new[] { ("rstd", 1), ("gamma", 1) }, split.Outer);
        Assert.True(split.Hoists);

        // Parameter-only and outside the loops: nothing to hoist out of.
        var outside = Hoisting.ByLevel(new[] { ("alpha", 0), ("eps", 0) }, f => f.Item2);
        Assert.Equal(0, outside.Level);
        Assert.False(outside.Hoists);
        Assert.False(Hoisting.ByLevel(new[] { ("x", 2), ("dy", 2) }, f => f.Item2).Hoists);
    }

    [Fact]
    public void A_value_of_kernel_level_operands_only_is_computed_once_per_kernel()
    {
        Assert.True(Hoisting.IsKernelInvariant(0, new[] { true }));
        Assert.True(Hoisting.IsKernelInvariant(0, new[] { true, true }));
        Assert.False(Hoisting.IsKernelInvariant(0, new[] { true, false }));
        Assert.False(Hoisting.IsKernelInvariant(1, new[] { true }));
        Assert.False(Hoisting.IsKernelInvariant(0, System.Array.Empty<bool>()));
    }

    [Fact]
    public void Two_equal_partial_products_share_one_key_whatever_their_order()
    {
        var g = new Graph(new AxisTable());
        object rstd = g.Hyper("rstd"), gamma = g.Hyper("gamma");
        var a = SharingKeys.Product(new[] { (rstd, 1), (gamma, 1) });
        var b = SharingKeys.Product(new[] { (gamma, 1), (rstd, 1) });
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, SharingKeys.Product(new[] { (gamma, 1), (rstd, 3) }));
        Assert.Equal(SharingKeys.Sum(new[] { (-1.0, rstd), (2.0, (object)a) }), SharingKeys.Sum(new[] { (2.0, (object)b), (-1.0, rstd) }));
        Assert.NotEqual(SharingKeys.Sum(new[] { (1.0, rstd) }), SharingKeys.Sum(new[] { (-1.0, rstd) }));
    }

    [Fact]
    public void A_reduction_folds_into_its_target_by_its_own_operation()
    {
        var offset = new IndexVar("__o_n");
        var acc = new Var("acc");
        Assert.Equal(new Store("m", offset, acc, Accumulate: true), Reductions.Fold(ReduceOp.Sum, "m", offset, acc));
        Assert.Equal(new Store("m", offset, new Binary(BinaryOp.Maximum, new Load("m", offset), acc), Accumulate: false), Reductions.Fold(ReduceOp.Max, "m", offset, acc));
        Assert.Equal(new Store("m", offset, new Binary(BinaryOp.Minimum, new Load("m", offset), acc), Accumulate: false), Reductions.Fold(ReduceOp.Min, "m", offset, acc));
        Assert.All(System.Enum.GetValues<ReduceOp>(), op => Reductions.Fold(op, "m", offset, acc));
    }

    [Fact]
    public void Values_are_named_after_their_operation_and_what_they_read()
    {
        Assert.Equal("x", ValueNames.Stem("__ld_x"));
        Assert.Equal("mean", ValueNames.Stem("__saved_mean__ld"));
        Assert.Equal("rstd", ValueNames.Stem("__stat_rstd"));
        Assert.Equal("in", ValueNames.Stem("@in"));
        Assert.Null(ValueNames.Stem("__c0"));
        Assert.Equal(new[] { "sum3_d", "rstd" }, ValueNames.Leaves(new[] { new[] { "count_d", "sum3_d" }, new[] { "rstd", "sum3_d" } }));
        Assert.Equal(new[] { "count_d" }, ValueNames.Leaves(new[] { new[] { "count_d" } }));
        Assert.Equal("__mul_rstd_gamma", ValueNames.Derive("mul", new[] { "rstd", "gamma" }));
        var square = new Product(new Expr[] { new Var("a"), new Var("a") }.ToEquatableArray(), EquatableArray<Expr>.Empty, false);
        Assert.Equal("mul", ValueNames.Operation(square));
        Assert.Equal("neg", ValueNames.Operation(new Sum(new[] { new Term(true, new Var("m")) }.ToEquatableArray())));
        Assert.Equal("softplus", ValueNames.Operation(new Unary(UnaryOp.Softplus, new Var("w"))));

        var names = new NameRegistry();
        Assert.Equal("__mul_x", names.Claim("first", "__mul_x"));
        Assert.Equal("__mul_x_2", names.Claim("second", "__mul_x"));
        Assert.Equal("__mul_x", names.Claim("first", "__mul_x"));
        Assert.Equal("__mul_x_2_2", names.Claim("third", "__mul_x_2"));
    }

    private static ValueDef Load(int id, string name, int level) =>
        new(id, name, level, new LoadOp(new DataBuffer(name, BufferKind.Span, System.Collections.Immutable.ImmutableArray<int>.Empty), null!), 0);

    private static ProductOp Times(params int[] ids) => new(false, ids.Select(i => new FactorOf(new Operand(i), 1)).ToEquatableArray());

    private static ValueList List(ValueDef[] values, params int[] roots) => new(values.ToEquatableArray(), roots.Select(r => new Operand(r)).ToEquatableArray());

    [Fact]
    public void Hoist_moves_the_row_invariant_factors_of_a_product_into_a_partial_before_it()
    {
        // x over d (level 2); gamma and rstd over n (level 1): rstd * gamma * x.
        var input = List(new[] { Load(0, "x", 2), Load(1, "gamma", 1), Load(2, "rstd", 1), new ValueDef(3, "y", 2, Times(2, 1, 0), 0) }, 3);
        var hoisted = Hoist.Run(input);

        Assert.Equal(5, hoisted.Values.Count);
        var partial = hoisted.Values[3];
        Assert.Equal(1, partial.Level);
        Assert.Equal(Times(2, 1), partial.Op);
        Assert.IsType<PartialProduct>(partial.Key);
        var y = hoisted.Values[4];
        Assert.Equal((3, 2), (y.Id, y.Level));
        Assert.Equal(new ProductOp(false, new[] { new FactorOf(new Operand(partial.Id), 1), new FactorOf(new Operand(0), 1) }.ToEquatableArray()), y.Op);
        // A pure function: the input list is what it was.
        Assert.Equal(4, input.Values.Count);
    }

    [Fact]
    public void Hoist_places_a_function_of_a_parameter_at_its_parameter_level_and_unwraps_single_operands()
    {
        // Softplus(gamma), gamma over the outer loop only, proposed inside the inner loop: it lives at level 1.
        var softplus = Hoist.Run(List(new[] { Load(0, "gamma", 1), new ValueDef(1, "sp", 2, new UnaryOf(UnaryOp.Softplus, new Operand(0)), 0) }, 1));
        Assert.Equal(1, softplus.Values[1].Level);

        // 1 * x is x: the product disappears and its readers read x.
        var single = Hoist.Run(List(new[] { Load(0, "x", 2), new ValueDef(1, "p", 2, Times(0), 0) }, 1));
        Assert.Single(single.Values);
        Assert.Equal(new Operand(0), single.Roots[0]);
    }

    [Fact]
    public void Share_computes_two_equal_partials_once_and_Prune_drops_what_nothing_reads()
    {
        // dx and dgamma both need gamma * rstd (in different orders): one partial after Share.
        var values = new[]
        {
            Load(0, "x", 2), Load(1, "gamma", 1), Load(2, "rstd", 1),
            new ValueDef(3, "dx", 2, Times(1, 2, 0), 0),
            new ValueDef(4, "dg", 2, Times(0, 2, 1), 1),
        };
        var shared = Share.Run(Hoist.Run(List(values, 3, 4)), new Dictionary<object, PassValue>());
        var partials = shared.Values.Where(v => v.Key is PartialProduct).ToList();
        var partial = Assert.Single(partials);
        Assert.All(shared.Values.Where(v => v.Id is 3 or 4), v => Assert.Contains(new FactorOf(new Operand(partial.Id), 1), ((ProductOp)v.Op).Factors));

        // One the kernel already declared is read from there.
        var declared = PassValue.Declared("__mul_gamma_rstd");
        var outer = Share.Run(Hoist.Run(List(values, 3, 4)), new Dictionary<object, PassValue> { [partial.Key] = declared });
        Assert.DoesNotContain(outer.Values, v => v.Key is PartialProduct);
        Assert.Contains(new FactorOf(Operand.Of(declared, partial.Key), 1), ((ProductOp)outer.Values.Single(v => v.Id == 3).Op).Factors);

        var pruned = Share.Prune(List(new[] { Load(0, "x", 2), Load(1, "unused", 2), new ValueDef(2, "y", 2, new UnaryOf(UnaryOp.Exp, new Operand(0)), 0) }, 2));
        Assert.Equal(new[] { 0, 2 }, pruned.Values.Select(v => v.Id));
    }

    [Fact]
    public void Softplus_of_a_learned_scalar_is_computed_once_per_kernel_not_once_per_row()
    {
        var ir = IrBuilder.Build(GeneratorHarness.Run("""
            using NormGen;
            using static NormGen.Ops;

            namespace Samples;

            [NormLayer("n d")]
            public sealed partial class SoftplusScaledRms
            {
                [Formula]
                static Expr Forward(Expr x, [Param(Init = 0.5)] Expr alpha, double eps = 1e-5)
                    => Softplus(alpha) * x * Rsqrt(Mean(x * x, "d") + eps);
            }
            """).SingleLayer());
        var plan = Scheduler.Schedule(ir, LayerPlanner.Plan(ir).Single().Forward).Single();
        Assert.False(plan.OuterAxes.IsEmpty);
        var kernel = new KernelEmitter(ir, plan).Lower();

        // Declared before the outer loop, beside the load of alpha it reads, and never again inside it.
        var softplus = kernel.OfType<Let>().Where(l => l.Value is Unary { Op: UnaryOp.Softplus }).ToList();
        Assert.Equal("__softplus_alpha", Assert.Single(softplus).Name);
        var outer = Assert.Single(kernel.OfType<For>());
        Assert.DoesNotContain(Flatten(outer.Body).OfType<Let>(), l => l.Value is Unary { Op: UnaryOp.Softplus });
        Assert.True(kernel.ToList().IndexOf(softplus[0]) < kernel.ToList().IndexOf(outer));
    }

    private static IEnumerable<Stmt> Flatten(IEnumerable<Stmt> statements) => statements.SelectMany(s => new[] { s }.Concat(s switch
    {
        For f => Flatten(f.Body),
        Block b => Flatten(b.Body),
        VectorLoop v => Flatten(v.Body),
        ScalarLoop t => Flatten(t.Body),
        UnlessMultiple u => Flatten(new[] { u.Then }),
        _ => Enumerable.Empty<Stmt>(),
    }));
}
