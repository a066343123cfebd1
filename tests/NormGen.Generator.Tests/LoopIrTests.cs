using NormGen.Generator.Emit;
using NormGen.Generator.Emit.Loops;
using NormGen.Generator.Ir;
using NormGen.Generator.Model;
using NormGen.Generator.Passes.Plan;
using NormGen.Generator.Passes.Schedule;
using NormGen.Generator.Tests.Infrastructure;

namespace NormGen.Generator.Tests;

// NormGen.Expr (the runtime's formula type) would win over a using outside the namespace.
using Expr = NormGen.Generator.Emit.Loops.Expr;

/// <summary>
/// The loop IR between the schedule and the C# text (Emit/Loops): its values compare by structure, the
/// multiply-add fusion is a rewrite of a body, the printer spells what the IR says, and a real kernel lowers to it.
/// </summary>
public sealed class LoopIrTests
{
    private static Var V(string name) => new(name);

    private static readonly IndexExpr J = new IndexVar("__j");

    private static readonly IndexExpr N = new IndexVar("__N_d");

    private static Product Times(params Expr[] factors) => new(factors.ToEquatableArray(), EquatableArray<Expr>.Empty, false);

    private static Stmt[] Body(params Stmt[] statements) => statements;

    [Fact]
    public void Equal_values_are_equal_records()
    {
        var a = new Sum(new[] { new Term(false, Times(V("a"), V("b"))), new Term(true, new Load("x", J)) }.ToEquatableArray());
        var b = new Sum(new[] { new Term(false, Times(V("a"), V("b"))), new Term(true, new Load("x", J)) }.ToEquatableArray());
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new Sum(new[] { new Term(false, Times(V("b"), V("a"))), new Term(true, new Load("x", J)) }.ToEquatableArray()));
    }

    [Fact]
    public void A_product_added_into_a_buffer_once_becomes_a_multiply_add_there()
    {
        var fused = Fusion.Fuse(Body(
            new Let("__p", Times(V("a"), V("b"), V("c"))),
            new Store("dx", J, V("__p"), Accumulate: true)));
        var store = Assert.IsType<Store>(Assert.Single(fused));
        Assert.False(store.Accumulate);
        Assert.Equal(new MultiplyAdd(Times(V("a"), V("b")), V("c"), new Load("dx", J), false), store.Value);
    }

    [Fact]
    public void A_product_summed_into_an_accumulator_becomes_a_multiply_add_of_it()
    {
        var acc = new AccumulatorRef(new Accumulator("__sum3_d", "__sum3_d__lane", ReduceOp.Sum, 4));
        var fused = Fusion.Fuse(Body(new Let("__sq", Times(V("__t"), V("__t"))), new Accumulate(ReduceOp.Sum, acc, V("__sq"))));
        Assert.Equal(new Assign(acc, new MultiplyAdd(Times(V("__t")), V("__t"), acc, false)), Assert.Single(fused));
    }

    [Fact]
    public void Products_that_are_used_twice_stored_plainly_divided_or_negated_stay_locals()
    {
        var twice = Body(new Let("__p", Times(V("a"), V("b"))), new Store("y", J, V("__p"), true), new Store("z", J, V("__p"), true));
        Assert.Equal(twice, Fusion.Fuse(twice).ToArray());
        var plain = Body(new Let("__p", Times(V("a"), V("b"))), new Store("y", J, V("__p"), Accumulate: false));
        Assert.Equal(plain, Fusion.Fuse(plain).ToArray());
        var divided = Body(new Let("__p", new Product(new Expr[] { V("a"), V("b") }.ToEquatableArray(), new Expr[] { V("c") }.ToEquatableArray(), false)), new Store("y", J, V("__p"), true));
        Assert.Equal(divided, Fusion.Fuse(divided).ToArray());
        var negated = Body(new Let("__p", new Product(new Expr[] { V("a"), V("b") }.ToEquatableArray(), EquatableArray<Expr>.Empty, true)), new Store("y", J, V("__p"), true));
        Assert.Equal(negated, Fusion.Fuse(negated).ToArray());
    }

    [Fact]
    public void A_sum_of_products_keeps_one_term_plain_for_the_multiply_adds_to_add_to()
    {
        var fused = Fusion.Fuse(Body(
            new Let("__p", Times(V("a"), V("b"))),
            new Let("__q", Times(V("c"), V("d"))),
            new Let("__s", new Sum(new[] { new Term(false, V("__p")), new Term(true, V("__q")) }.ToEquatableArray())),
            new Store("y", J, V("__s"), false)));
        Assert.Equal(Body(
            new Let("__q", Times(V("c"), V("d"))),
            new Let("__s", new MultiplyAdd(Times(V("a")), V("b"), new Sum(new[] { new Term(true, V("__q")) }.ToEquatableArray()), false)),
            new Store("y", J, V("__s"), false)), fused.ToArray());
    }

    [Fact]
    public void The_printer_spells_lanes_per_unrolled_copy_and_the_scalar_accumulator_in_the_tail()
    {
        var acc = new Accumulator("__sum3_d", "__sum3_d__lane", ReduceOp.Sum, 2);
        var body = Body(new Let("__ld_x", new Load("x", J)), new Accumulate(ReduceOp.Sum, new AccumulatorRef(acc), V("__ld_x")));
        var w = new CodeWriter();
        LoopPrinter.Print(w, new Stmt[]
        {
            new Let("__sum3_d", new Identity(ReduceOp.Sum)),
            new DeclareLanes(acc),
            new IndexLet("__i_d", IndexExpr.Zero),
            new VectorLoop("__i_d", N, 2, body.ToEquatableArray()),
            new CombineLanes(acc),
            new UnlessMultiple(N, 1, new ScalarLoop("__i_d", N, body.ToEquatableArray())),
        });
        Assert.Equal("""
            __T __sum3_d = __T.Zero;
            __TV __sum3_d__lane0 = __V.Zero, __sum3_d__lane1 = __V.Zero;
            nint __i_d = 0;
            for (; __i_d <= __N_d - 2 * __V.Count; __i_d += 2 * __V.Count)
            {
                {
                    nint __j = __i_d;
                    __TV __ld_x = __V.Load(ref x, __j);
                    __sum3_d__lane0 = __V.Add(__sum3_d__lane0, __ld_x);
                }
                {
                    nint __j = __i_d + __V.Count;
                    __TV __ld_x = __V.Load(ref x, __j);
                    __sum3_d__lane1 = __V.Add(__sum3_d__lane1, __ld_x);
                }
            }
            __sum3_d += __V.Sum(__V.Add(__sum3_d__lane0, __sum3_d__lane1));
            if (__N_d % __V.Count != 0)
            for (; __i_d < __N_d; __i_d++)
            {
                nint __j = __i_d;
                __T __ld_x = global::System.Runtime.CompilerServices.Unsafe.Add(ref x, __j);
                __sum3_d += __ld_x;
            }

            """.Replace("\r\n", "\n"), w.ToString());
    }

    [Fact]
    public void The_printer_parenthesizes_index_arithmetic_only_where_CSharp_needs_it()
    {
        IndexExpr Var(string name) => new IndexVar(name);
        Assert.Equal("__o_n + __j * __N_w", LoopPrinter.Print(Var("__o_n") + Var("__j") * Var("__N_w")));
        Assert.Equal("__outer / __N_w % __N_h", LoopPrinter.Print(new IndexRemainder(new IndexQuotient(Var("__outer"), Var("__N_w")), Var("__N_h"))));
        Assert.Equal("(__a + __b) * __c", LoopPrinter.Print(new IndexProduct(Var("__a") + Var("__b"), Var("__c"))));
        Assert.Equal("__a / (__b * __c)", LoopPrinter.Print(new IndexQuotient(Var("__a"), Var("__b") * Var("__c"))));
        Assert.Equal("__j", LoopPrinter.Print(IndexExpr.Zero + Var("__j") * IndexExpr.One));
    }

    [Fact]
    public void LayerNorm_forward_lowers_to_unrolled_vector_loops_with_readable_generated_names()
    {
        var ir = IrBuilder.Build(GeneratorHarness.Run(DesignLayers.LayerNorm).SingleLayer());
        var plan = Scheduler.Schedule(ir, LayerPlanner.Plan(ir).Single().Forward).Single();
        var statements = Flatten(new KernelEmitter(ir, plan).Lower()).ToList();

        // Row sums: four lanes, the body copied four times, the lanes combined, then the scalar tail.
        var sums = statements.OfType<VectorLoop>().Where(l => l.Body.OfType<Accumulate>().Any() || l.Body.OfType<Assign>().Any()).ToList();
        Assert.NotEmpty(sums);
        Assert.All(sums.Where(l => l.Unroll > 1), l => Assert.Equal(4, l.Unroll));
        Assert.Equal(2, statements.OfType<CombineLanes>().Count());
        // The variance's square is fused into its accumulator: acc = FMA(t, t, acc).
        Assert.Contains(sums.SelectMany(l => l.Body).OfType<Assign>(), a => a.Value is MultiplyAdd m && m.Addend == a.Target);

        // Every local the kernel declares is a generated "__" name; loads and statistics say what they hold.
        var declared = statements.Select(s => s switch { Let l => l.Name, IndexLet i => i.Name, RefLet r => r.Name, _ => null }).OfType<string>().ToList();
        Assert.All(declared, n => Assert.StartsWith(Identifiers.Reserved, n));
        Assert.Contains("__ld_gamma", declared);
        Assert.Contains("__stat_mean", declared);
        Assert.Contains("__stat_rstd", declared);
        Assert.Contains(declared, n => System.Text.RegularExpressions.Regex.IsMatch(n, @"^__sum\d+_d$"));
    }

    private static IEnumerable<Stmt> Flatten(IEnumerable<Stmt> statements)
    {
        foreach (var s in statements)
        {
            yield return s;
            var inner = s switch
            {
                For f => f.Body,
                Block b => b.Body,
                VectorLoop v => v.Body,
                ScalarLoop t => t.Body,
                UnlessMultiple u => new[] { u.Then }.ToEquatableArray(),
                _ => EquatableArray<Stmt>.Empty,
            };
            foreach (var n in Flatten(inner)) yield return n;
        }
    }
}
