using System.Runtime.Intrinsics;
using NormGen.Kernels;

namespace NormGen.Tests.Kernels;

public sealed class Simd128FloatTests : SimdContract<Simd128<float>, float> { protected override int ExpectedCount => Vector128<float>.Count; }
public sealed class Simd128DoubleTests : SimdContract<Simd128<double>, double> { protected override int ExpectedCount => Vector128<double>.Count; }
public sealed class Simd256FloatTests : SimdContract<Simd256<float>, float> { protected override int ExpectedCount => Vector256<float>.Count; }
public sealed class Simd256DoubleTests : SimdContract<Simd256<double>, double> { protected override int ExpectedCount => Vector256<double>.Count; }
public sealed class Simd512FloatTests : SimdContract<Simd512<float>, float> { protected override int ExpectedCount => Vector512<float>.Count; }
public sealed class Simd512DoubleTests : SimdContract<Simd512<double>, double> { protected override int ExpectedCount => Vector512<double>.Count; }
public sealed class ScalarFloatTests : SimdContract<Scalar<float>, float> { protected override int ExpectedCount => 1; }
public sealed class ScalarDoubleTests : SimdContract<Scalar<double>, double> { protected override int ExpectedCount => 1; }

public sealed class ScalarConversionTests
{
    [Fact]
    public void Scalar_converts_implicitly_both_ways()
    {
        Scalar<double> s = 2.5;
        double d = s * Scalar<double>.Splat(2);
        Assert.Equal(5.0, d);
        Assert.Equal(2.5f, (float)(Scalar<float>)2.5f);
    }
}
