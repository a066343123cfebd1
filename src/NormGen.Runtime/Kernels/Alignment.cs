using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace NormGen.Kernels;

/// <summary>
/// Where rows lie against 64-byte cache lines, for generated kernels. <see cref="Head{TS}"/>: the scalar head that
/// aligns an element-wise sweep's vector loop on the row it stores (a plain <c>float[]</c> starts 8-56 bytes past a
/// line, and without it every 64-byte vector store of a row splits two lines; docs/benchmarks.md, "Aligned stores");
/// the sweep first runs this many elements through its scalar body, which rounds exactly like the vector body, so the
/// results do not depend on where the data lies. <see cref="SplitLoads{TS}"/> and <see cref="OffLine{TS}"/>: whether a
/// sweep running Vector512 loads its rows in 256-bit halves (<see cref="Simd512SplitLoads{T}"/>), which does not change
/// the results either. <see cref="SplitLoadMode"/> and <see cref="SplitLoadMinBytes"/> are user settings; the other
/// members are called by generated kernels.
/// </summary>
public static unsafe class Alignment
{
    /// <summary>
    /// Elements from <paramref name="row"/> to the first one whose address is a multiple of <paramref name="lanes"/>
    /// elements (a vector of them), at most <paramref name="count"/>; 0 when that cannot be reached by whole elements.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)] // generated-kernel plumbing
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint Head<TS>(ref TS row, nint count, int lanes) where TS : unmanaged
    {
        nuint bytes = (nuint)lanes * (nuint)sizeof(TS);
        if (lanes <= 1 || (bytes & (bytes - 1)) != 0) return 0;
        // The address of a managed ref may be stale by the time the loop runs if the GC moves the array: the head is
        // then merely not aligning; every element is still computed once, by the same arithmetic.
        nuint past = (nuint)Unsafe.AsPointer(ref row) & (bytes - 1);
        if (past == 0 || past % (nuint)sizeof(TS) != 0) return 0;
        nint head = (nint)((bytes - past) / (nuint)sizeof(TS));
        return head < count ? head : count;
    }

    /// <summary>
    /// When kernels running Vector512 load rows that are off 64-byte lines in two 256-bit halves
    /// (<see cref="Simd512SplitLoads{T}"/>). The default, <see cref="SplitLoadMode.Auto"/>: in calls that read and write
    /// at least <see cref="SplitLoadMinBytes"/>, a sweep that sums over rows (element-wise sweeps align their loop on the
    /// row they store instead) splits its loads when one of its rows is off a line where its vector loop starts, or when
    /// its rows are at least <see cref="SplitLoadMinRowBytes"/> long. The results are the same bits either way.
    /// </summary>
    public static SplitLoadMode SplitLoadMode { get; set; }

    /// <summary>
    /// Calls that read and write fewer bytes than this (every tensor and parameter they touch) load whole vectors
    /// under <see cref="SplitLoadMode.Auto"/>. The default, <see cref="DefaultSplitLoadMinBytes"/>, is 32 MB, the
    /// last-level cache of the AMD EPYC (Zen 4) it was measured on: a whole 64-byte load across two lines costs far
    /// more than two halves only when the lines come from memory. A hand RMSNorm-backward-shaped loop with x, dy and
    /// dx 24 bytes past a line (as .NET places large float[]s) measured halves in the sums' sweep 7-11% faster at 48 MB
    /// (4096x1024, 16384x256), level at 16 MB, 3-5% slower at 9 MB and 15% slower at 590 KB (docs/benchmarks.md, "Rows
    /// at different offsets").
    /// </summary>
    public static long SplitLoadMinBytes
    {
        get => s_splitLoadMinBytesOverDefault + DefaultSplitLoadMinBytes;
        set => s_splitLoadMinBytesOverDefault = value >= 1 ? value - DefaultSplitLoadMinBytes : throw new System.ArgumentOutOfRangeException(nameof(value), value, "At least one byte.");
    }

    /// <summary>The default of <see cref="SplitLoadMinBytes"/>: 32 MB (33,554,432 bytes).</summary>
    public static long DefaultSplitLoadMinBytes => 32L << 20;

