using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace NormGen.Kernels;

/// <summary>
/// Per-thread compute-type rows for the mixed-precision kernels (docs/precision.md, "Speed"). A kernel that sweeps a
/// Half or bfloat16 input row more than once (LayerNorm's forward: sum, squared deviations, output) widens the row
/// once, in its first sweep, into one of these rows, and its later sweeps read the widened values from it while it is
/// in L1: the conversions run once per element instead of once per sweep. Called by generated kernels.
/// </summary>
/// <remarks>
/// The widened values are the ones the first sweep computed with, so a staged kernel's results are bit for bit those
/// of re-widening. The generated kernels run their staged loop only for Half and bfloat16 storage (a <c>typeof</c>
/// test the JIT folds) and when the rows fit <see cref="MaxBytes"/>. Each thread keeps one row per slot (a kernel
/// numbers the inputs it stages 0, 1, ...), allocated on first use on the pinned heap, 64-byte aligned, grown to the
/// longest row it has seen and reused by every later call on that thread, so a kernel call allocates nothing once warm. The kernels run one thread's share of rows per call, so a
/// row is never shared between threads.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)] // called by generated kernels; public for them, hidden from IntelliSense
public static class Staging
{
    /// <summary>
    /// The default of <see cref="MaxBytes"/>: 8 KB, 2048 floats. Staging pays only while an iteration's data, staged
    /// rows included, stay in L1: measured on a Zen 5 (48 KB L1) with bfloat16 LayerNorm and RMSNorm, it made them
    /// 10-20% faster at 1024-element rows (4 KB per staged row), about even at 2048 forward, and 20-60% slower from
    /// 2048-element rows backward (two staged rows) and 4096 forward up to 1 Mi-element rows, where the extra 4-byte
    /// row is traffic to L2 or beyond instead of re-widening 2-byte elements.
    /// </summary>
    public const int DefaultMaxBytes = 8 * 1024;

    // MaxBytes - DefaultMaxBytes, so that the default is the field's zero and the class has no static constructor (as
    // Prefetch's setting: a kernel compiled while the class still needs initializing keeps the helper call for good).
    private static int s_maxBytesOverDefault;

    /// <summary>
    /// The most bytes of staged rows one kernel call uses (all the rows it stages, in elements of the compute type);
    /// rows that need more run the plain sweeps, which widen the tensor again each time (see <see cref="DefaultMaxBytes"/>).
    /// 0 turns staging off. Process-wide; read once per kernel call.
    /// </summary>
    public static int MaxBytes
    {
        get => Volatile.Read(ref s_maxBytesOverDefault) + DefaultMaxBytes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref s_maxBytesOverDefault, value - DefaultMaxBytes);
        }
    }

    /// <summary>True when staging <paramref name="elements"/> elements of <typeparamref name="T"/> fits <see cref="MaxBytes"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Fits<T>(nint elements) where T : unmanaged => (long)elements * Unsafe.SizeOf<T>() <= MaxBytes;

    /// <summary>
    /// A row of at least <paramref name="length"/> elements of <typeparamref name="T"/> for staging slot
    /// <paramref name="slot"/> on this thread, 64-byte aligned; its contents are whatever the last user left.
    /// </summary>
    public static ref T Row<T>(int slot, nint length) where T : unmanaged => ref Rows<T>.Get(slot, length);

    private static class Rows<T> where T : unmanaged
    {
        [ThreadStatic] private static T[]?[]? t_rows;

        public static ref T Get(int slot, nint length)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(slot);
            ArgumentOutOfRangeException.ThrowIfNegative(length);
            int padding = CacheLineBuffer.Padding<T>();
            ArgumentOutOfRangeException.ThrowIfGreaterThan(length, (nint)(Array.MaxLength - padding));
            var rows = t_rows;
            if (rows is null || rows.Length <= slot)
            {
                Array.Resize(ref rows, slot + 1);
                t_rows = rows;
            }
            var row = rows[slot];
            if (row is null || row.Length - padding < length)
            {
                // Pinned, so its cache-line start stays where it is; grown by half again to amortize rising lengths.
                long wanted = Math.Max((long)length, row is null ? 0L : row.Length + row.Length / 2L) + padding;
                row = GC.AllocateUninitializedArray<T>((int)Math.Min(Array.MaxLength, wanted), pinned: true);
                rows[slot] = row;
            }
            return ref CacheLineBuffer.Start(row);
        }
    }
}
