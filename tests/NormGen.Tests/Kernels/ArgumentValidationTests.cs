using System.Numerics;
using NormGen.Tests.Reference;

namespace NormGen.Tests.Kernels;

/// <summary>
/// docs/api.md: every span length is checked against the shape before any memory is touched, with an
/// ArgumentException naming the argument, the expected and the actual length; a Saved for another shape is refused;
/// a Shape refuses non-positive sizes.
/// </summary>
public sealed class ArgumentValidationTests
{
    private const double Sentinel = -12345.5;

    /// <summary>One generated entry point with correct lengths for every span argument, and which of them it writes.</summary>
    private abstract class KernelCall
    {
        public abstract IReadOnlyList<string> Arguments { get; }
        public abstract void AssertWrongLengthRejected(string argument, int delta);
        public abstract void AssertSavedForAnotherShapeRejected();
    }

    private sealed class KernelCall<T>(
        IReadOnlyDictionary<string, int> lengths,
        IReadOnlyCollection<string> written,
        Func<object> newSaved,
        Func<object> newSavedForAnotherShape,
        Action<Dictionary<string, T[]>, object> invoke) : KernelCall where T : unmanaged, IFloatingPointIeee754<T>
    {
        public override IReadOnlyList<string> Arguments => lengths.Keys.ToArray();

        public override void AssertWrongLengthRejected(string argument, int delta)
        {
            var saved = newSaved();
            var args = Arguments.ToDictionary(a => a, a => Fill(a, lengths[a]));
            int length = Math.Max(0, lengths[argument] + delta);
            args[argument] = Fill(argument, length);

            var e = Assert.Throws<ArgumentException>(() => invoke(args, saved));
            Assert.Equal(argument, e.ParamName);
            // The message gives the expected and the actual length.
            Assert.Matches($@"\b{lengths[argument]}\b", e.Message);
            Assert.Matches($@"\b{length}\b", e.Message);
            AssertUntouched(args, saved, $"after a wrong length of {argument}");
        }

        public override void AssertSavedForAnotherShapeRejected()
        {
            var saved = newSavedForAnotherShape();
            var args = Arguments.ToDictionary(a => a, a => Fill(a, lengths[a]));
            var e = Assert.Throws<ArgumentException>(() => invoke(args, saved));
            Assert.Equal("saved", e.ParamName);
            AssertUntouched(args, saved, "after a Saved of another shape");

            var n = Assert.Throws<ArgumentNullException>(() => invoke(args, null!));
            Assert.Equal("saved", n.ParamName);
            AssertUntouched(args, newSaved(), "after a null Saved");
        }

        /// <summary>Outputs (and the Saved's buffers) start as the sentinel, inputs as ordinary values.</summary>
        private T[] Fill(string argument, int length)
        {
            var data = new T[length];
            for (int i = 0; i < length; i++) data[i] = T.CreateChecked(written.Contains(argument) ? Sentinel : 0.25 + 0.5 * (i % 3));
            return data;
        }

        private void AssertUntouched(Dictionary<string, T[]> args, object saved, string when)
        {
            foreach (string output in written)
                Assert.True(args[output].All(v => v == T.CreateChecked(Sentinel)), $"{output} was written {when}.");
            foreach (var (name, buffer) in SavedBuffers(saved))
                Assert.True(buffer.All(v => v == T.Zero), $"saved.{name} was written {when}.");
        }

        /// <summary>The public statistics of a Saved (freshly allocated, so zero until a Forward writes them).</summary>
        private static IEnumerable<(string, T[])> SavedBuffers(object saved) =>
            saved.GetType().GetProperties().Where(p => p.PropertyType == typeof(T[])).Select(p => (p.Name, (T[])p.GetValue(saved)!));
    }

