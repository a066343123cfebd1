using System;
using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Emit.Loops;
using NormGen.Generator.Ir;

namespace NormGen.Generator.Emit;

/// <summary>
/// How an operation is spelled for scalars (<c>__T</c>, generic math, operators) or vectors (values of type
/// <c>__TV</c>, operations the static members of <c>__V : ISimd&lt;__TV, __T&gt;</c>, so calls).
/// The vector loop body and its scalar tail are the same expression DAG printed in the two dialects.
/// </summary>
internal sealed class Dialect
{
    private Dialect(bool vector, HashSet<string> stored, IReadOnlyCollection<string>? split = null)
    {
        IsVector = vector;
        _stored = stored;
        _split = split ?? Array.Empty<string>();
    }

    public static Dialect Scalar { get; } = new(false, new HashSet<string>());

    public static Dialect Vector { get; } = new(true, new HashSet<string>());

    /// <summary>
    /// The scalar and vector dialects of a kernel whose span arguments <paramref name="stored"/> have element type
    /// <see cref="Identifiers.S"/>: their loads widen to <c>__T</c> and their stores narrow from it.
    /// </summary>
    public static Dialect ScalarFor(IEnumerable<string> stored) => new(false, new HashSet<string>(stored, StringComparer.Ordinal));

    /// <summary>The vector dialect over the same stored refs (and the refs derived from them since).</summary>
    public Dialect Vectorized => IsVector ? this : new(true, _stored, _split);

    /// <summary>The scalar dialect over the same stored refs.</summary>
    public Dialect Scalarized => IsVector ? new(false, _stored, _split) : this;

    /// <summary>
    /// This dialect with the vector loads of <paramref name="rows"/> made through the kernel's load operations
    /// (Loops/SplitLoads.cs): two 256-bit halves when the kernel runs Vector512.
    /// </summary>
    public Dialect WithSplitLoads(IReadOnlyCollection<string> rows) => new(IsVector, _stored, rows);

    public bool IsVector { get; }

    /// <summary>Refs whose element type is <see cref="Identifiers.S"/>: stored span arguments and refs into them.</summary>
    private readonly HashSet<string> _stored;

    /// <summary>Refs whose vector loads go through <see cref="SplitLoads.TypeParameter"/>.</summary>
    private readonly IReadOnlyCollection<string> _split;

    public string Type => IsVector ? Identifiers.TV : Identifiers.T;

    /// <summary>The element type of a ref local into <paramref name="buffer"/>, which is stored when its buffer is.</summary>
    public string RefType(string name, string buffer)
    {
        if (!_stored.Contains(buffer)) return Identifiers.T;
        _stored.Add(name);
        return Identifiers.S;
    }

    public string Load(string buffer, string offset) => _stored.Contains(buffer)
        ? IsVector ? $"{LoadOps(buffer)}.Load<{Identifiers.S}>(ref {buffer}, {offset})" : $"{StorageScalar}.Load<{Identifiers.S}>(ref {buffer}, {offset})"
        : IsVector
        ? $"{LoadOps(buffer)}.Load(ref {buffer}, {offset})"
        : $"global::System.Runtime.CompilerServices.Unsafe.Add(ref {buffer}, {offset})";

    private string LoadOps(string buffer) => _split.Contains(buffer) ? SplitLoads.TypeParameter : Identifiers.V;

    /// <summary>The one-lane ISimd, whose Load/Store&lt;TStorage&gt; convert a stored element in a scalar tail.</summary>
    private const string StorageScalar = "global::NormGen.Kernels.Scalar<" + Identifiers.T + ">";

    /// <summary>The element type of <paramref name="buffer"/>'s memory: <see cref="Identifiers.S"/> when it is stored.</summary>
    public string ElementType(string buffer) => _stored.Contains(buffer) ? Identifiers.S : Identifiers.T;

    /// <summary>
    /// A store (or an accumulation) of <paramref name="value"/>; with <paramref name="stream"/> (vectors only), a
    /// non-temporal one where the address allows (NormGen.Kernels.NonTemporal.Store).
    /// </summary>
    public string Store(string buffer, string offset, string value, bool accumulate, bool stream = false) => stream && IsVector && !accumulate
        ? $"global::NormGen.Kernels.NonTemporal.Store<{Identifiers.V}, {Identifiers.TV}, {Identifiers.T}, {ElementType(buffer)}>({value}, ref {buffer}, {offset});"
        : _stored.Contains(buffer)
        ? IsVector
            ? $"{Identifiers.V}.Store<{Identifiers.S}>({(accumulate ? $"{Identifiers.V}.Add({Load(buffer, offset)}, {value})" : value)}, ref {buffer}, {offset});"
            : $"{StorageScalar}.Store<{Identifiers.S}>({(accumulate ? $"{Load(buffer, offset)} + {value}" : value)}, ref {buffer}, {offset});"
        : IsVector
        ? accumulate
            ? $"{Identifiers.V}.Store({Identifiers.V}.Add({Identifiers.V}.Load(ref {buffer}, {offset}), {value}), ref {buffer}, {offset});"
            : $"{Identifiers.V}.Store({value}, ref {buffer}, {offset});"
        : $"global::System.Runtime.CompilerServices.Unsafe.Add(ref {buffer}, {offset}) {(accumulate ? "+=" : "=")} {value};";

