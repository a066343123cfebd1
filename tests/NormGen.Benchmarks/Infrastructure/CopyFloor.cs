using NormGen.Benchmarks.Baselines;

namespace NormGen.Benchmarks.Infrastructure;

/// <summary>
/// <see cref="NormBenchmark.Copy"/> and <see cref="NormBenchmark.GeneratedDefaultThreads"/> for the benchmark classes that are
/// not a <see cref="NormBenchmark"/> (the fused add+RMSNorm pair): a Vector256 copy of half the bytes one call moves (it
/// reads and writes them all), and the generated kernel at the library's default thread setting.
/// </summary>
internal sealed class CopyFloor : IDisposable
{
    private readonly NativeBuffer _source, _destination;

    public CopyFloor(long bytesMoved)
    {
        long floats = Math.Max(Vec.Width, bytesMoved / 2 / sizeof(float)); // read half, write half
        _source = new NativeBuffer(floats);
        TestData.Fill(_source.Span, seed: 99);
        _destination = new NativeBuffer(floats);
    }

    public (NativeBuffer Source, NativeBuffer Destination) Buffers => (_source, _destination);

    public void Run() => Vec.Copy(ref _source.Span[0], ref _destination.Span[0], (nuint)_source.Length);

    /// <summary>Runs <paramref name="kernel"/> at <c>Threading.MaxThreads</c> = the core count, then puts back one thread.</summary>
    public static void WithDefaultThreads(Action kernel)
    {
        NormGen.Kernels.Threading.MaxThreads = Environment.ProcessorCount;
        try
        {
            kernel();
        }
        finally
        {
            NormGen.Kernels.Threading.MaxThreads = 1;
        }
    }

    public void Dispose()
    {
        _source.Dispose();
        _destination.Dispose();
    }
}
