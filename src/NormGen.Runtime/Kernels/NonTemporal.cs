using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NormGen.Kernels;

/// <summary>
/// Non-temporal (streaming) stores of a generated kernel's outputs in calls larger than the cache. An ordinary store
/// to a line that is not in the cache first reads the line from memory (write-allocate), so writing y costs a read and
/// a write of y; a non-temporal store writes whole lines without reading them and without keeping them in the cache.
/// When a call's data is larger than the cache its output would be evicted before anyone reads it anyway, and skipping
/// its read leaves the memory pipe to the kernel's inputs (docs/statistics.md, "Prefetch and streaming stores").
/// <see cref="MinBytes"/> and <see cref="MinRowBytes"/> are the user's settings; the other members are called by
/// generated kernels and hidden from IntelliSense.
/// </summary>
/// <remarks>
/// x86 only (<c>movntps</c>; elsewhere every store is an ordinary one). The values and the bits written are the same
/// either way: only where the line goes differs. Stores that are not vector-aligned (the element-wise sweeps align
/// their vector loop on the row they store, so this happens only for data not aligned to its own element size) and
/// stores of a narrower storage type (bfloat16, Half) are ordinary stores.
/// </remarks>
public static unsafe class NonTemporal
{
    /// <summary>
    /// Calls that read and write fewer bytes than this (every tensor and parameter the call touches) store normally,
    /// so that their outputs stay in the cache for whatever reads them next; <see cref="long.MaxValue"/> turns
    /// streaming stores off. The default, <see cref="DefaultMinBytes"/>, is 40 MB, above the 32 MB last-level cache of
    /// the AMD EPYC it was measured on: calls whose data fit that cache (a forward of 16 MB into 16 MB, any 8 MB
    /// tensors) measured level or up to 25% slower streamed, since the next call found its data there, while calls
    /// touching 64 MB or more measured up to 24% faster (docs/statistics.md, "Prefetch and streaming stores").
    /// </summary>
    public static long MinBytes
    {
        get => s_minBytesOverDefault + DefaultMinBytes;
        set => s_minBytesOverDefault = value >= 1 ? value - DefaultMinBytes : throw new ArgumentOutOfRangeException(nameof(value), value, "At least one byte.");
    }

    /// <summary>The default of <see cref="MinBytes"/>: 40 MB (41,943,040 bytes).</summary>
    public static long DefaultMinBytes => 40L << 20;

    // Both settings are kept as offsets from their defaults, so the defaults are the fields' zeros and the class has no
    // static constructor: a kernel compiled before a constructor ran would keep a class-initialization call, across
    // which the JIT spills the row loop's vectors (Prefetch.cs; KernelStaticsTests).
    private static long s_minBytesOverDefault;

    /// <summary>
    /// Rows shorter than this many bytes (the contiguous run one sweep of a kernel stores) are stored normally, except
    /// the short rows below; <see cref="int.MaxValue"/> turns streaming stores off. The default,
    /// <see cref="DefaultMinRowBytes"/>, is 8 KB, as <see cref="Prefetch.DefaultMinRowBytes"/>: 16 KB rows measured faster
    /// streamed at both vector widths, 4 KB rows mixed (LayerNorm and RMSNorm backwards up to 18% slower with Vector512,
    /// 14-32% with Vector256). While this setting is at its default, kernels running Vector512 also stream rows of
    /// 1 KB to 2 KB (256 to 512 floats) in calls touching at least <see cref="MinBytes"/>: there the LayerNorm, RMSNorm
    /// and DyT backwards measured 10-32% faster streamed, the fused add+RMSNorm forward and backward 8-11%, the forwards
    /// from 11% faster (DyT) to 4% slower (LayerNorm, 2 KB rows); with Vector256 the LayerNorm backward measured 6-18%
    /// slower, so Vector256 kernels do not
    /// (docs/statistics.md, "Prefetch and streaming stores"). The choice is made once per call, by the generated public
    /// method, from the shape: a call streams when it touches at least <see cref="MinBytes"/> and a sweep's row is at
    /// least this long or, by default with Vector512, such a short row.
    /// </summary>
    public static int MinRowBytes
    {
        get => s_minRowBytesOverDefault + DefaultMinRowBytes;
        set => s_minRowBytesOverDefault = value >= 1 ? value - DefaultMinRowBytes : throw new ArgumentOutOfRangeException(nameof(value), value, "At least one byte.");
    }

    /// <summary>The default of <see cref="MinRowBytes"/>: 8192.</summary>
    public static int DefaultMinRowBytes => 8192;

    private static int s_minRowBytesOverDefault;

