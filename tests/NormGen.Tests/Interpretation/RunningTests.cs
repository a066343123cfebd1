using NormGen.Interpretation;
using NormGen.Tests.Support;
using static NormGen.Ops;

namespace NormGen.Tests.Interpretation;

/// <summary>Running(stat, momentum, unbiased): the statistic and a buffer update in training, the buffer as a constant in eval.</summary>
public sealed class RunningTests
{
    private static readonly Expr X = Expr.Tensor("x");
    private static readonly (string, int)[] s_axes = [("n", 4), ("c", 2)];
    // Column 0: 1, 2, 3, 6 (mean 3, biased var 3.5, unbiased 14/3); column 1: 0, 0, 4, 4 (mean 2, var 4, unbiased 16/3).
    private static readonly double[] s_x = [1, 0, 2, 0, 3, 4, 6, 4];

    private static InterpreterResult Run(Expr formula, double[] dy, double[][] running, bool training) =>
        ExprInterpreter.Run(formula, s_axes, new Dictionary<string, NamedTensor> { ["x"] = new("n c", (double[])s_x.Clone()) }, "n c", dy, running, training);

    [Fact]
    public void Training_normalizes_with_the_statistic_and_updates_the_buffers()
    {
        var mean = Running(Mean(X, "n"), 0.1);
        var variance = Running(Var(X, "n"), 0.25, unbiased: true);
        var r = Run((X - mean) / variance, new double[8], [[10, 20], [1, 1]], training: true);

        Assert.Equal((1 - 3) / 3.5, r.Y[0], 1e-15);
        Assert.Equal((4 - 2) / 4.0, r.Y[5], 1e-15);
        Tolerance.AssertClose([0.9 * 10 + 0.1 * 3, 0.9 * 20 + 0.1 * 2], r.UpdatedRunning[0], 1e-15, "running mean");
        Tolerance.AssertClose([0.75 * 1 + 0.25 * 14.0 / 3, 0.75 * 1 + 0.25 * 16.0 / 3], r.UpdatedRunning[1], 1e-15, "running var");
    }

    [Fact]
    public void Eval_normalizes_with_the_buffers_and_leaves_them_unchanged()
    {
        double[] runningMean = [10, 20], runningVar = [2, 4];
        var r = Run((X - Running(Mean(X, "n"), 0.1)) / Running(Var(X, "n"), 0.1, unbiased: true),
                    [1, 1, 1, 1, 1, 1, 1, 1], [runningMean, runningVar], training: false);

        Assert.Equal((1 - 10) / 2.0, r.Y[0]);
        Assert.Equal((4 - 20) / 4.0, r.Y[5]);
        Assert.Equal(runningMean, r.UpdatedRunning[0]);
        Assert.Equal(runningVar, r.UpdatedRunning[1]);
        Assert.NotSame(runningMean, r.UpdatedRunning[0]);
        // The buffers are constants: dx is dy / var, with nothing through the statistics.
        Assert.Equal([0.5, 0.25, 0.5, 0.25, 0.5, 0.25, 0.5, 0.25], r.Gradients["x"]);
    }

    [Fact]
    public void In_training_the_gradient_flows_through_the_statistic()
    {
        double[] dy = [0.3, -1, 2, 0.5, -0.7, 1, 0.1, 0.4];
        var withRunning = Run(X * Rsqrt(Running(Var(X, "n"), 0.1, unbiased: true) + 1e-5), dy, [[1, 1]], training: true);
        var plain = Run(X * Rsqrt(Var(X, "n") + 1e-5), dy, [], training: true);
        Assert.Equal(plain.Y, withRunning.Y);
        Assert.Equal(plain.Gradients["x"], withRunning.Gradients["x"]);
    }

    [Fact]
    public void Training_gradients_match_finite_differences()
    {
        var tensors = new Dictionary<string, NamedTensor> { ["x"] = new("n c", RandomData.Uniform(new Random(3), 8)) };
        var formula = (X - Running(Mean(X, "n"), 0.1)) * Rsqrt(Running(Var(X, "n"), 0.1, unbiased: true) + 1e-5);
        GradientCheck.Verify(formula, s_axes, tensors, "n c", running: [[0, 0], [1, 1]], training: true);
    }

    [Fact]
    public void Buffers_are_numbered_in_creation_order_not_tree_order()
    {
        var first = Running(Mean(X, "n"), 0.5);
        var second = Running(Max(X, "n"), 0.5);
        // A left-to-right walk of this tree meets `second` first.
        var r = Run(second + first, new double[8], [[0, 0], [0, 0]], training: true);
        Assert.Equal([1.5, 1.0], r.UpdatedRunning[0]);
        Assert.Equal([3.0, 2.0], r.UpdatedRunning[1]);
    }

    [Fact]
    public void A_running_node_used_twice_is_one_buffer()
    {
        var mean = Running(Mean(X, "n"), 0.5);
        var r = Run(X - mean * mean, new double[8], [[0, 0]], training: true);
        Assert.Single(r.UpdatedRunning);
    }

    [Fact]
    public void Unbiased_needs_a_variance()
    {
        var e = Assert.Throws<ArgumentException>(() => Running(Mean(X, "n"), 0.1, unbiased: true));
        Assert.Contains("Var", e.Message);
    }

    [Fact]
    public void Buffer_count_and_lengths_are_checked()
    {
        var formula = X - Running(Mean(X, "n"), 0.1);
        Assert.Contains("1 running buffer", Assert.Throws<ArgumentException>(() => Run(formula, new double[8], [], training: true)).Message);
        Assert.Contains("running[0]", Assert.Throws<ArgumentException>(() => Run(formula, new double[8], [[0, 0, 0]], training: false)).Message);
    }
}
