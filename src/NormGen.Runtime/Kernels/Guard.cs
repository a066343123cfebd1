using System.ComponentModel;
namespace NormGen.Kernels;

/// <summary>Argument checks generated kernels run before touching any memory.</summary>
[EditorBrowsable(EditorBrowsableState.Never)] // called by generated kernels; public for them, hidden from IntelliSense
public static class Guard
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="name"/> unless its length is <paramref name="expected"/>.</summary>
    public static void Length(int actual, long expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name} has {actual} elements, but the shape needs {expected}.", name);
        }
    }

    /// <summary>Throws unless a Saved state was allocated for this shape.</summary>
    public static void SameShape<TShape>(TShape saved, TShape shape, string name) where TShape : struct, IEquatable<TShape>
    {
        if (!saved.Equals(shape))
        {
            throw new ArgumentException($"{name} was allocated for {saved}, but the call is for {shape}.", name);
        }
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the input <paramref name="name"/> unless an unbiased running
    /// variance has more than one value per statistic (its N/(N-1) would divide by zero and the buffer become NaN),
    /// as PyTorch's "Expected more than 1 value per channel when training".
    /// </summary>
    public static void MoreThanOneValue(long count, string statistic, string name)
    {
        if (count <= 1)
        {
            throw new ArgumentException(
                $"Expected more than 1 value per statistic when training: {statistic} has {count}, and its unbiased running variance would divide by N - 1 = 0.", name);
        }
    }

    /// <summary>
    /// Throws an <see cref="InvalidOperationException"/> unless a Forward in the same mode filled <paramref name="name"/>:
    /// a Backward would otherwise read statistics nobody computed (zeros, or another mode's) and silently return wrong gradients.
    /// </summary>
    /// <param name="filledBy">What the last Forward on this Saved recorded: 0 none, 1 training (or the only mode), 2 eval.</param>
    /// <param name="mode">The mode of this Backward, in the same code.</param>
    /// <param name="name">The name of the Saved argument, for the message.</param>
    public static void Forwarded(int filledBy, int mode, string name)
    {
        if (filledBy != mode)
        {
            string by = filledBy == 0 ? "no Forward filled it" : $"the last Forward filled it in {(filledBy == 1 ? "training" : "eval")} mode";
            string wanted = mode == 1 ? "" : " in eval mode";
            throw new InvalidOperationException(
                $"Backward{wanted} reads statistics that Forward{wanted} stores in the Saved argument '{name}', but {by}. Call Forward with the same Saved first.");
        }
    }

    /// <summary>Elements of an array over <paramref name="sizes"/>, refusing sizes whose product does not fit an array.</summary>
    public static int Elements(params int[] sizes)
    {
        long total = 1;
        foreach (var s in sizes) total = checked(total * s);
        if (total > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(sizes), total, "The tensor is larger than an array can hold.");
        return (int)total;
    }
}
