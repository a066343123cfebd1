namespace NormGen.Benchmarks.Infrastructure;

/// <summary>
/// PyTorch 1.13's ATen (the shim over Debian's libtorch) and LibTorch 2.10 (TorchSharp's libtorch) are two builds of the same
/// C++ libraries (c10, torch_cpu) and cannot live in one process: loading the second crashes it in its static initializers
/// (2026-11-30: ATen then LibTorch, SIGSEGV in 2.10's <c>c10::Dispatcher::registerFallback</c>; LibTorch then ATen,
/// <c>std::system_error</c> and abort; neither RTLD_DEEPBIND nor a separate dlmopen namespace helps). So a process loads at
/// most one: the first to ask claims it, the other then reports itself unavailable with this reason instead of crashing.
/// BenchmarkDotNet runs every benchmark in a process of its own, so both baselines are still measured in one run; the host
/// only probes them (<see cref="TorchProbe"/>), and the ATen tests run in their own test project (NormGen.Benchmarks.AtenTests).
/// </summary>
public static class TorchLibraries
{
    public const string Aten = "PyTorch 1.13 (ATen shim)";
    public const string LibTorch = "LibTorch 2.10 (TorchSharp)";

    private static readonly Lock Gate = new();
    private static string? owner;

    /// <summary>The library this process has loaded, if any.</summary>
    public static string? Owner
    {
        get { lock (Gate) return owner; }
    }

    /// <summary>Claims the process for <paramref name="library"/>: null when it may load, else why not.</summary>
    public static string? Claim(string library)
    {
        lock (Gate)
        {
            if (owner is null || owner == library)
            {
                owner = library;
                return null;
            }
            return $"this process already loaded {owner}, and {library} cannot share a process with it (two builds of the same "
                + "C++ libraries crash in one process; each benchmark runs in its own process, so a run measures both)";
        }
    }
}
