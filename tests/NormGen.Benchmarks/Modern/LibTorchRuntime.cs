using System.Reflection;
using System.Runtime.InteropServices;
using NormGen.Benchmarks.Infrastructure;
using TorchSharp;

namespace NormGen.Benchmarks.Modern;

/// <summary>
/// Loads LibTorch 2.10 (NuGet libtorch-cpu-linux-x64) through TorchSharp for the <c>LibTorch</c> benchmarks, single-threaded.
/// TorchSharp's native glue, <c>libLibTorchSharp.so</c>, asks for GLIBCXX_3.4.32 (GCC 13's libstdc++) for one symbol it
/// never calls; on a system whose libstdc++ is older (Debian 12) it does not load as shipped. Then a copy of it with that one
/// requirement marked weak (<see cref="ElfVersionNeeds"/>) is written beside it in the build output and TorchSharp's imports
/// are bound to the copy. Anything else that fails leaves <see cref="IsAvailable"/> false with the reason, and the LibTorch
/// benchmarks and tests are skipped.
/// </summary>
public static class LibTorchRuntime
{
    public const string GlueLibrary = "libLibTorchSharp.so";
    public const string PatchedGlueLibrary = "libLibTorchSharp.glibcxx-weak.so";
    private const string MissingVersion = "GLIBCXX_3.4.32";

    private static readonly Lazy<(bool Ok, string Description)> State = new(Load);

    public static bool IsAvailable => State.Value.Ok;

    /// <summary>Why the LibTorch baseline is unavailable (null when it is available).</summary>
    public static string? UnavailableReason => State.Value.Ok ? null : State.Value.Description;

    /// <summary>Version and how it was loaded, for the start-up banner and the run record.</summary>
    public static string Description => State.Value.Description;

    public static void EnsureAvailable()
    {
        if (!IsAvailable)
            throw new InvalidOperationException("LibTorch baseline unavailable: " + UnavailableReason);
    }

    private static (bool, string) Load()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return (false, "the LibTorch baseline is referenced for linux-x64 only (NuGet libtorch-cpu-linux-x64)");
        string? directory = new[] { Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native"), AppContext.BaseDirectory }
            .FirstOrDefault(d => File.Exists(Path.Combine(d, GlueLibrary)));
        if (directory is null)
            return (false, $"{GlueLibrary} is not in the build output (NuGet TorchSharp / libtorch-cpu-linux-x64 not restored?)");
        if (TorchLibraries.Claim(TorchLibraries.LibTorch) is { } clash)
            return (false, clash);
        string how = "as shipped";
        try
        {
            string glue = Path.Combine(directory, GlueLibrary);
            try
            {
                NativeLibrary.Load(glue);
            }
            catch (DllNotFoundException e) when (e.Message.Contains(MissingVersion, StringComparison.Ordinal))
            {
                nint handle = NativeLibrary.Load(WritePatchedCopy(glue));
                NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, (name, _, _) => name.Contains("LibTorchSharp", StringComparison.Ordinal) ? handle : 0);
                how = $"{GlueLibrary} with its {MissingVersion} requirement marked weak (the system libstdc++ lacks it; the symbol is never called)";
            }
            torch.set_num_threads(1);
            using var probe = torch.ones(2, 3).sum();
            if (probe.item<float>() != 6f)
                return (false, "LibTorch loaded but computed a wrong probe sum");
            string torchSharp = typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?";
            return (true, $"LibTorch {torch.__version__} via TorchSharp {torchSharp}, intra-op threads {torch.get_num_threads()}, loaded {how}");
        }
        catch (Exception e) // whatever TorchSharp throws when a native piece is missing: the reason is the message
        {
            return (false, $"LibTorch does not load from {directory}: {e.GetBaseException().Message}");
        }
    }

    /// <summary>Writes (once, atomically: benchmark processes may race) the copy of the glue library with the weak requirement.</summary>
    private static string WritePatchedCopy(string glue)
    {
        byte[] elf = File.ReadAllBytes(glue);
        if (ElfVersionNeeds.MarkWeak(elf, MissingVersion) == 0)
            throw new InvalidOperationException($"{glue} has no {MissingVersion} requirement to relax, yet fails to load on it");
        string target = Path.Combine(Path.GetDirectoryName(glue)!, PatchedGlueLibrary); // beside libtorch*.so: its RUNPATH $ORIGIN finds them
        if (File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(elf))
            return target;
        string temporary = target + "." + Environment.ProcessId + ".tmp";
        File.WriteAllBytes(temporary, elf);
        File.Move(temporary, target, overwrite: true);
        return target;
    }
}
