using System.ComponentModel;
using System.Buffers;
using System.Runtime.CompilerServices;

namespace NormGen.Kernels;

/// <summary>
/// How generated kernels split large inputs across cores. Work is cut into a number of chunks that depends only on
/// the problem size, never on the thread count, and per-chunk partial sums (parameter gradients) are added in chunk
/// order: results are identical whatever <see cref="MaxThreads"/> is (with one thread the chunks run in turn,
/// allocating nothing). <see cref="MaxThreads"/> and <see cref="MinParallelElements"/> are the user's settings; the
/// other members are called by generated kernels and hidden from IntelliSense.
/// </summary>
public static class Threading
{
    private static int s_maxThreads = Environment.ProcessorCount;

    /// <summary>Threads a kernel may use; 1 keeps every kernel on the calling thread. Defaults to the core count.</summary>
    public static int MaxThreads
    {
        get => s_maxThreads;
        set => s_maxThreads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least one thread.");
    }

    /// <summary>Inputs with fewer elements stay single-threaded: below this, waking threads costs more than it saves.</summary>
    public static long MinParallelElements { get; set; } = 1 << 18;

    /// <summary>Elements per chunk the split aims at (a fixed size, so the split does not depend on the machine).</summary>
    private const long ChunkElements = 1 << 16;

    private const int MaxChunks = 64;

    /// <summary>The number of chunks for <paramref name="outer"/> independent iterations over <paramref name="elements"/> elements (1: no split).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)] // generated-kernel plumbing
    public static int Chunks(nint outer, long elements)
    {
        if (elements < MinParallelElements || outer < 2) return 1;
        long chunks = Math.Min(Math.Min(elements / ChunkElements, outer), MaxChunks);
        return (int)Math.Max(2, chunks);
    }

    /// <summary>The outer iterations of chunk <paramref name="chunk"/> of <paramref name="chunks"/>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)] // generated-kernel plumbing
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (nint Start, nint End) Range(nint outer, int chunk, int chunks) =>
        (outer * chunk / chunks, outer * (chunk + 1) / chunks);

    /// <summary>Runs <paramref name="body"/> for every chunk on up to <see cref="MaxThreads"/> threads and waits for all.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)] // generated-kernel plumbing
    public static void For(int chunks, Action<int> body)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Min(s_maxThreads, chunks) };
        Parallel.For(0, chunks, options, body);
    }

    /// <summary>Zeroed scratch for <paramref name="chunks"/> partial copies of a buffer of <paramref name="length"/> elements.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)] // generated-kernel plumbing
    public static T[] RentPartials<T>(int chunks, int length)
    {
        var partials = ArrayPool<T>.Shared.Rent(chunks * length);
        Array.Clear(partials, 0, chunks * length);
        return partials;
    }

    /// <summary>target += partial[0] + partial[1] + ... in chunk order (deterministic), then returns the scratch.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)] // generated-kernel plumbing
    // A loop on every threaded backward call: compiled optimized once, not as tier-0 code and then on-stack replaced
    // (which costs more JIT time in the first call than the full compile; docs/benchmarks.md, "First calls").
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddPartials<T>(Span<T> target, T[] partials, int chunks) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int length = target.Length;
        for (int c = 0; c < chunks; c++)
        {
            var partial = partials.AsSpan(c * length, length);
            for (int i = 0; i < length; i++) target[i] += partial[i];
        }
        ArrayPool<T>.Shared.Return(partials);
    }
}
