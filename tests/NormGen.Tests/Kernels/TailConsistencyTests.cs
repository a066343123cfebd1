namespace NormGen.Tests.Kernels;

/// <summary>
/// A generated kernel's scalar row tail computes Exp, Log, Tanh, Sigmoid, Softplus and Pow with the vector body's float
/// algorithm (<c>Scalar&lt;T&gt;</c>, not MathF), so an element's result does not depend on where in a row it lands.
/// </summary>
public sealed class TailConsistencyTests
{
    // 64 elements of vector body at every width, then a 15-element tail; the tail's values repeat at the row's start.
    private const int Body = 64, Tail = 15, D = Body + Tail, Rows = 40;

    public static TheoryData<string> Ops => ["Exp", "Log", "Tanh", "Sigmoid", "Softplus", "Pow"];

    [Theory]
    [MemberData(nameof(Ops))]
    public void Tail_elements_equal_the_same_values_in_the_vector_body(string op)
    {
        var rng = new Random(op.Length * 31 + op[0]);
        var x = new float[Rows * D];
        for (int r = 0; r < Rows; r++)
            for (int i = 0; i < Tail; i++)
            {
                // Log and Pow need positive arguments; the others cover both signs and their saturating tails.
                float v = op is "Log" or "Pow" ? (float)Math.Exp(rng.NextDouble() * 20 - 10) : (float)(rng.NextDouble() * 24 - 12);
                x[r * D + i] = x[r * D + Body + i] = v;
            }
        var a = Enumerable.Repeat(1f, D).ToArray();
        var y = new float[x.Length];
        Forward(op, x, a, y);
        for (int r = 0; r < Rows; r++)
            for (int i = 0; i < Tail; i++)
            {
                float body = y[r * D + i], tail = y[r * D + Body + i];
                Assert.True(BitConverter.SingleToInt32Bits(body) == BitConverter.SingleToInt32Bits(tail),
                    $"{op}({x[r * D + i]:R}): {body:R} in the vector body, {tail:R} in the tail");
            }
    }

    private static void Forward(string op, float[] x, float[] a, float[] y)
    {
        switch (op)
        {
            case "Exp": OpExp.Forward(new OpExp.Shape(Rows, D), x, a, y, new OpExp.Saved<float>(new OpExp.Shape(Rows, D))); break;
            case "Log": OpLog.Forward(new OpLog.Shape(Rows, D), x, a, y, new OpLog.Saved<float>(new OpLog.Shape(Rows, D))); break;
            case "Tanh": OpTanh.Forward(new OpTanh.Shape(Rows, D), x, a, y, new OpTanh.Saved<float>(new OpTanh.Shape(Rows, D))); break;
            case "Sigmoid": OpSigmoid.Forward(new OpSigmoid.Shape(Rows, D), x, a, y, new OpSigmoid.Saved<float>(new OpSigmoid.Shape(Rows, D))); break;
            case "Softplus": OpSoftplus.Forward(new OpSoftplus.Shape(Rows, D), x, a, y, new OpSoftplus.Saved<float>(new OpSoftplus.Shape(Rows, D))); break;
            default: OpPowThreeHalves.Forward(new OpPowThreeHalves.Shape(Rows, D), x, a, y, new OpPowThreeHalves.Saved<float>(new OpPowThreeHalves.Shape(Rows, D))); break;
        }
    }
}
