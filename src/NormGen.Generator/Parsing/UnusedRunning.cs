using System;
using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Diagnostics;
using NormGen.Generator.Model;

namespace NormGen.Generator.Parsing;

/// <summary>
/// A Running(...) whose value the result never reaches (held by a local nothing returned uses) would give the kernels
/// a running buffer that nothing reads in eval, and that the runtime Expr tree (built from the result, the
/// interpreter's input) does not have. PyTorch declares a buffer explicitly; here a buffer exists because the formula
/// uses a running statistic, so an unused one is reported (NG0018) at the Running(...) rather than kept or dropped
/// silently.
/// </summary>
internal static class UnusedRunning
{
    public static void Check(FormulaBody body, ParseContext parse)
    {
        var locals = body.Locals.ToDictionary(l => l.Name, l => l.Value, StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<FormulaNode>(body.Results);
        while (pending.Count > 0)
        {
            foreach (var name in References(pending.Pop()))
                if (used.Add(name) && locals.TryGetValue(name, out var value)) pending.Push(value);
        }
        foreach (var local in body.Locals.Where(l => !used.Contains(l.Name)))
        {
            foreach (var running in Runnings(local.Value))
                parse.Report(DiagnosticDescriptors.UnusedRunning, running.Location ?? local.Location, local.Name);
        }
    }

    private static IEnumerable<string> References(FormulaNode node) => Descendants(node).OfType<RefNode>().Select(r => r.Name);

    /// <summary>The outermost Running calls of a value (a Running inside another is reported with it).</summary>
    private static IEnumerable<CallNode> Runnings(FormulaNode node) => node switch
    {
        CallNode { Op: Ir.Op.Running } c => [c],
        _ => Children(node).SelectMany(Runnings),
    };

    private static IEnumerable<FormulaNode> Descendants(FormulaNode node) => Children(node).SelectMany(Descendants).Prepend(node);

    private static IEnumerable<FormulaNode> Children(FormulaNode node) => node switch
    {
        CallNode c => c.Arguments,
        BinaryNode b => [b.Left, b.Right],
        NegateNode n => [n.Operand],
        _ => [],
    };
}
