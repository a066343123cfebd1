using System;
using System.Collections.Generic;

namespace NormGen.Generator.Ir;

internal static class Topology
{
    /// <summary>Nodes reachable from the roots, every node after its arguments; deterministic for a given graph.</summary>
    public static List<Node> PostOrder(IEnumerable<Node> roots, Func<Node, bool>? stopAt = null)
    {
        var order = new List<Node>();
        var seen = new HashSet<Node>();
        var stack = new Stack<(Node Node, int Next)>();
        foreach (var root in roots)
        {
            if (!seen.Add(root)) continue;
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                bool leaf = stopAt?.Invoke(node) == true;
                if (!leaf && next < node.Args.Length)
                {
                    stack.Push((node, next + 1));
                    var arg = node.Args[next];
                    if (seen.Add(arg)) stack.Push((arg, 0));
                    continue;
                }
                order.Add(node);
            }
        }
        return order;
    }
}
