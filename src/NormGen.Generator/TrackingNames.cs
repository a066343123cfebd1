namespace NormGen.Generator;

/// <summary>Names of the pipeline steps, which the incremental-caching tests look up to check what was reused.</summary>
internal static class TrackingNames
{
    public const string Parse = "Parse";
    public const string Compile = "Compile";
}
