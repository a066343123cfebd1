using System.Collections.Concurrent;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NormGen.Benchmarks.Infrastructure;

/// <summary>
/// Summary columns from <see cref="IMovesBytes.BytesMoved"/>: the bytes one call must move ("Moved", MB),
/// the effective bandwidth (bytes moved / mean time, "GB/s", 1 GB = 1e9 B), and that bandwidth as a
/// fraction of the Copy benchmark's in the same class and parameters ("of copy").
/// </summary>
public sealed class BandwidthColumn : IColumn
{
    private enum Kind { Moved, Throughput, OfCopy }

    public static readonly IColumn Moved = new BandwidthColumn(Kind.Moved);
    public static readonly IColumn Throughput = new BandwidthColumn(Kind.Throughput);
    public static readonly IColumn OfCopy = new BandwidthColumn(Kind.OfCopy);

    private static readonly ConcurrentDictionary<(Type, string), long> BytesCache = new();
    private readonly Kind kind;

    private BandwidthColumn(Kind kind) => this.kind = kind;

    public string Id => "NormGen.Bandwidth." + kind;

    public string ColumnName => kind switch
    {
        Kind.Moved => "Moved",
        Kind.Throughput => "GB/s",
        _ => "of copy",
    };

    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => (int)kind;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => kind switch
    {
        Kind.Moved => "Bytes one call must move at the least (inputs read once, outputs written once), MB",
        Kind.Throughput => "Effective bandwidth: Moved / Mean, GB/s (1e9 B/s)",
        _ => "Effective bandwidth as a fraction of the Copy benchmark's (same class, same parameters)",
    };

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        long bytes = BytesMovedBy(benchmarkCase);
        if (bytes <= 0)
            return "-";
        if (kind == Kind.Moved)
            return (bytes / 1e6).ToString("0.###", CultureInfo.InvariantCulture) + " MB";

        double? mean = MeanNanoseconds(summary, benchmarkCase);
        if (mean is not > 0)
            return "NA";
        if (kind == Kind.Throughput)
            return (bytes / mean.Value).ToString("0.0", CultureInfo.InvariantCulture);

        var copy = summary.BenchmarksCases.FirstOrDefault(b =>
            b.Descriptor.Type == benchmarkCase.Descriptor.Type
            && b.Descriptor.WorkloadMethod.Name == nameof(NormBenchmark.Copy)
            && b.Parameters.DisplayInfo == benchmarkCase.Parameters.DisplayInfo
            && b.Job.DisplayInfo == benchmarkCase.Job.DisplayInfo);
        double? copyMean = copy is null ? null : MeanNanoseconds(summary, copy);
        return copyMean is > 0 ? (copyMean.Value / mean.Value).ToString("P0", CultureInfo.InvariantCulture) : "NA";
    }

    private static double? MeanNanoseconds(Summary summary, BenchmarkCase benchmarkCase)
        => summary[benchmarkCase]?.ResultStatistics?.Mean;

    /// <summary>Instantiates the benchmark class with the case's parameters (no setup) and asks it.</summary>
    public static long BytesMovedBy(BenchmarkCase benchmarkCase)
    {
        var type = benchmarkCase.Descriptor.Type;
        if (!typeof(IMovesBytes).IsAssignableFrom(type))
            return 0;
        return BytesCache.GetOrAdd((type, benchmarkCase.Parameters.DisplayInfo), _ =>
        {
            var instance = (IMovesBytes)Activator.CreateInstance(type)!;
            foreach (var parameter in benchmarkCase.Parameters.Items)
            {
                var property = type.GetProperty(parameter.Name);
                if (property is not null)
                    property.SetValue(instance, parameter.Value);
                else
                    type.GetField(parameter.Name)?.SetValue(instance, parameter.Value);
            }
            return instance.BytesMoved;
        });
    }

    public override string ToString() => ColumnName;
}
