using Microsoft.CodeAnalysis;

namespace NormGen.Generator.Tests.Infrastructure;

internal static class DiagnosticAssert
{
    /// <summary>
    /// The generator reported exactly these diagnostics (id and the source text each points at), produced no
    /// model, and did not crash. The input must be valid C#, so the test is about NormGen's rule and not about a
    /// compiler error it might be hiding behind.
    /// </summary>
    public static void Reports(GeneratorRun run, params (string Id, string Text)[] expected)
    {
        run.AssertDidNotCrash();
        Assert.Empty(run.Input.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Equal(expected, run.LocatedDiagnostics());
        Assert.All(run.ParseResults, r => Assert.Null(r.Model));
        Assert.Empty(run.GeneratedSources);
    }

    /// <summary>Builds a one-layer source around a formula method; the usings and [NormLayer("n d")] are supplied.</summary>
    public static string Layer(string formulaMethod, string members = "", string layout = "\"n d\"") =>
        GeneratorHarness.Usings + "using System;\n" + $$"""
            [NormLayer({{layout}})]
            public partial class L
            {
                {{members}}
                [Formula]
                {{formulaMethod}}
            }
            """;
}
