namespace NormGen.Generator.Model;

/// <summary>
/// The argument names of the generated Forward and Backward that are not the user's own, in one place: the parser
/// checks user names against them (NG0016), the planner names buffers with them and the emitter prints them.
/// </summary>
internal static class ApiNames
{
    /// <summary>The Shape argument.</summary>
    public const string Shape = "s";

    /// <summary>The output Forward writes.</summary>
    public const string Output = "y";

    /// <summary>The output's gradient Backward reads.</summary>
    public const string OutputGradient = "dy";

    /// <summary>The Saved&lt;T&gt; argument.</summary>
    public const string Saved = "saved";

    /// <summary>The mode flag of a layer with Running(...).</summary>
    public const string Training = "training";

    /// <summary>The gradient of an input or parameter: dgamma for gamma.</summary>
    public static string Gradient(string tensor) => "d" + tensor;
}