    /// <summary>
    /// prod num / prod den, negated if asked; names only, so the scalar text needs no parentheses. Divisions are
    /// interleaved with the multiplications (n0 / d0 * n1 / d1 ...), each list in the order the simplifier chose,
    /// never one division by the product of the divisors: <c>s / (std * std * std)</c> overflowed float at std ~ 7e12
    /// where every partial quotient of <c>s / std / std / std</c> stays in range (a LayerNorm written with
    /// <c>/ Sqrt(Var(x) + eps)</c>; ExtremeScaleBackwardTests). Divisors are hoisted per-channel values in the
    /// kernels the design layers produce, so the extra divisions run once per row, not per element.
    /// </summary>
    public string Product(IReadOnlyList<string> num, IReadOnlyList<string> den, bool negate = false)
    {
        string? text = null;
        for (int i = 0; i < Math.Max(num.Count, den.Count); i++)
        {
            if (i < num.Count) text = text is null ? num[i] : Operation("Multiply", " * ", text, num[i]);
            if (i < den.Count) text = Operation("Divide", " / ", text ?? (IsVector ? $"{Identifiers.V}.Splat(__T.One)" : "__T.One"), den[i]);
        }
        text ??= IsVector ? $"{Identifiers.V}.Splat(__T.One)" : "__T.One";
        return !negate ? text : IsVector ? $"{Identifiers.V}.Negate({text})" : $"-({text})";
    }

    private string Operation(string vectorMethod, string scalarOperator, string left, string right) =>
        IsVector ? $"{Identifiers.V}.{vectorMethod}({left}, {right})" : left + scalarOperator + right;

    /// <summary>t0 +- t1 +- ..., the first term negated if it is subtracted.</summary>
    public string Sum(IReadOnlyList<(bool Negative, string Term)> terms)
    {
        if (IsVector)
        {
            string first = terms[0].Negative ? $"{Identifiers.V}.Negate({terms[0].Term})" : terms[0].Term;
            return terms.Skip(1).Aggregate(first, (acc, t) => $"{(t.Negative ? "__V.Subtract" : "__V.Add")}({acc}, {t.Term})");
        }
        var text = new System.Text.StringBuilder(terms[0].Negative ? "-" + terms[0].Term : terms[0].Term);
        foreach (var t in terms.Skip(1)) text.Append(t.Negative ? " - " : " + ").Append(t.Term);
        return text.ToString();
    }

    /// <summary>
    /// Where a scalar tail finds Exp, Log, Tanh, Sigmoid, Softplus, Sign and Pow: the one-lane <c>ISimd</c>, whose float
    /// functions are the vector widths' algorithm, so an element's result does not depend on whether it lands in the tail.
    /// </summary>
    private const string ScalarMath = "global::NormGen.Kernels.Scalar<" + Identifiers.T + ">";

    /// <summary>
    /// The lowering row of each <see cref="UnaryOp"/>, vector then scalar: a switch without a default arm, so a new
    /// function without its spelling does not compile.
    /// </summary>
    public string Unary(UnaryOp op, string a) => IsVector
        ? op switch
        {
            UnaryOp.Sqrt => $"{Identifiers.V}.Sqrt({a})",
            UnaryOp.Rsqrt => $"{Identifiers.V}.Rsqrt({a})",
            // The transcendentals take their constants from the kernel's locals (Loops/HoistedConstants.cs).
            UnaryOp.Exp => $"{Identifiers.V}.Exp({a}, {HoistedConstants.Name("Exp")})",
            UnaryOp.Log => $"{Identifiers.V}.Log({a}, {HoistedConstants.Name("Log")})",
            UnaryOp.Tanh => $"{Identifiers.V}.Tanh({a}, {HoistedConstants.Name("Tanh")})",
            UnaryOp.Sigmoid => $"{Identifiers.V}.Sigmoid({a}, {HoistedConstants.Name("Exp")})",
            UnaryOp.Softplus => $"{Identifiers.V}.Softplus({a}, {HoistedConstants.Name("Exp")}, {HoistedConstants.Name("Log")})",
            UnaryOp.Abs => $"{Identifiers.V}.Abs({a})",
            UnaryOp.Sign => $"{Identifiers.V}.Sign({a})",
        }
        : op switch
        {
            UnaryOp.Sqrt => $"{Identifiers.T}.Sqrt({a})",
            UnaryOp.Rsqrt => $"({Identifiers.T}.One / {Identifiers.T}.Sqrt({a}))",
            UnaryOp.Exp => $"{ScalarMath}.Exp({a})",
            UnaryOp.Log => $"{ScalarMath}.Log({a})",
            UnaryOp.Tanh => $"{ScalarMath}.Tanh({a})",
            UnaryOp.Sigmoid => $"{ScalarMath}.Sigmoid({a})",
            UnaryOp.Softplus => $"{ScalarMath}.Softplus({a})",
            UnaryOp.Abs => $"{Identifiers.T}.Abs({a})",
            // T.Sign throws on NaN; the vector lanes give 0 there, and so must the scalar tail.
            UnaryOp.Sign => $"{ScalarMath}.Sign({a})",
        };

