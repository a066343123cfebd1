using System.Text.RegularExpressions;
using System.Runtime.Intrinsics.X86;

namespace NormGen.Tests.Widths;

/// <summary>
/// The Half and bfloat16 conversions take AVX-512 instructions (vpmovdw) wherever the CPU has them, even at 256 and
/// 128 bits, so the vector-width children, which only narrow the preferred width, never run their AVX2/SSE4.1
/// fallbacks (the saturating pack) on an AVX-512 machine. This reruns the storage tests with AVX-512 switched off.
/// </summary>
public sealed class StorageWidthTests
{
    private const string Filter = "FullyQualifiedName~NormGen.Tests.Kernels.Storage|FullyQualifiedName~NormGen.Tests.Kernels.BFloat16Tests";

    [Fact]
    public void Storage_conversions_pass_without_AVX512()
    {
        if (Environment.GetEnvironmentVariable(VectorWidthTests.ChildVariable) is not null) return;
        if (!Avx512F.IsSupported) return; // this process already runs the fallbacks
        var (exitCode, output) = VectorWidthTests.RunChild(Filter, new Dictionary<string, string>
        {
            ["DOTNET_EnableAVX512"] = "0",
            [VectorWidthTests.ChildVariable] = "1",
            [Kernels.StoragePairTests.NoAvx512Variable] = "1",
        });
        Assert.True(exitCode == 0, $"The storage tests failed with DOTNET_EnableAVX512=0, exit code {exitCode}:\n{VectorWidthTests.Shorten(output)}");
        // Every contract test at four widths plus BFloat16Tests and StoragePairTests: the filter must not have gone stale.
        var passed = Regex.Match(output, @"Passed:\s+(\d+)");
        Assert.True(passed.Success && int.Parse(passed.Groups[1].Value) >= 4 * 6 + 10, $"Too few tests ran:\n{VectorWidthTests.Shorten(output)}");
    }
}
