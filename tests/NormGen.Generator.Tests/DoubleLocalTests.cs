using NormGen.Generator.Tests.Infrastructure;
using static NormGen.Generator.Tests.Infrastructure.DiagnosticAssert;

namespace NormGen.Generator.Tests;

/// <summary>
/// A formula's var locals may hold doubles (docs/language.md). Was: NG0001 ("may only declare locals with 'var'")
/// on <c>var tmp = -2.0;</c>, a var local (found by the formula fuzzer).
/// </summary>
public sealed class DoubleLocalTests
{
    public static TheoryData<string> DoubleLocals => new()
    {
        "var tmp = -2.0;",
        "var tmp = (-2.0);",
        "var tmp = -(2.0);",
        "var tmp = (2.5);",
        "var tmp = 2.0;",
        "var tmp = -m;",
        "var tmp = 1 - m;",
        "double tmp = -2.0;",
    };

    [Theory]
    [MemberData(nameof(DoubleLocals))]
    public void A_double_local_builds_warning_free(string declaration)
    {
        var run = GeneratorHarness.Run(Layer($$"""
            static Expr F(Expr x, double m = 0.5)
            {
                {{declaration}}
                return x * tmp;
            }
            """));
        StrictBuild.AssertClean(run);
    }
}
