using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;

namespace NormGen.Generator.Model;

/// <summary>
/// A parsed axis list such as <c>"n (g c) h w"</c>: memory axes in order, outermost first, each holding one or
/// more logical axes (a parenthesised group splits one memory axis, outer logical axis first).
/// </summary>
internal sealed class AxisList
{
    private AxisList(ImmutableArray<ImmutableArray<string>> groups)
    {
        Groups = groups;
        var names = ImmutableArray.CreateBuilder<string>();
        foreach (var g in groups) names.AddRange(g);
        Names = names.ToImmutable();
    }

    /// <summary>Memory axes, each a list of logical axes (usually one).</summary>
    public ImmutableArray<ImmutableArray<string>> Groups { get; }

    /// <summary>Logical axes in memory order: the storage order of a tensor with this layout.</summary>
    public ImmutableArray<string> Names { get; }

    /// <summary>Parses an axis list; on failure returns null and says why in <paramref name="error"/>.</summary>
    public static AxisList? Parse(string? text, out string error)
    {
        error = "";
        if (text is null || text.Trim().Length == 0)
        {
            error = "it names no axis";
            return null;
        }

        var groups = ImmutableArray.CreateBuilder<ImmutableArray<string>>();
        var seen = new HashSet<string>();
        List<string>? open = null;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '(')
            {
                if (open is not null) { error = "groups cannot nest"; return null; }
                open = new List<string>();
                i++;
                continue;
            }
            if (c == ')')
            {
                if (open is null) { error = "')' without '('"; return null; }
                if (open.Count == 0) { error = "empty group '()'"; return null; }
                groups.Add(open.ToImmutableArray());
                open = null;
                i++;
                continue;
            }
            if (!IsIdentifierStart(c)) { error = $"unexpected '{c}'"; return null; }
            var name = new StringBuilder();
            while (i < text.Length && IsIdentifierPart(text[i])) name.Append(text[i++]);
            string axis = name.ToString();
            if (!seen.Add(axis)) { error = $"axis '{axis}' appears twice"; return null; }
            if (open is not null) open.Add(axis);
            else groups.Add(ImmutableArray.Create(axis));
        }
        if (open is not null) { error = "'(' is never closed"; return null; }
        return new AxisList(groups.ToImmutable());
    }

    private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';
}
