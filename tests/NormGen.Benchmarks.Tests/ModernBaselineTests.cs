using NormGen.Benchmarks.Infrastructure;
using NormGen.Benchmarks.Modern;
using static NormGen.Benchmarks.Tests.BenchmarkMethodsTests;

namespace NormGen.Benchmarks.Tests;

/// <summary>
/// Issue 14's modern baselines compute what the generated kernels compute: every LibTorch and ONNX Runtime benchmark
/// method runs once on the small cases of <see cref="BenchmarkMethodsTests"/>, with its results copied into the shared
/// buffers, and is compared with the generated kernel's outputs (and, for the saved statistics the generated kernel keeps
/// in its own Saved, with the naive kernel's). Skipped with the reason where a native library does not load.
/// </summary>
[Collection(CopyOutputsCollection)]
public sealed class ModernBaselineTests
{
    /// <summary>The test classes that switch <see cref="ModernBaselines.CopyOutputs"/> (a static): never run in parallel.</summary>
    public const string CopyOutputsCollection = "ModernBaselines.CopyOutputs";

    private const double Tolerance = 1e-4;

    public static TheoryData<string> AllCases => [.. Cases.Keys];

    public static TheoryData<string> OrtCases
        => [.. Cases.Where(c => BenchmarkMethods(c.Value().GetType()).Any(m => m.Name.StartsWith("Ort", StringComparison.Ordinal))).Select(c => c.Key)];

    [LibTorchTheory]
    [MemberData(nameof(AllCases))]
    public void LibTorchAgreesWithGenerated(string caseName) => AgreesWithGenerated(caseName, "LibTorch");

    [OrtTheory]
    [MemberData(nameof(OrtCases))]
    public void OrtAgreesWithGenerated(string caseName) => AgreesWithGenerated(caseName, "Ort");

    private static void AgreesWithGenerated(string caseName, string prefix)
    {
        var bench = Cases[caseName]();
        bench.GlobalSetup();
        // Read only by the modern baselines; the classes that switch it share one xUnit collection, so run one at a time.
        ModernBaselines.CopyOutputs = true;
        try
        {
            var expected = RunNaive(bench);
            bench.ResetOutputs();
            bench.GetType().GetMethod("Generated")!.Invoke(bench, null);
            var keptByGenerated = bench.OutputsNotWrittenBy("Generated");
            foreach (var (name, buffer) in bench.Outputs.Where(o => !keptByGenerated.Contains(o.Name)))
                expected[name] = buffer.ToArray();

            var methods = BenchmarkMethods(bench.GetType()).Where(m => m.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(methods);
            foreach (var method in methods)
            {
                Assert.NotEqual(bench.Outputs.Count, bench.NotWrittenBy(method.Name).Count); // compares something
                RunAndCompare(bench, method, expected, Tolerance);
            }
        }
        finally
        {
            ModernBaselines.CopyOutputs = false;
            bench.GlobalCleanup();
        }
    }

    [Fact]
    public void TheGlueLibraryPatchMarksOnlyTheMissingVersionWeak()
    {
        string glue = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", LibTorchRuntime.GlueLibrary);
        Assert.True(File.Exists(glue), $"{glue} is restored with the TorchSharp package");
        byte[] elf = File.ReadAllBytes(glue);
        var before = ElfVersionNeeds.Read(elf);
        Assert.Contains(("libstdc++.so.6", "GLIBCXX_3.4.32", false), before);

        Assert.Equal(1, ElfVersionNeeds.MarkWeak(elf, "GLIBCXX_3.4.32"));
        var after = ElfVersionNeeds.Read(elf);
        Assert.Equal(before.Select(r => r.Version == "GLIBCXX_3.4.32" ? r with { Weak = true } : r), after);
        Assert.Equal(0, ElfVersionNeeds.MarkWeak(elf, "GLIBCXX_3.4.32"));
        byte[] original = File.ReadAllBytes(glue);
        Assert.Equal(1, original.Zip(elf).Count(p => p.First != p.Second)); // one flag byte, nothing else
    }

    [Fact]
    public void UnavailableBaselinesSayWhy()
    {
        Assert.True(LibTorchRuntime.IsAvailable || !string.IsNullOrEmpty(LibTorchRuntime.UnavailableReason));
        Assert.True(OrtRuntime.IsAvailable || !string.IsNullOrEmpty(OrtRuntime.UnavailableReason));
        Assert.False(string.IsNullOrEmpty(LibTorchRuntime.Description));
        Assert.False(string.IsNullOrEmpty(OrtRuntime.Description));
    }
}
