using NormGen.Generator.Emit;
using NormGen.Generator.Emit.Loops;
using NormGen.Generator.Model;

namespace NormGen.Generator.Tests;

using Expr = NormGen.Generator.Emit.Loops.Expr;

/// <summary>
/// Emit/Loops/Prefetch.cs: the last sweep of an outer iteration prefetches the next iteration's rows of every tensor
/// the iteration reads by rows, one line per vector of its first vector loop, and nothing else.
/// </summary>
public sealed class PrefetchTests
{
    private static readonly IndexExpr J = new IndexVar("__j");
    private static readonly IndexExpr N = new IndexVar("__N_d");
    private static readonly IndexExpr O = new IndexVar("__o_n_d");

    private static Block Sweep(string[] refs, params Stmt[] body) =>
        new(refs.Select(r => (Stmt)new RefLet("__row_" + r, r, O))
            .Concat(new Stmt[] { new VectorLoop("__i_d", N, 4, body.ToEquatableArray()), new VectorLoop("__i_d", N, 1, body.ToEquatableArray()), new ScalarLoop("__i_d", N, body.ToEquatableArray()) })
            .ToEquatableArray());

    private static For Outer(params Stmt[] body) => new("__i_n", new IndexVar(KernelEmitter.OuterStart), new IndexVar(KernelEmitter.OuterEnd), body.ToEquatableArray());

    [Fact]
    public void The_last_sweep_prefetches_the_next_rows_of_the_tensors_the_iteration_reads_and_of_no_other()
    {
        // Sweep 1 reads dy and x (and gamma, not by rows); sweep 2 reads x only and writes dx.
        var first = Sweep(new[] { "dy", "x" }, new Let("__a", new Load("__row_dy", J)), new Let("__b", new Load("__row_x", J)), new Let("__g", new Load("gamma", J)));
        var last = Sweep(new[] { "dx", "dy", "x" }, new Store("__row_dx", J, new Load("__row_x", J), Accumulate: false));
        var body = new Stmt[] { new IndexLet("__N_d", new ShapeSize("d")), Outer(new IndexLet("__o_n_d", new IndexVar("__i_n") * N), first, last) }.ToEquatableArray();

        var result = Prefetch.Add(body, KernelEmitter.OuterStart, buffer => buffer is "x" or "dy" or "dx" ? N : null);

        var outer = Assert.IsType<For>(result[1]);
        Assert.Equal(first, outer.Body[1]); // earlier sweeps untouched
        var sweep = Assert.IsType<Block>(outer.Body[2]);
        // Rows of one length share one distance.
        Assert.Equal<Stmt>(new Stmt[] { new PrefetchDistance("__next_row", N, "__i_n") }, sweep.Body.OfType<PrefetchDistance>().ToList());
        var loops = sweep.Body.OfType<VectorLoop>().ToList();
        Assert.Equal<Stmt>(new Stmt[] { new PrefetchLine("__row_dy", "__next_row"), new PrefetchLine("__row_x", "__next_row") }, loops[0].Body.Take(2).ToList());
        Assert.DoesNotContain(loops[1].Body, s => s is PrefetchLine); // the remainder loop: less than a vector group of the row
        Assert.Equal(
            "global::NormGen.Kernels.Prefetch.Line(ref __row_x, __j, __next_row);",
            Prefetch.Print(new PrefetchLine("__row_x", "__next_row")));
        Assert.Equal(
            "nint __next_row = global::NormGen.Kernels.Prefetch.Distance<__T>(__N_d, __i_n + 1 < __outerEnd);",
            Prefetch.Print(new PrefetchDistance("__next_row", N, "__i_n")));
    }

    [Fact]
    public void Rows_of_different_lengths_get_a_distance_each()
    {
        // x's rows are d long, a conditioning input's (cond) d/2: each line reads its own length's distance.
        var half = new IndexQuotient(N, new IndexConst(2));
        var last = Sweep(new[] { "dx", "x", "cond" }, new Let("__c", new Load("__row_cond", J)), new Store("__row_dx", J, new Load("__row_x", J), Accumulate: false));
        var body = new Stmt[] { new IndexLet("__N_d", new ShapeSize("d")), Outer(new IndexLet("__o_n_d", new IndexVar("__i_n") * N), last) }.ToEquatableArray();

        var result = Prefetch.Add(body, KernelEmitter.OuterStart, buffer => buffer switch { "x" => N, "cond" => half, _ => null });

        var sweep = Assert.IsType<Block>(Assert.IsType<For>(result[1]).Body[1]);
        Assert.Equal<Stmt>(
            new Stmt[] { new PrefetchDistance("__next_row0", N, "__i_n"), new PrefetchDistance("__next_row1", half, "__i_n") },
            sweep.Body.OfType<PrefetchDistance>().ToList());
        Assert.Equal<Stmt>(
            new Stmt[] { new PrefetchLine("__row_x", "__next_row0"), new PrefetchLine("__row_cond", "__next_row1") },
            sweep.Body.OfType<VectorLoop>().First().Body.Take(2).ToList());
    }

