using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace NormGen.Benchmarks.Infrastructure;

/// <summary>
/// Two builds of the generator in one run: with <c>NORMGEN_BENCH_GENERATOR=path/to/NormGen.Generator.dll</c> every
/// benchmark runs as job <c>ThisGenerator</c> (the repository's generator) and as job <c>OtherGenerator</c> (the layers
/// compiled by that dll: e.g. main's, to show what a change to the emitted code costs or gains in steady state).
/// The jobs alternate per benchmark in the same process tree and each keeps its own Simd baseline, so the ratio column
/// compares the two generators on one load. Used by docs/benchmarks.md, "First calls".
/// </summary>
public static class GeneratorComparison
{
    public const string Variable = "NORMGEN_BENCH_GENERATOR";

    public static IConfig Apply(IConfig config)
    {
        string? path = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(path)) return config;
        path = Path.GetFullPath(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{Variable} names no file.", path);
        Console.WriteLine($"Generator comparison: job ThisGenerator = this repository's generator, job OtherGenerator = {path}");

        // Short, but more iterations than ShortRun's 3: the machine this runs on is shared.
        var job = Job.Default.WithLaunchCount(1).WithWarmupCount(5).WithIterationCount(15);
        return config
            .AddJob(job.WithId("ThisGenerator"))
            // NormGen.Benchmarks.csproj swaps the analyzer (and its bin/obj folders) when NormGenGenerator is set.
            .AddJob(job.WithMsBuildArguments($"/p:NormGenGenerator={path}").WithId("OtherGenerator"))
            // Both jobs build the same project: one after the other, never at once.
            .WithOption(ConfigOptions.DisableParallelBuild, true);
    }
}
