using System.Reflection;
using BenchmarkDotNet.Attributes;
using NormGen.Benchmarks.Infrastructure;
using NormGen.Benchmarks.Report;

namespace NormGen.Benchmarks.Tests;

/// <summary>
/// <c>--issue14</c> runs every row the report's targets read, on every class the report evaluates, and not the slow rows
/// no target reads: checked against the report's own lists, so that the lead's one command cannot leave a target at NO DATA.
/// </summary>
public sealed class Issue14PresetTests
{
    private static readonly Type[] BenchmarkTypes = typeof(NormBenchmark).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && t.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null)).ToArray();

    private static IEnumerable<string> Methods(Type type)
        => type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null).Select(m => m.Name);

    [Fact]
    public void Covers_every_class_the_report_orders_and_they_exist()
    {
        Assert.Equal(Analysis.ClassOrder, Issue14Preset.Classes);
        foreach (var name in Issue14Preset.Classes)
            Assert.Contains(BenchmarkTypes, t => t.Name == name);
    }

    [Fact]
    public void Runs_every_row_a_target_reads()
    {
        foreach (var type in BenchmarkTypes.Where(t => Issue14Preset.Classes.Contains(t.Name)))
        {
            var methods = Methods(type).ToHashSet();
            var needed = new List<string> { "GeneratedDefaultThreads", "Copy", "LibTorch" };
            needed.Add(methods.Contains("Generated") ? "Generated" : Assert.Single(Analysis.GeneratedAliases, methods.Contains));
            needed.AddRange(new[] { "Simd", "Aten", "AtenKernel", Analysis.Floor }.Where(methods.Contains));
            if (Analysis.OrtMethods.TryGetValue(type.Name, out var ort))
                needed.Add(ort);
            foreach (var method in needed)
            {
                Assert.True(methods.Contains(method), $"{type.Name} has no {method} row");
                Assert.True(Issue14Preset.Includes(type.Name, method), $"--issue14 leaves out {type.Name}.{method}");
            }
        }
    }

    [Fact]
    public void Leaves_out_the_rows_no_target_reads_and_the_other_classes()
    {
        Assert.False(Issue14Preset.Includes("LayerNormBackward", "Naive"));
        Assert.False(Issue14Preset.Includes("RmsNormBackward", "TensorPrimitives"));
        Assert.False(Issue14Preset.Includes("LayerNormForward", "AtenNoCopy"));
        Assert.False(Issue14Preset.Includes("FusedAddRmsNormForward", "AddThenRmsNorm"));
        Assert.False(Issue14Preset.Includes("LayerNormThreads", "ForwardBackward"));
        Assert.False(Issue14Preset.Includes("TanhThroughput", "Copy"));
        Assert.True(Issue14Preset.Includes("LayerNormForward", "TensorPrimitives")); // the plot's line
    }

    /// <summary>The size of the run the README's duration is estimated from: benchmarks = rows x parameter sets.</summary>
    [Fact]
    public void Runs_about_two_hundred_benchmarks()
    {
        int count = 0;
        foreach (var type in BenchmarkTypes.Where(t => Issue14Preset.Classes.Contains(t.Name)))
        {
            int parameterSets = 1;
            foreach (var property in type.GetProperties())
            {
                if (property.GetCustomAttribute<ParamsSourceAttribute>() is { } source)
                    parameterSets *= ((System.Collections.IEnumerable)type.GetProperty(source.Name, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!).Cast<object>().Count();
                else if (property.GetCustomAttribute<ParamsAttribute>() is { } values)
                    parameterSets *= values.Values.Length;
                else if (property.GetCustomAttribute<ParamsAllValuesAttribute>() is not null)
                    parameterSets *= Enum.GetValues(property.PropertyType).Length;
            }
            count += parameterSets * Methods(type).Count(m => Issue14Preset.Includes(type.Name, m));
        }
        Assert.InRange(count, 150, 200);
    }

    [Fact]
    public void Expands_to_a_filter_and_the_short_job_unless_given()
    {
        Assert.Equal(["--filter", "*", "--job", "short"], Issue14Preset.Expand(["--issue14"]));
        Assert.Equal(["--job", "medium", "--filter", "*"], Issue14Preset.Expand(["--issue14", "--job", "medium"]));
    }
}
