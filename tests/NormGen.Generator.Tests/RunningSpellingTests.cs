using Microsoft.CodeAnalysis;
using NormGen.Generator.Tests.Infrastructure;
using static NormGen.Generator.Tests.Infrastructure.DiagnosticAssert;

namespace NormGen.Generator.Tests;

/// <summary>
/// Running(...) means the same whether its statistic is written inline or held by a local: the parser, the IR and the
/// runtime interpreter accept the same spellings, and a running variance starts at 1 (PyTorch's running_var) however
/// it is spelled, every other running buffer at 0.
/// </summary>
public sealed class RunningSpellingTests
{
    public static TheoryData<string, string> Spellings() => new()
    {
        { "inline", """
            static Expr F(Expr x, double momentum = 0.1)
                => (x - Running(Mean(x, "n"), momentum)) * Rsqrt(Running(Var(x, "n"), momentum, unbiased: true) + 1e-5);
            """ },
        { "locals holding the statistics", """
            static Expr F(Expr x, double momentum = 0.1)
            {
                var m = Mean(x, "n");
                var v = Var(x, "n");
                var rm = Running(m, momentum);
                var rv = Running(v, momentum, unbiased: true);
                return (x - rm) * Rsqrt(rv + 1e-5);
            }
            """ },
        { "a chain of locals", """
            static Expr F(Expr x, double momentum = 0.1)
            {
                var v = Var(x, "n");
                var w = v;
                return (x - Running(Mean(x, "n"), momentum)) * Rsqrt(Running(w, momentum, unbiased: true) + 1e-5);
            }
            """ },
    };

    [Theory]
    [MemberData(nameof(Spellings))]
    public void Every_spelling_compiles_without_a_diagnostic_and_starts_the_running_variance_at_1(string spelling, string formula)
    {
        var run = GeneratorHarness.Run(Layer(formula));

        run.AssertDidNotCrash();
        Assert.Empty(run.LocatedDiagnostics());
        Assert.Empty(run.OutputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        string source = Assert.Single(run.GeneratedSources).Value;
        // The stateful layer fills exactly one buffer (the variance's) with 1; the mean's stays 0.
        var fills = source.Split('\n').Where(l => l.Contains("global::System.Array.Fill(this.Running")).Select(l => l.Trim()).ToList();
        Assert.True(fills.Count == 1 && fills[0].EndsWith(", 1f);"), $"{spelling}: {string.Join(" | ", fills)}");
        Assert.Contains("Guard.MoreThanOneValue((long)s.n,", source);
    }

    [Fact]
    public void A_biased_running_variance_through_a_local_also_starts_at_1()
    {
        var run = GeneratorHarness.Run(Layer("""
            static Expr F(Expr x)
            {
                var v = Var(x, "n");
                return x * Rsqrt(Running(v, 0.1) + 1e-5);
            }
            """));

        Assert.Empty(run.LocatedDiagnostics());
        string source = Assert.Single(run.GeneratedSources).Value;
        Assert.Contains($"global::System.Array.Fill(this.{RunningName(source)}, 1f);", source);
        // Biased: no N/(N-1), so one value per statistic is fine.
        Assert.DoesNotContain("MoreThanOneValue", source);
    }

    [Fact]
    public void Unbiased_over_a_local_holding_a_mean_is_still_NG0011()
    {
        var run = GeneratorHarness.Run(Layer("""
            static Expr F(Expr x)
            {
                var m = Mean(x, "n");
                return x - Running(m, 0.1, unbiased: true);
            }
            """));
        Reports(run, ("NG0011", "true"));
    }

    /// <summary>The property name of the layer's only running buffer.</summary>
    private static string RunningName(string source)
    {
        const string Marker = "public float[] Running";
        int at = source.IndexOf(Marker, StringComparison.Ordinal);
        Assert.True(at >= 0, "no running buffer property");
        int end = source.IndexOf(' ', at + "public float[] ".Length);
        return source.Substring(at + "public float[] ".Length, end - at - "public float[] ".Length);
    }
}
