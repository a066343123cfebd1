namespace NormGen;

/// <summary>
/// Parses the axis lists of the formula language: reduction axes (<c>"n h w"</c>) and layouts, where
/// <c>"(g c)"</c> splits one memory axis into logical axes g (outer) and c (inner).
/// </summary>
internal static class AxisText
{
    /// <summary>A space-separated list of distinct axis names, without groups.</summary>
    public static IReadOnlyList<string> ParseNames(string text, string paramName)
    {
        ArgumentNullException.ThrowIfNull(text, paramName);
        if (text.Contains('(') || text.Contains(')'))
            throw new ArgumentException($"Axis list \"{text}\" cannot group axes with parentheses here.", paramName);
        return ParseLayout(text, paramName);
    }

    /// <summary>The logical axes of a layout in memory order, outermost first; groups are flattened.</summary>
    public static IReadOnlyList<string> ParseLayout(string text, string paramName)
    {
        ArgumentNullException.ThrowIfNull(text, paramName);
        var names = new List<string>();
        bool inGroup = false;
        int groupStart = 0;
        foreach (string token in Tokenize(text))
        {
            switch (token)
            {
                case "(":
                    if (inGroup) throw Bad(text, "groups cannot nest", paramName);
                    inGroup = true;
                    groupStart = names.Count;
                    break;
                case ")":
                    if (!inGroup) throw Bad(text, "')' without '('", paramName);
                    if (names.Count == groupStart) throw Bad(text, "empty group '()'", paramName);
                    inGroup = false;
                    break;
                default:
                    if (!IsIdentifier(token)) throw Bad(text, $"'{token}' is not an axis name", paramName);
                    if (names.Contains(token)) throw Bad(text, $"axis '{token}' appears twice", paramName);
                    names.Add(token);
                    break;
            }
        }
        if (inGroup) throw Bad(text, "'(' is never closed", paramName);
        if (names.Count == 0) throw Bad(text, "it names no axis", paramName);
        return names.AsReadOnly();
    }

    public static void ValidateName(string name, string paramName)
    {
        ArgumentNullException.ThrowIfNull(name, paramName);
        if (!IsIdentifier(name)) throw new ArgumentException($"'{name}' is not an identifier.", paramName);
    }

    private static IEnumerable<string> Tokenize(string text)
    {
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '(' or ')') { yield return c.ToString(); i++; continue; }
            int start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')')) i++;
            yield return text[start..i];
        }
    }

    private static bool IsIdentifier(string s) =>
        s.Length > 0 && (char.IsLetter(s[0]) || s[0] == '_') && s.All(c => char.IsLetterOrDigit(c) || c == '_');

    private static ArgumentException Bad(string text, string why, string paramName) =>
        new($"Axis list \"{text}\" is invalid: {why}.", paramName);
}
