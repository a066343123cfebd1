using System.Collections.Concurrent;
using System.Text;
using NormGen.Fuzz.Tests.Running;

namespace NormGen.Fuzz.Tests;

/// <summary>How many layers passed, were rejected (by diagnostic), skipped (by reason) or failed (by class).</summary>
public sealed class FuzzStatistics
{
    private readonly ConcurrentDictionary<(Outcome, string), int> _counts = new();
    private int _total;

    public int Total => Volatile.Read(ref _total);

    private readonly ConcurrentDictionary<(Outcome, string), string> _examples = new();

    private readonly ConcurrentDictionary<string, int> _features = new(StringComparer.Ordinal);

    private delegate bool Feature(Verdict verdict, Model.FuzzLayer layer);

    // What the matched layers exercised, counted by Add and reported by Details in these groups: tuples, conditioning
    // inputs and learned scalars (issue 13), and what of the split runtime their kernels reach (Running/RuntimePaths.cs),
    // which the paths check runs.
    private static readonly (string Name, Feature Has)[] s_issue13 =
    [
        ("tuple outputs", (_, l) => l.IsTuple),
        ("conditioning inputs", (_, l) => l.Tensors.Any(l.IsConditioning)),
        ("learned scalars", (_, l) => l.Tensors.Any(t => t.ParamAxes is { Count: 0 })),
    ];

    private static readonly (string Name, Feature Has)[] s_split =
    [
        ("a splittable outer loop", (v, _) => v.Reach.HasFlag(Running.RuntimeReach.SplitLoop)),
        ("sums across chunks", (v, _) => v.Reach.HasFlag(Running.RuntimeReach.SumsAcrossChunks)),
        ("parameter-gradient sums across rows", (v, _) => v.Reach.HasFlag(Running.RuntimeReach.SumsIntoCallers)),
        ("per-chunk working buffers", (v, _) => v.Reach.HasFlag(Running.RuntimeReach.IterationCopies)),
    ];

    public void Add(Verdict verdict, Model.FuzzLayer layer)
    {
        if (verdict.Outcome == Outcome.Passed)
            foreach (var (feature, has) in s_issue13.Concat(s_split))
                if (has(verdict, layer)) _features.AddOrUpdate(feature, 1, (_, n) => n + 1);
        if (verdict.Outcome is Outcome.Rejected or Outcome.Skipped)
            _examples.TryAdd((verdict.Outcome, verdict.Kind), verdict.Detail + "\n" + layer.RenderSource());
        _counts.AddOrUpdate((verdict.Outcome, verdict.Kind), 1, (_, n) => n + 1);
        Interlocked.Increment(ref _total);
    }

    public int Count(Outcome outcome) => _counts.Where(p => p.Key.Item1 == outcome).Sum(p => p.Value);

    public int Count(string failureKind) => _counts.TryGetValue((Outcome.Failed, failureKind), out int n) ? n : 0;

    public string Line() =>
        $"{Count(Outcome.Passed)} compiled and matched, {Count(Outcome.Rejected)} rejected with NG diagnostics, {Count(Outcome.Skipped)} skipped, {Count(Outcome.Failed)} failed";

    /// <summary>The first layer of each rejection and skip class, to review that only malformed layers are rejected.</summary>
    public string Examples() =>
        string.Concat(_examples.OrderBy(p => p.Key).Select(p => $"--- {p.Key.Item1} {p.Key.Item2}:\n{p.Value}\n"));

    private string Counts((string Name, Feature Has)[] features) =>
        string.Join(", ", features.Select(f => $"{_features.GetValueOrDefault(f.Name)} with {f.Name}"));

    public string Details()
    {
        var b = new StringBuilder();
        b.Append(Running.Storage.BothTypes ? "  of the matched (each also checked in Half and bfloat16): " : "  of the matched (each also checked in Half or bfloat16): ")
         .AppendLine(Counts(s_issue13))
         .Append("  of the matched (each also run split into chunks on two threads and on one, and unsplit with copies): ")
         .AppendLine(Counts(s_split));
        foreach (var group in _counts.Where(p => p.Key.Item1 != Outcome.Passed).GroupBy(p => p.Key.Item1).OrderBy(g => g.Key))
        {
            b.Append("  ").Append(group.Key).Append(": ");
            b.AppendLine(string.Join(", ", group.OrderByDescending(p => p.Value).Select(p => $"{p.Key.Item2} x{p.Value}")));
        }
        return b.ToString();
    }
}
