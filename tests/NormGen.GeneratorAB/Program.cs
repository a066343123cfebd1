extern alias Main;
extern alias This;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NormGen.Kernels;

// In-process A/B of two generators' kernels (README.md): "other" = the layers of tests/Shared/Layers compiled by another
// generator (Main/), "this" = by this repository's (This/), "copy" = a copy of x (Span.CopyTo) as a bandwidth yardstick.
// The variants alternate call by call (ABC CBA order), one thread, process CPU time; per case the median and best-decile
// time of each and the median [interquartile range] of the per-round ratio to "other".
// usage: dotnet run -c Release -- SHAPES [ROUNDS]   (rows x features: LayerNorm, RMSNorm; n x c x h x w: InstanceNorm,
// BatchNorm2d (training), GroupNorm with 8 groups). NORMGEN_AB_OFFSET: bytes past a 64-byte line (16: a float[]);
// NORMGEN_AB_OFFSETS: a list of them, the n-th buffer allocated (x, dy, y, dx, then the parameters) taking the n-th,
// cyclically (24,24,24,24,8,40: large float[]s 24 bytes past a line and parameters elsewhere, as .NET 10 places them),
// NORMGEN_AB_ONLY: run only the cases whose name contains it; NORMGEN_AB_NONTEMPORAL, NORMGEN_AB_NONTEMPORAL_ROW and
// NORMGEN_AB_PREFETCH: bytes for NonTemporal.MinBytes, NonTemporal.MinRowBytes and Prefetch.MinRowBytes, and
// NORMGEN_AB_MIN_PARALLEL: Threading.MinParallelElements (1: every call split into chunks, run in turn on one thread)
// (runtime settings, so they apply to both variants); NORMGEN_AB_SPLIT and NORMGEN_AB_SPLIT_MIN: Alignment.SplitLoadMode (Auto,
// Never, Always) and Alignment.SplitLoadMinBytes, for whichever variant's kernels read them. Nothing may touch the
// runtime before ColdKernels.Compile.
// First of all: compile both variants' kernels cold, as a fresh process would (ColdKernels.cs).
int[] cold = ColdKernels.Compile(typeof(Main::NormGen.TestLayers.LayerNorm).Assembly, typeof(This::NormGen.TestLayers.LayerNorm).Assembly);
var shapes = (args.Length > 0 ? args[0] : "4096x1024,32x64x32x32").Split(',');
int rounds = args.Length > 1 ? int.Parse(args[1]) : 61;
int offset = int.TryParse(Environment.GetEnvironmentVariable("NORMGEN_AB_OFFSET"), out int o) ? o : 0;
int[] offsets = Environment.GetEnvironmentVariable("NORMGEN_AB_OFFSETS")?.Split(',').Select(int.Parse).ToArray() ?? [offset];
// NORMGEN_AB_PAGE_OFFSETS: as NORMGEN_AB_OFFSETS, bytes past a 4 KB page boundary instead of a 64-byte line.
int[]? pageOffsets = Environment.GetEnvironmentVariable("NORMGEN_AB_PAGE_OFFSETS")?.Split(',').Select(int.Parse).ToArray();
int allocated = 0;
Threading.MaxThreads = 1;
if (long.TryParse(Environment.GetEnvironmentVariable("NORMGEN_AB_NONTEMPORAL"), out long streamBytes)) NonTemporal.MinBytes = streamBytes;
if (int.TryParse(Environment.GetEnvironmentVariable("NORMGEN_AB_NONTEMPORAL_ROW"), out int streamRowBytes)) NonTemporal.MinRowBytes = streamRowBytes;
if (int.TryParse(Environment.GetEnvironmentVariable("NORMGEN_AB_PREFETCH"), out int prefetchBytes)) Prefetch.MinRowBytes = prefetchBytes;
if (long.TryParse(Environment.GetEnvironmentVariable("NORMGEN_AB_MIN_PARALLEL"), out long parallelElements)) Threading.MinParallelElements = parallelElements;
if (Enum.TryParse(Environment.GetEnvironmentVariable("NORMGEN_AB_SPLIT"), ignoreCase: true, out SplitLoadMode split)) Alignment.SplitLoadMode = split;
if (long.TryParse(Environment.GetEnvironmentVariable("NORMGEN_AB_SPLIT_MIN"), out long splitBytes)) Alignment.SplitLoadMinBytes = splitBytes;
Console.WriteLine($"Generator A/B: Vector512={Vector512.IsHardwareAccelerated} offsets={string.Join(',', pageOffsets is null ? offsets : pageOffsets)}{(pageOffsets is null ? "" : " (page)")} kernels compiled cold: other {cold[0]}, this {cold[1]}; load {File.ReadAllText("/proc/loadavg").Trim()}");
var rng = new Random(1);
Memory<float> Rand(long n, float shift = 0)
{
    var array = GC.AllocateArray<float>((int)n + 2048, pinned: true);
    long address = System.Runtime.CompilerServices.Unsafe.ByteOffset(ref System.Runtime.CompilerServices.Unsafe.NullRef<float>(), ref array[0]);
    int start = pageOffsets is null
        ? (int)((64 - address % 64) % 64 + offsets[allocated++ % offsets.Length]) / sizeof(float)
        : (int)((4096 - address % 4096) % 4096 + pageOffsets[allocated++ % pageOffsets.Length]) / sizeof(float);
    var m = array.AsMemory(start, (int)n);
    foreach (ref float v in m.Span) v = (float)(rng.NextDouble() * 2 - 1) + shift;
    return m;
}
foreach (var shape in shapes)
{
    var size = shape.Split('x').Select(int.Parse).ToArray();
    long e = size.Aggregate(1L, (p, v) => p * v);
    Memory<float> x = Rand(e, 3), dy = Rand(e), y = Rand(e), dx = Rand(e);
    var cases = new List<(string Name, Action Other, Action This, Action? Floor)>();
    if (size.Length == 4)
    {
        int c = size[1];
        Memory<float> g = Rand(c), b = Rand(c), dg = Rand(c), db = Rand(c);
        var sa = new Main::NormGen.TestLayers.InstanceNorm.Shape(size[0], size[1], size[2], size[3]);
        var sb = new This::NormGen.TestLayers.InstanceNorm.Shape(size[0], size[1], size[2], size[3]);
        var va = new Main::NormGen.TestLayers.InstanceNorm.Saved<float>(sa); var vb = new This::NormGen.TestLayers.InstanceNorm.Saved<float>(sb);
        Main::NormGen.TestLayers.InstanceNorm.Forward(sa, x.Span, g.Span, b.Span, y.Span, va);
        This::NormGen.TestLayers.InstanceNorm.Forward(sb, x.Span, g.Span, b.Span, y.Span, vb);
        cases.Add(("InstanceNorm fwd", () => Main::NormGen.TestLayers.InstanceNorm.Forward(sa, x.Span, g.Span, b.Span, y.Span, va), () => This::NormGen.TestLayers.InstanceNorm.Forward(sb, x.Span, g.Span, b.Span, y.Span, vb), null));
        Memory<float> rm = Rand(c), rv = Rand(c, 2);
        var ba = new Main::NormGen.TestLayers.BatchNorm2d.Shape(size[0], size[1], size[2], size[3]);
        var bb = new This::NormGen.TestLayers.BatchNorm2d.Shape(size[0], size[1], size[2], size[3]);
        var bva = new Main::NormGen.TestLayers.BatchNorm2d.Saved<float>(ba); var bvb = new This::NormGen.TestLayers.BatchNorm2d.Saved<float>(bb);
        Main::NormGen.TestLayers.BatchNorm2d.Forward(ba, x.Span, g.Span, b.Span, rm.Span, rv.Span, y.Span, bva, true);
        This::NormGen.TestLayers.BatchNorm2d.Forward(bb, x.Span, g.Span, b.Span, rm.Span, rv.Span, y.Span, bvb, true);
        cases.Add(("BatchNorm2d fwd", () => Main::NormGen.TestLayers.BatchNorm2d.Forward(ba, x.Span, g.Span, b.Span, rm.Span, rv.Span, y.Span, bva, true), () => This::NormGen.TestLayers.BatchNorm2d.Forward(bb, x.Span, g.Span, b.Span, rm.Span, rv.Span, y.Span, bvb, true),
            Floors.ForwardPerChannel(x, y, size[0], c, size[2] * size[3])));
        cases.Add(("BatchNorm2d bwd", () => Main::NormGen.TestLayers.BatchNorm2d.Backward(ba, dy.Span, x.Span, g.Span, b.Span, rm.Span, rv.Span, bva, dx.Span, dg.Span, db.Span, true), () => This::NormGen.TestLayers.BatchNorm2d.Backward(bb, dy.Span, x.Span, g.Span, b.Span, rm.Span, rv.Span, bvb, dx.Span, dg.Span, db.Span, true),
            Floors.BackwardPerChannel(x, dy, dx, size[0], c, size[2] * size[3])));
        // Channels-last: the same bytes as n x h x w x c (tests/NormGen.GeneratorAB/Layers).
        var ca = new Main::NormGen.TestLayers.BatchNorm2dNhwc.Shape(size[0], size[2], size[3], c);
        var cb = new This::NormGen.TestLayers.BatchNorm2dNhwc.Shape(size[0], size[2], size[3], c);
        var cva = new Main::NormGen.TestLayers.BatchNorm2dNhwc.Saved<float>(ca); var cvb = new This::NormGen.TestLayers.BatchNorm2dNhwc.Saved<float>(cb);
        Main::NormGen.TestLayers.BatchNorm2dNhwc.Forward(ca, x.Span, g.Span, b.Span, rm.Span, rv.Span, y.Span, cva, true);
        This::NormGen.TestLayers.BatchNorm2dNhwc.Forward(cb, x.Span, g.Span, b.Span, rm.Span, rv.Span, y.Span, cvb, true);
        cases.Add(("BatchNorm2d NHWC fwd", () => Main::NormGen.TestLayers.BatchNorm2dNhwc.Forward(ca, x.Span, g.Span, b.Span, rm.Span, rv.Span, y.Span, cva, true), () => This::NormGen.TestLayers.BatchNorm2dNhwc.Forward(cb, x.Span, g.Span, b.Span, rm.Span, rv.Span, y.Span, cvb, true),
            Floors.Forward(x, y)));
        cases.Add(("BatchNorm2d NHWC bwd", () => Main::NormGen.TestLayers.BatchNorm2dNhwc.Backward(ca, dy.Span, x.Span, g.Span, b.Span, rm.Span, rv.Span, cva, dx.Span, dg.Span, db.Span, true), () => This::NormGen.TestLayers.BatchNorm2dNhwc.Backward(cb, dy.Span, x.Span, g.Span, b.Span, rm.Span, rv.Span, cvb, dx.Span, dg.Span, db.Span, true),
            Floors.Backward(x, dy, dx)));
        int groups = 8;
        var ga = new Main::NormGen.TestLayers.GroupNorm.Shape(size[0], groups, c / groups, size[2], size[3]);
        var gb = new This::NormGen.TestLayers.GroupNorm.Shape(size[0], groups, c / groups, size[2], size[3]);
        var gva = new Main::NormGen.TestLayers.GroupNorm.Saved<float>(ga); var gvb = new This::NormGen.TestLayers.GroupNorm.Saved<float>(gb);
        Main::NormGen.TestLayers.GroupNorm.Forward(ga, x.Span, g.Span, b.Span, y.Span, gva);
        This::NormGen.TestLayers.GroupNorm.Forward(gb, x.Span, g.Span, b.Span, y.Span, gvb);
        cases.Add(("GroupNorm fwd", () => Main::NormGen.TestLayers.GroupNorm.Forward(ga, x.Span, g.Span, b.Span, y.Span, gva), () => This::NormGen.TestLayers.GroupNorm.Forward(gb, x.Span, g.Span, b.Span, y.Span, gvb), null));
        cases.Add(("GroupNorm bwd", () => Main::NormGen.TestLayers.GroupNorm.Backward(ga, dy.Span, x.Span, g.Span, b.Span, gva, dx.Span, dg.Span, db.Span), () => This::NormGen.TestLayers.GroupNorm.Backward(gb, dy.Span, x.Span, g.Span, b.Span, gvb, dx.Span, dg.Span, db.Span), null));
        cases.Add(("InstanceNorm bwd", () => Main::NormGen.TestLayers.InstanceNorm.Backward(sa, dy.Span, x.Span, g.Span, b.Span, va, dx.Span, dg.Span, db.Span), () => This::NormGen.TestLayers.InstanceNorm.Backward(sb, dy.Span, x.Span, g.Span, b.Span, vb, dx.Span, dg.Span, db.Span), null));
    }
    else
    {
        int n = size[0], d = size[1];
        Memory<float> g = Rand(d), b = Rand(d), dg = Rand(d), db = Rand(d);
        var sa = new Main::NormGen.TestLayers.LayerNorm.Shape(n, d); var sb = new This::NormGen.TestLayers.LayerNorm.Shape(n, d);
        var va = new Main::NormGen.TestLayers.LayerNorm.Saved<float>(sa); var vb = new This::NormGen.TestLayers.LayerNorm.Saved<float>(sb);
        var ra = new Main::NormGen.TestLayers.RmsNorm.Shape(n, d); var rb = new This::NormGen.TestLayers.RmsNorm.Shape(n, d);
        var wa = new Main::NormGen.TestLayers.RmsNorm.Saved<float>(ra); var wb = new This::NormGen.TestLayers.RmsNorm.Saved<float>(rb);
        Main::NormGen.TestLayers.LayerNorm.Forward(sa, x.Span, g.Span, b.Span, y.Span, va);
        This::NormGen.TestLayers.LayerNorm.Forward(sb, x.Span, g.Span, b.Span, y.Span, vb);
        Main::NormGen.TestLayers.RmsNorm.Forward(ra, x.Span, g.Span, y.Span, wa);
        This::NormGen.TestLayers.RmsNorm.Forward(rb, x.Span, g.Span, y.Span, wb);
        cases.Add(("LayerNorm fwd", () => Main::NormGen.TestLayers.LayerNorm.Forward(sa, x.Span, g.Span, b.Span, y.Span, va), () => This::NormGen.TestLayers.LayerNorm.Forward(sb, x.Span, g.Span, b.Span, y.Span, vb), null));
        cases.Add(("LayerNorm bwd", () => Main::NormGen.TestLayers.LayerNorm.Backward(sa, dy.Span, x.Span, g.Span, b.Span, va, dx.Span, dg.Span, db.Span), () => This::NormGen.TestLayers.LayerNorm.Backward(sb, dy.Span, x.Span, g.Span, b.Span, vb, dx.Span, dg.Span, db.Span), null));
        cases.Add(("RMSNorm fwd", () => Main::NormGen.TestLayers.RmsNorm.Forward(ra, x.Span, g.Span, y.Span, wa), () => This::NormGen.TestLayers.RmsNorm.Forward(rb, x.Span, g.Span, y.Span, wb), null));
        cases.Add(("RMSNorm bwd", () => Main::NormGen.TestLayers.RmsNorm.Backward(ra, dy.Span, x.Span, g.Span, wa, dx.Span, dg.Span), () => This::NormGen.TestLayers.RmsNorm.Backward(rb, dy.Span, x.Span, g.Span, wb, dx.Span, dg.Span), null));
        // Element-wise layers (Layers/ElementWise.cs): DyT and Swish have a transcendental, Affine none.
        var ta = new Main::NormGen.TestLayers.DyT.Shape(n, d); var tb = new This::NormGen.TestLayers.DyT.Shape(n, d);
        var tva = new Main::NormGen.TestLayers.DyT.Saved<float>(ta); var tvb = new This::NormGen.TestLayers.DyT.Saved<float>(tb);
        cases.Add(("DyT fwd", () => Main::NormGen.TestLayers.DyT.Forward(ta, x.Span, g.Span, b.Span, y.Span, tva, 0.5f), () => This::NormGen.TestLayers.DyT.Forward(tb, x.Span, g.Span, b.Span, y.Span, tvb, 0.5f), null));
        cases.Add(("DyT bwd", () => Main::NormGen.TestLayers.DyT.Backward(ta, dy.Span, x.Span, g.Span, b.Span, tva, dx.Span, dg.Span, db.Span, 0.5f), () => This::NormGen.TestLayers.DyT.Backward(tb, dy.Span, x.Span, g.Span, b.Span, tvb, dx.Span, dg.Span, db.Span, 0.5f), null));
        var wsa = new Main::NormGen.TestLayers.Swish.Shape(n, d); var wsb = new This::NormGen.TestLayers.Swish.Shape(n, d);
        var wva = new Main::NormGen.TestLayers.Swish.Saved<float>(wsa); var wvb = new This::NormGen.TestLayers.Swish.Saved<float>(wsb);
        cases.Add(("Swish fwd", () => Main::NormGen.TestLayers.Swish.Forward(wsa, x.Span, g.Span, b.Span, y.Span, wva), () => This::NormGen.TestLayers.Swish.Forward(wsb, x.Span, g.Span, b.Span, y.Span, wvb), null));
        cases.Add(("Swish bwd", () => Main::NormGen.TestLayers.Swish.Backward(wsa, dy.Span, x.Span, g.Span, b.Span, wva, dx.Span, dg.Span, db.Span), () => This::NormGen.TestLayers.Swish.Backward(wsb, dy.Span, x.Span, g.Span, b.Span, wvb, dx.Span, dg.Span, db.Span), null));
        var aa = new Main::NormGen.TestLayers.Affine.Shape(n, d); var ab = new This::NormGen.TestLayers.Affine.Shape(n, d);
        var ava = new Main::NormGen.TestLayers.Affine.Saved<float>(aa); var avb = new This::NormGen.TestLayers.Affine.Saved<float>(ab);
        cases.Add(("Affine fwd", () => Main::NormGen.TestLayers.Affine.Forward(aa, x.Span, g.Span, b.Span, y.Span, ava), () => This::NormGen.TestLayers.Affine.Forward(ab, x.Span, g.Span, b.Span, y.Span, avb), null));
    }
    var cx = Rand(e);
    Action copy = () => x.Span.CopyTo(cx.Span);
    int reps = (int)Math.Max(1, 4_000_000 / e);
    var only = Environment.GetEnvironmentVariable("NORMGEN_AB_ONLY");
    foreach (var (name, a, b, floor) in cases)
    {
        if (only is not null && !name.Contains(only, StringComparison.Ordinal)) continue;
        var variants = floor is null ? new[] { ("other", a), ("this", b), ("copy", copy) } : new[] { ("other", a), ("this", b), ("copy", copy), ("floor", floor) };
        var times = variants.Select(_ => new double[rounds]).ToArray();
        foreach (var (_, body) in variants) for (int w = 0; w < 30; w++) body();
        for (int r = 0; r < rounds; r++)
            for (int k = 0; k < variants.Length; k++)
            {
                int i = r % 2 == 0 ? k : variants.Length - 1 - k;
                double t0 = Cpu();
                for (int q = 0; q < reps; q++) variants[i].Item2();
                times[i][r] = (Cpu() - t0) / reps;
            }
        Console.Write($"{name} {shape}:");
        for (int i = 0; i < variants.Length; i++)
        {
            var s = times[i].Order().ToArray();
            var ratios = Enumerable.Range(0, rounds).Select(r => times[i][r] / times[0][r]).Order().ToArray();
            Console.Write(string.Create(CultureInfo.InvariantCulture, $"  {variants[i].Item1} {s[rounds / 2]:0.000} ms (best {s[rounds / 10]:0.000}) ratio {ratios[rounds / 2]:0.000} [{ratios[rounds / 4]:0.00},{ratios[3 * rounds / 4]:0.00}]"));
        }
        Console.WriteLine();
    }
}

static double Cpu() => Native.ClockGetTime(2, out var t) == 0 ? t.Seconds * 1e3 + t.Nanoseconds * 1e-6 : 0;

static partial class Native
{
    [StructLayout(LayoutKind.Sequential)] public struct TimeSpec { public long Seconds; public long Nanoseconds; }
    [LibraryImport("libc", EntryPoint = "clock_gettime")] public static partial int ClockGetTime(int clock, out TimeSpec time);
}
