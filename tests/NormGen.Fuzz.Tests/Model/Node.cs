using System.Globalization;

namespace NormGen.Fuzz.Tests.Model;

/// <summary>
/// A formula expression as the fuzzer writes it: a tree over the formula language, rendered back to C# exactly as a
/// user would type it. Nodes are immutable records so the shrinker can rebuild trees with a subtree replaced.
/// </summary>
public abstract record Node
{
    /// <summary>The C# text of this expression.</summary>
    public abstract string Render();

    /// <summary>Direct operands, for the shrinker.</summary>
    public abstract IReadOnlyList<Node> Children { get; }

    /// <summary>The same node over new operands (same count and order as <see cref="Children"/>).</summary>
    public abstract Node With(IReadOnlyList<Node> children);

    public override string ToString() => Render();

    public IEnumerable<Node> DescendantsAndSelf()
    {
        yield return this;
        foreach (var child in Children)
            foreach (var node in child.DescendantsAndSelf())
                yield return node;
    }

    public int Size => DescendantsAndSelf().Count();
}

/// <summary>A tensor, hyper-parameter or local, by its C# identifier (with '@' when it is a keyword).</summary>
public sealed record Ref(string Name) : Node
{
    public override string Render() => Identifiers.Escape(Name);
    public override IReadOnlyList<Node> Children => [];
    public override Node With(IReadOnlyList<Node> children) => this;
}

/// <summary>A double constant, written as <see cref="Text"/> (e.g. "2", "0.5", "1e-5", "0.5f").</summary>
public sealed record Const(double Value, string Text) : Node
{
    public static Const Of(double value) => new(value, Format(value));

    public static string Format(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }

    public override string Render() => Text.StartsWith('-') ? "(" + Text + ")" : Text;
    public override IReadOnlyList<Node> Children => [];
    public override Node With(IReadOnlyList<Node> children) => this;
}

public sealed record Neg(Node Operand) : Node
{
    public override string Render() => "-" + Paren(Operand);
    public override IReadOnlyList<Node> Children => [Operand];
    public override Node With(IReadOnlyList<Node> children) => new Neg(children[0]);
    internal static string Paren(Node n) => n is Ref or Const or Call ? n.Render() : "(" + n.Render() + ")";
}

/// <summary>An operator: + - * /.</summary>
public sealed record Binary(char Op, Node Left, Node Right) : Node
{
    public override string Render() => Neg.Paren(Left) + " " + Op + " " + Neg.Paren(Right);
    public override IReadOnlyList<Node> Children => [Left, Right];
    public override Node With(IReadOnlyList<Node> children) => new Binary(Op, children[0], children[1]);
}

/// <summary>A call to NormGen.Ops: unary functions, Maximum/Minimum, and the argument-carrying ones below.</summary>
public record Call(string Function, IReadOnlyList<Node> Args) : Node
{
    public override string Render() => Function + "(" + string.Join(", ", Args.Select(a => a.Render()).Concat(ExtraArgs())) + ")";
    protected virtual IEnumerable<string> ExtraArgs() => [];
    public override IReadOnlyList<Node> Children => Args;
    public override Node With(IReadOnlyList<Node> children) => this with { Args = children.ToArray() };
}

/// <summary>Sum/Mean/Var/Max/Min(e, "axes"); <see cref="AxesText"/> is the string as written.</summary>
public sealed record Reduce(string Function, Node Operand, IReadOnlyList<string> Axes, string AxesText) : Call(Function, [Operand])
{
    protected override IEnumerable<string> ExtraArgs() => ["\"" + AxesText + "\""];
    public override Node With(IReadOnlyList<Node> children) => this with { Args = children.ToArray(), Operand = children[0] };
}

/// <summary>Pow(e, exponent): the exponent is a constant.</summary>
public sealed record Pow(Node Operand, Const Exponent) : Call("Pow", [Operand])
{
    protected override IEnumerable<string> ExtraArgs() => [Exponent.Render()];
    public override Node With(IReadOnlyList<Node> children) => this with { Args = children.ToArray(), Operand = children[0] };
}

/// <summary>Running(stat, momentum[, unbiased: true]); momentum is a constant or a hyper-parameter's name.</summary>
public sealed record RunningStat(Node Stat, string Momentum, bool Unbiased) : Call("Running", [Stat])
{
    protected override IEnumerable<string> ExtraArgs() => Unbiased ? [Momentum, "unbiased: true"] : [Momentum];
    public override Node With(IReadOnlyList<Node> children) => this with { Args = children.ToArray(), Stat = children[0] };
}
