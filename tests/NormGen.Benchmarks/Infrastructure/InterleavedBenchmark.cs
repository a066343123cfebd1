using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace NormGen.Benchmarks.Infrastructure;

public static partial class Interleaved
{
    /// <summary>
    /// One of the benchmark classes, found by name and set up as BenchmarkDotNet would (its <c>[ParamsSource]</c> shape
    /// set, its <c>[GlobalSetup]</c> run), for the harnesses that time the classes' own methods in one process
    /// (<c>hand</c>, <c>streaming</c>); <see cref="Dispose"/> runs its <c>[GlobalCleanup]</c>.
    /// </summary>
    private sealed class SetUpBenchmark : IDisposable
    {
        private readonly Type type;
        private readonly object instance;

        /// <param name="className">The class's name, e.g. <c>LayerNormBackward</c>.</param>
        /// <param name="shape">The value for the class's <c>[ParamsSource]</c> property.</param>
        public SetUpBenchmark(string className, Func<PropertyInfo, object> shape)
        {
            type = typeof(Interleaved).Assembly.GetTypes().Single(t => t.Name == className && typeof(IMovesBytes).IsAssignableFrom(t));
            instance = Activator.CreateInstance(type)!;
            var shapeProperty = type.GetProperties().Single(p => p.GetCustomAttribute<ParamsSourceAttribute>() is not null);
            shapeProperty.SetValue(instance, shape(shapeProperty));
            Marked<GlobalSetupAttribute>().Invoke(instance, null);
        }

        public long BytesMoved => ((IMovesBytes)instance).BytesMoved;

        public bool Has(string method) => type.GetMethod(method) is not null;

        public Action Method(string name) => type.GetMethod(name)!.CreateDelegate<Action>(instance);

        public void Dispose() => Marked<GlobalCleanupAttribute>().Invoke(instance, null);

        private MethodInfo Marked<TAttribute>() where TAttribute : Attribute =>
            type.GetMethods().Single(m => m.GetCustomAttribute<TAttribute>() is not null);
    }
}
