using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Ir;

namespace NormGen.Generator.Emit;

/// <summary>
/// Prints IR as formulas for the generated remarks, so a reviewer reads what was derived. Nodes given a name
/// (saved statistics, shared reductions) print as that name.
/// </summary>
internal sealed class FormulaPrinter
{
    /// <summary>Longest subexpression printed again at each use; a longer one used twice gets a name (t1 = ...).</summary>
    private const int MaxRepeated = 60;

    private readonly AxisTable _axes;
    private readonly Dictionary<Node, string> _names;

    public FormulaPrinter(AxisTable axes, Dictionary<Node, string>? names = null)
    {
        _axes = axes;
        _names = names ?? new Dictionary<Node, string>();
    }

    public void Name(Node node, string name) => _names[node] = name;

    /// <summary>Every name given so far (saved statistics, reductions, shared subexpressions).</summary>
    public IReadOnlyDictionary<Node, string> Names => _names;

    /// <summary>
    /// Names each subexpression of <paramref name="roots"/> that more than one node uses and that prints longer
    /// than <see cref="MaxRepeated"/> characters, <paramref name="prefix"/>1, 2, ... (continuing
    /// <paramref name="count"/>), arguments before their users. Printed as a tree, a formula whose levels each use
    /// the previous one twice would double at every level; with its shared parts named it grows linearly.
    /// Roots print expanded (the caller writes "name = body"), so the walk goes through them even when named.
    /// </summary>
    public List<(string Name, Node Node)> NameShared(IReadOnlyCollection<Node> roots, string prefix, ref int count, IReadOnlyDictionary<Node, string>? preferred = null)
    {
        var taken = new HashSet<string>(_names.Values, System.StringComparer.Ordinal);
        bool Opaque(Node n) => _names.ContainsKey(n) && !roots.Contains(n);
        var order = Topology.PostOrder(roots, Opaque);
        var uses = new Dictionary<Node, int>();
        foreach (var n in order)
        {
            if (Opaque(n)) continue;
            foreach (var a in n.Args) uses[a] = uses.TryGetValue(a, out int u) ? u + 1 : 1;
        }
        var named = new List<(string, Node)>();
        foreach (var n in order)
        {
            if (_names.ContainsKey(n) || n.Args.Length == 0 || !uses.TryGetValue(n, out int u) || u < 2) continue;
            // Arguments come first in the order, so any long shared part of n is named already: this stays short.
            if (Print(n).Length <= MaxRepeated) continue;
            // The user's own local when the node is one (a4 = Tanh(...)), else the next free t.
            string name;
            if (preferred is not null && preferred.TryGetValue(n, out var local) && !taken.Contains(local)) name = local;
            else do name = prefix + ++count; while (taken.Contains(name));
            taken.Add(name);
            _names[n] = name;
            named.Add((name, n));
        }
        return named;
    }

    /// <summary>
    /// The named nodes among <paramref name="roots"/> and what they use, arguments first: the order to define
    /// them in so every name is defined before it is used.
    /// </summary>
    public List<Node> Definitions(IReadOnlyCollection<Node> roots) =>
        Topology.PostOrder(roots, n => _names.ContainsKey(n) && !roots.Contains(n)).Where(_names.ContainsKey).ToList();

    public string Print(Node node, bool expandRoot = false) => Print(node, 0, expandRoot);

    // Precedence: 0 = sum, 1 = product, 2 = atom.
    private string Print(Node n, int context, bool expand = false)
    {
        if (!expand && _names.TryGetValue(n, out var name)) return name;
        string text;
        int own;
        switch (n.Kind)
        {
            case NodeKind.Constant: return Literals.Short(n.Value);
            case NodeKind.Hyper:
            case NodeKind.Tensor: return Identifiers.GradientOfSeed(n.Name!) ?? n.Name!;   // seeds are the only generated tensors
            case NodeKind.Count: return $"N({_axes.Format(n.Reduced)})";
            case NodeKind.Scale: return $"{(n.Value != 0 ? "ShiftedSquareScale" : "SquareScale")}(N({_axes.Format(n.Reduced)}))";
            case NodeKind.Add:
                own = 0;
                var parts = new List<string>();
                for (int i = 0; i < n.Args.Length; i++) parts.Add(Term(n.Weights[i], n.Args[i], parts.Count == 0));
                if (n.Value != 0) parts.Add((n.Value < 0 ? " - " : " + ") + Literals.Short(System.Math.Abs(n.Value)));
                text = string.Concat(parts);
                break;
            case NodeKind.Mul:
                own = 1;
                text = Product(n);
                break;
            case NodeKind.Unary:
                return $"{n.UnaryOp}({Print(n.Args[0], 0)})";
            case NodeKind.Pow:
                return $"Pow({Print(n.Args[0], 0)}, {Literals.Double(n.Value)})";
            case NodeKind.Pivot:
                return $"First({Print(n.Args[0], 0)}, \"{_axes.Format(n.Reduced)}\")";
            case NodeKind.Reduce:
                return $"{n.ReduceOp}({Print(n.Args[0], 0)}, \"{_axes.Format(n.Reduced)}\")";
            case NodeKind.Binary:
                return n.BinaryOp switch
                {
                    BinaryOp.Maximum => $"Maximum({Print(n.Args[0], 0)}, {Print(n.Args[1], 0)})",
                    BinaryOp.Minimum => $"Minimum({Print(n.Args[0], 0)}, {Print(n.Args[1], 0)})",
                    BinaryOp.EqualMask => $"[{Print(n.Args[0], 0)} == {Print(n.Args[1], 0)}]",
                    BinaryOp.GreaterMask => $"[{Print(n.Args[0], 0)} > {Print(n.Args[1], 0)}]",
                };
            default:
                throw new System.NotSupportedException(n.Kind.ToString());
        }
        return own < context ? "(" + text + ")" : text;
    }

    private string Term(double weight, Node term, bool first)
    {
        string body = Print(term, 1);
        double magnitude = System.Math.Abs(weight);
        if (magnitude != 1) body = Literals.Short(magnitude) + " * " + body;
        if (first) return weight < 0 ? "-" + body : body;
        return (weight < 0 ? " - " : " + ") + body;
    }

    private string Product(Node n)
    {
        var num = new List<string>();
        var den = new List<string>();
        for (int i = 0; i < n.Args.Length; i++)
        {
            int e = (int)n.Weights[i];
            string f = Print(n.Args[i], 2);
            string powered = System.Math.Abs(e) == 1 ? f : $"{f}^{System.Math.Abs(e)}";
            (e > 0 ? num : den).Add(powered);
        }
        double k = n.Value;
        if (System.Math.Abs(k) != 1 || num.Count == 0) num.Insert(0, Literals.Short(System.Math.Abs(k)));
        string text = string.Join(" * ", num);
        if (den.Count > 0) text += " / " + (den.Count == 1 ? den[0] : "(" + string.Join(" * ", den) + ")");
        return k < 0 ? "-" + text : text;
    }

    /// <summary>Names every reduction inside <paramref name="roots"/> that is not already named, s1, s2, ... in order.</summary>
    public List<(string Name, Node Node)> NameReductions(IEnumerable<Node> roots, string prefix)
    {
        var named = new List<(string, Node)>();
        foreach (var n in Topology.PostOrder(roots, x => _names.ContainsKey(x)))
        {
            if (n.Kind != NodeKind.Reduce || _names.ContainsKey(n)) continue;
            string name = prefix + (named.Count + 1);
            named.Add((name, n));
            _names[n] = name;
        }
        return named;
    }

    public static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
