namespace NormGen.Fuzz.Tests.Running;

/// <summary>
/// Rewrites a formula tree so that every distinct node (leaves and the root included) passes through a probe tensor
/// over the node's own axes: <c>e * noise</c> to perturb each intermediate value (and, through the chain rule, each
/// gradient that flows through it), or <c>e + zero</c>, whose gradient is the node's adjoint. The probes are extra
/// tensors of the rewritten tree, named with "__" (which no user name may contain), listed in <see cref="Probes"/>.
/// With a <see cref="VarianceForm"/> other than <see cref="VarianceForm.AsWritten"/>, each Var is written out as its
/// definition about a centre of its own (<see cref="Centres"/>), as a kernel computes it.
/// </summary>
public sealed class NodeProbes
{
    private readonly Func<string, IReadOnlyList<string>> _tensorAxes;
    private readonly Func<Expr, Expr, Expr> _attach;
    private readonly Dictionary<Expr, Expr> _bare = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Expr, Expr> _probed = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Expr, string[]> _axes = new(ReferenceEqualityComparer.Instance);
    private readonly List<(string Name, string[] Axes, Expr Node)> _probes = [];
    private readonly VarianceForm _variances;
    private readonly List<(string Name, string[] Axes, Expr Mean)> _centres = [];

    /// <param name="tensorAxes">The axes of an input or parameter of the formula.</param>
    /// <param name="attach">Combines a rebuilt node with its probe tensor, e.g. <c>(e, p) => e * p</c>.</param>
    /// <param name="variances">How each Var is rebuilt, see <see cref="Centres"/>.</param>
    public NodeProbes(Func<string, IReadOnlyList<string>> tensorAxes, Func<Expr, Expr, Expr> attach, VarianceForm variances = VarianceForm.AsWritten)
    {
        _tensorAxes = tensorAxes;
        _attach = attach;
        _variances = variances;
    }

    /// <summary>Every probe tensor: its name, its axes, and the node of the original tree it follows.</summary>
    public IReadOnlyList<(string Name, string[] Axes, Expr Node)> Probes => _probes;

    /// <summary>
    /// The centre tensor of every Var the rewrite wrote out (over the Var's result axes), and the mean the caller
    /// fills it with (exactly, an expression over the original tree's nodes). A kernel's backward of Var(e) is 2 (e - mean) / N with a mean computed
    /// elsewhere, and has no path through the mean, which is 0 exactly only while the centred values sum to 0: e
    /// rounded apart from the mean leaves Sum(e - mean) a residue, which a factor like 1/sqrt(eps) amplifies
    /// (docs/fuzzing.md, bugs 13 and 14). Mean(Square(e - c)), with c a tensor holding the exact mean, is exactly Var(e)
    /// with exactly its gradient; with e probed, its gradient shows that residue, where the interpreter's Var, which
    /// centres inside one operation, cannot.
    /// </summary>
    public IReadOnlyList<(string Name, string[] Axes, Expr Mean)> Centres => _centres;

    /// <summary>Whether <see cref="VarianceForm.CentredWithoutShifts"/> left out a term of some Var's operand.</summary>
    public bool DroppedShifts { get; private set; }

    public Expr Rewrite(Expr root) => Rewrite([root])[0];

    /// <summary>Every output of a tuple formula rewritten, a node two outputs share probed once.</summary>
    public IReadOnlyList<Expr> Rewrite(IReadOnlyList<Expr> roots)
    {
        // The interpreter numbers running buffers by the order their Running nodes were created: create the copies
        // in the original order, so buffer i still belongs to the i-th.
        foreach (var running in Nodes(roots).OfType<RunningExpr>().OrderBy(r => r.CreationOrder)) Probed(running);
        return roots.Select(Probed).ToArray();
    }

    /// <summary>The distinct nodes of a tree (shared subexpressions once).</summary>
    public static IEnumerable<Expr> Nodes(Expr root) => Nodes([root]);

    /// <summary>The distinct nodes of several trees (a tuple formula's outputs), shared subexpressions once.</summary>
    public static IEnumerable<Expr> Nodes(IEnumerable<Expr> roots)
    {
        var seen = new HashSet<Expr>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<Expr>(roots.Reverse());
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
            ReduceExpr { Kind: ReduceKind.Var } v when _variances != VarianceForm.AsWritten => Centred(v),
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
        string axes = string.Join(' ', variance.Axes);
        var unshifted = _variances == VarianceForm.CentredWithoutShifts ? WithoutShifts(variance.Operand, variance.Axes, e => e, e => e) : null;
        bool dropShifts = unshifted is not null;
        DroppedShifts |= dropShifts;
        string name = "__centre" + _centres.Count;
        _centres.Add((name, AxesOf(variance), Expr.Reduce(ReduceKind.Mean, unshifted ?? variance.Operand, axes)));
        var probed = dropShifts ? WithoutShifts(variance.Operand, variance.Axes, Probed, Held)! : Probed(variance.Operand);
        return Expr.Reduce(ReduceKind.Mean, Expr.Unary(UnaryKind.Square, probed - Expr.Tensor(name)), axes);
    }

