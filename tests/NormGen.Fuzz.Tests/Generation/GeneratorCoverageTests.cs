namespace NormGen.Fuzz.Tests.Generation;

/// <summary>The fuzzer draws its functions from the runtime's <see cref="NormGen.Ops"/>, so an op added there is fuzzed without editing the generator.</summary>
public sealed class GeneratorCoverageTests
{
    [Fact]
    public void Every_one_argument_op_is_drawn()
    {
        string[] expected = ["Abs", "Exp", "Log", "Rsqrt", "Sigmoid", "Softplus", "Sqrt", "Square", "Tanh"];
        Assert.Equal(expected, LayerGenerator.UnaryFunctions);
    }
}
