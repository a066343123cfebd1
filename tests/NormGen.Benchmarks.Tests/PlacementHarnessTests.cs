using NormGen.Benchmarks.Infrastructure;

namespace NormGen.Benchmarks.Tests;

/// <summary>
/// <c>--interleaved placement</c> binds the generated forward kernels of LayerNorm and the fused add+RMSNorm by
/// reflection (name, type parameters, parameter list) to compile copies of them; a change to the emitted kernel's
/// signature must show here, not only when someone runs the measurement (docs/statistics.md, "The quiet
/// BenchmarkDotNet A/B of the merged per-call choice").
/// </summary>
public sealed class PlacementHarnessTests
{
    [Fact]
    public void The_placement_comparison_compiles_and_runs_its_kernel_copies()
    {
        var output = new StringWriter();
        var was = Console.Out;
        Console.SetOut(output);
        try
        {
            Interleaved.Run(["placement", "4x64", "3"]);
        }
        finally
        {
            Console.SetOut(was);
        }
        string text = output.ToString();
        Assert.Contains("LayerNorm forward kernel 4x64, 8 copies", text);
        Assert.Contains("fused add+RMSNorm forward kernel 4x64, 8 copies", text);
        Assert.Contains("copy 7", text);
    }
}
