namespace NormGen.Fuzz.Tests.Running;

/// <summary>
/// Rewrites a formula tree so that every distinct node (leaves and the root included) passes through a probe tensor
/// over the node's own axes: <c>e * noise</c> to perturb each intermediate value (and, through the chain rule, each
/// gradient that flows through it), or <c>e + zero</c>, whose gradient is the node's adjoint. The probes are extra
/// tensors of the rewritten tree, named with "__" (which no user name may contain), listed in <see cref="Probes"/>.
/// </summary>
public sealed class NodeProbes
{
    private readonly Func<string, IReadOnlyList<string>> _tensorAxes;
    private readonly Func<Expr, Expr, Expr> _attach;
    private readonly Dictionary<Expr, Expr> _bare = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Expr, Expr> _probed = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Expr, string[]> _axes = new(ReferenceEqualityComparer.Instance);
    private readonly List<(string Name, string[] Axes, Expr Node)> _probes = [];

    /// <param name="tensorAxes">The axes of an input or parameter of the formula.</param>
    /// <param name="attach">Combines a rebuilt node with its probe tensor, e.g. <c>(e, p) => e * p</c>.</param>
    public NodeProbes(Func<string, IReadOnlyList<string>> tensorAxes, Func<Expr, Expr, Expr> attach)
    {
        _tensorAxes = tensorAxes;
        _attach = attach;
    }

    /// <summary>Every probe tensor: its name, its axes, and the node of the original tree it follows.</summary>
    public IReadOnlyList<(string Name, string[] Axes, Expr Node)> Probes => _probes;

    public Expr Rewrite(Expr root)
    {
        // The interpreter numbers running buffers by the order their Running nodes were created: create the copies
        // in the original order, so buffer i still belongs to the i-th.
        foreach (var running in Nodes(root).OfType<RunningExpr>().OrderBy(r => r.CreationOrder)) Probed(running);
        return Probed(root);
    }

    /// <summary>The distinct nodes of a tree (shared subexpressions once).</summary>
    public static IEnumerable<Expr> Nodes(Expr root)
    {
        var seen = new HashSet<Expr>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<Expr>([root]);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            if (!seen.Add(e)) continue;
            yield return e;
            foreach (var operand in e.Operands) stack.Push(operand);
        }
    }

    /// <summary>The axes a node varies over (in no particular order: probes are filled with independent values).</summary>
    public string[] AxesOf(Expr e)
    {
        if (_axes.TryGetValue(e, out var known)) return known;
        string[] axes = e switch
        {
            TensorExpr t => _tensorAxes(t.Name).ToArray(),
            ConstantExpr => [],
            UnaryExpr u => AxesOf(u.Operand),
            PowerExpr p => AxesOf(p.Operand),
            BinaryExpr b => AxesOf(b.Left).Union(AxesOf(b.Right)).ToArray(),
            ReduceExpr r => AxesOf(r.Operand).Except(r.Axes).ToArray(),
            RunningExpr r => AxesOf(r.Statistic),
            _ => throw new InvalidOperationException($"Unknown node type {e.GetType().Name}."),
        };
        _axes.Add(e, axes);
        return axes;
    }

    private Expr Probed(Expr e)
    {
        if (_probed.TryGetValue(e, out var known)) return known;
        string name = "__probe" + _probes.Count;
        _probes.Add((name, AxesOf(e), e));
        var probed = _attach(Bare(e), Expr.Tensor(name));
        _probed.Add(e, probed);
        return probed;
    }

    /// <summary>The node rebuilt over probed operands, itself without a probe.</summary>
    private Expr Bare(Expr e)
    {
        if (_bare.TryGetValue(e, out var known)) return known;
        var bare = e switch
        {
            TensorExpr or ConstantExpr => e,
            UnaryExpr u => Expr.Unary(u.Kind, Probed(u.Operand)),
            PowerExpr p => Expr.Power(Probed(p.Operand), p.Exponent),
            BinaryExpr b => Expr.Binary(b.Kind, Probed(b.Left), Probed(b.Right)),
            ReduceExpr r => Expr.Reduce(r.Kind, Probed(r.Operand), string.Join(' ', r.Axes)),
            // The statistic itself stays bare: unbiased: true needs a Var node there. Its operands are probed, and the
            // Running node (the statistic in training, the buffer in eval) gets its own probe.
            RunningExpr r => Expr.Running(Bare(r.Statistic), r.Momentum, r.Unbiased),
            _ => throw new InvalidOperationException($"Unknown node type {e.GetType().Name}."),
        };
        _bare.Add(e, bare);
        return bare;
    }
}
