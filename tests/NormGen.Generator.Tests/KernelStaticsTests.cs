using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using NormGen.Generator.Tests.Infrastructure;

namespace NormGen.Generator.Tests;

/// <summary>
/// Generated kernels are <c>AggressiveOptimization</c>: compiled once, fully optimized, at their first call, and never
/// recompiled. A runtime class whose statics a kernel reads and that still needs its static constructor run at that
/// moment leaves a class-initialization helper call in the kernel's machine code for good, and every vector register
/// live across that call is spilled, in the worst case reloaded from the stack on every iteration of a row loop. What a
/// kernel runs at would then depend on what the process did before its first call: the streaming-store change measured
/// 1.8x slower in BenchmarkDotNet (a fresh process) than in the in-process A/B, which had read NonTemporal's settings
/// first (docs/statistics.md, "Prefetch and streaming stores"). So no type named in a kernel may have a static constructor.
/// </summary>
public sealed partial class KernelStaticsTests
{
    [Fact]
    public void No_runtime_type_a_kernel_names_has_a_static_constructor()
    {
        var named = KernelBodies().SelectMany(body => RuntimeTypeName().Matches(body).Select(m => m.Groups[1].Value))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var runtime = typeof(NormGen.Kernels.Prefetch).Assembly;
        var types = named.Select(name => runtime.GetType("NormGen.Kernels." + name)
            ?? runtime.GetTypes().SingleOrDefault(t => t.Namespace == "NormGen.Kernels" && t.Name.StartsWith(name + "`", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"NormGen.Kernels.{name}, named in a kernel, is not in the runtime assembly.")).ToList();

        // The scan sees the kernels' runtime calls (the prefetch, the alignment head, the staged rows, the vector ops).
        Assert.Contains(typeof(NormGen.Kernels.Prefetch), types);
        Assert.Contains(typeof(NormGen.Kernels.Staging), types);
        Assert.Contains(typeof(NormGen.Kernels.Alignment), types);
        Assert.Empty(types.Where(t => t.TypeInitializer is not null).Select(t => t.FullName));
    }

    /// <summary>The bodies of the AggressiveOptimization methods (the kernels) of every committed snapshot.</summary>
    internal static IEnumerable<string> KernelBodies([CallerFilePath] string sourceFile = "")
    {
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(SourcePaths.Resolve(sourceFile))!, "*.verified.cs").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                if (!lines[i].Contains("MethodImplOptions.AggressiveOptimization", StringComparison.Ordinal)) continue;
                // The attribute is at the method's indentation; the method ends at the first closing brace there.
                string close = new string(' ', lines[i].Length - lines[i].TrimStart().Length) + "}";
                int end = Array.FindIndex(lines, i + 1, l => l == close);
                Assert.True(end > i, $"{Path.GetFileName(file)}:{i + 1}: no end of the kernel found");
                yield return string.Join("\n", lines[(i + 1)..end]);
                i = end;
            }
        }
    }

    [GeneratedRegex(@"global::NormGen\.Kernels\.([A-Za-z0-9_]+)")]
    private static partial Regex RuntimeTypeName();
}
