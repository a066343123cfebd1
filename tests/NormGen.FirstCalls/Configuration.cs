namespace NormGen.FirstCalls;

/// <summary>
/// A way of running the kernels: which build (the path of a NormGen.FirstCalls.dll: this one, or a copy built from
/// another commit or published ReadyToRun; or the native executable of a NativeAOT publish) and which environment
/// variables the child gets.
/// </summary>
internal sealed record Configuration(string Name, string Program, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>This build as it is, and the same build under the runtime settings worth comparing against.</summary>
    public static IReadOnlyList<Configuration> BuiltIn(string self) =>
    [
        new("as built", self, new Dictionary<string, string>()),
        // Every method compiled once, fully optimized, no tier 0, no OSR, no dynamic PGO: the app-wide switch.
        new("TieredCompilation=0", self, new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "0" }),
        // Methods with loops skip tier 0 (and so OSR); the rest still tier: <TieredCompilationQuickJitForLoops>false.
        new("QuickJitForLoops=0", self, new Dictionary<string, string> { ["DOTNET_TC_QuickJitForLoops"] = "0" }),
        // No helper threads: their start-up and the threaded path out of the first calls.
        new("MaxThreads=1", self, new Dictionary<string, string> { [ChildRun.ThreadsVariable] = "1" }),
        // One call on a small input of the same layer before call 1: the compilation moved to the application's start-up.
        new("warm-up call", self, new Dictionary<string, string> { [ChildRun.WarmupVariable] = "1" }),
    ];
}
