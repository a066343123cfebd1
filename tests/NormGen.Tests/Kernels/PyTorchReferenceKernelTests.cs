using NormGen.Tests.Reference;
using NormGen.Tests.Support;

namespace NormGen.Tests.Kernels;

/// <summary>
/// The generated kernels of <c>Reference/ReferenceLayers.cs</c> on every PyTorch case of
/// <c>tests/data/pytorch/pytorch-normalizations.json</c>: y, every gradient, and for batch_norm the running buffers.
/// </summary>
public sealed class PyTorchReferenceKernelTests
{
    // The reference README's bounds, relative to the largest magnitude of each output.
    private const double DoubleTolerance = 1e-9;
    private const double FloatTolerance = 1e-4;
    // Rounding x ~ 1e4 to float32 alone moves it by ~5e-4 (half an ulp at 1e4), i.e. ~3e-4 of its std 2 (README).
    private const double FloatLargeOffsetTolerance = 1e-3;

    public static TheoryData<string> Cases => ReferenceCases.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Double_kernels_match_PyTorch(string name) => AssertMatches<double>(name, DoubleTolerance);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float_kernels_match_PyTorch(string name) =>
        AssertMatches<float>(name, name == "layer_norm_large_offset" ? FloatLargeOffsetTolerance : FloatTolerance);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_overwrites_input_gradients_and_accumulates_parameter_gradients(string name)
    {
        var (kernels, problem) = Problem(ReferenceCases.Named(name));
        KernelHarness.AssertOverwritesInputGradientsAndAccumulatesParameterGradients(kernels, problem, name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PyTorch_checks_every_output_the_kernels_write(string name)
    {
        // So that "every output matches" above cannot pass by leaving a gradient or running buffer unchecked.
        var c = ReferenceCases.Named(name);
        var (kernels, problem) = Problem(c);
        var result = KernelHarness.Run<double>(kernels, problem);
        Assert.Contains("y", c.Outputs.Keys);
        foreach (string tensor in result.Gradients.Keys)
            Assert.Contains("d" + tensor, c.Outputs.Keys);
        if (result.Running.Count > 0)
            Assert.Equal(["running_mean", "running_var"], c.Outputs.Keys.Where(k => k.StartsWith("running_", StringComparison.Ordinal)).Order());
    }

    private static void AssertMatches<T>(string name, double tolerance) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var c = ReferenceCases.Named(name);
        var run = ReferenceRun.For(c);
        var (kernels, problem) = Problem(c);
        var result = KernelHarness.Run<T>(kernels, problem).AsInterpreterResult();

        Assert.NotEmpty(c.Outputs);
        foreach (var (output, expected) in c.Outputs)
            Tolerance.AssertClose(expected.Data, run.Actual(output, result), tolerance, $"{name} ({typeof(T).Name}): {output}");
    }

    private static (LayerKernels, KernelProblem) Problem(ReferenceCase c)
    {
        var run = ReferenceRun.For(c);
        return (ReferenceKernels.For(run.Layer), new KernelProblem(run.Sizes, run.Tensors, c.Dy.Data, run.Hyper, run.Running, run.Training));
    }
}
