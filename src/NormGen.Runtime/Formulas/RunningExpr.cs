namespace NormGen;

/// <summary>
/// A statistic with a running buffer (<see cref="Ops.Running"/>): the statistic itself in training, the buffer in eval.
/// </summary>
public sealed class RunningExpr : Expr
{
    // Running buffers are numbered in the order the formula creates them, which a tree walk cannot recover
    // (`var a = Running(..); var b = Running(..); return b * a;`), so each node remembers when it was made.
    private static long s_created;

    internal RunningExpr(Expr statistic, double momentum, bool unbiased)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        if (unbiased && statistic is not ReduceExpr { Kind: ReduceKind.Var })
            throw new ArgumentException(
                $"Running(..., unbiased: true) needs a Var(...) statistic (the N/(N-1) correction is defined only for a variance), but got {statistic}.",
                nameof(unbiased));
        Statistic = statistic;
        Momentum = momentum;
        Unbiased = unbiased;
        CreationOrder = Interlocked.Increment(ref s_created);
    }

    /// <summary>The batch statistic.</summary>
    public Expr Statistic { get; }

    /// <summary>The weight of the batch statistic in the buffer update.</summary>
    public double Momentum { get; }

    /// <summary>The buffer tracks the unbiased variance (N/(N-1) times the biased <see cref="Statistic"/>).</summary>
    public bool Unbiased { get; }

    /// <summary>Increases with every Running node created in this process: sorts a formula's buffers into formula order.</summary>
    public long CreationOrder { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<Expr> Operands => [Statistic];
}
