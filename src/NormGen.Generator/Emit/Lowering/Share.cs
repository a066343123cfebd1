using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Model;

namespace NormGen.Generator.Emit.Lowering;

/// <summary>
/// Common-subexpression sharing over a pass's values: a value whose key (<see cref="SharingKeys"/>) equals one
/// computed earlier in the pass, or one <paramref name="available"/> holds (declared by the kernel or an earlier pass of
/// the same outer iteration), is dropped and its readers read that one. Returns a new list.
/// </summary>
internal static class Share
{
    public static ValueList Run(ValueList list, IReadOnlyDictionary<object, PassValue> available)
    {
        var seen = new Dictionary<object, Operand>();
        var replaced = new Dictionary<int, Operand>();
        var result = new List<ValueDef>();
        Operand Resolve(Operand o) => !o.IsOuter && replaced.TryGetValue(o.Id, out var r) ? r : o;
        foreach (var v in list.Values)
        {
            if (seen.TryGetValue(v.Key, out var first)) replaced[v.Id] = first;
            else if (available.TryGetValue(v.Key, out var outer)) replaced[v.Id] = Operand.Of(outer, v.Key);
            else
            {
                seen[v.Key] = new Operand(v.Id);
                result.Add(v with { Op = ValueList.Map(v.Op, Resolve) });
            }
        }
        return new ValueList(result.ToEquatableArray(), list.Roots.Select(Resolve).ToEquatableArray());
    }

    /// <summary>The values something reads: a partial shared away can leave the parts only it read behind.</summary>
    public static ValueList Prune(ValueList list)
    {
        var live = new HashSet<int>(list.Roots.Where(r => !r.IsOuter).Select(r => r.Id));
        foreach (var v in list.Values.Reverse())
        {
            if (!live.Contains(v.Id)) continue;
            foreach (var o in ValueList.Operands(v.Op).Where(o => !o.IsOuter)) live.Add(o.Id);
        }
        return list with { Values = list.Values.Where(v => live.Contains(v.Id)).ToEquatableArray() };
    }
}
