using System.Text.RegularExpressions;

namespace NormGen.Benchmarks.Report;

/// <summary>
/// One hand-written explanation of a MISS in the Notes section: a bullet <c>- **[ID PATTERN]** text</c>, where ID is a
/// target (<c>4</c>, <c>1b</c>, or <c>*</c> for any) and PATTERN is matched against "Class case" (e.g.
/// <c>RmsNormBackward 2048x4096</c>, <c>BatchNorm2dForward *Nhwc*</c>; <c>*</c> matches anything, case ignored). The text
/// runs on over the following indented lines. Issue 14 wants every miss with its bound or plan: the report prints each
/// MISS with the first note that matches it, and says so when none does.
/// </summary>
public sealed record MissNote(string Target, string Pattern, string Text)
{
    private static readonly Regex Bullet = new(@"^\s*[-*]\s+\*\*\[(?<target>[0-9A-Za-z*]+)\s+(?<pattern>[^\]]+)\]\*\*:?\s*(?<text>.*)$", RegexOptions.CultureInvariant);

    /// <summary>The notes in the order they appear in <paramref name="notes"/> (the body of the Notes section).</summary>
    public static IReadOnlyList<MissNote> Parse(string? notes)
    {
        var result = new List<MissNote>();
        if (string.IsNullOrEmpty(notes))
            return result;
        var lines = notes.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var match = Bullet.Match(lines[i]);
            if (!match.Success)
                continue;
            var text = new List<string> { match.Groups["text"].Value.Trim() };
            // Continuation: indented, non-empty lines that do not start another bullet.
            while (i + 1 < lines.Length && lines[i + 1].Length > 0 && char.IsWhiteSpace(lines[i + 1][0])
                && !Regex.IsMatch(lines[i + 1], @"^\s*[-*]\s"))
                text.Add(lines[++i].Trim());
            result.Add(new MissNote(match.Groups["target"].Value, match.Groups["pattern"].Value.Trim(), string.Join(' ', text.Where(t => t.Length > 0))));
        }
        return result;
    }

    public bool Matches(string target, BenchCase c)
        => (Target == "*" || string.Equals(Target, target, StringComparison.OrdinalIgnoreCase))
        && Glob(Pattern).IsMatch($"{c.Class} {c.Label}");

    /// <summary>The first note for <paramref name="target"/>'s miss at <paramref name="c"/>, or null.</summary>
    public static MissNote? Find(IReadOnlyList<MissNote> notes, string target, BenchCase c) => notes.FirstOrDefault(n => n.Matches(target, c));

    private static Regex Glob(string pattern)
        => new("^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
