using System.Runtime.InteropServices;

namespace NormGen.Benchmarks.Infrastructure;

/// <summary>
/// A float32 buffer in native memory, 64-byte aligned (unless <see cref="s_skewed"/>), so that every implementation
/// (C# and ATen) sees the same cache-line-aligned data and no garbage collector runs behind the timings.
/// </summary>
public sealed unsafe class NativeBuffer : IDisposable
{
    private float* pointer;
    private float* allocation;
    private static int s_count;
    private static int s_offsetNoted;

    /// <summary>
    /// NORMGEN_BENCH_BUFFER_SKEW=1 (inherited by BenchmarkDotNet's children): the n-th buffer starts 16*(n mod 4) bytes
    /// past a 64-byte line instead of on one, so the rows of one call lie at different offsets from a vector boundary,
    /// as a user's arrays may (a float[]'s data is 8 to 56 bytes past a line). A diagnostic: the suite's numbers are
    /// for aligned buffers, as PyTorch's allocator gives (docs/benchmarks.md, "Rows at different offsets").
    /// </summary>
    private static readonly bool s_skewed = Environment.GetEnvironmentVariable("NORMGEN_BENCH_BUFFER_SKEW") == "1";

    /// <summary>
    /// NORMGEN_BENCH_BUFFER_OFFSET=bytes (a multiple of 4 below 64): every buffer starts that many bytes past a 64-byte
    /// line, as .NET 10 places large float[]s (24 bytes past one): the rows of one call all at the same offset. A
    /// diagnostic, like <see cref="s_skewed"/>, which it is added to.
    /// </summary>
    private static readonly int s_offset = int.TryParse(Environment.GetEnvironmentVariable("NORMGEN_BENCH_BUFFER_OFFSET"), out int bytes) && bytes % 4 == 0 && bytes is >= 0 and < 64 ? bytes : 0;

    /// <summary>
    /// NORMGEN_BENCH_BUFFER_PAGE_STAGGER=1: the n-th buffer starts (n mod 4) KB + 64·(n mod 4) bytes further into its page, so
    /// buffers no longer share their offset within a 4 KB page (glibc places every large aligned allocation at the same
    /// one): a diagnostic for 4K aliasing, where a load waits behind a pending store to another buffer whose address
    /// agrees in its low 12 bits (docs/statistics.md, "4K aliasing at 4 KB rows").
    /// </summary>
    private static readonly bool s_staggered = Environment.GetEnvironmentVariable("NORMGEN_BENCH_BUFFER_PAGE_STAGGER") == "1";
    private static int s_pageCount;

    /// <summary>
    /// NORMGEN_BENCH_SMALL_PAGE_OFFSET=bytes (a multiple of 64 below 4096): buffers of at most 64 KB (the per-feature
    /// parameters and their gradients, the per-row statistics) start that many bytes into a page, instead of wherever
    /// glibc's heap puts them, which changes from process to process while the large buffers always sit 64 bytes into
    /// theirs. A diagnostic for 4K aliasing between a parameter gradient's stores and the row loads
    /// (docs/statistics.md, "4K aliasing at 4 KB rows").
    /// </summary>
    private static readonly int s_smallPageOffset = int.TryParse(Environment.GetEnvironmentVariable("NORMGEN_BENCH_SMALL_PAGE_OFFSET"), out int small) && small % 64 == 0 && small is >= 0 and < 4096 ? small : -1;

    /// <summary>NORMGEN_BENCH_BUFFER_LOG=1: every buffer prints its length and its offset within its page.</summary>
    private static readonly bool s_logged = Environment.GetEnvironmentVariable("NORMGEN_BENCH_BUFFER_LOG") == "1";

    public NativeBuffer(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        Length = checked((int)length);
        int n = s_skewed ? Interlocked.Increment(ref s_count) : 0;
        if (n == 1) Console.WriteLine("// NORMGEN_BENCH_BUFFER_SKEW=1: buffers start 0, 16, 32 or 48 bytes past a 64-byte line");
        if (s_offset != 0 && Interlocked.Increment(ref s_offsetNoted) == 1) Console.WriteLine($"// NORMGEN_BENCH_BUFFER_OFFSET={s_offset}: buffers start {s_offset} bytes past a 64-byte line");
        int skew = (4 * (n % 4) + s_offset / 4) % 16;
        if (s_staggered)
        {
            int m = Interlocked.Increment(ref s_pageCount);
            if (m == 1) Console.WriteLine("// NORMGEN_BENCH_BUFFER_PAGE_STAGGER=1: buffers start 0, 1088, 2176 or 3264 bytes further into their pages");
            skew += (m % 4) * (1024 + 64) / sizeof(float);
        }
        if (s_smallPageOffset >= 0 && length <= 16384)
        {
            allocation = (float*)NativeMemory.AlignedAlloc((nuint)length * sizeof(float) + (nuint)s_smallPageOffset, 4096);
            pointer = allocation + s_smallPageOffset / sizeof(float);
        }
        else
        {
            allocation = (float*)NativeMemory.AlignedAlloc((nuint)(length + skew) * sizeof(float), 64);
            pointer = allocation + skew;
        }
        if (s_logged) Console.WriteLine($"// buffer of {length} floats at page offset {(nuint)pointer % 4096}");
        new Span<float>(pointer, Length).Clear();
    }

    public int Length { get; }

    public float* Pointer => pointer != null ? pointer : throw new ObjectDisposedException(nameof(NativeBuffer));

    public Span<float> Span => new(Pointer, Length);

    public float[] ToArray() => Span.ToArray();

    public void Dispose()
    {
        if (pointer != null)
        {
            NativeMemory.AlignedFree(allocation);
            pointer = allocation = null;
        }
    }
}
