using System.ComponentModel;
namespace NormGen.Kernels;

/// <summary>
/// The checks of the generated tensor-span overloads, on a tensor's lengths and strides only: the runtime takes the
/// spans System.Numerics.Tensors exposes them as, so it needs no reference to that package.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)] // called by generated kernels; public for them, hidden from IntelliSense
public static class TensorGuard
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming <paramref name="name"/> unless the tensor has
    /// <paramref name="rank"/> dimensions and is dense in row-major order (each stride the product of the later
    /// lengths; a dimension of length 1 may have any stride, since it is never stepped along).
    /// </summary>
    public static void DenseRowMajor(ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides, bool isDense, int rank, string name)
    {
        if (lengths.Length != rank)
            throw new ArgumentException($"{name} has rank {lengths.Length}, but the layer's layout has {rank} axes.", name);
        long expected = 1;
        for (int i = rank - 1; i >= 0; i--)
        {
            if (lengths[i] != 1 && strides[i] != expected)
                throw new ArgumentException($"{name} is not dense row-major memory (strides [{string.Join(", ", strides.ToArray())}] for lengths [{string.Join(", ", lengths.ToArray())}]); copy it to a dense tensor first.", name);
            expected *= lengths[i];
        }
        if (!isDense)
            throw new ArgumentException($"{name} is not dense memory; copy it to a dense tensor first.", name);
    }

    /// <summary>The size of an axis read from a tensor's length: positive and at most int.MaxValue, else an <see cref="ArgumentOutOfRangeException"/> naming the tensor.</summary>
    public static int Size(nint length, string axis, string name)
    {
        if (length <= 0 || length > int.MaxValue)
            throw new ArgumentOutOfRangeException(name, length, $"Axis '{axis}' of {name} must have a positive size of at most {int.MaxValue}.");
        return (int)length;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="name"/> unless its lengths equal those of <paramref name="reference"/>.</summary>
    public static void SameLengths(ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> referenceLengths, string name, string reference)
    {
        if (!lengths.SequenceEqual(referenceLengths))
            throw new ArgumentException($"{name} has lengths [{string.Join(", ", lengths.ToArray())}], but {reference} has [{string.Join(", ", referenceLengths.ToArray())}].", name);
    }

    /// <summary>The element count as a span length: at most int.MaxValue, else an <see cref="ArgumentException"/> naming the tensor.</summary>
    public static int Elements(nint flattenedLength, string name)
    {
        if (flattenedLength > int.MaxValue)
            throw new ArgumentException($"{name} has {flattenedLength} elements; spans hold at most {int.MaxValue}.", name);
        return (int)flattenedLength;
    }
}
