using NormGen.Generator.Tests.Infrastructure;
using static NormGen.Generator.Tests.Infrastructure.DiagnosticAssert;

namespace NormGen.Generator.Tests;

/// <summary>
/// A formula's var locals may hold numbers (docs/language.md). Was: NG0001 ("may only declare locals with 'var'"),
/// then NG0017, on <c>var norm = 10;</c> and <c>var mean = 0.5f;</c>, var locals that C# converts to Expr wherever
/// they are used (found by the formula fuzzer).
/// </summary>
public sealed class NumericLocalTests
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
        "var tmp = 10;",
        "var tmp = -2;",
        "var tmp = 0.5f;",
        "float tmp = 2;",
        "var tmp = 3L;",
    };

    [Theory]
    [MemberData(nameof(DoubleLocals))]
    public void A_numeric_local_builds_warning_free(string declaration)
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
