using System.Numerics;
using System.Reflection;
using System.Reflection.Emit;

namespace NormGen.Tests.Kernels;

/// <summary>
/// The one adapter from a <see cref="KernelRun{T}"/> to any layer's generated static Forward and Backward. The kernels
/// take spans, which reflection cannot pass (a span cannot be boxed), so the two calls are compiled once per layer and
/// precision into small dynamic methods that read each argument from the run by its documented name and role
/// (docs/api.md): the Shape and Saved&lt;T&gt;, an input or parameter by its name, y and dy, dname for a gradient, the
/// running buffers in formula order, training, and each hyper-parameter by its name.
/// </summary>
internal static class KernelAdapters
{
    private delegate void Call<T>(KernelRun<T> run, object shape, object saved) where T : unmanaged, IFloatingPointIeee754<T>;

    public static KernelAdapter<T> Create<T>(Type layer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var shapeType = layer.GetNestedType("Shape") ?? throw new ArgumentException($"{layer.Name} has no generated Shape.", nameof(layer));
        var savedType = (layer.GetNestedType("Saved`1") ?? throw new ArgumentException($"{layer.Name} has no generated Saved<T>.", nameof(layer)))
            .MakeGenericType(typeof(T));
        var shapeConstructor = shapeType.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var axes = shapeConstructor.GetParameters().Select(p => p.Name!).ToArray();
        var tensors = TensorNames(layer);
        var forward = Compile<T>(Kernel(layer, "Forward", shapeType, savedType), shapeType, savedType, tensors);
        var backward = Compile<T>(Kernel(layer, "Backward", shapeType, savedType), shapeType, savedType, tensors);
        return run =>
        {
            object shape = shapeConstructor.Invoke(axes.Select(a => (object)run[a]).ToArray());
            object saved = Activator.CreateInstance(savedType, shape)!;
            forward(run, shape, saved);
            return () => backward(run, shape, saved);
        };
    }

    /// <summary>The formula's Expr parameters: the inputs and learned parameters, whose spans are passed by name.</summary>
    private static HashSet<string> TensorNames(Type layer) =>
        layer.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .Single(m => m.IsDefined(typeof(FormulaAttribute), inherit: false))
            .GetParameters().Where(p => p.ParameterType == typeof(Expr)).Select(p => p.Name!).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The public static overload of <paramref name="name"/> in precision T: the one taking Saved&lt;T&gt; and spans of T
    /// only (the Half and bfloat16 overloads take Saved&lt;float&gt; too).
    /// </summary>
    private static MethodInfo Kernel(Type layer, string name, Type shapeType, Type savedType) =>
        layer.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == name && m.GetParameters() is { Length: > 0 } ps && ps[0].ParameterType == shapeType && ps.Any(p => p.ParameterType == savedType)
                && ps.All(p => !p.ParameterType.IsGenericType || p.ParameterType.GetGenericArguments()[0] == savedType.GetGenericArguments()[0]));

    private static Call<T> Compile<T>(MethodInfo kernel, Type shapeType, Type savedType, HashSet<string> tensors)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var run = typeof(KernelRun<T>);
        var method = new DynamicMethod($"{kernel.DeclaringType!.Name}.{kernel.Name}<{typeof(T).Name}>", null,
            [run, typeof(object), typeof(object)], typeof(KernelAdapters).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        int running = 0;
        foreach (var parameter in kernel.GetParameters())
        {
            var type = parameter.ParameterType;
            string name = parameter.Name!;
            if (type == shapeType)
            {
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Unbox_Any, shapeType);
            }
            else if (type == savedType)
            {
                il.Emit(OpCodes.Ldarg_2);
                il.Emit(OpCodes.Castclass, savedType);
            }
            else if (type == typeof(bool) && name == "training")
            {
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Call, run.GetProperty(nameof(KernelRun<T>.Training))!.GetMethod!);
            }
            else if (type == typeof(T))
            {
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldstr, name);
                il.Emit(OpCodes.Call, run.GetMethod(nameof(KernelRun<T>.H))!);
            }
            else if (type == typeof(ReadOnlySpan<T>) || type == typeof(Span<T>))
            {
                bool readOnly = type == typeof(ReadOnlySpan<T>);
                il.Emit(OpCodes.Ldarg_0);
                if (readOnly && name == "dy") il.Emit(OpCodes.Call, run.GetProperty(nameof(KernelRun<T>.Dy))!.GetMethod!);
                else if (!readOnly && name == "y") il.Emit(OpCodes.Call, run.GetProperty(nameof(KernelRun<T>.Y))!.GetMethod!);
                else if (readOnly && tensors.Contains(name)) Named(nameof(KernelRun<T>.In), name);
                else if (!readOnly && kernel.Name == "Backward" && name.StartsWith('d') && tensors.Contains(name[1..])) Named(nameof(KernelRun<T>.D), name[1..]);
                else
                {
                    // Anything else is a running buffer: they come in formula order, in Forward and in Backward.
                    il.Emit(OpCodes.Ldc_I4, running++);
                    il.Emit(OpCodes.Call, run.GetMethod(nameof(KernelRun<T>.R))!);
                }
                il.Emit(OpCodes.Call, type.GetMethod("op_Implicit", [typeof(T[])])!);
            }
            else
            {
                throw new NotSupportedException($"{kernel.DeclaringType.Name}.{kernel.Name}: no adapter for parameter {type.Name} {name}.");
            }
        }
        il.Emit(OpCodes.Call, kernel);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<Call<T>>();

        void Named(string getter, string tensor)
        {
            il.Emit(OpCodes.Ldstr, tensor);
            il.Emit(OpCodes.Call, run.GetMethod(getter)!);
        }
    }
}
