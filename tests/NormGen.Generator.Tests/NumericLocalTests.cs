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

    public static TheoryData<string, string> NegatedLocals => new()
    {
        { "var tmp = 10;", "-10" },
        { "var tmp = 0.5f;", "-0.5" },
        { "var tmp = 3L;", "-3" },
        { "var tmp = 10; var two = tmp;", "-10" },
    };

    /// <summary>
    /// A numeric local negated where it is used, x * -tmp: C# negates the int, float or long and converts the
    /// result to Expr. Was NG0006 ("'-tmp' is not supported") for anything but a double (found by the formula fuzzer,
    /// seed 3011302: <c>var acc = 10; ... Square(-acc)</c>).
    /// </summary>
    [Theory]
    [MemberData(nameof(NegatedLocals))]
    public void A_negated_numeric_local_is_its_negated_value(string declaration, string negated)
    {
        var run = GeneratorHarness.Run(Layer($$"""
            static Expr F(Expr x)
            {
                {{declaration}}
                return x * {{(declaration.Contains("two") ? "-two" : "-tmp")}};
            }
            """));
        StrictBuild.AssertClean(run);
        // The forward as the remarks print it.
        string y = string.Join("\n", run.GeneratedSources.Values).Split('\n').First(l => l.Contains("///   y = ")).Trim();
        Assert.Equal($"///   y = {negated} * x", y);
    }

    /// <summary>-int.MinValue wraps to int.MinValue in C#; a formula cannot honour that, so it stays NG0006.</summary>
    [Fact]
    public void A_negated_int_MinValue_stays_rejected()
    {
        var run = GeneratorHarness.Run(Layer("""
            static Expr F(Expr x)
            {
                var tmp = int.MinValue;
                return x * -tmp;
            }
            """));
        Reports(run, ("NG0006", "-tmp"));
    }

    public static TheoryData<string, string> PlusLocals => new()
    {
        { "var tmp = 10;", "10" },
        { "var tmp = 0.5f;", "0.5" },
        { "var tmp = 3L;", "3" },
        { "var tmp = 2.5;", "2.5" },
    };

    /// <summary>
    /// Unary plus on a numeric local, x * +tmp, is the local's value. Was NG0006 ("'+tmp' is not supported") for an
    /// int, float or long: only the double case was handled, and the fix of -tmp (bug 19) did not cover +tmp.
    /// </summary>
    [Theory]
    [MemberData(nameof(PlusLocals))]
    public void A_numeric_local_with_unary_plus_is_its_value(string declaration, string value)
    {
        var run = GeneratorHarness.Run(Layer($$"""
            static Expr F(Expr x)
            {
                {{declaration}}
                return x * +tmp;
            }
            """));
        StrictBuild.AssertClean(run);
        string y = string.Join("\n", run.GeneratedSources.Values).Split('\n').First(l => l.Contains("///   y = ")).Trim();
        Assert.Equal($"///   y = {value} * x", y);
    }
}
