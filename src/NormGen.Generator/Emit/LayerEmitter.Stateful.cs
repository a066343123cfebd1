using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Ir;
using NormGen.Generator.Model;
using NormGen.Generator.Passes.Plan;

namespace NormGen.Generator.Emit;

internal sealed partial class LayerEmitter
{
    /// <summary>
    /// The PyTorch-style object: owns float parameters (initialized per [Param(Init)]), their gradients, running
    /// buffers, Training, and what the last forward saved (including a copy of its inputs, which the backward reads).
    /// </summary>
    private void EmitStatefulLayer()
    {
        var bound = _api.Bound;
        var free = _api.Free;
        var inputs = _api.Tensors.Where(t => t.Role == TensorRole.Input).ToList();
        var parameters = _api.Tensors.Where(t => t.Role == TensorRole.Param).ToList();
        // Private fields and locals are generated identifiers; the public members are the user's names, Pascal-cased
        // (their collisions are NG0016).
        string Size(int axis) => Identifiers.Of("size", Axes.Name(axis));
        string Last(string name) => Identifiers.Of("last", name);
        string Over(System.Collections.Immutable.ImmutableArray<int> storage) =>
            storage.IsEmpty ? "(a scalar: one element)" : $"over ({string.Join(" ", storage.Select(Axes.Name))})";
        string saved = Identifiers.Generated("saved"), lastTraining = Identifiers.Generated("lastTraining");
        string Id(string name) => Identifiers.Escape(name);
        // A member through this., so no parameter can shadow it (a hyper-parameter T's property T, an axis named Gamma,
        // an input named Training); the static kernels through the
        // qualified class name (an input named Forward, or named like the class).
        string Member(string name) => "this." + Pascal(name);
        // A buffer over no axes (a learned scalar, a running statistic that is one number) holds one element, so it
        // passes as a span like the others.
        string Length(IEnumerable<int> storage) => storage.Any() ? string.Join(" * ", storage.Select(Size)) : "1";

        _w.Line("// ---- Stateful layer (float32) ----");
        foreach (var a in bound.Indices()) _w.Line($"private readonly int {Size(a)};");
        foreach (var t in inputs) _w.Line($"private float[] {Last(t.Name)} = global::System.Array.Empty<float>();");
        _w.Line($"private Saved<float>? {saved};");
        // The backward differentiates what the last forward computed, whatever Training and the
        // hyper-parameters are now (as autograd does).
        if (_api.HasRunning) _w.Line($"private bool {lastTraining};");
        foreach (var h in _api.Hypers) _w.Line($"private float {Last(h.Name)};");
        // The mixed-precision overloads keep their inputs and statistics apart (LayerEmitter.Storage.cs).
        foreach (var storage in StatefulStorage)
        {
            foreach (var t in inputs) _w.Line($"private {storage.Type}[] {Identifiers.Of("last" + storage.Tag, t.Name)} = global::System.Array.Empty<{storage.Type}>();");
            _w.Line($"private Saved<float>? {saved}{storage.Tag};");
        }
        _w.Line($"private int {LastStorage} = -1;");
        _w.Line();

        // Optional hyper-parameters only when every one has a default (optional arguments must come last).
        bool defaults = _api.Hypers.All(h => h.Default is not null);
        var ctorArgs = bound.Indices().Select(a => "int " + Id(Axes.Name(a)))
            .Concat(_api.Hypers.Select(h => "float " + Id(h.Name) + (defaults ? " = " + Literals.Float(h.Default!.Value) : ""))).ToList();
        _w.Line($"/// <summary>A {ClassName} owning its parameters (initialized as the formula's [Param(Init)] says), gradients and state.</summary>");
        foreach (var a in bound.Indices()) ParamDoc(Axes.Name(a), $"Size of axis '{Axes.Name(a)}', fixed by the parameters and running buffers (positive).");
        foreach (var h in _api.Hypers) ParamDoc(h.Name, $"Initial value of <see cref=\"{Pascal(h.Name)}\"/>.");
        if (!bound.IsEmpty) ExceptionDoc(ArgumentOutOfRange, "A size is zero or negative.");
        _w.Line(GeneratedCode);
        using (_w.Block($"public {ClassName}({string.Join(", ", ctorArgs)})"))
        {
            foreach (var a in bound.Indices())
            {
                _w.Line(PositiveSize(Axes.Name(a)));
                _w.Line($"{Size(a)} = {Id(Axes.Name(a))};");
            }
            foreach (var p in parameters)
            {
                string len = Length(p.Storage);
                _w.Line($"{Member(p.Name)} = new float[{len}];");
                if (p.Init != 0) _w.Line($"global::System.Array.Fill({Member(p.Name)}, {Literals.Float(p.Init)});");
                _w.Line($"{Member(p.Name)}Grad = new float[{len}];");
            }
            foreach (var r in _api.Running)
            {
                _w.Line($"{Member(r.Name)} = new float[{Length(r.Storage)}];");
                if (r.Init != 0) _w.Line($"global::System.Array.Fill({Member(r.Name)}, {Literals.Float(r.Init)});");
            }
            foreach (var h in _api.Hypers) _w.Line($"{Member(h.Name)} = {Id(h.Name)};");
        }

        foreach (var p in parameters)
        {
            _w.Line();
            _w.Line($"/// <summary>Parameter '{p.Name}' {Over(p.Storage)}.</summary>");
            _w.Line($"public float[] {Pascal(p.Name)} {{ get; }}");
            _w.Line();
            _w.Line($"/// <summary>Gradient of '{p.Name}', accumulated by every Backward until cleared with ZeroGrad.</summary>");
            _w.Line($"public float[] {Pascal(p.Name)}Grad {{ get; }}");
        }
        foreach (var r in _api.Running)
        {
            _w.Line();
            _w.Line($"/// <summary>Running buffer '{r.Name}' {Over(r.Storage)}: updated by training forwards, used in eval.</summary>");
            _w.Line($"public float[] {Pascal(r.Name)} {{ get; }}");
        }
        if (_api.HasRunning)
        {
            _w.Line();
            _w.Line("/// <summary>Training normalizes with batch statistics and updates the running buffers; eval uses the buffers.</summary>");
            _w.Line("public bool Training { get; set; } = true;");
        }
        foreach (var h in _api.Hypers)
        {
            _w.Line();
            _w.Line($"/// <summary>Hyper-parameter '{h.Name}'.</summary>");
            _w.Line($"public float {Pascal(h.Name)} {{ get; set; }}");
        }

        // What the layer passes for each argument of the static kernels: its own state, or its method's arguments.
        string Call(KernelDirection direction, string shape, string tag = "")
        {
            bool forward = direction == KernelDirection.Forward;
            return string.Join(", ", new[] { shape }.Concat(Arguments(direction).Select(a => a.Role switch
            {
                ArgumentRole.Saved => saved + tag,
                ArgumentRole.Training => forward ? "this.Training" : lastTraining,
                ArgumentRole.Hyper => forward ? Member(a.Name) : Last(a.Name),
                ArgumentRole.Running => Member(a.Name),
                ArgumentRole.Tensor when a.Tensor!.Role == TensorRole.Input => forward ? a.Id : Identifiers.Of("last" + tag, a.Name),
                ArgumentRole.Tensor => Member(a.Name),                                  // a parameter or running buffer
                ArgumentRole.Gradient when a.Tensor!.Role == TensorRole.Param => Member(a.Tensor.Name) + "Grad",
                _ => a.Id,                                                              // y, dy, an input's gradient
            })));
        }

        _w.Line();
        _w.Line("/// <summary>The Shape of an input whose free axes have these sizes, the others being the layer's.</summary>");
        foreach (var a in free.Indices()) ParamDoc(Axes.Name(a), $"Size of axis '{Axes.Name(a)}'.");
        ExceptionDoc(ArgumentOutOfRange, "A size is zero or negative.");
        using (_w.Block($"public {GeneratedMembers.Shape} {GeneratedMembers.ShapeFor}({string.Join(", ", free.Indices().Select(a => "int " + Id(Axes.Name(a))))})"))
        {
            _w.Line($"return new Shape({string.Join(", ", Axes.Names.Select((n, i) => bound.Contains(i) ? Size(i) : Id(n)))});");
        }

        // The outputs in tuple order (y alone for one Expr), and their gradients in Backward.
        bool tuple = _api.Outputs.Length > 1 || _api.Outputs[0].Name != ApiNames.Output;
        string outputArgs = string.Join(", ", _api.Outputs.Select(o => Id(o.Name)));
        void OutputDocs()
        {
            foreach (var o in _api.Outputs) ParamDoc(o.Name, tuple ? $"Receives output <c>{o.Name}</c>." : "Receives the output.");
        }
        foreach (var (element, tag, code) in StatefulElements)
        {
            string outputParams = string.Join(", ", _api.Outputs.Select(o => $"global::System.Span<{element}> {Id(o.Name)}"));
            string savedOf = saved + tag;
            string LastOf(string name) => Identifiers.Of("last" + tag, name);
            string inputParams = string.Join(", ", inputs.Select(t => $"global::System.ReadOnlySpan<{element}> {Id(t.Name)}"));
            _w.Line();
            _w.Line(tag.Length == 0 ? "/// <summary>Runs the forward and keeps what the backward needs.</summary>"
                : $"/// <summary>Runs the forward on {StorageName(element)} tensors (float parameters and arithmetic) and keeps what the backward needs.</summary>");
            ParamDoc("shape", "The size of every axis of the input.");
            foreach (var t in inputs) ParamDoc(t.Name, $"Input <c>{t.Name}</c>{OverAxes(t.Storage)}.");
            OutputDocs();
            ExceptionDoc(ArgumentException, "A span's length does not match <paramref name=\"shape\"/>, or the shape disagrees with the layer's sizes.");
            using (_w.Block($"public void {GeneratedMembers.Forward}({GeneratedMembers.Shape} shape, {inputParams}, {outputParams})"))
            {
                using (_w.Block($"if ({savedOf} is null || {savedOf}.Shape != shape)"))
                {
                    _w.Line($"{savedOf} = new Saved<float>(shape);");
                    foreach (var t in inputs) _w.Line($"{LastOf(t.Name)} = new {element}[{Elements(t.Storage, "shape")}];");
                }
                _w.Line($"{QualifiedClassName}.Forward({Call(KernelDirection.Forward, "shape", tag)});");
                foreach (var t in inputs) _w.Line($"{Id(t.Name)}.CopyTo({LastOf(t.Name)});");
                if (_api.HasRunning) _w.Line($"{lastTraining} = this.Training;");
                foreach (var h in _api.Hypers) _w.Line($"{Last(h.Name)} = {Member(h.Name)};");
                _w.Line($"{LastStorage} = {code};");
            }

            var x = inputs[0];
            if (_api.InferredAxis is { } axis)
            {
                string rest = string.Join(" * ", x.Storage.Where(a => a != axis).Select(Size).DefaultIfEmpty("1"));
                _w.Line();
                _w.Line($"/// <summary>Runs the forward on an input whose '{Axes.Name(axis)}' size is inferred from its length.</summary>");
                foreach (var t in inputs) ParamDoc(t.Name, $"Input <c>{t.Name}</c>{OverAxes(t.Storage)}.");
                OutputDocs();
                ExceptionDoc(ArgumentException, $"The length of <paramref name=\"{x.Name}\"/> is not a positive multiple of the layer's other sizes, or a span's length does not match.");
                using (_w.Block($"public void {GeneratedMembers.Forward}({inputParams}, {outputParams})"))
                {
                    string inner = Identifiers.Generated("inner"), xs = Id(x.Name);
                    _w.Line($"int {inner} = {rest};");
                    _w.Line($"if ({xs}.Length == 0 || {xs}.Length % {inner} != 0) throw new global::System.ArgumentException($\"{x.Name} has {{{xs}.Length}} elements, not a positive multiple of {{{inner}}}.\", \"{x.Name}\");");
                    _w.Line($"this.Forward(this.ShapeFor({xs}.Length / {inner}), {string.Join(", ", inputs.Select(t => Id(t.Name)))}, {outputArgs});");
                }
            }

            _w.Line();
            _w.Line("/// <summary>Backpropagates the last forward: writes the input gradients and adds to the parameter gradients.</summary>");
            foreach (var o in _api.Outputs)
                ParamDoc(o.GradientName, "The gradient of the loss with respect to the last forward's output" + (tuple ? $" <c>{o.Name}</c>." : "."));
            foreach (var t in inputs) ParamDoc(ApiNames.Gradient(t.Name), $"Receives the gradient with respect to <c>{t.Name}</c> (overwritten).");
            ExceptionDoc("global::System.InvalidOperationException", $"No Forward has run yet, or the last one took other than {StorageName(element)} tensors.");
            ExceptionDoc(ArgumentException, "A span's length does not match the last forward's shape.");
            string gradientParams = string.Join(", ", _api.Outputs.Select(o => $"global::System.ReadOnlySpan<{element}> {Id(o.GradientName)}"));
            using (_w.Block($"public void {GeneratedMembers.Backward}({gradientParams}, {string.Join(", ", inputs.Select(t => $"global::System.Span<{(Passes.Plan.LayerPlanner.IsConditioning(_ir, t) ? "float" : element)}> {Id(ApiNames.Gradient(t.Name))}"))})"))
            {
                _w.Line($"if ({LastStorage} != {code}) throw new global::System.InvalidOperationException({LastStorage} < 0 ? \"Backward needs a Forward first.\" : \"The last Forward took other than {StorageName(element)} tensors: call the Backward of its element type.\");");
                _w.Line($"if ({savedOf} is null) throw new global::System.InvalidOperationException(\"Backward needs a Forward first.\");");
                _w.Line($"{QualifiedClassName}.Backward({Call(KernelDirection.Backward, savedOf + ".Shape", tag)});");
            }
        }

        _w.Line();
        _w.Line("/// <summary>Clears the parameter gradients.</summary>");
        using (_w.Block($"public void {GeneratedMembers.ZeroGrad}()"))
        {
            foreach (var p in parameters) _w.Line($"global::System.Array.Clear({Member(p.Name)}Grad);");
        }
    }
}
