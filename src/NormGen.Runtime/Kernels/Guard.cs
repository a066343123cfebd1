namespace NormGen.Kernels;

/// <summary>Argument checks generated kernels run before touching any memory.</summary>
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

    /// <summary>Elements of an array over <paramref name="sizes"/>, refusing sizes whose product does not fit an array.</summary>
    public static int Elements(params int[] sizes)
    {
        long total = 1;
        foreach (var s in sizes) total = checked(total * s);
        if (total > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(sizes), total, "The tensor is larger than an array can hold.");
        return (int)total;
    }
}
