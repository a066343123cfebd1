using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NormGen.Kernels;

/// <summary>
/// Lets generated kernels hand span arguments to worker threads: spans cannot be captured, so they are pinned for
/// the duration of <see cref="Run{T}"/> and passed on as addresses, turned back into refs with <see cref="At{T}"/>.
/// The user's project needs no unsafe code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)] // called by generated kernels; public for them, hidden from IntelliSense
public static unsafe class Pinned
{
    /// <summary>What <see cref="Run{T, TState}"/> calls: the pinned addresses in order, and the caller's state.</summary>
    public delegate void Body<TState>(ReadOnlySpan<nint> addresses, ref TState state);

    /// <summary>
    /// Pins up to 12 spans (unused ones empty), then calls <paramref name="body"/> with their addresses in order and
    /// <paramref name="state"/>. Allocates nothing when <paramref name="body"/> is a static lambda (cached once) and the
    /// state a struct: the addresses live on this method's stack. The streamed path of a single-threaded call uses it,
    /// so that a call allocates no managed memory whether it streams or not.
    /// </summary>
    public static void Run<T, TState>(Body<TState> body, ref TState state,
        ReadOnlySpan<T> s0, ReadOnlySpan<T> s1 = default, ReadOnlySpan<T> s2 = default, ReadOnlySpan<T> s3 = default,
        ReadOnlySpan<T> s4 = default, ReadOnlySpan<T> s5 = default, ReadOnlySpan<T> s6 = default, ReadOnlySpan<T> s7 = default,
        ReadOnlySpan<T> s8 = default, ReadOnlySpan<T> s9 = default, ReadOnlySpan<T> s10 = default, ReadOnlySpan<T> s11 = default)
        where T : unmanaged
    {
        fixed (T* p0 = s0) fixed (T* p1 = s1) fixed (T* p2 = s2) fixed (T* p3 = s3)
        fixed (T* p4 = s4) fixed (T* p5 = s5) fixed (T* p6 = s6) fixed (T* p7 = s7)
        fixed (T* p8 = s8) fixed (T* p9 = s9) fixed (T* p10 = s10) fixed (T* p11 = s11)
        {
            Span<nint> addresses = stackalloc nint[] { (nint)p0, (nint)p1, (nint)p2, (nint)p3, (nint)p4, (nint)p5, (nint)p6, (nint)p7, (nint)p8, (nint)p9, (nint)p10, (nint)p11 };
            body(addresses, ref state);
        }
    }

    /// <summary>
    /// Pins up to 12 spans (unused ones empty), then calls <paramref name="body"/> with their addresses in order, in an
    /// array that worker threads may capture (the threaded path; it allocates the array and the caller's closure).
    /// </summary>
    public static void Run<T>(Action<nint[]> body,
        ReadOnlySpan<T> s0, ReadOnlySpan<T> s1 = default, ReadOnlySpan<T> s2 = default, ReadOnlySpan<T> s3 = default,
        ReadOnlySpan<T> s4 = default, ReadOnlySpan<T> s5 = default, ReadOnlySpan<T> s6 = default, ReadOnlySpan<T> s7 = default,
        ReadOnlySpan<T> s8 = default, ReadOnlySpan<T> s9 = default, ReadOnlySpan<T> s10 = default, ReadOnlySpan<T> s11 = default)
        where T : unmanaged =>
        Run(static (ReadOnlySpan<nint> addresses, ref Action<nint[]> b) => b(addresses.ToArray()), ref body, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11);

    /// <summary>
    /// A one-element <typeparamref name="T"/> view of the first element of <paramref name="span"/>, for <see cref="Run{T}"/>
    /// only: pinning it pins the memory under <paramref name="span"/>, and the workers read that memory through
    /// <see cref="At{T}"/> as <typeparamref name="TStorage"/>; nothing reads through the view itself. Lets a kernel pin
    /// its Half or bfloat16 tensors beside its float parameters in one call.
    /// </summary>
    public static ReadOnlySpan<T> View<TStorage, T>(ReadOnlySpan<TStorage> span) where TStorage : unmanaged where T : unmanaged =>
        span.IsEmpty ? default : MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<TStorage, T>(ref MemoryMarshal.GetReference(span)), 1);

    /// <summary>The element at a pinned address.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref T At<T>(nint address) where T : unmanaged => ref Unsafe.AsRef<T>((void*)address);
}
