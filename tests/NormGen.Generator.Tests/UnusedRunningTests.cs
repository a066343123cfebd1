using NormGen.Generator.Tests.Infrastructure;
using static NormGen.Generator.Tests.Infrastructure.DiagnosticAssert;

namespace NormGen.Generator.Tests;

/// <summary>
/// Was: a Running(...) in a local the result never uses gave the kernels a running buffer that the runtime Expr tree,
/// and so the interpreter, does not have (found by the formula fuzzer). Now NG0018 at the Running(...).
/// </summary>
public sealed class UnusedRunningTests
{
    [Fact]
    public void NG0018_a_running_local_the_result_never_uses()
    {
        var run = GeneratorHarness.Run(Layer("""
            static Expr F(Expr x, [Param("d")] Expr bias, double m = 0.1)
            {
                var r = Running(Mean(x, "n"), m);
                return bias * x;
            }
            """));
        Reports(run, ("NG0018", "Running(Mean(x, \"n\"), m)"));
        Assert.Contains("local 'r'", run.Diagnostics.Single().GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void NG0018_through_a_chain_of_unused_locals_once_per_Running()
    {
        var run = GeneratorHarness.Run(Layer("""
            static Expr F(Expr x)
            {
                var a = Running(Mean(x, "n"), 0.1) + Running(Var(x, "n"), 0.1);
                var b = a * 2;
                return x;
            }
            """));
        Reports(run, ("NG0018", "Running(Mean(x, \"n\"), 0.1)"), ("NG0018", "Running(Var(x, \"n\"), 0.1)"));
    }

    [Fact]
    public void A_running_local_used_through_another_local_is_fine()
    {
        var run = GeneratorHarness.Run(Layer("""
            static Expr F(Expr x)
            {
                var mean = Running(Mean(x, "n"), 0.1);
                var centred = x - mean;
                var unused = Mean(x, "d");
                return centred;
            }
            """));
        run.AssertDidNotCrash();
        Assert.Empty(run.Diagnostics);
        Assert.NotEmpty(run.GeneratedSources);
    }
}
