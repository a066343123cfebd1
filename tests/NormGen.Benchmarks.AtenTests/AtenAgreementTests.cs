using NormGen.Benchmarks.Aten;
using NormGen.Benchmarks.Infrastructure;
using NormGen.Benchmarks.Modern;
using NormGen.Benchmarks.Tests;

namespace NormGen.Benchmarks.AtenTests;

/// <summary>
/// The Aten rows against the naive kernels and against PyTorch's float64 reference cases, when the shim is built
/// (tests/NormGen.Benchmarks/native/build.sh), in this process of their own (<see cref="TorchLibraries"/>).
/// </summary>
public sealed class AtenAgreementTests
{
    public static TheoryData<string> CaseNames => BenchmarkMethodsTests.CaseNames;

    public static TheoryData<string, string> ReferenceCases => ReferenceCasesTests.AtenCases;

    [AtenTheory]
    [MemberData(nameof(CaseNames))]
    public void AtenAgreesWithNaive(string caseName)
    {
        var bench = BenchmarkMethodsTests.Cases[caseName]();
        bench.GlobalSetup();
        try
        {
            var expected = BenchmarkMethodsTests.RunNaive(bench);
            foreach (var method in BenchmarkMethodsTests.BenchmarkMethods(bench.GetType()).Where(BenchmarkMethodsTests.IsAten))
                BenchmarkMethodsTests.RunAndCompare(bench, method, expected);
        }
        finally
        {
            bench.GlobalCleanup();
        }
    }

    [AtenTheory]
    [MemberData(nameof(ReferenceCases))]
    public void AtenMatchesPyTorch(string caseName, string flavour) => ReferenceCasesTests.Check(caseName, flavour);

    /// <summary>Loading LibTorch 2.10 into a process that holds PyTorch 1.13 crashed it; now LibTorch says why it is unavailable.</summary>
    [AtenFact]
    public void LibTorch_declines_to_load_beside_PyTorch_1_13_instead_of_crashing()
    {
        Assert.Equal(TorchLibraries.Aten, TorchLibraries.Owner);
        Assert.False(LibTorchRuntime.IsAvailable);
        Assert.Contains("cannot share a process", LibTorchRuntime.UnavailableReason);
    }

    /// <summary>The host process of a run loads neither library; a child process per library reports it.</summary>
    [AtenFact]
    public void The_probe_finds_the_shim_in_a_process_of_its_own()
    {
        var probe = TorchProbe.Run("aten");
        Assert.True(probe.Available, probe.Summary);
        Assert.Contains("CPU capability", probe.Summary);
    }
}
