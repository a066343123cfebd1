using System;
using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Emit.Loops;
using NormGen.Generator.Model;

namespace NormGen.Generator.Emit.Lowering;

/// <summary>
/// Common-subexpression keys for the partial products and sums <see cref="Hoisting"/> creates. A value the graph
/// holds is shared by its node (hash-consed: equal nodes are one object); a hoisted partial is no node, so it is
/// shared by its structure: the same operands with the same exponents (weights), in whatever order they came, are
/// one key, so dx's rstd * gamma and dgamma's gamma * rstd become one local. Records compare by value.
/// </summary>
internal static class SharingKeys
{
    /// <summary>The key of prod f^e: the factors in a canonical (ordinal name, then exponent) order.</summary>
    public static PartialProduct Product(IEnumerable<(Var Value, int Exponent)> factors) =>
        new(factors.Select(f => new PartialFactor(f.Value, f.Exponent)).OrderBy(f => f.Value.Name, StringComparer.Ordinal).ThenBy(f => f.Exponent).ToEquatableArray());

    /// <summary>The key of sum w t: the terms in a canonical (ordinal name, then weight) order.</summary>
    public static PartialSum Sum(IEnumerable<(double Weight, Var Value)> terms) =>
        new(terms.Select(t => new PartialTerm(t.Weight, t.Value)).OrderBy(t => t.Value.Name, StringComparer.Ordinal).ThenBy(t => t.Weight).ToEquatableArray());
}

/// <summary>The key of a hoisted partial product: its factors, in a canonical order.</summary>
internal sealed record PartialProduct(EquatableArray<PartialFactor> Factors);

internal readonly record struct PartialFactor(Var Value, int Exponent);

/// <summary>The key of a hoisted partial sum: its weighted terms, in a canonical order.</summary>
internal sealed record PartialSum(EquatableArray<PartialTerm> Terms);

internal readonly record struct PartialTerm(double Weight, Var Value);
