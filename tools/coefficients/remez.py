"""Minimax coefficients for NormGen's float Exp, Log and Tanh (src/NormGen.Runtime/Kernels/FloatMath.cs).

Linear Remez exchange for a weighted polynomial fit, in mpmath at 40 digits (no numpy needed):
minimize max |w(x) (f(x) - sum_j a_j phi_j(x))| over a dense grid, then print each a_j rounded to float32.
The weights make the error *relative to the final function value*, so the printed number is the bound of the
polynomial alone (before float rounding of the arithmetic). Run: python3 tools/coefficients/remez.py
"""
import struct
from mpmath import mp, mpf, exp, log, tanh, sqrt, matrix, lu_solve, log1p, expm1, factorial

mp.dps = 40

def f32(v):
    return struct.unpack('f', struct.pack('f', float(v)))[0]

def remez(target, basis, weight, lo, hi, grid=4000, iterations=30):
    n = len(basis)
    xs = [lo + (hi - lo) * (1 - mp.cos(mp.pi * i / grid)) / 2 for i in range(grid + 1)]
    # Start from Chebyshev extrema.
    ref = [lo + (hi - lo) * (1 - mp.cos(mp.pi * i / n)) / 2 for i in range(n + 1)]
    best = None
    for _ in range(iterations):
        A = matrix(n + 1, n + 1)
        b = matrix(n + 1, 1)
        for i, x in enumerate(ref):
            w = weight(x)
            for j, phi in enumerate(basis):
                A[i, j] = w * phi(x)
            A[i, n] = (-1) ** i
            b[i] = w * target(x)
        sol = lu_solve(A, b)
        a = [sol[j] for j in range(n)]
        err = lambda x: weight(x) * (target(x) - sum(c * phi(x) for c, phi in zip(a, basis)))
        es = [err(x) for x in xs]
        # Local extrema of the error, alternating in sign, keeping the largest of each run.
        ext = []
        for i in range(len(xs)):
            left = es[i - 1] if i > 0 else None
            right = es[i + 1] if i < len(xs) - 1 else None
            if (left is None or abs(es[i]) >= abs(left)) and (right is None or abs(es[i]) >= abs(right)):
                ext.append(i)
        runs = []
        for i in ext:
            if runs and (es[runs[-1]] > 0) == (es[i] > 0):
                if abs(es[i]) > abs(es[runs[-1]]):
                    runs[-1] = i
            else:
                runs.append(i)
        while len(runs) > n + 1:
            # Drop the smaller end.
            if abs(es[runs[0]]) < abs(es[runs[-1]]):
                runs.pop(0)
            else:
                runs.pop()
        maxerr = max(abs(e) for e in es)
        best = (a, maxerr)
        if len(runs) < n + 1:
            break
        ref = [xs[i] for i in runs]
    return best

def show(name, a, maxerr, first):
    print(f"{name}: max relative error of the polynomial {float(maxerr):.3e} (2^{float(mp.log(maxerr, 2)):.1f})")
    for j, c in enumerate(a):
        print(f"  c{first + j} = {f32(c)!r:>24}  ({float(c):.17g})")

# exp(r) = 1 + r + r^2 (c2 + c3 r + ... + c6 r^4) on |r| <= ln2/2; weight 1/exp(r) for relative error.
ln2h = log(2) / 2
a, e = remez(lambda r: expm1(r) - r, [lambda r, k=k: r**(k + 2) for k in range(5)], lambda r: 1 / exp(r), -ln2h, ln2h)
show("exp: c2..c6", a, e, 2)

# log(1+f) = f - f^2/2 + f^3 (c3 + c4 f + ... + c11 f^8) on f in [sqrt(1/2) - 1, sqrt(2) - 1]. Weighted by 1/|f|
# (log1p(f) ~ f; the exact 1/log1p(f) weight made the exchange stall at lower degrees).
lo, hi = sqrt(mpf(1) / 2) - 1, sqrt(mpf(2)) - 1
a, e = remez(lambda f: log1p(f) - f + f**2 / 2, [lambda f, k=k: f**(k + 3) for k in range(9)],
             lambda f: 1 / abs(f), lo, hi, grid=3000, iterations=60)
show("log: c3..c11", a, e, 3)

# tanh: e^(-2u) - 1 = -2u + u^2 (c0 + c1 u + ... + c4 u^4) for |u| <= ln2 / 4 (r = -2u is Exp's reduced argument);
# weighted so that the error is relative to e^(-2u) - 1 (an expm1: tanh of small x depends on it).
def expm1_tail(u):
    if abs(u) > mpf(10)**-4:
        return (expm1(-2 * u) + 2 * u) / u**2
    return sum(mpf(-2)**n * u**(n - 2) / factorial(n) for n in range(2, 14))
q = log(2) / 4
a, e = remez(expm1_tail, [lambda u, k=k: u**k for k in range(5)],
             lambda u: u**2 / abs(expm1(-2 * u)) if u != 0 else mpf(10)**-30, -q, q, grid=2000)
show("tanh's expm1(-2u) on |u| <= ln2/4: c0..c4 (u^2..u^6)", a, e, 0)
