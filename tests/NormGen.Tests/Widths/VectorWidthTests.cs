using System.Diagnostics;
using System.Runtime.Intrinsics;
using NormGen.Tests.Shared;

namespace NormGen.Tests.Widths;

/// <summary>
/// A process runs only the widest vector path of the generated kernels (the JIT folds the other branches of the
/// dispatch away), so this reruns the kernel numerics tests (namespaces Kernels and Properties) in child processes
/// restricted to Vector256, Vector128 and scalar, and checks that each child passed and really ran at its width.
/// It lives in its own namespace so the children's filter does not select it again.
/// </summary>
public sealed class VectorWidthTests
{
    /// <summary>Set in the children: a child never starts children of its own.</summary>
    internal const string ChildVariable = "NORMGEN_VECTOR_WIDTH_CHILD";

    // The kernel numerics tests, less three kinds: the ISimd contract tests (SimdWidthTests.cs) and the float
    // transcendental sweeps (FloatMathUlpTests.cs) already call every width explicitly, and ThreadingTests (a third of
    // a child's time) split the same kernels into chunks, which is independent of the width.
    private const string Filter =
        "(FullyQualifiedName~NormGen.Tests.Kernels.|FullyQualifiedName~NormGen.Tests.Properties.)" +
        "&FullyQualifiedName!~NormGen.Tests.Kernels.Simd&FullyQualifiedName!~NormGen.Tests.Kernels.Scalar" +
        "&FullyQualifiedName!~NormGen.Tests.Kernels.FloatMathUlpTests&FullyQualifiedName!~NormGen.Tests.Kernels.ThreadingTests";

    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(5);

    public static TheoryData<string, string, string> Widths() => new()
    {
        // The width a variable selects, if this machine accelerates it at all.
        { "256", "DOTNET_PreferredVectorBitWidth=256", $"512=False 256={Vector256.IsHardwareAccelerated} 128={Vector128.IsHardwareAccelerated}" },
        { "128", "DOTNET_PreferredVectorBitWidth=128", $"512=False 256=False 128={Vector128.IsHardwareAccelerated}" },
        { "scalar", "DOTNET_EnableHWIntrinsic=0", "512=False 256=False 128=False" },
    };

    [Theory]
    [MemberData(nameof(Widths))]
    public void Kernel_tests_pass_at_a_narrower_vector_width(string width, string variable, string expectedWidths)
    {
        if (Environment.GetEnvironmentVariable(ChildVariable) is not null) return;
        string report = Path.Combine(Path.GetTempPath(), $"normgen-width-{width}-{Guid.NewGuid():N}.txt");
        var (name, value) = (variable[..variable.IndexOf('=')], variable[(variable.IndexOf('=') + 1)..]);
        try
        {
            var (exitCode, output) = RunChild(Filter, new Dictionary<string, string>
            {
                [name] = value,
                [ChildVariable] = "1",
                [Kernels.VectorWidthReport.ReportVariable] = report,
            });
            Assert.True(exitCode == 0, $"The kernel tests failed at {width} ({variable}), exit code {exitCode}:\n{Shorten(output)}");
            Assert.True(File.Exists(report), $"The child at {width} ({variable}) passed but never ran VectorWidthReport:\n{Shorten(output)}");
            string actual = File.ReadAllText(report);
            Assert.True(actual == expectedWidths,
                $"{variable} ran with {actual}, expected {expectedWidths} (this process: {Kernels.VectorWidthReport.Current}).");
        }
        finally
        {
            File.Delete(report);
        }
    }

    /// <summary>The child's output, its middle cut when long: the first failures and the summary are what a reader needs.</summary>
    internal static string Shorten(string output, int head = 12000, int tail = 3000) =>
        output.Length <= head + tail ? output : $"{output[..head]}\n[... {output.Length - head - tail} characters ...]\n{output[^tail..]}";

    /// <summary>`dotnet test` of this very assembly with <paramref name="filter"/> and <paramref name="environment"/> added.</summary>
    internal static (int ExitCode, string Output) RunChild(string filter, Dictionary<string, string> environment)
    {
        string assembly = typeof(VectorWidthTests).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        foreach (string argument in new[] { "test", assembly, "--filter", filter, "--nologo" }) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var (exitCode, output, timedOut) = ChildProcess.Run(start, s_timeout);
        return timedOut ? (-1, $"timed out after {s_timeout.TotalMinutes} minutes\n{output}") : (exitCode, output);
    }
}
