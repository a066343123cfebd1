using System;
using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Emit.Loops;

namespace NormGen.Generator.Emit.Lowering;

/// <summary>
/// Readable names for the values a kernel computes, derived from what they are: the operation, then the user-level
/// names they read ("__mul_rstd_gamma" is a product of rstd and gamma, "__softplus_w" the Softplus of w). Every name
/// starts with "__" (<see cref="Identifiers"/>), so it never meets a user's; <see cref="NameRegistry"/> keeps two
/// different values from sharing one.
/// </summary>
internal static class ValueNames
{
    /// <summary>At most this many names read are spelled into a name: a long chain of factors still reads as its first few.</summary>
    public const int MaxLeaves = 3;

    /// <summary>"__op_a_b" from the operation's word and the names it reads.</summary>
    public static string Derive(string op, IReadOnlyList<string> leaves) =>
        Identifiers.Generated(leaves.Count == 0 ? op : op + "_" + string.Join("_", leaves));

    /// <summary>The word for what <paramref name="value"/> computes: mul, div, neg, add, sub, pow, or the function's name.</summary>
    public static string Operation(Expr value) => value switch
    {
        Product { Num.Count: 1, Den.Count: 0, Negate: true } => "neg",
        Sum { Terms.Count: 1 } s when s.Terms[0].Negative => "neg",
        Sum s when s.Terms.Any(t => t.Negative) => "sub",
        Product p => p.Den.Count > 0 ? "div" : "mul",
        Sum => "add",
        Unary u => u.Op.ToString().ToLowerInvariant(),
        Binary b => b.Op.ToString().ToLowerInvariant(),
        Pow => "pow",
        _ => "t",
    };

    /// <summary>
    /// The user-level name a local stands for: "__ld_x" and "__saved_mean__ld" read x and mean, "__stat_rstd" is rstd,
    /// "@in" is in; a generated constant ("__c0") names nothing (null).
    /// </summary>
    public static string? Stem(string name)
    {
        name = name.TrimStart('@');
        if (!name.StartsWith(Identifiers.Reserved, StringComparison.Ordinal)) return name;
        name = name.Substring(Identifiers.Reserved.Length);
        if (name.Length > 1 && name[0] == 'c' && name.Skip(1).All(char.IsDigit)) return null;
        if (name.EndsWith("__ld", StringComparison.Ordinal)) name = name.Substring(0, name.Length - 4);
        foreach (var prefix in new[] { "ld_", "stat_", "saved_" })
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal)) name = name.Substring(prefix.Length);
        }
        return name.Replace(Identifiers.Reserved, "_");
    }

    /// <summary>The names a value computed from <paramref name="operands"/> reads: theirs, in order, each once, at most <see cref="MaxLeaves"/>.</summary>
    public static IReadOnlyList<string> Leaves(IEnumerable<IReadOnlyList<string>> operands)
    {
        var all = operands.SelectMany(l => l).Distinct(StringComparer.Ordinal).ToList();
        // Element counts (N(d) in a mean) say little beside data: "__div_sum3_d" over "__div_sum3_d_count_d", but "__div_count_d" alone.
        var data = all.Where(l => !IsSize(l)).ToList();
        return (data.Count > 0 ? data : all).Take(MaxLeaves).ToList();
    }

    private static bool IsSize(string stem) => stem.StartsWith("count_", StringComparison.Ordinal) || stem.StartsWith("scale_", StringComparison.Ordinal);
}

/// <summary>
/// One name per value of a kernel: the first value to derive a name gets it, a different value deriving the same
/// one gets it with "_2", "_3"... A value asking again (the same node in a later pass) gets its own name back, so
/// sibling loops repeat it; every name any value holds is taken, whichever block declares it.
/// </summary>
internal sealed class NameRegistry
{
    private readonly Dictionary<object, string> _byKey = new();
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    /// <summary>Whether some value already holds <paramref name="name"/>.</summary>
    public bool IsTaken(string name) => _taken.Contains(name);

    /// <summary>Records a name chosen elsewhere (a statistic's, a re-declaration's) so no derived name repeats it.</summary>
    public void Take(string name) => _taken.Add(name);

    /// <summary><paramref name="key"/>'s name: the one it got before, else <paramref name="derived"/> made unique.</summary>
    public string Claim(object key, string derived)
    {
        if (_byKey.TryGetValue(key, out var name)) return name;
        name = derived;
        for (int n = 2; _taken.Contains(name); n++) name = derived + "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _taken.Add(name);
        return _byKey[key] = name;
    }
}
