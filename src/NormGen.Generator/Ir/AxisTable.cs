using System.Collections.Generic;
using System.Linq;

namespace NormGen.Generator.Ir;

/// <summary>
/// The layer's logical axes, numbered in the order the Shape lists them: the layout's axes in memory order,
/// then axes that only parameters or the output have. Index order is layout order, so iterating an
/// <see cref="AxisSet"/> visits axes outermost first.
/// </summary>
internal sealed class AxisTable
{
    private readonly List<string> _names = new();
    private readonly Dictionary<string, int> _index = new();

    public IReadOnlyList<string> Names => _names;

    public int Add(string name)
    {
        if (_index.TryGetValue(name, out int i)) return i;
        i = _names.Count;
        _names.Add(name);
        _index.Add(name, i);
        return i;
    }

    public bool TryGet(string name, out int index) => _index.TryGetValue(name, out index);

    public string Name(int axis) => _names[axis];

    public AxisSet SetOf(IEnumerable<string> names)
    {
        uint bits = 0;
        foreach (var n in names) bits |= 1u << _index[n];
        return new AxisSet(bits);
    }

    public AxisSet All => new((uint)((1UL << _names.Count) - 1));

    /// <summary>"n d" for display.</summary>
    public string Format(AxisSet set) => string.Join(" ", set.Indices().Select(Name));
}