    private static readonly Dictionary<string, KernelCall> s_calls = new()
    {
        ["LayerNorm.Forward<double>"] = new KernelCall<double>(
            new Dictionary<string, int> { ["x"] = 15, ["gamma"] = 5, ["beta"] = 5, ["y"] = 15 }, ["y"],
            () => new LayerNorm.Saved<double>(new(3, 5)), () => new LayerNorm.Saved<double>(new(4, 5)),
            (a, saved) => LayerNorm.Forward(new(3, 5), a["x"], a["gamma"], a["beta"], a["y"], (LayerNorm.Saved<double>)saved, 1e-5)),
        ["LayerNorm.Backward<double>"] = new KernelCall<double>(
            new Dictionary<string, int> { ["dy"] = 15, ["x"] = 15, ["gamma"] = 5, ["beta"] = 5, ["dx"] = 15, ["dgamma"] = 5, ["dbeta"] = 5 },
            ["dx", "dgamma", "dbeta"],
            () => new LayerNorm.Saved<double>(new(3, 5)), () => new LayerNorm.Saved<double>(new(3, 6)),
            (a, saved) => LayerNorm.Backward(new(3, 5), a["dy"], a["x"], a["gamma"], a["beta"], (LayerNorm.Saved<double>)saved,
                                             a["dx"], a["dgamma"], a["dbeta"], 1e-5)),
        ["LayerNorm.Forward<float>"] = new KernelCall<float>(
            new Dictionary<string, int> { ["x"] = 15, ["gamma"] = 5, ["beta"] = 5, ["y"] = 15 }, ["y"],
            () => new LayerNorm.Saved<float>(new(3, 5)), () => new LayerNorm.Saved<float>(new(5, 3)),
            (a, saved) => LayerNorm.Forward(new(3, 5), a["x"], a["gamma"], a["beta"], a["y"], (LayerNorm.Saved<float>)saved, 1e-5f)),
        ["LayerNorm.Backward<float>"] = new KernelCall<float>(
            new Dictionary<string, int> { ["dy"] = 15, ["x"] = 15, ["gamma"] = 5, ["beta"] = 5, ["dx"] = 15, ["dgamma"] = 5, ["dbeta"] = 5 },
            ["dx", "dgamma", "dbeta"],
            () => new LayerNorm.Saved<float>(new(3, 5)), () => new LayerNorm.Saved<float>(new(2, 5)),
            (a, saved) => LayerNorm.Backward(new(3, 5), a["dy"], a["x"], a["gamma"], a["beta"], (LayerNorm.Saved<float>)saved,
                                             a["dx"], a["dgamma"], a["dbeta"], 1e-5f)),
        // Running buffers are written by a training Forward, read by Backward.
        ["BatchNorm2d.Forward<double>"] = new KernelCall<double>(
            new Dictionary<string, int> { ["x"] = 48, ["gamma"] = 3, ["beta"] = 3, ["runningMean"] = 3, ["runningVariance"] = 3, ["y"] = 48 },
            ["runningMean", "runningVariance", "y"],
            () => new BatchNorm2d.Saved<double>(new(2, 3, 2, 4)), () => new BatchNorm2d.Saved<double>(new(2, 4, 2, 3)),
            (a, saved) => BatchNorm2d.Forward(new(2, 3, 2, 4), a["x"], a["gamma"], a["beta"], a["runningMean"], a["runningVariance"], a["y"],
                                              (BatchNorm2d.Saved<double>)saved, training: true, 1e-5, 0.1)),
        ["BatchNorm2d.Backward<double>"] = new KernelCall<double>(
            new Dictionary<string, int>
            {
                ["dy"] = 48, ["x"] = 48, ["gamma"] = 3, ["beta"] = 3, ["runningMean"] = 3, ["runningVariance"] = 3, ["dx"] = 48, ["dgamma"] = 3, ["dbeta"] = 3,
            },
            ["dx", "dgamma", "dbeta"],
            () => new BatchNorm2d.Saved<double>(new(2, 3, 2, 4)), () => new BatchNorm2d.Saved<double>(new(1, 3, 2, 4)),
            (a, saved) => BatchNorm2d.Backward(new(2, 3, 2, 4), a["dy"], a["x"], a["gamma"], a["beta"], a["runningMean"], a["runningVariance"],
                                               (BatchNorm2d.Saved<double>)saved, a["dx"], a["dgamma"], a["dbeta"], training: true, 1e-5, 0.1)),
        // y and dy are over the output axes (n o), not the input's.
        ["CosineNorm.Forward<double>"] = new KernelCall<double>(
            new Dictionary<string, int> { ["x"] = 10, ["w"] = 15, ["y"] = 6 }, ["y"],
            () => new CosineNorm.Saved<double>(new(2, 5, 3)), () => new CosineNorm.Saved<double>(new(2, 5, 4)),
            (a, saved) => CosineNorm.Forward(new(2, 5, 3), a["x"], a["w"], a["y"], (CosineNorm.Saved<double>)saved)),
        ["CosineNorm.Backward<double>"] = new KernelCall<double>(
            new Dictionary<string, int> { ["dy"] = 6, ["x"] = 10, ["w"] = 15, ["dx"] = 10, ["dw"] = 15 }, ["dx", "dw"],
            () => new CosineNorm.Saved<double>(new(2, 5, 3)), () => new CosineNorm.Saved<double>(new(2, 6, 3)),
            (a, saved) => CosineNorm.Backward(new(2, 5, 3), a["dy"], a["x"], a["w"], (CosineNorm.Saved<double>)saved, a["dx"], a["dw"])),
        // Parameters over the split axes (g c).
        ["GroupNorm.Forward<double>"] = new KernelCall<double>(
            new Dictionary<string, int> { ["x"] = 72, ["gamma"] = 6, ["beta"] = 6, ["y"] = 72 }, ["y"],
            () => new GroupNorm.Saved<double>(new(2, 3, 2, 2, 3)), () => new GroupNorm.Saved<double>(new(2, 2, 3, 2, 3)),
            (a, saved) => GroupNorm.Forward(new(2, 3, 2, 2, 3), a["x"], a["gamma"], a["beta"], a["y"], (GroupNorm.Saved<double>)saved, 1e-5)),
        // Two inputs, two input gradients.
        ["FusedAddRmsNorm.Backward<double>"] = new KernelCall<double>(
            new Dictionary<string, int> { ["dy"] = 8, ["x"] = 8, ["residual"] = 8, ["gamma"] = 4, ["dx"] = 8, ["dresidual"] = 8, ["dgamma"] = 4 },
            ["dx", "dresidual", "dgamma"],
            () => new FusedAddRmsNorm.Saved<double>(new(2, 4)), () => new FusedAddRmsNorm.Saved<double>(new(4, 2)),
            (a, saved) => FusedAddRmsNorm.Backward(new(2, 4), a["dy"], a["x"], a["residual"], a["gamma"], (FusedAddRmsNorm.Saved<double>)saved,
                                                   a["dx"], a["dresidual"], a["dgamma"], 1e-6)),
    };

