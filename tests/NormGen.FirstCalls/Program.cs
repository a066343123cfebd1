using System.Globalization;

namespace NormGen.FirstCalls;

/// <summary>
/// Issue 14 item 4, "fast from the first call": how long the first 20 forward + backward calls of a fresh process take
/// against 20 steady-state calls (docs/benchmarks.md, "First calls").
/// <code>
/// dotnet run -c Release --project tests/NormGen.FirstCalls -- [--runs 10] [--case "LayerNorm 64x768"]... [--only "as built"]...
///     [--build "label=path/to/NormGen.FirstCalls.dll"]... [--env "label:NAME=VALUE,NAME=VALUE"]... [--out report.md]
/// </code>
/// --build adds another build of this project as a configuration: a .dll (e.g. one from another commit, or one
/// published with -p:PublishReadyToRun=true -r linux-x64) or a native executable (published with -p:PublishAot=true);
/// --env adds this build run with the given environment variables; --only keeps the named configurations. The child mode,
/// <c>--child CASE</c>, is what each fresh process runs; <c>--jit-methods CASE</c> lists the methods compiled during a
/// first call (JitMethods.cs), <c>--kernel-jit CASE</c> times the kernels' compilation alone (KernelJit.cs) and
/// <c>--thread-cpu CASE</c> splits call 1's CPU time by thread (ThreadCpu.cs), <c>--steady CASE [CALLS]</c> times many
/// steady calls (Steady.cs).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (args is ["--child", var caseName]) return ChildRun.Run(caseName);
        if (args is ["--jit-methods", var jitCase]) return JitMethods.Run(jitCase);
        if (args is ["--thread-cpu", var cpuCase]) return ThreadCpu.Run(cpuCase);
        if (args is ["--kernel-jit", var kernelCase]) return KernelJit.Run(kernelCase);
        if (args is ["--steady", var steadyCase, .. var steadyCalls])
            return Steady.Run(steadyCase, steadyCalls is [var n] ? int.Parse(n, CultureInfo.InvariantCulture) : 400);

        int runs = 10;
        var cases = new List<string>();
        var only = new List<string>();
        var builds = new List<Configuration>();
        var environments = new List<(string Label, Dictionary<string, string> Variables)>();
        string? outPath = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--runs": runs = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--case": cases.Add(Value()); break;
                case "--only": only.Add(Value()); break;
                case "--out": outPath = Value(); break;
                case "--build":
                    var build = Value().Split('=', 2);
                    if (build.Length != 2 || !File.Exists(build[1])) throw new ArgumentException($"--build wants label=path of an existing .dll or executable, got '{string.Join('=', build)}'.");
                    builds.Add(new Configuration(build[0], Path.GetFullPath(build[1]), new Dictionary<string, string>()));
                    break;
                case "--env":
                    // "label:NAME=VALUE[,NAME=VALUE]": this build with those environment variables (e.g. DOTNET_TieredPGO=0).
                    var (label, variables) = Value().Split(':', 2) is [var l, var v] ? (l, v) : throw new ArgumentException("--env wants label:NAME=VALUE[,NAME=VALUE].");
                    environments.Add((label, variables.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length == 2 ? p[1] : "")));
                    break;
                default:
                    Console.Error.WriteLine($"Unknown argument '{args[i]}'. See tests/NormGen.FirstCalls/Program.cs.");
                    return 2;
            }
        }
        if (cases.Count == 0) cases.AddRange(Case.Names);
        foreach (var name in cases) Case.Create(name); // unknown names fail here, before any child starts

        // This build: its .dll, or the executable itself when it is a NativeAOT publish (which has no .dll).
        string dll = Path.Combine(AppContext.BaseDirectory, "NormGen.FirstCalls.dll");
        string self = File.Exists(dll) ? dll : Environment.ProcessPath!;
        var configurations = Configuration.BuiltIn(self).Concat(builds)
            .Concat(environments.Select(e => new Configuration(e.Label, self, e.Variables))).ToList();
        if (only.Count > 0) configurations = configurations.Where(c => only.Contains(c.Name)).ToList();
        if (configurations.Count == 0) { Console.Error.WriteLine("No configuration left."); return 2; }
        return Parent.Run(runs, cases, configurations, outPath);
    }
}