    [Fact]
    public void Tensors_whose_rows_do_not_follow_each_other_and_kernels_without_an_outer_loop_get_no_prefetch()
    {
        var sweep = Sweep(new[] { "x" }, new Let("__b", new Load("__row_x", J)));
        var withOuter = new Stmt[] { Outer(sweep) }.ToEquatableArray();
        Assert.Equal(withOuter, Prefetch.Add(withOuter, KernelEmitter.OuterStart, _ => null));
        var noOuter = new Stmt[] { sweep }.ToEquatableArray();
        Assert.Equal(noOuter, Prefetch.Add(noOuter, KernelEmitter.OuterStart, _ => N));
    }

    [Fact]
    public void Each_prefetching_loop_gets_a_copy_without_the_lines_for_rows_that_are_not_prefetched()
    {
        var first = Sweep(new[] { "dy", "x" }, new Let("__a", new Load("__row_dy", J)), new Let("__b", new Load("__row_x", J)));
        var last = Sweep(new[] { "dx", "dy", "x" }, new Store("__row_dx", J, new Load("__row_x", J), Accumulate: false));
        var body = new Stmt[] { new IndexLet("__N_d", new ShapeSize("d")), Outer(new IndexLet("__o_n_d", new IndexVar("__i_n") * N), first, last) }.ToEquatableArray();
        var prefetched = Prefetch.Add(body, KernelEmitter.OuterStart, buffer => buffer is "x" or "dy" or "dx" ? N : null);
        // A streaming copy of the loop (StreamingStores runs before the switch) is switched with it.
        var streamed = Rewrite(prefetched, loop => new StreamSwitch("__row_dx__stream", loop with { Body = loop.Body.Select(x => x is Store st ? st with { Stream = true } : x).ToEquatableArray() }, loop));

        foreach (var input in new[] { prefetched, streamed })
        {
            var result = Prefetch.Switch(input);
            var outer = Assert.IsType<For>(result[1]);
            Assert.Equal(((For)input[1]).Body[1], outer.Body[1]); // a sweep that prefetches nothing is left alone
            var sweep = Assert.IsType<Block>(outer.Body[2]);
            var inputSweep = (Block)((For)input[1]).Body[2];
            var sw = Assert.Single(sweep.Body.OfType<PrefetchSwitch>());
            Assert.Equal(new[] { "__next_row" }, sw.Distances);
            Assert.Equal("__next_row != 0", Prefetch.Condition(sw));
            var original = inputSweep.Body.First(x => x is VectorLoop or StreamSwitch);
            Assert.Equal(original, sw.Prefetching);
            Assert.Equal(inputSweep.Body.ToList().IndexOf(original), sweep.Body.ToList().IndexOf(sw)); // in the loop's place: after the head, before the remainder
            Assert.Empty(Lines(sw.Plain));
            Assert.Equal(Lines(sw.Prefetching).Count(), 2 * Loops(sw.Prefetching).Count()); // dy's and x's
            // The plain copy is the prefetching one without its lines, statement for statement.
            Assert.Equal(Loops(sw.Prefetching).Select(l => l with { Body = l.Body.Where(x => x is not PrefetchLine).ToEquatableArray() }), Loops(sw.Plain));
            // The remainder loop never had lines, and stays single.
            Assert.Equal(inputSweep.Body.Count, sweep.Body.Count);
        }
    }

    private static EquatableArray<Stmt> Rewrite(EquatableArray<Stmt> body, Func<VectorLoop, Stmt> first) =>
        body.Select(s => s is For f
            ? f with { Body = f.Body.Select(b => b is Block blk && blk.Body.Any(x => x is PrefetchDistance)
                ? new Block(blk.Body.Select((x, i) => i == blk.Body.ToList().FindIndex(y => y is VectorLoop) ? first((VectorLoop)x) : x).ToEquatableArray())
                : b).ToEquatableArray() }
            : s).ToEquatableArray();

    private static IEnumerable<VectorLoop> Loops(Stmt s) => s switch
    {
        VectorLoop v => new[] { v },
        StreamSwitch sw => new[] { sw.Streamed, sw.Plain },
        _ => Enumerable.Empty<VectorLoop>(),
    };

    private static IEnumerable<PrefetchLine> Lines(Stmt s) => Loops(s).SelectMany(l => l.Body.OfType<PrefetchLine>());
}
