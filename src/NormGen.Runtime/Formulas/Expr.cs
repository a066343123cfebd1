namespace NormGen;

public enum ReduceKind { Sum, Mean, Var, Max, Min }

public enum UnaryKind { Negate, Sqrt, Rsqrt, Exp, Log, Tanh, Sigmoid, Abs, Square }

public enum BinaryKind { Add, Subtract, Multiply, Divide, Maximum, Minimum }

/// <summary>
/// A node of a formula's expression tree. Formula methods are ordinary C#: at compile time the generator reads
/// their syntax; at run time calling one builds this tree, which the reference interpreter evaluates.
/// </summary>
public abstract class Expr
{
    // PLACEHOLDER surface: the runtime issue fills in node types and the interpreter.
    public static Expr Reduce(ReduceKind kind, Expr operand, string axes) => throw new NotImplementedException();
    public static Expr Unary(UnaryKind kind, Expr operand) => throw new NotImplementedException();
    public static Expr Binary(BinaryKind kind, Expr left, Expr right) => throw new NotImplementedException();
    public static Expr Power(Expr operand, double exponent) => throw new NotImplementedException();
    public static Expr Running(Expr stat, double momentum, bool unbiased) => throw new NotImplementedException();

    public static implicit operator Expr(double value) => throw new NotImplementedException();
    public static Expr operator +(Expr a, Expr b) => Binary(BinaryKind.Add, a, b);
    public static Expr operator -(Expr a, Expr b) => Binary(BinaryKind.Subtract, a, b);
    public static Expr operator *(Expr a, Expr b) => Binary(BinaryKind.Multiply, a, b);
    public static Expr operator /(Expr a, Expr b) => Binary(BinaryKind.Divide, a, b);
    public static Expr operator -(Expr a) => Unary(UnaryKind.Negate, a);
}
