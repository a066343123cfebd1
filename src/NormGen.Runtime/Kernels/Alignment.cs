using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace NormGen.Kernels;

/// <summary>
/// The scalar head that aligns a generated kernel's vector loop. A plain <c>float[]</c> starts 16 bytes past a
/// 64-byte line, so without it every 64-byte vector store of a row splits two cache lines (docs/benchmarks.md, "Aligned
/// stores"). Element-wise sweeps (no sum along the row) first run this many elements through their scalar body, which
/// rounds exactly like the vector body, so the results do not depend on where the data lies.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)] // called by generated kernels; public for them, hidden from IntelliSense
public static unsafe class Alignment
{
    /// <summary>
    /// Elements from <paramref name="row"/> to the first one whose address is a multiple of <paramref name="lanes"/>
    /// elements (a vector of them), at most <paramref name="count"/>; 0 when that cannot be reached by whole elements.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint Head<TS>(ref TS row, nint count, int lanes) where TS : unmanaged
    {
        nuint bytes = (nuint)lanes * (nuint)sizeof(TS);
        if (lanes <= 1 || (bytes & (bytes - 1)) != 0) return 0;
        // The address of a managed ref may be stale by the time the loop runs if the GC moves the array: the head is
        // then merely not aligning; every element is still computed once, by the same arithmetic.
        nuint past = (nuint)Unsafe.AsPointer(ref row) & (bytes - 1);
        if (past == 0 || past % (nuint)sizeof(TS) != 0) return 0;
        nint head = (nint)((bytes - past) / (nuint)sizeof(TS));
        return head < count ? head : count;
    }
}
