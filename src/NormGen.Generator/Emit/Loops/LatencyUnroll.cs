using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Ir;

namespace NormGen.Generator.Emit.Loops;

/// <summary>
/// How many copies of an element-wise innermost body (no horizontal reduction, which has its own lanes) one vector-loop
/// iteration runs. A body that evaluates Exp, Log, Tanh, Sigmoid or Softplus is a long chain of dependent vector
/// instructions (Tanh is 18, FloatMath.cs) that the core runs at its instruction rate with the data in cache; over rows
/// streamed from memory, one copy per iteration left about a quarter of that time again exposed as memory time in
/// DyT's forward at 4096x1024, and two copies hid most of it (docs/benchmarks-dyt.md, "Hand models" and "In the
/// emitter"). Other element-wise bodies are a few instructions per vector, bound by the memory traffic, and keep one.
/// </summary>
internal static class LatencyUnroll
{
    /// <summary>Copies per iteration for a body with a transcendental.</summary>
    public const int Copies = 2;

    /// <summary><see cref="Copies"/> when <paramref name="body"/> evaluates a transcendental, else 1.</summary>
    public static int For(IEnumerable<Stmt> body) => body.Any(HasTranscendental) ? Copies : 1;

    private static bool HasTranscendental(Stmt s) => LoopIr.Values(s).SelectMany(LoopIr.Nodes)
        .Any(n => n is Unary { Op: UnaryOp.Exp or UnaryOp.Log or UnaryOp.Tanh or UnaryOp.Sigmoid or UnaryOp.Softplus });
}
