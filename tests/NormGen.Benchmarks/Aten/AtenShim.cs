using System.Reflection;
using System.Runtime.InteropServices;
using NormGen.Benchmarks.Infrastructure;

namespace NormGen.Benchmarks.Aten;

/// <summary>
/// Bindings to the PyTorch ATen shim (native/shim.cpp), built by <c>native/build.sh</c> into
/// <c>tests/NormGen.Benchmarks/native/build/libnormgen_aten_shim.so</c> against Debian's libtorch-dev (PyTorch 1.13).
/// The library is looked up there (walking up from the running assembly and from the working directory to
/// the repository root), or at the path in the <c>NORMGEN_ATEN_SHIM</c> environment variable. When it is not
/// built, or libtorch is not installed, <see cref="IsAvailable"/> is false, <see cref="UnavailableReason"/>
/// says why, and the ATen benchmarks and tests are skipped.
/// </summary>
public static unsafe partial class AtenShim
{
    public const string LibraryName = "normgen_aten_shim";
    public const string FileName = "libnormgen_aten_shim.so";
    public const string RelativeBuildPath = "tests/NormGen.Benchmarks/native/build";
    public const string BuildHint = "build it with: tests/NormGen.Benchmarks/native/build.sh (installs libtorch-dev with apt-get if missing)";

    private static readonly Lazy<(nint Handle, string? Path, string? Error)> Library = new(Load);
    private static nint loadedHandle;

    /// <summary>True when the shim and libtorch load.</summary>
    public static bool IsAvailable => Library.Value.Handle != 0;

    /// <summary>Where the shim was loaded from, or null.</summary>
    public static string? LoadedFrom => Library.Value.Path;

    /// <summary>Why the ATen baseline is not available (null when it is).</summary>
    public static string? UnavailableReason => Library.Value.Error;

    private static (nint, string?, string?) Load()
    {
        string? path = Locate();
        if (path is null)
            return (0, null, Environment.GetEnvironmentVariable("NORMGEN_ATEN_SHIM") is { Length: > 0 } set
                ? $"NORMGEN_ATEN_SHIM={set} does not exist; unset it to use {RelativeBuildPath}/{FileName}, or {BuildHint}"
                : $"the ATen shim ({RelativeBuildPath}/{FileName}) is not built; {BuildHint}");
        if (TorchLibraries.Claim(TorchLibraries.Aten) is { } clash)
            return (0, path, clash);
        try
        {
            nint handle = NativeLibrary.Load(path);
            loadedHandle = handle;
            if (ng_init() != 0)
                return (0, path, $"the ATen shim at {path} failed to initialize: {LastError()}");
            if (ng_set_num_threads(requestedThreads) != 0)
                return (0, path, $"the ATen shim at {path} did not take {requestedThreads} thread(s): {LastError()}");
            return (handle, path, null);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException or EntryPointNotFoundException)
        {
            return (0, path, $"the ATen shim at {path} does not load (is libtorch-dev installed?): {e.Message}");
        }
    }

    // Before any call into the shim: the first call of a process (an Aten benchmark's, now that set-up no longer loads it) loads it.
    static AtenShim() => NativeLibrary.SetDllImportResolver(typeof(AtenShim).Assembly, Resolve);

    /// <summary>The shim's handle, loading it on first use (during loading the handle is already set: no recursion).</summary>
    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
        => name != LibraryName ? 0 : loadedHandle != 0 ? loadedHandle : IsAvailable ? loadedHandle : 0;

