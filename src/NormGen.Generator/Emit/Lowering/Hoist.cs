using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Model;

namespace NormGen.Generator.Emit.Lowering;

/// <summary>
/// The hoisting pass over a pass's values (<see cref="Hoisting"/> says why): every product and sum whose operands
/// live at different levels gets its outer operands as a partial value of their own, at the deepest of their levels,
/// inserted just before it (recursively, so each operand is combined at the outermost level it allows); a product or
/// sum left with one plain operand is that operand. Every value gets the deepest level of its operands. Returns a
/// new list: the input is not changed.
/// </summary>
internal static class Hoist
{
    public static ValueList Run(ValueList list)
    {
        var levels = new Dictionary<int, int>();
        var keys = new Dictionary<int, object>();
        var replaced = new Dictionary<int, Operand>();
        var result = new List<ValueDef>();
        int next = list.Values.Select(v => v.Id).DefaultIfEmpty(-1).Max() + 1;

        Operand Resolve(Operand o) => !o.IsOuter && replaced.TryGetValue(o.Id, out var r) ? r : o;
        int Level(Operand o) => o.IsOuter ? 0 : levels[o.Id];
        object Key(Operand o) => o.IsOuter ? o.OuterKey! : keys[o.Id];

        Operand Emit(int id, object key, int level, ValueOp op, int computation)
        {
            result.Add(new ValueDef(id, key, level, op, computation));
            levels[id] = level;
            keys[id] = key;
            return new Operand(id);
        }

        Operand Product(int id, object key, bool negate, IReadOnlyList<FactorOf> factors, int computation)
        {
            var split = Hoisting.ByLevel(factors, f => Level(f.Value));
            var inner = split.Inner.ToList();
            if (split.Hoists)
            {
                var partial = SharingKeys.Product(split.Outer.Select(f => (Key(f.Value), f.Exponent)));
                inner.Insert(0, new FactorOf(Product(next++, partial, false, split.Outer, computation), 1));
            }
            else
            {
                inner.AddRange(split.Outer);
            }
            if (inner.Count == 1 && inner[0].Exponent == 1 && !negate) return inner[0].Value;
            return Emit(id, key, split.Level, new ProductOp(negate, inner.ToEquatableArray()), computation);
        }

        Operand Sum(int id, object key, IReadOnlyList<TermOf> terms, int computation)
        {
            var split = Hoisting.ByLevel(terms, t => Level(t.Value));
            var inner = split.Inner.ToList();
            if (split.Hoists)
            {
                var partial = SharingKeys.Sum(split.Outer.Select(t => (t.Weight, Key(t.Value))));
                inner.Insert(0, new TermOf(1, Sum(next++, partial, split.Outer, computation)));
            }
            else
            {
                inner.AddRange(split.Outer);
            }
            if (inner.Count == 1 && inner[0].Weight == 1) return inner[0].Value;
            return Emit(id, key, split.Level, new SumOp(inner.ToEquatableArray()), computation);
        }

        foreach (var v in list.Values)
        {
            var op = ValueList.Map(v.Op, Resolve);
            var value = op switch
            {
                ProductOp p => Product(v.Id, v.Key, p.Negate, p.Factors, v.Computation),
                SumOp s => Sum(v.Id, v.Key, s.Terms, v.Computation),
                LoadOp => Emit(v.Id, v.Key, v.Level, op, v.Computation),
                _ => Emit(v.Id, v.Key, Levels.Deepest(ValueList.Operands(op).Select(Level)), op, v.Computation),
            };
            if (value != new Operand(v.Id)) replaced[v.Id] = value;
        }
        return new ValueList(result.ToEquatableArray(), list.Roots.Select(Resolve).ToEquatableArray());
    }
}