    /// <summary>
    /// Whether a sweep should stream its stores to a row of <paramref name="rowElements"/> elements of
    /// <typeparamref name="TS"/> that it computes in <typeparamref name="T"/>, in a call that reads and writes
    /// <paramref name="touchedElements"/> elements in all: x86 with SSE, the same type (no narrowing), at least
    /// <see cref="MinBytes"/> touched and a row of at least <see cref="MinRowBytes"/>, or, with
    /// <see cref="MinRowBytes"/> at its default and Vector512 kernels, a row of <see cref="ShortRowMinBytes"/> to
    /// <see cref="ShortRowMaxBytes"/>.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)] // generated-kernel plumbing
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Use<TS, T>(long touchedElements, long rowElements) where TS : unmanaged where T : unmanaged =>
        Sse.IsSupported && typeof(TS) == typeof(T) && s_minRowBytesOverDefault != int.MaxValue - DefaultMinRowBytes
        && touchedElements * sizeof(TS) - DefaultMinBytes >= s_minBytesOverDefault
        && ((long)rowElements * sizeof(TS) - DefaultMinRowBytes >= s_minRowBytesOverDefault
            // Vector512.IsHardwareAccelerated is the generated dispatcher's choice of width and a JIT-time constant.
            || (s_minRowBytesOverDefault == 0 && Vector512.IsHardwareAccelerated
                && (ulong)(rowElements * sizeof(TS) - ShortRowMinBytes) <= ShortRowMaxBytes - ShortRowMinBytes));

    /// <summary>
    /// The shortest and longest rows (bytes) that Vector512 kernels stream by default although shorter than
    /// <see cref="DefaultMinRowBytes"/>: 1 KB and 2 KB rows measured faster streamed, 4 KB rows mixed.
    /// </summary>
    internal const int ShortRowMinBytes = 1024, ShortRowMaxBytes = 2048;

    /// <summary>
    /// <c>V.Store&lt;TS&gt;(value, ref destination, index)</c>, as a non-temporal store when <typeparamref name="TS"/> is
    /// <typeparamref name="T"/> and the address is a multiple of the vector's size. Generated kernels call it in the copy
    /// of a vector loop they run when <see cref="Use{TS, T}"/> said so, and only on memory their caller pinned for the
    /// whole call (the generated <c>__*Streamed</c> methods, through <see cref="Pinned.Run{T, TState}"/>): the address is taken
    /// from the ref without pinning it here, so the loop carries no per-store pinning (a pinned stack slot written and
    /// cleared around every store, which measured the generated streaming loops slower than a hand loop's).
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)] // generated-kernel plumbing
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<TSimd, TV, T, TS>(TV value, ref TS destination, nint index)
        where TSimd : struct, ISimd<TV, T>
        where T : unmanaged, IFloatingPointIeee754<T>
        where TS : unmanaged
    {
        if (typeof(TS) == typeof(T))
        {
            TS* p = (TS*)Unsafe.AsPointer(ref Unsafe.Add(ref destination, index));
            if (typeof(TV) == typeof(Vector512<T>) && Avx512F.IsSupported && ((nuint)p & 63) == 0)
            {
                Avx512F.StoreAlignedNonTemporal((float*)p, Unsafe.As<TV, Vector512<float>>(ref value));
                return;
            }
            if (typeof(TV) == typeof(Vector256<T>) && Avx.IsSupported && ((nuint)p & 31) == 0)
            {
                Avx.StoreAlignedNonTemporal((float*)p, Unsafe.As<TV, Vector256<float>>(ref value));
                return;
            }
            if (typeof(TV) == typeof(Vector128<T>) && Sse.IsSupported && ((nuint)p & 15) == 0)
            {
                Sse.StoreAlignedNonTemporal((float*)p, Unsafe.As<TV, Vector128<float>>(ref value));
                return;
            }
        }
        TSimd.Store(value, ref destination, index);
    }

    /// <summary>
    /// Type argument of a generated kernel's ordinary instantiation, in which its streaming copies are dead code the JIT
    /// removes (a <c>typeof</c> test), so it compiles as a kernel without them.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)] // generated-kernel plumbing
    public readonly struct Ordinary { }

    /// <summary>Type argument of a generated kernel's instantiation that streams its stores, chosen once per call.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)] // generated-kernel plumbing
    public readonly struct Streamed { }

    /// <summary>
    /// Orders this thread's streaming stores before its later stores (<c>sfence</c>): a kernel that streamed calls it once
    /// at its end, so a thread that sees the kernel done (a join) sees its outputs.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)] // generated-kernel plumbing
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Fence()
    {
        if (Sse.IsSupported) Sse.StoreFence();
    }
}
