namespace NormGen.Benchmarks.Infrastructure;

/// <summary>
/// NORMGEN_BENCH_SHAPES: a comma-separated list of shapes as they print ("4096x1024", "32x64x32x32"); when set,
/// the benchmark classes run only those of their shapes (BenchmarkDotNet's --filter selects methods, not
/// parameters). A class none of whose shapes is listed keeps all of them. The variable is inherited by
/// BenchmarkDotNet's child processes, so host and children see the same list.
/// </summary>
public static class ShapeFilter
{
    public const string Variable = "NORMGEN_BENCH_SHAPES";

    public static T[] Apply<T>(T[] shapes)
    {
        string? listed = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(listed))
            return shapes;
        var keep = listed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var kept = shapes.Where(s => keep.Contains(s!.ToString()!)).ToArray();
        return kept.Length > 0 ? kept : shapes;
    }
}
