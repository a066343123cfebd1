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
    /// Issue 9 item 2: user names that collide with generated ones (s, T, y, saved, shape, training, j, r1, dx, dy,
    /// gamma with Gamma or gammaGrad, ...), reserved and contextual keywords as names, axes whose names concatenate
    /// ambiguously ({ab, c} with {a, bc}) or contain '_'. Main's fix (263808e) leaves: an input named Forward
    /// (CS0149 in the stateful layer's call) and a formula method named Shape or Saved (CS0102, no NG diagnostic).
    /// Left on: names come from a pool of plain ones.
    /// </summary>
    NameCollisions = 1 << 0,

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

    /// <summary>
    /// Found by this fuzzer (not in issue 9): a Running(...) in a local that the result never uses still gets a
    /// running-buffer parameter in the generated kernels, while the interpreter (which evaluates only what the result
    /// uses) has none, so the two disagree on the layer's buffers. Left on: no local holding a Running is dead.
    /// </summary>
    DeadRunning = 1 << 5,

    All = NameCollisions | StatisticsOverEveryAxis | DeadRunning,
}

/// <summary>Whether a layer belongs to an excluded class; the shrinker uses it so a minimal layer never drifts into one.</summary>
public static class KnownIssuesFilter
{
    public static KnownIssues Hits(FuzzLayer layer, KnownIssues known)
    {
        var hits = KnownIssues.None;
        var nodes = layer.AllExpressions.SelectMany(e => e.DescendantsAndSelf()).ToList();
        var locals = layer.LocalAxes();
        if (known.HasFlag(KnownIssues.NameCollisions) && LayerGenerator.UsesTrickyNames(layer))
            hits |= KnownIssues.NameCollisions;
        var reductions = nodes.OfType<Reduce>().ToList();
        var statistics = reductions.Where(r => r.Function is "Mean" or "Var").ToList();
        if (known.HasFlag(KnownIssues.StatisticsOverEveryAxis) && statistics.Count > 0
            && (statistics.Any(r => layer.AxesOf(r.Operand, locals).All(r.Axes.Contains))
                || reductions.Any(r => r.Axes.Contains(layer.LayoutAxes[0]))))
            hits |= KnownIssues.StatisticsOverEveryAxis;
        if (known.HasFlag(KnownIssues.DeadRunning) && layer.Locals.Any(l => l.Value.DescendantsAndSelf().Any(n => n is RunningStat) && !IsUsed(layer, l.Name)))
            hits |= KnownIssues.DeadRunning;
        return hits;
    }

    /// <summary>Whether the result reaches the local, directly or through other locals.</summary>
    private static bool IsUsed(FuzzLayer layer, string local)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Node>([layer.Result]);
        while (pending.Count > 0)
            foreach (var r in pending.Pop().DescendantsAndSelf().OfType<Ref>())
                if (reached.Add(r.Name) && layer.Locals.FirstOrDefault(l => l.Name == r.Name) is { } l)
                    pending.Push(l.Value);
        return reached.Contains(local);
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
