namespace NormGen.Generator;

/// <summary>Names of the pipeline steps, which the incremental-caching tests look up to check what was reused.</summary>
internal static class TrackingNames
{
    public const string Parse = "Parse";
    public const string Bind = "Bind";
    /// <summary>The bound layer alone, without the bind step's diagnostics: what the compile step's caching compares.</summary>
    public const string Layer = "Layer";
    public const string Compile = "Compile";
    /// <summary>What the user's compilation references (System.Numerics.Tensors): a bool per run, compared by value.</summary>
    public const string Options = "Options";
}
