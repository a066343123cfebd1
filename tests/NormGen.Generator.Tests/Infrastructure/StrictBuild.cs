using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NormGen.Generator.Tests.Infrastructure;

/// <summary>
/// The strictest user project: every compiler warning on (WarningLevel 9999) and reported as an error
/// (TreatWarningsAsErrors), nullable enabled. The CA analyzers of AnalysisLevel latest-all are not loaded here
/// (Microsoft.CodeAnalysis.NetAnalyzers is not a test dependency); they skip files marked &lt;auto-generated/&gt;.
/// </summary>
internal static class StrictBuild
{
    public static IReadOnlyList<Diagnostic> Problems(GeneratorRun run)
    {
        var options = ((CSharpCompilationOptions)run.Output.Options)
            .WithWarningLevel(9999)
            .WithGeneralDiagnosticOption(ReportDiagnostic.Error)
            .WithNullableContextOptions(NullableContextOptions.Enable);
        return run.Output.WithOptions(options).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    }

    /// <summary>The generator reported nothing and its output builds with every warning as an error.</summary>
    public static void AssertClean(GeneratorRun run)
    {
        run.AssertDidNotCrash();
        Assert.Empty(run.Diagnostics);
        Assert.NotEmpty(run.GeneratedSources);
        var problems = Problems(run);
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20).Select(d => d.ToString())));
    }
}
