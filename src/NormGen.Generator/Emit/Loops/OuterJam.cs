using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NormGen.Generator.Model;

namespace NormGen.Generator.Emit.Loops;

/// <summary>
/// Unroll-and-jam of the loop just outside an innermost loop, for passes whose reductions run over that OUTER loop
/// (BatchNorm's per-channel sums over channels-last data, column sums): the innermost body runs for
/// <see cref="Copies"/> consecutive outer iterations at once. Without it, a reduction that keeps the innermost axis
/// loads and stores its accumulator row once per outer iteration, a store-to-load forwarding chain per vector, and
/// every value that does not depend on the outer index (a parameter, a shift, an earlier statistic) is reloaded per
/// row. Jammed, each vector's copies are added together in registers (a pairwise tree) and folded into the accumulator
/// once, and the invariant loads are shared. The outer iterations that do not fill a block run the original loop.
/// A pure rewrite of a lowered, not yet fused loop; it returns null (and the caller keeps the loop) for any shape of
/// body it does not know to be safe: horizontal reductions, stores to places that do not depend on the outer index
/// other than sum folds, or nothing shared between the copies.
/// </summary>
internal static class OuterJam
{
    /// <summary>
    /// Outer iterations per block. Measured on BatchNorm NHWC 32x64x32x32 (interleaved against the unjammed kernels, on
    /// an AVX-512 Zen 5 under load): two rows per block took 15-30% off forward and backward at 512 bits; four did no
    /// better there and made the 256-bit backward 1.5x slower (per block it walks eight input rows and keeps twelve row
    /// refs, more than the general registers hold), where two stays level.
    /// </summary>
    public const int Copies = 2;

    public static IReadOnlyList<Stmt>? Rewrite(For loop, int copies = Copies)
    {
        if (loop.Start != IndexExpr.Zero || copies < 2) return null;
        var varying = new HashSet<string>(StringComparer.Ordinal) { loop.Index };
        var analysis = new Analysis(varying);
        Block? sweep = null;
        foreach (var s in loop.Body)
        {
            switch (s)
            {
                case Comment:
                    break;
                case IndexLet i:
                    analysis.Mark(i.Name, LoopIr.Names(i.Value));
                    break;
                case Let { Value: not Identity } l:
                    analysis.Mark(l.Name, analysis.Uses(l.Value));
                    break;
                case Block b when sweep is null:
                    sweep = b;
                    break;
                default:
                    return null;
            }
        }
        if (sweep is null || !analysis.Sweep(sweep.Body) || !analysis.Shares) return null;

        string blocks = loop.Index + "__blocks", block = loop.Index + "__block";
        var size = loop.End;
        var jam = new Jammer(varying, copies);
        var body = new List<Stmt> { new IndexLet(loop.Index, new IndexVar(block) * new IndexConst(copies)) };
        for (int p = 1; p < copies; p++) body.Add(new IndexLet(Jammer.Copy(loop.Index, p), new IndexVar(loop.Index) + new IndexConst(p)));
        body.AddRange(jam.Statements(loop.Body));
        var blocked = new IndexVar(blocks) * new IndexConst(copies);
        // One block: the count of blocks is scoped to this loop (a kernel may jam several passes over the same axes).
        return new Stmt[]
        {
            new Block(new Stmt[]
            {
                new IndexLet(blocks, new IndexQuotient(size, new IndexConst(copies))),
                new For(block, IndexExpr.Zero, new IndexVar(blocks), body.ToEquatableArray()),
                loop with { Start = blocked },
            }.ToEquatableArray()),
        };
    }

    /// <summary>
    /// The statements with every innermost body fused (<see cref="Fusion"/>): the emitter defers fusion of a loop it
    /// may jam, so that the jam sees each reduction's fold as written, not already merged into a multiply-add.
    /// </summary>
    public static Stmt Fuse(Stmt s) => s switch
    {
        For f => f with { Body = f.Body.Select(Fuse).ToEquatableArray() },
        Block b => new Block(b.Body.Select(Fuse).ToEquatableArray()),
        VectorLoop v => v with { Body = Fusion.Fuse(v.Body) },
        ScalarLoop t => t with { Body = Fusion.Fuse(t.Body) },
        UnlessMultiple u => u with { Then = Fuse(u.Then) },
        _ => s,
    };

