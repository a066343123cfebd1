using System;
using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Ir;

namespace NormGen.Generator.Emit;

/// <summary>
/// How an operation is spelled for scalars (<c>T</c>, generic math, operators) or vectors (values of type
/// <c>TV</c>, operations the static members of <c>V : ISimd&lt;TV, T&gt;</c>, so calls).
/// The vector loop body and its scalar tail are the same expression DAG printed in the two dialects.
/// </summary>
internal sealed class Dialect
{
    private Dialect(bool vector) => IsVector = vector;

    public static Dialect Scalar { get; } = new(false);

    public static Dialect Vector { get; } = new(true);

    public bool IsVector { get; }

    public string Type => IsVector ? "TV" : "T";

    public string Load(string buffer, string offset) => IsVector
        ? $"V.Load(ref {buffer}, {offset})"
        : $"global::System.Runtime.CompilerServices.Unsafe.Add(ref {buffer}, {offset})";

    public string Store(string buffer, string offset, string value, bool accumulate) => IsVector
        ? accumulate
            ? $"V.Store(V.Add(V.Load(ref {buffer}, {offset}), {value}), ref {buffer}, {offset});"
            : $"V.Store({value}, ref {buffer}, {offset});"
        : $"global::System.Runtime.CompilerServices.Unsafe.Add(ref {buffer}, {offset}) {(accumulate ? "+=" : "=")} {value};";

    /// <summary>prod num / prod den, negated if asked; names only, so the scalar text needs no parentheses but the divisor's.</summary>
    public string Product(IReadOnlyList<string> num, IReadOnlyList<string> den, bool negate = false)
    {
        string text;
        if (IsVector)
        {
            text = num.Count == 0 ? "V.Splat(T.One)" : num.Skip(1).Aggregate(num[0], (acc, f) => $"V.Multiply({acc}, {f})");
            if (den.Count > 0) text = $"V.Divide({text}, {den.Skip(1).Aggregate(den[0], (acc, f) => $"V.Multiply({acc}, {f})")})";
            return negate ? $"V.Negate({text})" : text;
        }
        text = num.Count == 0 ? "T.One" : string.Join(" * ", num);
        if (den.Count > 0) text = den.Count == 1 ? $"{text} / {den[0]}" : $"{text} / ({string.Join(" * ", den)})";
        return negate ? $"-({text})" : text;
    }

    /// <summary>t0 +- t1 +- ..., the first term negated if it is subtracted.</summary>
    public string Sum(IReadOnlyList<(bool Negative, string Term)> terms)
    {
        if (IsVector)
        {
            string first = terms[0].Negative ? $"V.Negate({terms[0].Term})" : terms[0].Term;
            return terms.Skip(1).Aggregate(first, (acc, t) => $"{(t.Negative ? "V.Subtract" : "V.Add")}({acc}, {t.Term})");
        }
        var text = new System.Text.StringBuilder(terms[0].Negative ? "-" + terms[0].Term : terms[0].Term);
        foreach (var t in terms.Skip(1)) text.Append(t.Negative ? " - " : " + ").Append(t.Term);
        return text.ToString();
    }

    public string Unary(UnaryOp op, string a) => IsVector
        ? op switch
        {
            UnaryOp.Sqrt => $"V.Sqrt({a})",
            UnaryOp.Rsqrt => $"V.Rsqrt({a})",
            UnaryOp.Exp => $"V.Exp({a})",
            UnaryOp.Log => $"V.Log({a})",
            UnaryOp.Tanh => $"V.Tanh({a})",
            UnaryOp.Sigmoid => $"V.Sigmoid({a})",
            UnaryOp.Abs => $"V.Abs({a})",
            UnaryOp.Sign => $"V.Sign({a})",
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        }
        : op switch
        {
            UnaryOp.Sqrt => $"T.Sqrt({a})",
            UnaryOp.Rsqrt => $"(T.One / T.Sqrt({a}))",
            UnaryOp.Exp => $"T.Exp({a})",
            UnaryOp.Log => $"T.Log({a})",
            UnaryOp.Tanh => $"T.Tanh({a})",
            UnaryOp.Sigmoid => $"(T.One / (T.One + T.Exp(-{a})))",
            UnaryOp.Abs => $"T.Abs({a})",
            UnaryOp.Sign => $"T.CreateTruncating(T.Sign({a}))",
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };

    public string Binary(BinaryOp op, string a, string b) => IsVector
        ? op switch
        {
            BinaryOp.Maximum => $"V.Max({a}, {b})",
            BinaryOp.Minimum => $"V.Min({a}, {b})",
            BinaryOp.EqualMask => $"V.EqualMask({a}, {b})",
            _ => $"V.GreaterMask({a}, {b})",
        }
        : op switch
        {
            BinaryOp.Maximum => $"T.Max({a}, {b})",
            BinaryOp.Minimum => $"T.Min({a}, {b})",
            BinaryOp.EqualMask => $"({a} == {b} ? T.One : T.Zero)",
            _ => $"({a} > {b} ? T.One : T.Zero)",
        };

    /// <summary>
    /// a * b + c, one instruction where the CPU has FMA (the vector types and <c>MultiplyAddEstimate</c> both
    /// pick the hardware instruction), a multiply and an add where it has not.
    /// </summary>
    public string MultiplyAdd(string a, string b, string c) => IsVector
        ? $"V.MultiplyAdd({a}, {b}, {c})"
        : $"T.MultiplyAddEstimate({a}, {b}, {c})";

    /// <summary>c - a * b, fused where <see cref="MultiplyAdd"/> is.</summary>
    public string NegatedMultiplyAdd(string a, string b, string c) => IsVector
        ? $"V.NegatedMultiplyAdd({a}, {b}, {c})"
        : $"T.MultiplyAddEstimate({(a.IndexOf(' ') >= 0 ? $"-({a})" : "-" + a)}, {b}, {c})";

    /// <summary>a^p for a non-integer constant p held in the scalar local <paramref name="exponent"/>.</summary>
    public string Pow(string a, string exponent) => IsVector ? $"V.Pow({a}, {exponent})" : $"T.Pow({a}, {exponent})";

    /// <summary>Combines accumulator <paramref name="acc"/> with <paramref name="value"/> for a reduction.</summary>
    public string Accumulate(ReduceOp op, string acc, string value) => op switch
    {
        ReduceOp.Sum => IsVector ? $"{acc} = V.Add({acc}, {value});" : $"{acc} += {value};",
        ReduceOp.Max => $"{acc} = {(IsVector ? "V.Max" : "T.Max")}({acc}, {value});",
        _ => $"{acc} = {(IsVector ? "V.Min" : "T.Min")}({acc}, {value});",
    };

    public static string Identity(ReduceOp op) => op switch
    {
        ReduceOp.Sum => "T.Zero",
        ReduceOp.Max => "T.NegativeInfinity",
        _ => "T.PositiveInfinity",
    };

    public static string Across(ReduceOp op, string vector) => op switch
    {
        ReduceOp.Sum => $"V.Sum({vector})",
        ReduceOp.Max => $"V.MaxAcross({vector})",
        _ => $"V.MinAcross({vector})",
    };

    public static string Combine(ReduceOp op, string a, string b) => op switch
    {
        ReduceOp.Sum => $"V.Add({a}, {b})",
        ReduceOp.Max => $"V.Max({a}, {b})",
        _ => $"V.Min({a}, {b})",
    };
}