    public string Binary(BinaryOp op, string a, string b) => IsVector
        ? op switch
        {
            BinaryOp.Maximum => $"{Identifiers.V}.Max({a}, {b})",
            BinaryOp.Minimum => $"{Identifiers.V}.Min({a}, {b})",
            BinaryOp.EqualMask => $"{Identifiers.V}.EqualMask({a}, {b})",
            BinaryOp.GreaterMask => $"{Identifiers.V}.GreaterMask({a}, {b})",
        }
        : op switch
        {
            BinaryOp.Maximum => $"{Identifiers.T}.Max({a}, {b})",
            BinaryOp.Minimum => $"{Identifiers.T}.Min({a}, {b})",
            BinaryOp.EqualMask => $"({a} == {b} ? {Identifiers.T}.One : {Identifiers.T}.Zero)",
            BinaryOp.GreaterMask => $"({a} > {b} ? {Identifiers.T}.One : {Identifiers.T}.Zero)",
        };

    /// <summary>
    /// a * b + c, one instruction where the CPU has FMA (the vector types and <c>MultiplyAddEstimate</c> both
    /// pick the hardware instruction), a multiply and an add where it has not.
    /// </summary>
    public string MultiplyAdd(string a, string b, string c) => IsVector
        ? $"{Identifiers.V}.MultiplyAdd({a}, {b}, {c})"
        : $"{Identifiers.T}.MultiplyAddEstimate({a}, {b}, {c})";

    /// <summary>c - a * b, fused where <see cref="MultiplyAdd"/> is.</summary>
    public string NegatedMultiplyAdd(string a, string b, string c) => IsVector
        ? $"{Identifiers.V}.NegatedMultiplyAdd({a}, {b}, {c})"
        : $"{Identifiers.T}.MultiplyAddEstimate({(a.IndexOf(' ') >= 0 ? $"-({a})" : "-" + a)}, {b}, {c})";

    /// <summary>a^p for a non-integer constant p held in the scalar local <paramref name="exponent"/>.</summary>
    public string Pow(string a, string exponent) => IsVector ? $"{Identifiers.V}.Pow({a}, {exponent})" : $"{ScalarMath}.Pow({a}, {exponent})";

    /// <summary>Combines accumulator <paramref name="acc"/> with <paramref name="value"/> for a reduction.</summary>
    public string Accumulate(ReduceOp op, string acc, string value) => op switch
    {
        ReduceOp.Sum => IsVector ? $"{acc} = {Identifiers.V}.Add({acc}, {value});" : $"{acc} += {value};",
        ReduceOp.Max => $"{acc} = {(IsVector ? "__V.Max" : "__T.Max")}({acc}, {value});",
        ReduceOp.Min => $"{acc} = {(IsVector ? "__V.Min" : "__T.Min")}({acc}, {value});",
    };

    public static string Identity(ReduceOp op) => op switch
    {
        ReduceOp.Sum => "__T.Zero",
        ReduceOp.Max => "__T.NegativeInfinity",
        ReduceOp.Min => "__T.PositiveInfinity",
    };

    public static string Across(ReduceOp op, string vector) => op switch
    {
        ReduceOp.Sum => $"{Identifiers.V}.Sum({vector})",
        ReduceOp.Max => $"{Identifiers.V}.MaxAcross({vector})",
        ReduceOp.Min => $"{Identifiers.V}.MinAcross({vector})",
    };

    public static string Combine(ReduceOp op, string a, string b) => op switch
    {
        ReduceOp.Sum => $"{Identifiers.V}.Add({a}, {b})",
        ReduceOp.Max => $"{Identifiers.V}.Max({a}, {b})",
        ReduceOp.Min => $"{Identifiers.V}.Min({a}, {b})",
    };
}
