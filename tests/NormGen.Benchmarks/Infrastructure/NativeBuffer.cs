using System.Runtime.InteropServices;

namespace NormGen.Benchmarks.Infrastructure;

/// <summary>
/// A float32 buffer in native memory, 64-byte aligned, so that every implementation (C# and ATen) sees
/// the same cache-line-aligned data and no garbage collector runs behind the timings.
/// </summary>
public sealed unsafe class NativeBuffer : IDisposable
{
    private float* pointer;

    public NativeBuffer(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        Length = checked((int)length);
        pointer = (float*)NativeMemory.AlignedAlloc((nuint)length * sizeof(float), 64);
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
            NativeMemory.AlignedFree(pointer);
            pointer = null;
        }
    }
}
