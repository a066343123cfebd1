using NormGen.Benchmarks.Aten;

namespace NormGen.Benchmarks.AtenTests;

/// <summary>A theory that is skipped, with the reason, when the ATen shim is not built or libtorch is not installed.</summary>
public sealed class AtenTheoryAttribute : TheoryAttribute
{
    public AtenTheoryAttribute() => Skip = AtenSkip.Reason;
}

/// <summary>A fact that is skipped, with the reason, when the ATen shim is not built or libtorch is not installed.</summary>
public sealed class AtenFactAttribute : FactAttribute
{
    public AtenFactAttribute() => Skip = AtenSkip.Reason;
}

internal static class AtenSkip
{
    /// <summary>Null when the shim loads (in this test process: the first torch library it loads, TorchLibraries).</summary>
    public static string? Reason => AtenShim.IsAvailable ? null : "ATen baseline unavailable: " + AtenShim.UnavailableReason;
}
