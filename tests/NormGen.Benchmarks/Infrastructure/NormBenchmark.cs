using BenchmarkDotNet.Attributes;
using NormGen.Benchmarks.Aten;
using NormGen.Benchmarks.Baselines;

namespace NormGen.Benchmarks.Infrastructure;

/// <summary>
/// Base of every benchmark class: one class per layer and direction, every implementation on the same
/// 64-byte-aligned buffers, the hand-written SIMD kernel as the baseline, and a copy of the same number of
/// bytes as the bandwidth floor. The correctness test (tests/NormGen.Benchmarks.Tests) drives the same
/// classes through <see cref="ResetOutputs"/> and <see cref="Outputs"/> on small shapes.
/// </summary>
[Config(typeof(NormBenchConfig))]
public abstract class NormBenchmark : IMovesBytes
{
    public const float Eps = 1e-5f;
    public const float Momentum = 0.1f;

    private readonly List<NativeBuffer> buffers = [];
    private readonly List<IDisposable> owned = [];
    private NativeBuffer copySource = null!;
    private NativeBuffer copyDestination = null!;

    /// <summary>
    /// The bytes the kernel must move at the least: every input read once and every output written once
    /// (parameter gradients and running buffers are read and written). Depends on the parameters only.
    /// </summary>
    public abstract long BytesMoved { get; }

    /// <summary>The buffers a kernel writes, by name, compared across implementations by the tests.</summary>
    public abstract IReadOnlyList<(string Name, NativeBuffer Buffer)> Outputs { get; }

    /// <summary>
    /// Outputs that <paramref name="method"/> legitimately does not write into the shared buffers, e.g. the
    /// generated kernels keep their saved statistics in their own <c>Saved&lt;T&gt;</c>.
    /// </summary>
    public virtual IReadOnlyCollection<string> OutputsNotWrittenBy(string method) => [];

    /// <summary><see cref="OutputsNotWrittenBy"/> for any benchmark method, <see cref="GeneratedDefaultThreads"/> included.</summary>
    public IReadOnlyCollection<string> NotWrittenBy(string method)
        => OutputsNotWrittenBy(method == nameof(GeneratedDefaultThreads) ? nameof(Generated) : method);

    [GlobalSetup]
    public void GlobalSetup()
    {
        GlobalCleanup();
        Setup();
        long floats = Math.Max(Vec.Width, BytesMoved / 2 / sizeof(float)); // read half, write half
        copySource = Random(floats, seed: 99);
        copyDestination = Zeros(floats);
        AtenShim.RequestThreads(Threads); // without loading it: only the Aten rows' processes load PyTorch 1.13 (TorchLibraries)
        NormGen.Kernels.Threading.MaxThreads = Threads; // single-threaded comparisons unless a class says otherwise

        ResetOutputs();
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        foreach (var resource in owned)
            resource.Dispose();
        owned.Clear();
        foreach (var buffer in buffers)
            buffer.Dispose();
        buffers.Clear();
    }

    /// <summary>Threads every implementation may use (the comparisons are single-threaded).</summary>
    protected virtual int Threads => 1;

    /// <summary>Allocates and fills the inputs (and, for a backward, runs a forward for the saved statistics).</summary>
    protected abstract void Setup();

    /// <summary>
    /// Puts every output back to its initial state: NaN where a kernel must write, the initial values where it
    /// accumulates (parameter gradients) or updates (running buffers).
    /// </summary>
    public abstract void ResetOutputs();

    /// <summary>The generated kernel, single-threaded like every other method of the class.</summary>
    public abstract void Generated();

    /// <summary>
    /// The generated kernel at the library's default thread setting (<c>Threading.MaxThreads</c> = the core count) instead of
    /// one thread: issue 14 asks that it never be slower than <see cref="Generated"/> on any case.
    /// </summary>
    [Benchmark]
    public void GeneratedDefaultThreads()
    {
        NormGen.Kernels.Threading.MaxThreads = Environment.ProcessorCount;
        try
        {
            Generated();
        }
        finally
        {
            NormGen.Kernels.Threading.MaxThreads = Threads;
        }
    }

    /// <summary>The bandwidth floor: copies BytesMoved / 2 bytes (reads half the bytes, writes the other half).</summary>
    [Benchmark]
    [SkipOutputCheck("moves bytes only")]
    public void Copy() => Vec.Copy(ref copySource.Span[0], ref copyDestination.Span[0], (nuint)copySource.Length);