    /// <summary>Which names depend on the outer index, and whether the innermost bodies are of a shape the jam handles (also <see cref="RegisterTiles"/>'s test).</summary>
    internal sealed class Analysis
    {
        private readonly HashSet<string> _varying;

        public Analysis(HashSet<string> varying) => _varying = varying;

        /// <summary>Something in an innermost body is the same for every copy: an invariant value or a sum fold's target.</summary>
        public bool Shares { get; private set; }

        public void Mark(string name, IEnumerable<string> uses)
        {
            if (uses.Any(_varying.Contains)) _varying.Add(name);
        }

        public IEnumerable<string> Uses(Expr e) => LoopIr.Nodes(e).SelectMany(n => n switch
        {
            Var v => new[] { v.Name },
            Load l => LoopIr.Names(l.Offset).Concat(new[] { l.Ref }),
            FromIndex f => LoopIr.Names(f.Value),
            AccumulatorRef => new[] { loopInvariantBreaker },
            _ => Enumerable.Empty<string>(),
        });

        // A horizontal accumulator in a body: never jammed (its lanes belong to one row).
        private const string loopInvariantBreaker = "\0";

        public bool Sweep(IEnumerable<Stmt> statements)
        {
            foreach (var s in statements)
            {
                switch (s)
                {
                    case Comment:
                        break;
                    case RefLet r:
                        Mark(r.Name, LoopIr.Names(r.Offset).Concat(new[] { r.Buffer }));
                        break;
                    case Broadcast b:
                        Mark(b.Vector, new[] { b.Scalar });
                        break;
                    case IndexLet i:
                        Mark(i.Name, LoopIr.Names(i.Value));
                        break;
                    case VectorLoop v when !Body(v.Body):
                    case ScalarLoop t when !Body(t.Body):
                        return false;
                    case VectorLoop or ScalarLoop:
                        break;
                    case UnlessMultiple u when !Sweep(new[] { u.Then }):
                        return false;
                    case UnlessMultiple:
                        break;
                    default:
                        return false;
                }
            }
            return true;
        }

        private bool Body(IEnumerable<Stmt> body)
        {
            foreach (var s in body)
            {
                switch (s)
                {
                    case Let l:
                        var uses = Uses(l.Value).ToList();
                        if (uses.Contains(loopInvariantBreaker)) return false;
                        Mark(l.Name, uses);
                        if (!_varying.Contains(l.Name)) Shares = true;
                        break;
                    case Store st:
                        var value = Uses(st.Value).ToList();
                        if (value.Contains(loopInvariantBreaker)) return false;
                        if (TargetVaries(st)) break;
                        // A place every copy writes: only a sum fold of a value that varies can be combined.
                        if (!st.Accumulate || !value.Any(_varying.Contains)) return false;
                        Shares = true;
                        break;
                    default:
                        return false;
                }
            }
            return true;
        }

        public bool TargetVaries(Store st) => _varying.Contains(st.Ref) || LoopIr.Names(st.Offset).Any(_varying.Contains);
    }

    /// <summary>Writes the copies: names that depend on the outer index get the copy's suffix, the others are declared once.</summary>
    private sealed class Jammer
    {
        private readonly HashSet<string> _varying;
        private readonly int _copies;
        private int _folds;

        public Jammer(HashSet<string> varying, int copies)
        {
            _varying = varying;
            _copies = copies;
        }

        /// <summary>Copy p's name for a name that depends on the outer index (copy 0 keeps the name).</summary>
        public static string Copy(string name, int p) => p == 0 ? name : name + "__u" + p.ToString(CultureInfo.InvariantCulture);

