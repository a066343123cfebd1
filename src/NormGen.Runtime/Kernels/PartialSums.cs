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
/// Where the copies lie is chosen against the spans the kernel reads and writes row by row (<see cref="Avoid"/>): each
/// copy starts on the line of a page farthest, modulo 4 KB, from those spans and from the copies before it. A load whose
/// address agrees modulo 4 KB with an older store still in flight waits for it (4K aliasing), so a gradient whose
/// stores run a line or two ahead of the rows' loads modulo 4 KB stalls every vector; the user's own gradient
/// buffers, or copies at a fixed offset, land there for some placements of the user's arrays (1.1-1.4x slower
/// backwards at 1024-float rows, and up to 2.8x with the gradients summed straight into the user's buffers;
/// docs/statistics.md, "Gradients at chosen offsets").
/// </para>
/// Generated kernels call <see cref="Rent"/>, <see cref="Avoid"/> per span, <see cref="Reserve"/> per gradient, then per chunk <see cref="Clear"/>
/// and <see cref="At"/>, then <see cref="AddTo"/> or <see cref="AddChunksTo"/>, and <see cref="Return"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)] // generated-kernel plumbing
public sealed unsafe class PartialSums<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Page = 4096;

    [ThreadStatic] private static PartialSums<T>? t_cached;

    private T[] buffer = [];
    private int origin;       // first element of buffer at a page-aligned address
    private ulong avoided;    // bit i: a stream the kernel reads or writes row by row starts on line i of its page
    private int chunks;
    private int chunkStride;  // elements from one chunk's copies to the next's, whole pages
    private readonly List<(int Start, int Length)> copies = [];

    private PartialSums() { }

    /// <summary>This thread's instance, with nothing reserved, for <paramref name="chunks"/> sets of copies.</summary>
    public static PartialSums<T> Rent(int chunks)
    {
        var sums = t_cached ?? new PartialSums<T>();
        t_cached = null; // a nested Rent gets an instance of its own
        sums.chunks = chunks;
        sums.chunkStride = 0;
        sums.avoided = 0;
        sums.copies.Clear();
        return sums;
    }

    /// <summary>
    /// Records a span the kernel reads or writes row by row (its address only is read), so that the copies start as far
    /// from it as they can modulo 4 KB. Call before <see cref="Reserve"/>.
    /// </summary>
    public void Avoid(ReadOnlySpan<byte> stream) =>
        avoided |= 1UL << (int)((nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(stream)) % Page / 64);

    /// <summary>Reserves a copy of <paramref name="length"/> elements per chunk and returns its handle. Call before any <see cref="At"/>.</summary>
    public int Reserve(int length)
    {
        copies.Add((0, length));
        // Nothing is written before the last Reserve, so every Reserve lays all the copies out again: each copy in turn
        // starts on the line of a page farthest from every avoided stream and every copy before it (without streams to
        // avoid: copy k of n k/n of a page past a page boundary).
        int pageElements = Page / sizeof(T), lineElements = 64 / sizeof(T);
        int stagger = Page / copies.Count / 64 * 64 / sizeof(T);
        ulong taken = avoided;
        int end = 0;
        for (int k = 0; k < copies.Count; k++)
        {
            int offset = avoided == 0 ? k * stagger : FarthestLine(taken) * lineElements;
            taken |= 1UL << (offset / lineElements);
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

    /// <summary>
    /// The line (0-63) of a page whose distance modulo 64 lines to the nearest taken line is largest, the lowest such
    /// line on a tie: the taken lines are widened one line each way until only the farthest remain free.
    /// </summary>
    internal static int FarthestLine(ulong taken)
    {
        if (taken == 0) return 0;
        ulong covered = taken;
        while (true)
        {
            ulong wider = covered | BitOperations.RotateLeft(covered, 1) | BitOperations.RotateRight(covered, 1);
            if (wider == ulong.MaxValue) return BitOperations.TrailingZeroCount(~covered);
            covered = wider;
        }
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
