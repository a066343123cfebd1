namespace NormGen.Interpretation;

/// <summary>What a formula tree refers to, found by one walk: its tensors, its running statistics and its reduced axes.</summary>
internal sealed class FormulaScan
{
    private FormulaScan(IEnumerable<Expr> roots)
    {
        var seen = new HashSet<Expr>(ReferenceEqualityComparer.Instance);
        var tensors = new List<string>();
        var running = new List<RunningExpr>();
        var reduced = new List<string>();
        var stack = new Stack<Expr>();
        // Roots pushed last first, so the first output is read first.
        foreach (var root in roots.Reverse()) stack.Push(root);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            if (!seen.Add(e)) continue;
            switch (e)
            {
                case TensorExpr t when !tensors.Contains(t.Name): tensors.Add(t.Name); break;
                case RunningExpr r: running.Add(r); break;
                case ReduceExpr r: reduced.AddRange(r.Axes.Except(reduced)); break;
            }
            // Pushed right to left so that tensors are listed in reading order.
            for (int i = e.Operands.Count - 1; i >= 0; i--) stack.Push(e.Operands[i]);
        }
        TensorNames = tensors;
        Running = running.OrderBy(r => r.CreationOrder).ToArray();
        ReducedAxes = reduced;
    }

    public static FormulaScan Of(Expr root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return new FormulaScan([root]);
    }

    /// <summary>One walk over several outputs' formulas: what any of them refers to.</summary>
    public static FormulaScan Of(IReadOnlyList<Expr> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        foreach (var root in roots) ArgumentNullException.ThrowIfNull(root, nameof(roots));
        return new FormulaScan(roots);
    }

    /// <summary>Names of the tensors the formula reads, in reading order.</summary>
    public IReadOnlyList<string> TensorNames { get; }

    /// <summary>The distinct running statistics, in formula order (the order they were created): buffer i belongs to Running[i].</summary>
    public IReadOnlyList<RunningExpr> Running { get; }

    /// <summary>Every axis some reduction names.</summary>
    public IReadOnlyList<string> ReducedAxes { get; }
}