    private static string? Locate()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("NORMGEN_ATEN_SHIM");
        if (!string.IsNullOrEmpty(fromEnvironment))
            return File.Exists(fromEnvironment) ? Path.GetFullPath(fromEnvironment) : null;
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, RelativeBuildPath, FileName);
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        return null;
    }

    /// <summary>Throws with the shim's message when ATen is not available (the benchmarks are filtered out before that).</summary>
    public static void EnsureAvailable()
    {
        if (!IsAvailable)
            throw new InvalidOperationException("ATen baseline unavailable: " + UnavailableReason);
    }

    private static int requestedThreads = 1;

    /// <summary>
    /// ATen's intra-op threads for this process: set now if the shim is loaded, else when it loads. Benchmark set-up calls this
    /// instead of <see cref="Threads"/> so that only the processes of the Aten rows load PyTorch 1.13 (<see cref="TorchLibraries"/>).
    /// </summary>
    public static void RequestThreads(int threads)
    {
        requestedThreads = threads;
        if (Library.IsValueCreated && IsAvailable)
            Ok(ng_set_num_threads(threads));
    }

    /// <summary>ATen's intra-op threads (the shim starts at 1).</summary>
    public static int Threads
    {
        get { EnsureAvailable(); return ng_get_num_threads(); }
        set { EnsureAvailable(); Ok(ng_set_num_threads(value)); }
    }

    /// <summary>
    /// When false, the shim leaves ATen's results in ATen's freshly allocated tensors (no copy into the caller's
    /// buffers, no gradient accumulation): only to measure what the copy-out costs.
    /// </summary>
    public static void SetCopyOutputs(bool on) => ng_set_copy_outputs(on ? 1 : 0);

    /// <summary>at::show_config() and at::get_parallel_info() of the libtorch in use.</summary>
    public static string Configuration
    {
        get { EnsureAvailable(); return Marshal.PtrToStringUTF8(ng_config()) ?? ""; }
    }

    internal static void Ok(int status)
    {
        if (status != 0)
            throw new InvalidOperationException("ATen: " + LastError());
    }

    private static string LastError() => Marshal.PtrToStringUTF8(ng_last_error()) ?? "(no message)";

    [LibraryImport(LibraryName)] private static partial nint ng_last_error();
    [LibraryImport(LibraryName)] private static partial int ng_init();
    [LibraryImport(LibraryName)] private static partial int ng_set_num_threads(int threads);
    [LibraryImport(LibraryName)] private static partial int ng_get_num_threads();
    [LibraryImport(LibraryName)] private static partial void ng_set_copy_outputs(int on);
    [LibraryImport(LibraryName)] private static partial nint ng_config();

    [LibraryImport(LibraryName)]
    internal static partial int ng_layer_norm_forward(float* x, float* gamma, float* beta, float* y, float* mean, float* rstd,
        long rows, long features, double eps);

    [LibraryImport(LibraryName)]
    internal static partial int ng_layer_norm_backward(float* dy, float* x, float* gamma, float* mean, float* rstd,
        float* dx, float* dgamma, float* dbeta, long rows, long features);

    [LibraryImport(LibraryName)]
    internal static partial int ng_layer_norm_forward_kernel(float* x, float* gamma, float* beta, float* y, float* mean, float* rstd,
        long rows, long features, double eps);

    [LibraryImport(LibraryName)]
    internal static partial int ng_layer_norm_backward_kernel(float* dy, float* x, float* gamma, float* mean, float* rstd,
        float* dx, float* dgamma, float* dbeta, long rows, long features);

    [LibraryImport(LibraryName)]
    internal static partial int ng_rms_norm_forward(float* x, float* gamma, float* y, float* rstd, long rows, long features, double eps);

    [LibraryImport(LibraryName)]
    internal static partial int ng_rms_norm_backward(float* dy, float* x, float* gamma, float* rstd, float* dx, float* dgamma,
        long rows, long features);

    [LibraryImport(LibraryName)]
    internal static partial int ng_batch_norm_forward(float* x, float* gamma, float* beta, float* runningMean, float* runningVar,
        float* y, float* saveMean, float* saveInvstd, long n, long c, long h, long w, int channelsLast, double momentum, double eps);

    [LibraryImport(LibraryName)]
    internal static partial int ng_batch_norm_backward(float* dy, float* x, float* gamma, float* saveMean, float* saveInvstd,
        float* dx, float* dgamma, float* dbeta, long n, long c, long h, long w, int channelsLast, double eps);

    [LibraryImport(LibraryName)]
    internal static partial int ng_group_norm_forward(float* x, float* gamma, float* beta, float* y, float* mean, float* rstd,
        long n, long c, long hw, long groups, double eps);

    [LibraryImport(LibraryName)]
    internal static partial int ng_group_norm_backward(float* dy, float* x, float* gamma, float* mean, float* rstd,
        float* dx, float* dgamma, float* dbeta, long n, long c, long hw, long groups);

    [LibraryImport(LibraryName)]
    internal static partial int ng_instance_norm_forward(float* x, float* gamma, float* beta, float* y, float* mean, float* rstd,
        long n, long c, long hw, double eps);

    [LibraryImport(LibraryName)]
    internal static partial int ng_instance_norm_backward(float* dy, float* x, float* gamma, float* mean, float* rstd,
        float* dx, float* dgamma, float* dbeta, long n, long c, long hw, double eps);
}
