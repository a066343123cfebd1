using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Ir;
using NormGen.Generator.Model;

namespace NormGen.Generator.Emit.Loops;

/// <summary>
/// Folds products into the one thing consuming them, in an innermost loop body: a sum adding or subtracting them
/// (all but one of its terms), a sum reduction's accumulator, or a += into a buffer. Each becomes a multiply-add
/// there, saving an instruction and a rounding; a product used twice stays a local. A pure rewrite of the body.
/// </summary>
internal static class Fusion
{
    public static EquatableArray<Stmt> Fuse(IReadOnlyList<Stmt> body)
    {
        var uses = new Dictionary<string, int>();
        var user = new Dictionary<string, Stmt>();
        foreach (var s in body)
        {
            foreach (var e in Expressions(s))
            {
                foreach (var v in LoopIr.Nodes(e).OfType<Var>())
                {
                    uses[v.Name] = uses.TryGetValue(v.Name, out int n) ? n + 1 : 1;
                    user[v.Name] = s;
                }
            }
        }

        var products = new Dictionary<string, Product>();
        var absorbed = new Dictionary<Let, int>();
        foreach (var s in body)
        {
            if (s is not Let { Value: Product p } let || !Fusable(p) || !uses.TryGetValue(let.Name, out int n) || n != 1) continue;
            var unit = new Term(false, new Var(let.Name));
            bool fused = user[let.Name] switch
            {
                Let { Value: Sum sum } consumer => sum.Terms.Any(t => t.Value == unit.Value) && Absorb(absorbed, consumer, sum.Terms.Count),
                Store st => st.Accumulate && st.Value == unit.Value,
                Accumulate a => a.Op == ReduceOp.Sum && a.Value == unit.Value,
                _ => false,
            };
            if (fused) products[let.Name] = p;
        }
        if (products.Count == 0) return body.ToEquatableArray();

        var result = new List<Stmt>();
        foreach (var s in body)
        {
            switch (s)
            {
                case Let l when products.ContainsKey(l.Name):
                    continue;
                case Let { Value: Sum sum } l:
                    result.Add(l with { Value = FuseInto(sum, products) });
                    break;
                case Store { Value: Var v } st when products.TryGetValue(v.Name, out var p):
                    result.Add(new Store(st.Ref, st.Offset, MultiplyAddOf(p, new Load(st.Ref, st.Offset), false), Accumulate: false));
                    break;
                case Accumulate { Value: Var v } a when products.TryGetValue(v.Name, out var p):
                    result.Add(new Assign(a.Target, MultiplyAddOf(p, a.Target, false)));
                    break;
                default:
                    result.Add(s);
                    break;
            }
        }
        return result.ToEquatableArray();
    }

    /// <summary>A plain product of at least two factors: no divisor, no sign.</summary>
    private static bool Fusable(Product p) => p.Den.Count == 0 && !p.Negate && p.Num.Count >= 2;

    /// <summary>One more term of <paramref name="sum"/> folds, if one still stays a plain value for the others to add to.</summary>
    private static bool Absorb(Dictionary<Let, int> absorbed, Let sum, int terms)
    {
        absorbed.TryGetValue(sum, out int taken);
        if (taken + 1 >= terms) return false;
        absorbed[sum] = taken + 1;
        return true;
    }

    /// <summary>The sum of the terms not fused, then each fused term wrapped around it as a multiply-add, in term order.</summary>
    private static Expr FuseInto(Sum sum, Dictionary<string, Product> products)
    {
        bool Fused(Term t) => t.Value is Var v && products.ContainsKey(v.Name);
        Expr result = new Sum(sum.Terms.Where(t => !Fused(t)).ToEquatableArray());
        foreach (var t in sum.Terms.Where(Fused)) result = MultiplyAddOf(products[((Var)t.Value).Name], result, t.Negative);
        return result;
    }

    /// <summary>Addend +- the product as one multiply-add: the last factor times the product of the others.</summary>
    private static MultiplyAdd MultiplyAddOf(Product p, Expr addend, bool subtract) =>
        new(new Product(p.Num.Take(p.Num.Count - 1).ToEquatableArray(), EquatableArray<Expr>.Empty, false), p.Num[p.Num.Count - 1], addend, subtract);

    private static IEnumerable<Expr> Expressions(Stmt s) => s switch
    {
        Let l => new[] { l.Value },
        Store st => new[] { st.Value },
        Accumulate a => new[] { a.Value },
        Assign a => new[] { a.Value },
        _ => Enumerable.Empty<Expr>(),
    };
}
