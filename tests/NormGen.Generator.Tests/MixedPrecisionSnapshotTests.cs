using Microsoft.CodeAnalysis;
using NormGen.Generator.Tests.Infrastructure;

namespace NormGen.Generator.Tests;

/// <summary>
/// docs/precision.md: the bfloat16 (and Half) overloads of a layer run the one generated kernel body the float and
/// double overloads run, instantiated with the storage type <c>__S</c>: tensors load through <c>Load&lt;__S&gt;</c>
/// (widened to float) and store through <c>Store&lt;__S&gt;</c> (rounded once), parameters and statistics stay float.
/// </summary>
public sealed class MixedPrecisionSnapshotTests
{
    [Fact]
    public void BFloat16_LayerNorm_kernel()
    {
        var run = GeneratorHarness.Run(DesignLayers.LayerNorm);
        run.AssertDidNotCrash();
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.OutputDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var generated = Assert.Single(run.GeneratedSources).Value;
        var lines = generated.Replace("\r\n", "\n").Split('\n');

        // One kernel text for every storage type: no per-type copy of a kernel.
        Assert.Single(lines, l => l.Contains("private static void __ForwardKernel<"));
        Assert.Single(lines, l => l.Contains("private static void __BackwardKernel<"));
        Assert.Contains("=> __ForwardCore<float, float>(s, x, gamma, beta, y, saved, eps);", generated);
        Assert.Contains("=> __ForwardCore<float, global::NormGen.BFloat16>(s, x, gamma, beta, y, saved, eps);", generated);
        Assert.Contains("=> __BackwardCore<float, global::System.Half>(s, dy, x, gamma, beta, saved, dx, dgamma, dbeta, eps);", generated);
        // Tensors through the storage type, parameters and their gradients in float.
        Assert.Contains("__V.Load<__S>(ref __row_x, __j)", generated);
        Assert.Contains("global::NormGen.Kernels.NonTemporal.Store<__V, __TV, __T, __S>(", generated); // V.Store<__S> unless streaming
        Assert.Contains("__V.Load(ref gamma, __j)", generated);
        Assert.DoesNotContain("Load<__S>(ref gamma", generated);
        Assert.DoesNotContain("Load<__S>(ref dgamma", generated);
        // Rows the outer loop sweeps more than once are widened once (x in the forward, dy and x in the backward) into
        // per-thread rows the later sweeps read, in a copy of the outer loop only narrower storage runs; outputs never.
        Assert.Contains("if (typeof(__S) != typeof(__T) && global::NormGen.Kernels.Staging.Fits<__T>(__N_d))", generated);
        Assert.Contains("if (typeof(__S) != typeof(__T) && global::NormGen.Kernels.Staging.Fits<__T>(__N_d + __N_d))", generated);
        Assert.Contains("ref __T __stage_x = ref global::NormGen.Kernels.Staging.Row<__T>(0, __N_d);", generated);
        Assert.Contains("ref __T __stage_dy = ref global::NormGen.Kernels.Staging.Row<__T>(0, __N_d);", generated);
        Assert.Contains("__V.Store(__ld_x, ref __stage_x, __j);", generated);
        Assert.Contains("__TV __ld_x = __V.Load(ref __stage_x, __j);", generated);
        Assert.DoesNotContain("__stage_y", generated);
        Assert.DoesNotContain("__stage_dx", generated);

        // The bfloat16 overloads and the kernels they run, as a reviewer reads them.
        var excerpt = new List<string>();
        foreach (string marker in new[]
        {
            "/// <summary>Forward pass with bfloat16",
            "/// <summary>Backward pass with bfloat16",
            "/// <summary>Forward: outer loop",
            "/// <summary>Backward: outer loop",
        })
        {
            int start = Array.FindIndex(lines, l => l.TrimStart().StartsWith(marker, StringComparison.Ordinal));
            Assert.True(start >= 0, $"No member starts with {marker}");
            int end = Array.FindIndex(lines, start, l => l.Length == 0);
            excerpt.AddRange(lines[start..end]);
            excerpt.Add("");
        }
        Snapshot.Verify(string.Join("\n", excerpt));
    }
}
