using System.Numerics.Tensors;

namespace NormGen.Training;

/// <summary>
/// Thin helpers for y = x Wᵀ (+ b) with row-major W[o, i], one TensorPrimitives call per row pair, always in the
/// same order, so a run is bit-for-bit repeatable.
/// </summary>
public static class Linear
{
    public static void Forward(ReadOnlySpan<double> x, int n, int inputs, ReadOnlySpan<double> w, ReadOnlySpan<double> b, Span<double> y)
    {
        int outputs = w.Length / inputs;
        for (int r = 0; r < n; r++)
        {
            var xr = x.Slice(r * inputs, inputs);
            var yr = y.Slice(r * outputs, outputs);
            for (int o = 0; o < outputs; o++)
                yr[o] = TensorPrimitives.Dot(xr, w.Slice(o * inputs, inputs));
            if (!b.IsEmpty) TensorPrimitives.Add(yr, b, yr);
        }
    }

    /// <summary>dW += dyᵀ x, db += column sums of dy (both accumulate), dx = dy W (written; skipped when empty).</summary>
    public static void Backward(ReadOnlySpan<double> dy, ReadOnlySpan<double> x, int n, int inputs, ReadOnlySpan<double> w,
        Span<double> dw, Span<double> db, Span<double> dx)
    {
        int outputs = w.Length / inputs;
        if (!dx.IsEmpty) dx.Slice(0, n * inputs).Clear();
        for (int r = 0; r < n; r++)
        {
            var xr = x.Slice(r * inputs, inputs);
            var dyr = dy.Slice(r * outputs, outputs);
            if (!db.IsEmpty) TensorPrimitives.Add(db, dyr, db);
            var dxr = dx.IsEmpty ? default : dx.Slice(r * inputs, inputs);
            for (int o = 0; o < outputs; o++)
            {
                double g = dyr[o];
                if (g == 0) continue; // ReLU zeroes many; skipping changes no bit of the sums
                var dwo = dw.Slice(o * inputs, inputs);
                TensorPrimitives.MultiplyAdd(xr, g, dwo, dwo);
                if (!dx.IsEmpty) TensorPrimitives.MultiplyAdd(w.Slice(o * inputs, inputs), g, dxr, dxr);
            }
        }
    }

    /// <summary>y = max(x, 0).</summary>
    public static void Relu(ReadOnlySpan<double> x, Span<double> y) => TensorPrimitives.Max(x, 0.0, y);

    /// <summary>dx = dy where the ReLU's output was positive, 0 elsewhere (in place on dy).</summary>
    public static void ReluBackward(ReadOnlySpan<double> y, Span<double> dy)
    {
        for (int k = 0; k < dy.Length; k++)
            if (y[k] <= 0) dy[k] = 0;
    }
}
