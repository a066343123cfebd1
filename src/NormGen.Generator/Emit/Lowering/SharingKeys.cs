using System;
using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Ir;
using NormGen.Generator.Model;

namespace NormGen.Generator.Emit.Lowering;

/// <summary>
/// Common-subexpression keys for the partial products and sums <see cref="Hoist"/> creates. A value the graph
/// holds is shared by its node (hash-consed: equal nodes are one object); a hoisted partial is no node, so it is
/// shared by its structure: the same operands (by their own keys) with the same exponents (weights), in whatever
/// order they came, are one key, so dx's rstd * gamma and dgamma's gamma * rstd become one local. Records compare by value.
/// </summary>
internal static class SharingKeys
{
    /// <summary>The key of prod f^e: the factors in a canonical order.</summary>
    public static PartialProduct Product(IEnumerable<(object Value, int Exponent)> factors) =>
        new(factors.Select(f => new PartialFactor(f.Value, f.Exponent)).OrderBy(f => Order(f.Value), StringComparer.Ordinal).ThenBy(f => f.Exponent).ToEquatableArray());

    /// <summary>The key of sum w t: the terms in a canonical order.</summary>
    public static PartialSum Sum(IEnumerable<(double Weight, object Value)> terms) =>
        new(terms.Select(t => new PartialTerm(t.Weight, t.Value)).OrderBy(t => Order(t.Value), StringComparer.Ordinal).ThenBy(t => t.Weight).ToEquatableArray());

    /// <summary>
    /// A total order on keys, only to make equal multisets equal arrays: a node by its id, a partial by its parts.
    /// Keys stay records compared by value; this string is never one.
    /// </summary>
    private static string Order(object key) => key switch
    {
        Node n => "#" + n.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        PartialProduct p => "*(" + string.Join(",", p.Factors.Select(f => Order(f.Value) + "^" + f.Exponent.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ")",
        PartialSum s => "+(" + string.Join(",", s.Terms.Select(t => t.Weight.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + Order(t.Value))) + ")",
        _ => key.ToString() ?? "",
    };
}

/// <summary>The key of a hoisted partial product: its factors' keys and exponents, in a canonical order.</summary>
internal sealed record PartialProduct(EquatableArray<PartialFactor> Factors);

internal readonly record struct PartialFactor(object Value, int Exponent);

/// <summary>The key of a hoisted partial sum: its terms' weights and keys, in a canonical order.</summary>
internal sealed record PartialSum(EquatableArray<PartialTerm> Terms);

internal readonly record struct PartialTerm(double Weight, object Value);
