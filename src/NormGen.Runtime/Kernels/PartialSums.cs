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
/// Where the copies lie is chosen against the rows the kernel reads (<see cref="Rent(int, ReadOnlySpan{byte})"/>): the
/// first copy starts one cache line before them modulo 4 KB, the others evenly spread over the page after it. A load whose
/// address agrees modulo 4 KB with an older store still in flight waits for it (4K aliasing), so a gradient whose
/// stores run a line or two ahead of the rows' loads modulo 4 KB stalls every vector; the user's own gradient
/// buffers, or copies at a fixed offset, land there for some placements of the user's arrays (1.1-1.4x slower
/// backwards at 1024-float rows, and up to 2.8x with the gradients summed straight into the user's buffers;
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
    private int rowsLine = -1; // the line of its page the kernel's rows start on (0-63); -1: not given
    private int chunks;
    private int chunkStride;  // elements from one chunk's copies to the next's, whole pages
    private readonly List<(int Start, int Length)> copies = [];

    private PartialSums() { }

    /// <summary>
    /// This thread's instance, with nothing reserved, for <paramref name="chunks"/> sets of copies laid out from a page
    /// boundary (copy k of n k/n of a page past it): the layout of kernels generated before <see cref="Rent(int, ReadOnlySpan{byte})"/>.
    /// </summary>
    public static PartialSums<T> Rent(int chunks) => Rent(chunks, -1);

    /// <summary>
    /// This thread's instance, with nothing reserved, for <paramref name="chunks"/> sets of copies laid out against
    /// <paramref name="rows"/>, the first span the kernel reads row by row (its address only is read): copy 0 starts
    /// one cache line before the rows modulo 4 KB, copy k of n k/n of a page after copy 0.
    /// </summary>
    public static PartialSums<T> Rent(int chunks, ReadOnlySpan<byte> rows) =>
        Rent(chunks, (int)((nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(rows)) % Page / 64));

    private static PartialSums<T> Rent(int chunks, int rowsLine)
    {
        var sums = t_cached ?? new PartialSums<T>();
        t_cached = null; // a nested Rent gets an instance of its own
        sums.chunks = chunks;
        sums.chunkStride = 0;
        sums.rowsLine = rowsLine;
        sums.copies.Clear();
        return sums;
    }

    /// <summary>Reserves a copy of <paramref name="length"/> elements per chunk and returns its handle. Call before any <see cref="At"/>.</summary>
    public int Reserve(int length)
    {
        copies.Add((0, length));
        // Nothing is written before the last Reserve, so every Reserve lays all the copies out again: copy k of n starts
        // k/n of a page (whole cache lines) after copy 0, which starts one line before the rows (without rows: on a page
        // boundary). Copy 0's stores then trail the row loads of the same addresses modulo 4 KB by almost a row, and the
        // others are as far from copy 0 and from each other as they can be.
        int pageElements = Page / sizeof(T), lineElements = 64 / sizeof(T);
        int stagger = Page / copies.Count / 64 * 64 / sizeof(T);
        int first = rowsLine < 0 ? 0 : (rowsLine + 63) % 64 * lineElements;
        int end = 0;
        for (int k = 0; k < copies.Count; k++)
        {
            int offset = first + k * stagger;
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
