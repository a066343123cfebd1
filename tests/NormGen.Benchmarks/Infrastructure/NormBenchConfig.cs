using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace NormGen.Benchmarks.Infrastructure;

/// <summary>Every benchmark class: allocations per call, and the bytes-moved / GB/s / fraction-of-copy columns.</summary>
public sealed class NormBenchConfig : ManualConfig
{
    public NormBenchConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(BandwidthColumn.Moved, BandwidthColumn.Throughput, BandwidthColumn.OfCopy);
    }
}