    // Kept as an offset from the default so that the default is the field's zero and the class has no static
    // constructor (NonTemporal.cs says why).
    private static long s_splitLoadMinBytesOverDefault;

    /// <summary>
    /// Under <see cref="SplitLoadMode.Auto"/>, in calls that split at all (<see cref="SplitLoadMinBytes"/>), a sum's sweep
    /// over rows of at least this many bytes splits its loads wherever its rows start, on a line or not. The default,
    /// <see cref="DefaultSplitLoadMinRowBytes"/>, is 4 KB: on the Zen 4 it was measured on, RMSNorm over rows of 1024
    /// floats on 64-byte lines ran 1.17-1.26x a hand Vector256 kernel's time forward with whole 512-bit loads and
    /// 0.98-1.01x with halves (backward 1.10-1.17x and 1.05-1.11x), as the benchmarks allocate (every buffer at the same
    /// offset in its pages) and with the buffers staggered; rows of 1 KB measured level or worse split
    /// (docs/statistics.md, "4K aliasing at 4 KB rows"). <see cref="int.MaxValue"/>: rows on a line load whole vectors.
    /// </summary>
    public static int SplitLoadMinRowBytes
    {
        get => s_splitLoadMinRowBytesOverDefault + DefaultSplitLoadMinRowBytes;
        set => s_splitLoadMinRowBytesOverDefault = value >= 1 ? value - DefaultSplitLoadMinRowBytes : throw new System.ArgumentOutOfRangeException(nameof(value), value, "At least one byte.");
    }

    /// <summary>The default of <see cref="SplitLoadMinRowBytes"/>: 4 KB (4,096 bytes).</summary>
    public static int DefaultSplitLoadMinRowBytes => 4096;

    private static int s_splitLoadMinRowBytesOverDefault;

    /// <summary>
    /// Called per sweep, before <see cref="OffLine"/>: whether a sweep over <paramref name="rowElements"/> elements of
    /// <typeparamref name="TS"/> per row splits its loads whatever their alignment (<see cref="SplitLoadMinRowBytes"/>).
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)] // generated-kernel plumbing
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool LongRow<TS>(nint rowElements) where TS : unmanaged => (long)rowElements * sizeof(TS) >= SplitLoadMinRowBytes;

    /// <summary>
    /// Called once per generated kernel call: whether the call's sweeps may split their loads, for a call touching
    /// <paramref name="touchedElements"/> elements of <typeparamref name="TS"/> (under <see cref="SplitLoadMode"/>).
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)] // generated-kernel plumbing
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool SplitLoads<TS>(nint touchedElements) where TS : unmanaged => SplitLoadMode switch
    {
        SplitLoadMode.Never => false,
        SplitLoadMode.Always => true,
        _ => (long)touchedElements * sizeof(TS) >= SplitLoadMinBytes,
    };

    /// <summary>
    /// Called per sweep: whether the element <paramref name="index"/> of <paramref name="row"/>, where a vector loop
    /// starts, is off a 64-byte line (always true under <see cref="SplitLoadMode.Always"/>).
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)] // generated-kernel plumbing
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool OffLine<TS>(ref TS row, nint index) where TS : unmanaged =>
        ((nuint)Unsafe.AsPointer(ref Unsafe.Add(ref row, index)) & 63) != 0 || SplitLoadMode == SplitLoadMode.Always;
}

/// <summary>When kernels running Vector512 load rows in 256-bit halves (<see cref="Alignment.SplitLoadMode"/>).</summary>
public enum SplitLoadMode
{
    /// <summary>
    /// In calls touching at least <see cref="Alignment.SplitLoadMinBytes"/>, the sums' sweeps whose rows are off 64-byte
    /// lines; whole vectors otherwise.
    /// </summary>
    Auto = 0,

    /// <summary>Always whole 512-bit vectors.</summary>
    Never = 1,

    /// <summary>Every sum's sweep over rows, wherever its rows lie (except sweeps computing a transcendental or a power).</summary>
    Always = 2,
}
