namespace NormGen.Fuzz.Tests.Running;

/// <summary>
/// Rewrites a formula tree so that every distinct node (leaves and the root included) passes through a probe tensor
/// over the node's own axes: <c>e * noise</c> to perturb each intermediate value (and, through the chain rule, each
/// gradient that flows through it), or <c>e + zero</c>, whose gradient is the node's adjoint. The probes are extra
/// tensors of the rewritten tree, named with "__" (which no user name may contain), listed in <see cref="Probes"/>.
/// With <c>centreVariances</c>, each Var is also written out as its definition about a centre of its own
/// (<see cref="Centres"/>), so the rounding of the mean a kernel computes for it can be perturbed too.
/// </summary>
public sealed class NodeProbes
{
    private readonly Func<string, IReadOnlyList<string>> _tensorAxes;
    private readonly Func<Expr, Expr, Expr> _attach;
    private readonly Dictionary<Expr, Expr> _bare = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Expr, Expr> _probed = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Expr, string[]> _axes = new(ReferenceEqualityComparer.Instance);
    private readonly List<(string Name, string[] Axes, Expr Node)> _probes = [];
    private readonly bool _centreVariances;
    private readonly List<(string Name, string[] Axes, ReduceExpr Variance)> _centres = [];

    /// <param name="tensorAxes">The axes of an input or parameter of the formula.</param>
    /// <param name="attach">Combines a rebuilt node with its probe tensor, e.g. <c>(e, p) => e * p</c>.</param>
    /// <param name="centreVariances">Rebuild each Var(e, axes) as Mean(Square(e - centre), axes), see <see cref="Centres"/>.</param>
    public NodeProbes(Func<string, IReadOnlyList<string>> tensorAxes, Func<Expr, Expr, Expr> attach, bool centreVariances = false)
    {
        _tensorAxes = tensorAxes;
        _attach = attach;
        _centreVariances = centreVariances;
    }

    /// <summary>Every probe tensor: its name, its axes, and the node of the original tree it follows.</summary>
    public IReadOnlyList<(string Name, string[] Axes, Expr Node)> Probes => _probes;

    /// <summary>
    /// The centre tensor of every Var the rewrite wrote out (over the Var's result axes), and that Var; the caller
    /// fills it with the Var's exact mean. A kernel's backward of Var(e) is 2 (e - mean) / N with a mean computed
    /// elsewhere, and has no path through the mean, which is 0 exactly only while the centred values sum to 0: e
    /// rounded apart from the mean leaves Sum(e - mean) a residue, which a factor like 1/sqrt(eps) amplifies
    /// (docs/fuzzing.md, bugs 13 and 14). Mean(Square(e - c)), with c a tensor holding the exact mean, is exactly Var(e)
    /// with exactly its gradient; with e probed, its gradient shows that residue, where the interpreter's Var, which
    /// centres inside one operation, cannot.
    /// </summary>
    public IReadOnlyList<(string Name, string[] Axes, ReduceExpr Variance)> Centres => _centres;

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
            ReduceExpr { Kind: ReduceKind.Var } v when _centreVariances => Centred(v),
            ReduceExpr r => Expr.Reduce(r.Kind, Probed(r.Operand), string.Join(' ', r.Axes)),
            // The statistic itself stays bare and a Var there stays a Var (unbiased: true needs a Var node). Its
            // operands are probed, and the Running node (the statistic in training, the buffer in eval) gets its own probe.
            RunningExpr { Statistic: ReduceExpr s } r => Expr.Running(Expr.Reduce(s.Kind, Probed(s.Operand), string.Join(' ', s.Axes)), r.Momentum, r.Unbiased),
            RunningExpr r => Expr.Running(Bare(r.Statistic), r.Momentum, r.Unbiased),
            _ => throw new InvalidOperationException($"Unknown node type {e.GetType().Name}."),
        };
        _bare.Add(e, bare);
        return bare;
    }

    private Expr Centred(ReduceExpr variance)
    {
        string name = "__centre" + _centres.Count;
        _centres.Add((name, AxesOf(variance), variance));
        var axes = string.Join(' ', variance.Axes);
        return Expr.Reduce(ReduceKind.Mean, Expr.Unary(UnaryKind.Square, Probed(variance.Operand) - Expr.Tensor(name)), axes);
    }
}
