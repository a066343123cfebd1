using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace NormGen.Kernels;

/// <summary>
/// Software prefetch of the next outer iteration's rows. A generated kernel whose outer loop walks rows (LayerNorm's
/// rows, GroupNorm's groups) reads each row in two or three sweeps: the first from memory, the others from L1. The
/// hardware prefetchers stop at 4 KB page boundaries, so on rows of several pages every page of the next row starts
/// with a demand miss while the memory pipe idled during the current row's later sweeps. The kernels therefore
/// prefetch, spread over the last sweep of each iteration (one line per vector), the lines the next iteration will
/// read, for every input tensor laid out row after row. <see cref="MinRowBytes"/> is the user's setting; the other members are
/// called by generated kernels and hidden from IntelliSense.
/// </summary>
/// <remarks>
/// x86 only (<see cref="Sse.Prefetch0"/>, the JIT drops the calls elsewhere): .NET has no managed prefetch for Arm64.
/// A prefetch is a hint: it never faults and does not change any result.
/// </remarks>
public static unsafe class Prefetch
{
    /// <summary>
    /// Rows shorter than this many bytes are not prefetched; <see cref="int.MaxValue"/> turns the prefetch off. The
    /// default, <see cref="DefaultMinRowBytes"/>, is 8 KB (two pages), from what was measured on an AVX-512 Xeon
    /// (docs/benchmarks.md, "Prefetch"): at 4096-float rows 3-23% faster at either vector width; at 256- and 1024-float
    /// rows slower with Vector256 and with cache-line-aligned data under Vector512, faster only for Vector512 on data
    /// that is not cache-line aligned.
    /// </summary>
    public static int MinRowBytes
    {
        get => s_minRowBytesOverDefault + DefaultMinRowBytes;
        set => s_minRowBytesOverDefault = value >= 1 ? value - DefaultMinRowBytes : throw new ArgumentOutOfRangeException(nameof(value), value, "At least one byte.");
    }

    /// <summary>The default of <see cref="MinRowBytes"/>: 8192.</summary>
    public static int DefaultMinRowBytes => 8192;

    // MinRowBytes - DefaultMinRowBytes, so that the default is the field's zero and the class has no static
    // constructor: generated kernels are compiled once, fully optimized, at their first call (AggressiveOptimization),
    // and a class that still needs initializing then leaves a class-initialization helper call in the kernel for good,
    // a call across which the JIT spills vector registers (docs/statistics.md, "Prefetch and streaming stores";
    // KernelStaticsTests).
    private static int s_minRowBytesOverDefault;

    /// <summary>
    /// Elements from a row to the same element of the next outer iteration's row, or 0 when that row is not to be
    /// prefetched (no next iteration in this chunk, rows below <see cref="MinRowBytes"/>, or no prefetch instruction).
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)] // generated-kernel plumbing
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint Distance<T>(nint rowElements, bool hasNext) where T : unmanaged =>
        Sse.IsSupported && hasNext && (long)rowElements * sizeof(T) - DefaultMinRowBytes >= s_minRowBytesOverDefault ? rowElements : 0;

    /// <summary>Prefetches (into all cache levels) the line holding <c>row[index + distance]</c>, unless <paramref name="distance"/> is 0.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)] // generated-kernel plumbing
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Line<T>(ref T row, nint index, nint distance) where T : unmanaged
    {
        // The address of a managed ref may be stale by the time the hint runs if the GC moves the array; a hint on a
        // stale address only wastes a line fill, it cannot fault.
        if (Sse.IsSupported && distance != 0) Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref row, index + distance)));
    }
}
