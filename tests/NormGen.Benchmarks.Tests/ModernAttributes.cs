using NormGen.Benchmarks.Modern;

namespace NormGen.Benchmarks.Tests;

/// <summary>A theory that is skipped, with the reason, when LibTorch (TorchSharp + libtorch-cpu-linux-x64) does not load.</summary>
public sealed class LibTorchTheoryAttribute : TheoryAttribute
{
    public LibTorchTheoryAttribute()
    {
        if (!LibTorchRuntime.IsAvailable)
            Skip = "LibTorch baseline unavailable: " + LibTorchRuntime.UnavailableReason;
    }
}

/// <summary>A theory that is skipped, with the reason, when ONNX Runtime's native library does not load.</summary>
public sealed class OrtTheoryAttribute : TheoryAttribute
{
    public OrtTheoryAttribute()
    {
        if (!OrtRuntime.IsAvailable)
            Skip = "ONNX Runtime baseline unavailable: " + OrtRuntime.UnavailableReason;
    }
}
