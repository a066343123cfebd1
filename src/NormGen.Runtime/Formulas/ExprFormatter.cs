using System.Globalization;
using System.Text;

namespace NormGen;

/// <summary>Writes an <see cref="Expr"/> as the C# a user would write for it, with only the parentheses the tree needs.</summary>
internal static class ExprFormatter
{
    // C# precedence levels, loosest first.
    private const int Additive = 1, Multiplicative = 2, Prefix = 3, Primary = 4;

    public static string Format(Expr e)
    {
        var sb = new StringBuilder();
        Write(sb, e);
        return sb.ToString();
    }

    private static int Precedence(Expr e) => e switch
    {
        ConstantExpr c => double.IsNegative(c.Value) ? Prefix : Primary,
        UnaryExpr { Kind: UnaryKind.Negate } => Prefix,
        BinaryExpr { Kind: BinaryKind.Add or BinaryKind.Subtract } => Additive,
        BinaryExpr { Kind: BinaryKind.Multiply or BinaryKind.Divide } => Multiplicative,
        _ => Primary,
    };

    private static void Write(StringBuilder sb, Expr e)
    {
        switch (e)
        {
            case TensorExpr t:
                sb.Append(t.Name);
                break;
            case ConstantExpr c:
                sb.Append(Literal(c.Value));
                break;
            case UnaryExpr { Kind: UnaryKind.Negate } u:
                sb.Append('-');
                // "--x" would read as a decrement, so a negated prefix expression keeps its parentheses.
                WriteOperand(sb, u.Operand, Precedence(u.Operand) <= Prefix);
                break;
            case UnaryExpr u:
                Call(sb, u.Kind.ToString(), u.Operand);
                break;
            case BinaryExpr { Kind: BinaryKind.Maximum or BinaryKind.Minimum } b:
                Call(sb, b.Kind.ToString(), b.Left, b.Right);
                break;
            case BinaryExpr b:
                int p = Precedence(b);
                WriteOperand(sb, b.Left, Precedence(b.Left) < p);
                sb.Append(b.Kind switch
                {
                    BinaryKind.Add => " + ",
                    BinaryKind.Subtract => " - ",
                    BinaryKind.Multiply => " * ",
                    _ => " / ",
                });
                // Floating-point + and * are not associative: a right operand at the same level keeps its parentheses.
                WriteOperand(sb, b.Right, Precedence(b.Right) <= p);
                break;
            case PowerExpr pw:
                sb.Append("Pow(");
                Write(sb, pw.Operand);
                sb.Append(", ").Append(Literal(pw.Exponent)).Append(')');
                break;
            case ReduceExpr r:
                sb.Append(r.Kind).Append('(');
                Write(sb, r.Operand);
                sb.Append(", \"").AppendJoin(' ', r.Axes).Append("\")");
                break;
            case RunningExpr run:
                sb.Append("Running(");
                Write(sb, run.Statistic);
                sb.Append(", ").Append(Literal(run.Momentum));
                if (run.Unbiased) sb.Append(", unbiased: true");
                sb.Append(')');
                break;
            default:
                throw new InvalidOperationException($"Unknown node type {e.GetType().Name}.");
        }
    }

    private static void WriteOperand(StringBuilder sb, Expr e, bool parenthesize)
    {
        if (parenthesize) sb.Append('(');
        Write(sb, e);
        if (parenthesize) sb.Append(')');
    }

    private static void Call(StringBuilder sb, string name, params Expr[] args)
    {
        sb.Append(name).Append('(');
        for (int i = 0; i < args.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            Write(sb, args[i]);
        }
        sb.Append(')');
    }

    private static string Literal(double v) => v switch
    {
        double.PositiveInfinity => "double.PositiveInfinity",
        double.NegativeInfinity => "double.NegativeInfinity",
        _ when double.IsNaN(v) => "double.NaN",
        _ => v.ToString("R", CultureInfo.InvariantCulture),
    };
}
