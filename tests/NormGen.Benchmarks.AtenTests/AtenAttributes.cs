using NormGen.Benchmarks.Aten;

namespace NormGen.Benchmarks.AtenTests;

/// <summary>A theory that is skipped, with the reason, when the ATen shim is not built or libtorch is not installed.</summary>
public sealed class AtenTheoryAttribute : TheoryAttribute
{
    public AtenTheoryAttribute()
    {
        if (!AtenShim.IsAvailable)
            Skip = "ATen baseline unavailable: " + AtenShim.UnavailableReason;
    }
}

/// <summary>A fact that is skipped, with the reason, when the ATen shim is not built or libtorch is not installed.</summary>
public sealed class AtenFactAttribute : FactAttribute
{
    public AtenFactAttribute()
    {
        if (!AtenShim.IsAvailable)
            Skip = "ATen baseline unavailable: " + AtenShim.UnavailableReason;
    }
}