    /// <summary>Source and destination of <see cref="Copy"/>, for the test.</summary>
    public (NativeBuffer Source, NativeBuffer Destination) CopyBuffers => (copySource, copyDestination);

    /// <summary>
    /// Disposes <paramref name="resource"/> (a LibTorch graph, an ONNX Runtime session: built on first use by the benchmark
    /// that needs it, into a field its class clears in <see cref="Setup"/>) at cleanup, before the buffers.
    /// </summary>
    protected T Own<T>(T resource) where T : IDisposable
    {
        owned.Add(resource);
        return resource;
    }

    protected NativeBuffer Zeros(long length)
    {
        var buffer = new NativeBuffer(length);
        buffers.Add(buffer);
        return buffer;
    }

    protected NativeBuffer Random(long length, ulong seed, float scale = 1f, float offset = 0f)
    {
        var buffer = Zeros(length);
        TestData.Fill(buffer.Span, seed, scale, offset);
        return buffer;
    }

    /// <summary>
    /// The inputs of an affine normalization, filled alike by every class from its own <paramref name="seed"/>: x (scaled by
    /// <paramref name="xScale"/>, offset 0.25), gamma (seed + 1, around 1) and beta (seed + 2).
    /// </summary>
    protected (NativeBuffer X, NativeBuffer Gamma, NativeBuffer Beta) AffineInputs(long elements, long parameters, ulong seed, float xScale = 1.5f)
        => (Random(elements, seed, scale: xScale, offset: 0.25f), Random(parameters, seed + 1, scale: 0.5f, offset: 1f), Random(parameters, seed + 2, scale: 0.5f));

    /// <summary>A backward's upstream gradient dy (seed + 3) and its outputs dx, dgamma and dbeta (see <see cref="ResetGradients"/>).</summary>
    protected (NativeBuffer Dy, NativeBuffer Dx, NativeBuffer Dgamma, NativeBuffer Dbeta) AffineGradients(long elements, long parameters, ulong seed)
        => (Random(elements, seed + 3), Zeros(elements), Zeros(parameters), Zeros(parameters));

    /// <summary>A backward's outputs before a call: dx poisoned, the accumulated dgamma and dbeta at their start (seed + 4, seed + 5).</summary>
    protected static void ResetGradients(NativeBuffer dx, NativeBuffer dgamma, NativeBuffer dbeta, ulong seed)
    {
        Poison(dx);
        Reset(dgamma, seed + 4);
        Reset(dbeta, seed + 5);
    }

    protected static void Reset(NativeBuffer buffer, ulong seed, float scale = 1f, float offset = 0f)
        => TestData.Fill(buffer.Span, seed, scale, offset);

    protected static void Poison(NativeBuffer buffer) => buffer.Span.Fill(float.NaN);

    protected static long Bytes(long floats) => floats * sizeof(float);
}

/// <summary>
/// A benchmark class that knows the bytes one call must move (the Moved, GB/s and "of copy" columns of
/// <see cref="BandwidthColumn"/>, and the report's large-case test): every <see cref="NormBenchmark"/>, and the classes
/// that are not one (the fused add+RMSNorm pair).
/// </summary>
public interface IMovesBytes
{
    /// <summary>Bytes per call at the least; depends on the parameters only (read before any setup).</summary>
    long BytesMoved { get; }
}

/// <summary>
/// A class with a <c>Floor</c> row (<see cref="Baselines.StatisticsFloor"/>): the bytes its dependency structure forces, where
/// that is more than a copy. Its inputs (the class's own buffers), its output buffer, and what its statistics sweep read.
/// </summary>
public interface IHasFloor
{
    /// <summary>The inputs the floor reads twice: x (forward), or dy and x (backward).</summary>
    IReadOnlyList<NativeBuffer> FloorInputs { get; }

    /// <summary>Where the floor writes: a copy of x (forward), or dy + x (backward).</summary>
    NativeBuffer FloorOutput { get; }

    /// <summary>The floor's statistics sweep, kept so that it is not optimized away: sum(x), or sum(dy) + sum(dy·x).</summary>
    float FloorSink { get; }
}

/// <summary>Marks a benchmark method whose outputs the correctness test does not compare, and why.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SkipOutputCheckAttribute(string reason) : Attribute
{
    public string Reason { get; } = reason;
}
