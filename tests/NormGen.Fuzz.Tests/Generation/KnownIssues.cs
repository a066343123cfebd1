using NormGen.Fuzz.Tests.Model;

namespace NormGen.Fuzz.Tests.Generation;

/// <summary>
/// Classes of formulas the fuzzer can leave out because they hit a bug already filed in issue 9 and being fixed
/// elsewhere; each switch cites its item. The CI run keeps them on so it stays green; set
/// <c>NORMGEN_FUZZ_KNOWN_ISSUES=none</c> (or a comma-separated list of the switches to keep on) to generate them
/// again. Turn a switch off (delete it) once its fix has merged: the fuzzer then guards the fix.
/// </summary>
[Flags]
public enum KnownIssues
{
    None = 0,

    /// <summary>
    /// Issue 9 item 1: a Mean or Var in a kernel without an outer loop is computed around the pivot x[0] instead of x
    /// (one-sweep shifted statistics): <c>beta * Var(beta, "d")</c> with beta over "d" gives 0, and so does
    /// <c>Var(x, "o")</c> on layout "o c" with c = 1. Still failing after main's fix (ef97d0a):
    /// <c>Var(scale, "t")</c> on layout "t c" with <c>Output = "c"</c> and c = 1 gives y = 0. Left on: no Mean or
    /// Var reduces every axis of its operand, and in a layer with a Mean or Var no reduction of any kind reduces the
    /// layout's first axis (which rules out the outer loop: <c>Var(q, "n") * Sum(q, "n t")</c> on "t n f" with
    /// t = f = 1 gives y = 0).
    /// </summary>
    StatisticsOverEveryAxis = 1 << 1,

    All = StatisticsOverEveryAxis,
}

/// <summary>Whether a layer belongs to an excluded class; the shrinker uses it so a minimal layer never drifts into one.</summary>
public static class KnownIssuesFilter
{
    public static KnownIssues Hits(FuzzLayer layer, KnownIssues known)
    {
        var hits = KnownIssues.None;
        var nodes = layer.AllExpressions.SelectMany(e => e.DescendantsAndSelf()).ToList();
        var locals = layer.LocalAxes();
        var reductions = nodes.OfType<Reduce>().ToList();
        var statistics = reductions.Where(r => r.Function is "Mean" or "Var").ToList();
        if (known.HasFlag(KnownIssues.StatisticsOverEveryAxis) && statistics.Count > 0
            && (statistics.Any(r => layer.AxesOf(r.Operand, locals).All(r.Axes.Contains))
                || reductions.Any(r => r.Axes.Contains(layer.LayoutAxes[0]))))
            hits |= KnownIssues.StatisticsOverEveryAxis;
        return hits;
    }
}

public static class KnownIssuesSetting
{
    /// <summary>The switches from NORMGEN_FUZZ_KNOWN_ISSUES ("none", "all" or names), all on when unset.</summary>
    public static KnownIssues FromEnvironment()
    {
        string? text = Environment.GetEnvironmentVariable("NORMGEN_FUZZ_KNOWN_ISSUES");
        if (string.IsNullOrWhiteSpace(text)) return KnownIssues.All;
        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Aggregate(KnownIssues.None, (all, name) => all | Enum.Parse<KnownIssues>(name, ignoreCase: true));
    }
}
