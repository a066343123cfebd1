using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NormGen.Kernels;

/// <summary>
/// Partial copies of the parameter gradients of a kernel whose outer loop sums into them: each chunk of the loop
/// (<see cref="Threading"/>; a call too small to split is one chunk) accumulates into its own zeroed copies, and the
/// copies are added into the gradients in chunk order, so the bits do not depend on the thread count. Run on one
/// thread, the chunks share one set of copies, added after each chunk (<see cref="AddTo"/>: the same additions in the
/// same order), which stays in L1.
/// <para>
/// Where the copies lie is chosen against the rows the kernel streams (the anchor given to <see cref="Rent(int, ReadOnlySpan{byte})"/>):
/// copy k of n starts (k+1)/(n+1) of a page past the rows' offset within a page, in whole cache lines. A load whose
/// address agrees modulo 4 KB with an older store still in flight waits for it (4K aliasing), so a gradient whose
/// stores run a line or two ahead of the rows' loads modulo 4 KB stalls every vector; the user's own gradient
/// buffers, or copies at a fixed offset, land there for some placements of the user's arrays (1.2-1.4x slower
/// backward at 1024-float rows, and up to 3x with the gradients summed straight into the user's buffers;
/// docs/statistics.md, "Gradients at chosen offsets").
/// </para>
/// Generated kernels call <see cref="Rent(int, ReadOnlySpan{byte})"/>, <see cref="Reserve"/> per gradient, then per chunk <see cref="Clear"/>
/// and <see cref="At"/>, then <see cref="AddTo"/> or <see cref="AddChunksTo"/>, and <see cref="Return"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)] // generated-kernel plumbing
public sealed unsafe class PartialSums<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Page = 4096;

    [ThreadStatic] private static PartialSums<T>? t_cached;

    private T[] buffer = [];
    private int origin;       // first element of buffer at a page-aligned address
    private int anchor = -1;  // the rows' offset within a page, in elements of T (whole cache lines); -1: none given
    private int chunks;
    private int chunkStride;  // elements from one chunk's copies to the next's, whole pages
    private readonly List<(int Start, int Length)> copies = [];

    private PartialSums() { }

    /// <summary>
    /// This thread's instance, with nothing reserved, for <paramref name="chunks"/> sets of copies laid out from a
    /// page's start (copy k of n k/n of a page past it): the layout of kernels generated before the anchor existed.
    /// </summary>
    public static PartialSums<T> Rent(int chunks)
    {
        var sums = Rent(chunks, default);
        sums.anchor = -1;
        return sums;
    }

    /// <summary>
    /// This thread's instance, with nothing reserved, for <paramref name="chunks"/> sets of copies laid out against
    /// <paramref name="anchor"/>: the first row the kernel streams (its address only is read).
    /// </summary>
    public static PartialSums<T> Rent(int chunks, ReadOnlySpan<byte> anchor)
    {
        var sums = t_cached ?? new PartialSums<T>();
        t_cached = null; // a nested Rent gets an instance of its own
        sums.chunks = chunks;
        sums.chunkStride = 0;
        sums.copies.Clear();
        sums.anchor = (int)((nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(anchor)) % Page / 64 * 64 / sizeof(T));
        return sums;
    }

    /// <summary>Reserves a copy of <paramref name="length"/> elements per chunk and returns its handle. Call before any <see cref="At"/>.</summary>
    public int Reserve(int length)
    {
        copies.Add((0, length));
        // Nothing is written before the last Reserve, so every Reserve lays all the copies out again: copy k of a chunk
        // starts (k+1)/(count+1) of a page (whole cache lines) past the rows' offset, the rows and the copies' starts as
        // far apart as they can be (without an anchor: k/count of a page past a page boundary).
        int pageElements = Page / sizeof(T);
        int slots = anchor < 0 ? copies.Count : copies.Count + 1;
        int stagger = Page / slots / 64 * 64 / sizeof(T);
        int end = 0;
        for (int k = 0; k < copies.Count; k++)
        {
            int offset = anchor < 0 ? k * stagger : anchor + (k + 1) * stagger;
            int start = end + ((offset - end % pageElements) % pageElements + pageElements) % pageElements;
            copies[k] = (start, copies[k].Length);
            end = start + copies[k].Length;
        }
        chunkStride = (end + pageElements - 1) / pageElements * pageElements;
        long needed = (long)chunkStride * chunks;
        if (buffer.Length - origin < needed)
        {
            // Pinned (never moved), so origin stays page-aligned.
            buffer = GC.AllocateUninitializedArray<T>(checked((int)(needed + needed / 2)) + pageElements, pinned: true);
            nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
            origin = (int)((Page - address % Page) % Page / sizeof(T));
        }
        return copies.Count - 1;
    }

    /// <summary>Zeroes chunk <paramref name="chunk"/>'s copies (by the thread about to run it, so they start in its cache).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a loop every split call runs: compiled optimized once (no tier-0 code and OSR)
    public void Clear(int chunk)
    {
        foreach (var (start, length) in copies) MemoryMarshal.CreateSpan(ref Element(chunk, start), length).Clear();
    }

    /// <summary>The first element of copy <paramref name="handle"/> of chunk <paramref name="chunk"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref T At(int handle, int chunk) => ref Element(chunk, copies[handle].Start);

    /// <summary><c>target[i] += copy[i]</c> for chunk <paramref name="chunk"/>'s copy <paramref name="handle"/>.</summary>
    public void AddTo(Span<T> target, int handle, int chunk) =>
        Threading.Add(target, MemoryMarshal.CreateReadOnlySpan(ref At(handle, chunk), target.Length));

    /// <summary><c>target[i] += copy[i]</c> for every chunk's copy <paramref name="handle"/>, in chunk order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddChunksTo(Span<T> target, int handle)
    {
        for (int c = 0; c < chunks; c++) AddTo(target, handle, c);
    }

    /// <summary>Hands the instance back to this thread.</summary>
    public void Return() => t_cached = this;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref T Element(int chunk, int start) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(buffer), origin + chunk * chunkStride + start);
}
