using Microsoft.CodeAnalysis;
using NormGen.Generator.Tests.Infrastructure;

namespace NormGen.Generator.Tests;

/// <summary>
/// docs/api.md, "Tensor spans": the ReadOnlyTensorSpan/TensorSpan overloads exist only in a project that references
/// System.Numerics.Tensors, so the runtime needs no reference to it; they compile, and a second run stays cached.
/// </summary>
public sealed class TensorSpanOverloadTests
{
    [Fact]
    public void LayerNorm_with_System_Numerics_Tensors_referenced()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilationWithTensors(("Layer.cs", DesignLayers.LayerNorm)));
        run.AssertDidNotCrash();
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.OutputDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var generated = Assert.Single(run.GeneratedSources).Value;
        Assert.Contains("public static void Forward(global::System.Numerics.Tensors.ReadOnlyTensorSpan<float> x,", generated);
        Assert.Contains("public static void Backward(global::System.Numerics.Tensors.ReadOnlyTensorSpan<double> dy,", generated);
        Snapshot.Verify(generated);
    }

    [Fact]
    public void Without_the_reference_no_tensor_span_overload_is_emitted()
    {
        var run = GeneratorHarness.Run(DesignLayers.LayerNorm);
        var generated = Assert.Single(run.GeneratedSources).Value;
        Assert.DoesNotContain("Tensors", generated);
        Assert.Contains("public static void Forward(Shape s,", generated);
    }
}
