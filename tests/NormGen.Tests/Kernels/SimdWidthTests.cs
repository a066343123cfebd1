using System.Runtime.Intrinsics;
using NormGen.Kernels;

namespace NormGen.Tests.Kernels;

public sealed class Simd128FloatTests : SimdContract<Simd128<float>, Vector128<float>, float> { protected override int ExpectedCount => Vector128<float>.Count; }
public sealed class Simd128DoubleTests : SimdContract<Simd128<double>, Vector128<double>, double> { protected override int ExpectedCount => Vector128<double>.Count; }
public sealed class Simd256FloatTests : SimdContract<Simd256<float>, Vector256<float>, float> { protected override int ExpectedCount => Vector256<float>.Count; }
public sealed class Simd256DoubleTests : SimdContract<Simd256<double>, Vector256<double>, double> { protected override int ExpectedCount => Vector256<double>.Count; }
public sealed class Simd512FloatTests : SimdContract<Simd512<float>, Vector512<float>, float> { protected override int ExpectedCount => Vector512<float>.Count; }
public sealed class Simd512DoubleTests : SimdContract<Simd512<double>, Vector512<double>, double> { protected override int ExpectedCount => Vector512<double>.Count; }
public sealed class ScalarFloatTests : SimdContract<Scalar<float>, float, float> { protected override int ExpectedCount => 1; }
public sealed class ScalarDoubleTests : SimdContract<Scalar<double>, double, double> { protected override int ExpectedCount => 1; }
public sealed class Simd512SplitLoadsFloatTests : SimdContract<Simd512SplitLoads<float>, Vector512<float>, float> { protected override int ExpectedCount => Vector512<float>.Count; }
public sealed class Simd512SplitLoadsDoubleTests : SimdContract<Simd512SplitLoads<double>, Vector512<double>, double> { protected override int ExpectedCount => Vector512<double>.Count; }