    public static TheoryData<string, string, int> WrongLengths()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var (call, k) in s_calls)
            foreach (string argument in k.Arguments)
                foreach (int delta in new[] { -1, 1, int.MinValue / 2 }) // one short, one long, empty
                    data.Add(call, argument, delta);
        return data;
    }

    public static TheoryData<string> Calls() => new(s_calls.Keys);

    [Theory]
    [MemberData(nameof(WrongLengths))]
    public void A_wrong_span_length_throws_naming_the_argument_before_writing_anything(string call, string argument, int delta) =>
        s_calls[call].AssertWrongLengthRejected(argument, delta);

    [Theory]
    [MemberData(nameof(Calls))]
    public void A_Saved_for_another_shape_or_null_is_rejected_before_writing_anything(string call) =>
        s_calls[call].AssertSavedForAnotherShapeRejected();

    [Fact]
    public void Shape_refuses_non_positive_sizes_naming_the_axis()
    {
        AssertOutOfRange("n", () => new LayerNorm.Shape(0, 5));
        AssertOutOfRange("d", () => new LayerNorm.Shape(3, -1));
        AssertOutOfRange("c", () => new GroupNorm.Shape(1, 2, 0, 3, 3));
        AssertOutOfRange("w", () => new BatchNorm2d.Shape(1, 2, 3, int.MinValue));
        AssertOutOfRange("o", () => new CosineNorm.Shape(1, 2, 0));
        AssertOutOfRange("t", () => new SequenceGroupNorm.Shape(1, 2, 3, 0));
        Assert.Equal(7, new LayerNorm.Shape(1, 7).d);
    }

    [Fact]
    public void Stateful_constructors_refuse_non_positive_sizes()
    {
        AssertOutOfRange("d", () => new LayerNorm(d: 0));
        AssertOutOfRange("c", () => new BatchNorm2d(c: -3));
        AssertOutOfRange("g", () => new GroupNorm(g: 0, c: 2));
    }

    [Fact]
    public void The_stateful_layer_refuses_an_input_that_is_not_whole_rows()
    {
        var layer = new LayerNorm(d: 4);
        var e = Assert.Throws<ArgumentException>(() => layer.Forward(new float[6], new float[6]));
        Assert.Equal("x", e.ParamName);
        Assert.Throws<InvalidOperationException>(() => new RmsNorm(d: 4).Backward(new float[4], new float[4]));
    }

    private static void AssertOutOfRange(string axis, Func<object> create)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => create());
        Assert.Equal(axis, e.ParamName);
    }
}
