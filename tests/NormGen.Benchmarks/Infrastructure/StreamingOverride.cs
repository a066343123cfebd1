using System.Globalization;
using System.Runtime.CompilerServices;
using NormGen.Kernels;

namespace NormGen.Benchmarks.Infrastructure;

/// <summary>
/// A diagnostic for measuring the per-call streaming-store choice in BenchmarkDotNet: <c>NORMGEN_BENCH_NONTEMPORAL</c> and
/// <c>NORMGEN_BENCH_NONTEMPORAL_ROW</c> (bytes) set <see cref="NonTemporal.MinBytes"/> and <see cref="NonTemporal.MinRowBytes"/>
/// in every process that loads the benchmarks, BenchmarkDotNet's children included (they inherit the variables; the
/// recorded command lists them). <c>NORMGEN_BENCH_NONTEMPORAL_ROW=1</c> streams every call of at least 40 MB whatever its
/// rows, adding <c>NORMGEN_BENCH_NONTEMPORAL=1</c> every call; <c>NORMGEN_BENCH_NONTEMPORAL_ROW=2147483647</c> none
/// (docs/statistics.md, "Prefetch and streaming stores"). <c>NORMGEN_BENCH_SPLIT_LOADS</c> (<c>Auto</c>, <c>Never</c>,
/// <c>Always</c>) sets <see cref="Alignment.SplitLoadMode"/> the same way. Unset, the library's defaults hold.
/// </summary>
internal static class StreamingOverride
{
    [ModuleInitializer]
    internal static void Apply()
    {
        if (long.TryParse(Environment.GetEnvironmentVariable("NORMGEN_BENCH_NONTEMPORAL"), NumberStyles.None, CultureInfo.InvariantCulture, out long bytes))
        {
            NonTemporal.MinBytes = bytes;
            Console.WriteLine($"// NormGen: NonTemporal.MinBytes = {bytes} (NORMGEN_BENCH_NONTEMPORAL)");
        }
        if (int.TryParse(Environment.GetEnvironmentVariable("NORMGEN_BENCH_NONTEMPORAL_ROW"), NumberStyles.None, CultureInfo.InvariantCulture, out int row))
        {
            NonTemporal.MinRowBytes = row;
            Console.WriteLine($"// NormGen: NonTemporal.MinRowBytes = {row} (NORMGEN_BENCH_NONTEMPORAL_ROW)");
        }
        if (Enum.TryParse(Environment.GetEnvironmentVariable("NORMGEN_BENCH_SPLIT_LOADS"), ignoreCase: false, out SplitLoadMode split))
        {
            Alignment.SplitLoadMode = split;
            Console.WriteLine($"// NormGen: Alignment.SplitLoadMode = {split} (NORMGEN_BENCH_SPLIT_LOADS)");
        }
    }
}
