using NormGen.Interpretation;
using NormGen.Tests.Support;

namespace NormGen.Tests.Reference;

/// <summary>The reference interpreter, running the formulas of <see cref="ReferenceLayers"/>, against PyTorch's float64 numbers.</summary>
public sealed class InterpreterReferenceTests
{
    public static TheoryData<string> Cases => ReferenceCases.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_PyTorch_on_every_output(string name)
    {
        var c = ReferenceCases.Named(name);
        var run = ReferenceRun.For(c);
        var result = ReferenceInterpreter.ForLayer(run.Layer).Run(run.Sizes, run.Tensors, c.Dy.Data, run.Hyper, run.Running, run.Training);

        Assert.NotEmpty(c.Outputs);
        foreach (var (output, expected) in c.Outputs)
            Tolerance.AssertClose(expected.Data, run.Actual(output, result), 1e-9, $"{name}: {output}");
    }

    [Fact]
    public void The_reference_file_holds_every_op_of_its_README()
    {
        string[] ops = ["layer_norm", "batch_norm", "group_norm", "instance_norm", "rms_norm", "weight_norm", "cosine_norm"];
        Assert.All(ops, op => Assert.NotEmpty(ReferenceCases.ForOp(op)));
        Assert.Contains(ReferenceCases.ForOp("batch_norm"), c => !c.Training);
    }

    [Fact]
    public void Eval_mode_leaves_the_running_buffers_unchanged()
    {
        var c = ReferenceCases.ForOp("batch_norm").First(c => !c.Training);
        var run = ReferenceRun.For(c);
        var result = ReferenceInterpreter.ForLayer(run.Layer).Run(run.Sizes, run.Tensors, c.Dy.Data, run.Hyper, run.Running, training: false);
        Assert.Equal(c.Input("running_mean").Data, result.UpdatedRunning[0]);
        Assert.Equal(c.Input("running_var").Data, result.UpdatedRunning[1]);
    }
}