        public IEnumerable<Stmt> Statements(IEnumerable<Stmt> statements)
        {
            foreach (var s in statements)
            {
                switch (s)
                {
                    case Block b:
                        yield return new Block(Statements(b.Body).ToEquatableArray());
                        break;
                    case VectorLoop v:
                        yield return v with { Body = Body(v.Body).ToEquatableArray() };
                        break;
                    case ScalarLoop t:
                        yield return t with { Body = Body(t.Body).ToEquatableArray() };
                        break;
                    case UnlessMultiple u:
                        yield return u with { Then = Statements(new[] { u.Then }).Single() };
                        break;
                    default:
                        foreach (var c in Replicate(s)) yield return c;
                        break;
                }
            }
        }

        private IEnumerable<Stmt> Body(IEnumerable<Stmt> body)
        {
            _folds = 0;
            foreach (var s in body)
            {
                if (s is Store st && !Varies(st.Ref) && !LoopIr.Names(st.Offset).Any(Varies))
                {
                    // A sum fold into a row every copy shares: add the copies pairwise, fold once.
                    var values = Enumerable.Range(0, _copies).Select(p => Rename(st.Value, p)).ToList();
                    int fold = _folds++;
                    int level = 0;
                    while (values.Count > 1)
                    {
                        var next = new List<Expr>();
                        for (int i = 0; i < values.Count; i += 2)
                        {
                            if (i + 1 == values.Count) { next.Add(values[i]); continue; }
                            string name = Identifiers.Generated("jam" + fold.ToString(CultureInfo.InvariantCulture) + "_" + level.ToString(CultureInfo.InvariantCulture) + "_" + (i / 2).ToString(CultureInfo.InvariantCulture));
                            yield return new Let(name, new Sum(new[] { new Term(false, values[i]), new Term(false, values[i + 1]) }.ToEquatableArray()));
                            next.Add(new Var(name));
                        }
                        values = next;
                        level++;
                    }
                    yield return st with { Value = values[0] };
                    continue;
                }
                foreach (var c in Replicate(s)) yield return c;
            }
        }

        /// <summary>The statement once if it depends on nothing varying, else once per copy, renamed.</summary>
        private IEnumerable<Stmt> Replicate(Stmt s)
        {
            if (!Defines(s).Any(Varies) && !(s is Store st && (Varies(st.Ref) || LoopIr.Names(st.Offset).Any(Varies))))
            {
                yield return s;
                yield break;
            }
            for (int p = 0; p < _copies; p++) yield return Rename(s, p);
        }

        private static IEnumerable<string> Defines(Stmt s) => s switch
        {
            Let l => new[] { l.Name },
            IndexLet i => new[] { i.Name },
            RefLet r => new[] { r.Name },
            Broadcast b => new[] { b.Vector },
            _ => Enumerable.Empty<string>(),
        };

        private bool Varies(string name) => _varying.Contains(name);

        private string Name(string name, int p) => Varies(name) ? Copy(name, p) : name;

        private Stmt Rename(Stmt s, int p) => s switch
        {
            Let l => new Let(Name(l.Name, p), Rename(l.Value, p)),
            IndexLet i => i with { Name = Name(i.Name, p), Value = Rename(i.Value, p) },
            RefLet r => new RefLet(Name(r.Name, p), Name(r.Buffer, p), Rename(r.Offset, p)),
            Broadcast b => new Broadcast(Name(b.Vector, p), Name(b.Scalar, p)),
            Store st => new Store(Name(st.Ref, p), Rename(st.Offset, p), Rename(st.Value, p), st.Accumulate),
            _ => throw new InvalidOperationException($"Cannot jam {s.GetType().Name}."),
        };

        private Expr Rename(Expr e, int p) => p == 0 ? e : LoopIr.Map(e, n => n switch
        {
            Var v => new Var(Name(v.Name, p)),
            Load l => new Load(Name(l.Ref, p), Rename(l.Offset, p)),
            FromIndex f => f with { Value = Rename(f.Value, p) },
            _ => n,
        });

        private IndexExpr Rename(IndexExpr i, int p) => p == 0 ? i : LoopIr.Rename(i, v => Name(v, p));
    }
}
