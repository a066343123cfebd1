using System.Globalization;
using NormGen.Fuzz.Tests.Generation;

namespace NormGen.Fuzz.Tests;

/// <summary>
/// How much to fuzz, from the environment. Unset: the CI budget, a fixed seed. NORMGEN_FUZZ_ITERATIONS=10000 runs a
/// long campaign (random seeds unless NORMGEN_FUZZ_SEED is set); NORMGEN_FUZZ_REPLAY=seed:complexity re-checks one
/// layer; NORMGEN_FUZZ_MINUTES stops a campaign early; NORMGEN_FUZZ_KNOWN_ISSUES chooses the known-bug switches (<see cref="KnownIssues"/>);
/// NORMGEN_FUZZ_SPLIT_LOADS sets Alignment.SplitLoadMode, NORMGEN_FUZZ_PREFETCH_MIN_ROW_BYTES Prefetch.MinRowBytes and
/// NORMGEN_FUZZ_MIN_PARALLEL_ELEMENTS Threading.MinParallelElements for the run (FormulaFuzzTests).
/// </summary>
public sealed record FuzzSettings(int Iterations, ulong Seed, bool FixedSeed, int Threads, KnownIssues Known, (int Seed, int Complexity)? Replay, TimeSpan TimeLimit)
{
    /// <summary>Layers in the CI run: about two minutes on a slow shared 2-core machine (see docs/fuzzing.md).</summary>
    public const int CiIterations = 500;

    /// <summary>The CI run's seed: a fixed sequence of layers, so a red CI is reproducible.</summary>
    public const ulong CiSeed = 20261130;

    public static FuzzSettings FromEnvironment()
    {
        string? iterations = Environment.GetEnvironmentVariable("NORMGEN_FUZZ_ITERATIONS");
        string? seed = Environment.GetEnvironmentVariable("NORMGEN_FUZZ_SEED");
        string? threads = Environment.GetEnvironmentVariable("NORMGEN_FUZZ_THREADS");
        string? replay = Environment.GetEnvironmentVariable("NORMGEN_FUZZ_REPLAY");
        bool campaign = !string.IsNullOrWhiteSpace(iterations);
        ulong chosenSeed = seed is not null ? ulong.Parse(seed, CultureInfo.InvariantCulture)
                         : campaign ? (ulong)Random.Shared.NextInt64(1, long.MaxValue) : CiSeed;
        (int, int)? replayed = null;
        if (!string.IsNullOrWhiteSpace(replay))
        {
            var parts = replay.Split(':');
            replayed = (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        return new FuzzSettings(
            campaign ? int.Parse(iterations!, CultureInfo.InvariantCulture) : CiIterations,
            chosenSeed,
            FixedSeed: !campaign || seed is not null,
            Threads: threads is not null ? int.Parse(threads, CultureInfo.InvariantCulture) : 2,
            KnownIssuesSetting.FromEnvironment(),
            replayed,
            Environment.GetEnvironmentVariable("NORMGEN_FUZZ_MINUTES") is { } minutes
                ? TimeSpan.FromMinutes(double.Parse(minutes, CultureInfo.InvariantCulture)) : TimeSpan.MaxValue);
    }
}
