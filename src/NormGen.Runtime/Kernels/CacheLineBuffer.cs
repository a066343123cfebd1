using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NormGen.Kernels;

/// <summary>
/// Generated-kernel plumbing: the working buffers of a <c>Saved&lt;T&gt;</c> (per-channel accumulators, coefficients),
/// whose first element a kernel reads at a 64-byte (cache-line) boundary. A plain array starts 16 bytes past one, so
/// every 512-bit access to it spans two lines, and a sum accumulated into such a buffer row after row (BatchNorm's
/// per-channel sums over channels-last data) then stores and reloads line-crossing vectors, which the store-to-load
/// forwarding of current x86 cores does not serve: measured 1.7x slower per statistics sweep at 256 and 512 bits
/// (docs/benchmarks.md, "Statistics over outer axes"). The array is pinned (allocated once per Saved instance on the
/// pinned object heap), so the boundary found once stays where it is.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class CacheLineBuffer
{
    private const int LineBytes = 64;

    /// <summary>A zeroed, pinned array with room for <paramref name="length"/> elements from its first cache-line boundary.</summary>
    public static T[] Allocate<T>(int length) where T : unmanaged
    {
        int pad = Padding<T>();
        if (length > Array.MaxLength - pad) throw new ArgumentOutOfRangeException(nameof(length), length, "The buffer is larger than an array can hold.");
        return GC.AllocateArray<T>(length + pad, pinned: true);
    }

    /// <summary>The elements an array needs beyond its length to hold that many from its first cache-line boundary.</summary>
    internal static int Padding<T>() where T : unmanaged => LineBytes / sizeof(T);

    /// <summary>The element of <paramref name="buffer"/> (from <see cref="Allocate{T}"/>) at its first cache-line boundary.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref T Start<T>(T[] buffer) where T : unmanaged
    {
        ref T first = ref MemoryMarshal.GetArrayDataReference(buffer);
        nint past = (nint)Unsafe.AsPointer(ref first) & (LineBytes - 1);
        return ref Unsafe.AddByteOffset(ref first, (LineBytes - past) & (LineBytes - 1));
    }
}
