using System.Runtime.Intrinsics;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;
using NormGen.Benchmarks.Aten;

namespace NormGen.Benchmarks;

/// <summary>
/// dotnet run -c Release --project tests/NormGen.Benchmarks -- --filter '*LayerNormForward*'
/// (any BenchmarkDotNet arguments: --job short, --list flat, --anyCategories ...).
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        Console.WriteLine($"NormGen benchmarks: Vector256 accelerated={Vector256.IsHardwareAccelerated}, Vector512 accelerated={Vector512.IsHardwareAccelerated}, cores={Environment.ProcessorCount}");

        IConfig config = DefaultConfig.Instance;
        if (AtenShim.IsAvailable)
        {
            var lines = AtenShim.Configuration.Split('\n');
            var interesting = lines.Where(l => l.Contains("CPU capability", StringComparison.OrdinalIgnoreCase)
                || l.Contains("at::get_num_threads", StringComparison.Ordinal)
                || l.Contains("parallel backend", StringComparison.OrdinalIgnoreCase)
                || l.StartsWith("PyTorch built with", StringComparison.Ordinal)
                || l.Contains("PyTorch Version", StringComparison.Ordinal)
                || l.Contains("Torch version", StringComparison.OrdinalIgnoreCase));
            Console.WriteLine($"ATen baseline: {AtenShim.LoadedFrom}, intra-op threads {AtenShim.Threads}");
            foreach (var line in interesting)
                Console.WriteLine("  " + line.Trim());
        }
        else
        {
            Console.WriteLine();
            Console.WriteLine("*** ATen baseline SKIPPED: " + AtenShim.UnavailableReason);
            Console.WriteLine("*** The Aten* benchmarks are left out of this run.");
            Console.WriteLine();
            config = config.AddFilter(new SimpleFilter(b => !b.Descriptor.WorkloadMethod.Name.StartsWith("Aten", StringComparison.Ordinal)));
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
