namespace NormGen.Tests.Kernels;

/// <summary>
/// Layers with names that used to be C# errors in the generated code (NameLayers.cs) build and compute what the
/// reference interpreter computes, forward and backward, in both precisions.
/// </summary>
public sealed class NameTests
{
    public static TheoryData<string> Cases => new() { "NamesLikeGeneratedLocals", "KeywordNames", "ConcatenatingAxes" };

    private static FormulaCase Case(string name) => name switch
    {
        "NamesLikeGeneratedLocals" => new(name, NameKernels.NamesLikeGeneratedLocals, FormulaCases.Rows,
            Hyper: new Dictionary<string, double> { ["T"] = 0.7, ["chunks"] = 1e-3 }),
        "KeywordNames" => new(name, NameKernels.KeywordNames, (rng, small) => new()
        {
            ["n"] = rng.Next(1, small ? 3 : 6), ["in"] = small ? rng.Next(9, 21) : rng.Next(3, 70),
        }),
        _ => new(name, NameKernels.ConcatenatingAxes, (rng, small) => new()
        {
            ["a"] = rng.Next(1, 3), ["ab"] = rng.Next(1, 4), ["bc"] = rng.Next(1, 4), ["c_"] = small ? rng.Next(9, 12) : rng.Next(1, 20),
        }),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Layers_with_generated_and_keyword_names_match_the_interpreter(string name)
    {
        var c = Case(name);
        foreach (int seed in new[] { 1, 2, 3 })
        {
            InterpreterKernelTests.AssertMatches<double>(c, seed, InterpreterKernelTests.DoubleTolerance);
            InterpreterKernelTests.AssertMatches<float>(c, seed, InterpreterKernelTests.FloatTolerance);
        }
        FiniteDifferenceKernelTests.AssertBackwardMatchesForward(c);
    }
}
