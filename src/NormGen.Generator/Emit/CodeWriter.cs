using System;
using System.Text;

namespace NormGen.Generator.Emit;

/// <summary>An indented text writer with '\n' line endings, so emitted files are identical on every OS.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    /// <summary>Writes a line at the current depth; text after a '\n' in it continues one level deeper (a long argument list).</summary>
    public CodeWriter Line(string line = "")
    {
        // Appended piece by piece: every emitted line comes through here, so no split array per line.
        int start = 0;
        for (int depth = _depth; ; depth = _depth + 1)
        {
            int end = line.IndexOf('\n', start);
            int length = (end < 0 ? line.Length : end) - start;
            if (length > 0) _text.Append(' ', 4 * depth).Append(line, start, length);
            _text.Append('\n');
            if (end < 0) return this;
            start = end + 1;
        }
    }

    /// <summary>Writes "{" and indents until the returned scope is disposed, which writes "}" + <paramref name="closing"/>.</summary>
    public IDisposable Block(string? header = null, string closing = "")
    {
        if (header is not null) Line(header);
        Line("{");
        _depth++;
        return new Scope(this, closing);
    }

    public void Indent() => _depth++;

    public void Outdent() => _depth--;

    /// <summary>Appends another writer's text at the current depth.</summary>
    public void Append(CodeWriter other)
    {
        foreach (var line in other.ToString().Split('\n'))
        {
            if (line.Length == 0) continue;
            _text.Append(' ', 4 * _depth).Append(line).Append('\n');
        }
    }

    public override string ToString() => _text.ToString();

    private sealed class Scope : IDisposable
    {
        private readonly CodeWriter _writer;
        private readonly string _closing;

        public Scope(CodeWriter writer, string closing)
        {
            _writer = writer;
            _closing = closing;
        }

        public void Dispose()
        {
            _writer._depth--;
            _writer.Line("}" + _closing);
        }
    }
}