    /// <summary>
    /// <paramref name="e"/> as the simplifier may compute a Var of it, or null where it would not change it. (1) Without
    /// the terms of a sum that are constant over <paramref name="axes"/>, also inside a factor of a product (or a
    /// dividend) whose other factors are constant over them: a Var is shift-invariant and Var(k (a + s)) = k^2 Var(a)
    /// for k and s constant over its axes (bug 15). (2) A centring over some of those axes, x - Mean(x, A), with the
    /// factors around it constant over A, with the Mean held at its exact value (<paramref name="hold"/>): the centred
    /// values sum to 0 over A, so the path through that Mean is 0 exactly and the kernel's backward may leave it out,
    /// while its forward computes x - Mean(x, A) as a rounding residue where it is 0 (docs/fuzzing.md, bug 17). The
    /// other operands are rebuilt with <paramref name="build"/>.
    /// </summary>
    private Expr? WithoutShifts(Expr e, IReadOnlyCollection<string> axes, Func<Expr, Expr> build, Func<Expr, Expr> hold, List<Expr>? factors = null)
    {
        factors ??= [];
        bool Varies(Expr x, IEnumerable<string> over) => AxesOf(x).Intersect(over).Any();
        // A negation is a factor of -1, constant over every axis: -((P - Mean(P)) * k) centres P as much as the
        // product does (seed 3011302's Var(-((Square(S) - Mean(Square(S), "h")) * rstd), "h") with h = 1).
        if (e is UnaryExpr { Kind: UnaryKind.Negate } negation)
            return WithoutShifts(negation.Operand, axes, build, hold, factors) is { } negated ? Expr.Unary(UnaryKind.Negate, negated) : null;
        if (e is BinaryExpr { Kind: BinaryKind.Multiply or BinaryKind.Divide } b)
        {
            if (WithoutShifts(b.Left, axes, build, hold, [.. factors, b.Right]) is { } left)
                return Expr.Binary(b.Kind, left, build(b.Right));
            if (b.Kind == BinaryKind.Multiply && WithoutShifts(b.Right, axes, build, hold, [.. factors, b.Left]) is { } right)
                return Expr.Binary(b.Kind, build(b.Left), right);
            return null;
        }
        var terms = Terms(e, negated: false).ToList();
        bool scaled = factors.Any(f => Varies(f, axes));
        bool Held((Expr Term, bool Negated) t) =>
            t is { Negated: true, Term: ReduceExpr { Kind: ReduceKind.Mean } mean } && Varies(mean, axes) && mean.Axes.All(axes.Contains)
            && !factors.Any(f => Varies(f, mean.Axes)) && terms.Any(o => !o.Negated && o.Term.ToString() == mean.Operand.ToString());
        var kept = terms.Where(t => Varies(t.Term, axes) || scaled).ToList();
        if (kept.Count == 0) return null;
        // A term that is itself a product may hold a centring (seed 3011302: Var((Square(S) - Mean(Square(S), "h")) *
        // rstd - 1.0, "h")). A null answer has no side effects, so the terms are tried before anything is built.
        var inner = kept.Select(t => Held(t) || t.Term is not BinaryExpr { Kind: BinaryKind.Multiply or BinaryKind.Divide } ? null
            : WithoutShifts(t.Term, axes, build, hold, factors)).ToList();
        if (kept.Count == terms.Count && !kept.Any(Held) && inner.All(i => i is null)) return null;
        var built = kept.Select((t, i) => (Term: Held(t) ? hold(t.Term) : inner[i] ?? build(t.Term), t.Negated)).ToList();
        return Sum(built, t => t.Term);
    }

    /// <summary>A tensor holding <paramref name="e"/>'s exact values (filled like a Var's centre, <see cref="Centres"/>).</summary>
    private Expr Held(Expr e)
    {
        string name = "__centre" + _centres.Count;
        _centres.Add((name, AxesOf(e), e));
        return Expr.Tensor(name);
    }

    /// <summary>The terms of a sum (through +, - and negation), each with whether it is subtracted.</summary>
    private static IEnumerable<(Expr Term, bool Negated)> Terms(Expr e, bool negated) => e switch
    {
        BinaryExpr { Kind: BinaryKind.Add } b => Terms(b.Left, negated).Concat(Terms(b.Right, negated)),
        BinaryExpr { Kind: BinaryKind.Subtract } b => Terms(b.Left, negated).Concat(Terms(b.Right, !negated)),
        UnaryExpr { Kind: UnaryKind.Negate } u => Terms(u.Operand, !negated),
        _ => [(e, negated)],
    };

    private static Expr Sum(List<(Expr Term, bool Negated)> terms, Func<(Expr Term, bool Negated), Expr> build) =>
        terms.Skip(1).Aggregate(terms[0].Negated ? -build(terms[0]) : build(terms[0]), (sum, t) => t.Negated ? sum - build(t) : sum + build(t));
}

/// <summary>How <see cref="NodeProbes"/> rebuilds each Var(e, axes).</summary>
public enum VarianceForm
{
    /// <summary>Unchanged.</summary>
    AsWritten,

    /// <summary>Mean(Square(e - c), axes) with c a tensor holding the exact Mean(e, axes).</summary>
    Centred,

    /// <summary>
    /// As <see cref="Centred"/>, over the terms of e (a sum, or a sum times or over factors constant over the axes) that
    /// vary over the axes only: a Var is shift-invariant, the
    /// other terms change neither its value nor (exactly 0) their own gradients, and the generator's simplifier may
    /// cancel them symbolically (Var(Square(k) - Mean(Square(k), "c"), "c") becomes Var(Square(k), "c")), which drops
    /// their path from the kernel's backward.
    /// </summary>
    CentredWithoutShifts,
}
