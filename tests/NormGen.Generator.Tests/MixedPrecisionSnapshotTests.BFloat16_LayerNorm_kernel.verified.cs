        /// <summary>Forward pass with bfloat16 x, y and float parameters, statistics and arithmetic (each stored value rounded once): writes y and the statistics the backward needs into <paramref name="saved"/>.</summary>
        /// <param name="s">The size of every axis; each span's length must match it.</param>
        /// <param name="x">Input <c>x</c> over (n d), length n*d.</param>
        /// <param name="gamma">Learned parameter <c>gamma</c> over (d), length d.</param>
        /// <param name="beta">Learned parameter <c>beta</c> over (d), length d.</param>
        /// <param name="y">Receives the output <c>y</c> over (n d), length n*d.</param>
        /// <param name="saved">Receives the statistics the backward needs; allocate once per shape with <c>new Saved&lt;T&gt;(s)</c> and reuse.</param>
        /// <param name="eps">Hyper-parameter <c>eps</c> of the formula (default 1E-05).</param>
        /// <exception cref="global::System.ArgumentException">A span's length does not match the shape, or <paramref name="saved"/> is for another shape.</exception>
        /// <exception cref="global::System.ArgumentNullException"><paramref name="saved"/> is null.</exception>
        [global::System.CodeDom.Compiler.GeneratedCode("NormGen", "0.1.0")]
        public static void Forward(Shape s, global::System.ReadOnlySpan<global::NormGen.BFloat16> x, global::System.ReadOnlySpan<float> gamma, global::System.ReadOnlySpan<float> beta, global::System.Span<global::NormGen.BFloat16> y, Saved<float> saved, float eps = 1E-05f)
            => __ForwardCore<float, global::NormGen.BFloat16>(s, x, gamma, beta, y, saved, eps);

        /// <summary>Backward pass with bfloat16 dy, x, dx and float parameters, statistics and arithmetic (each stored value rounded once): writes the input gradients and adds to the parameter gradients.</summary>
        /// <param name="s">The size of every axis; each span's length must match it.</param>
        /// <param name="dy">The gradient of the loss with respect to the output y over (n d), length n*d.</param>
        /// <param name="x">Input <c>x</c> over (n d), length n*d, as passed to the forward.</param>
        /// <param name="gamma">Learned parameter <c>gamma</c> over (d), length d.</param>
        /// <param name="beta">Learned parameter <c>beta</c> over (d), length d.</param>
        /// <param name="saved">What the forward of the same input saved.</param>
        /// <param name="dx">Receives the gradient with respect to <c>x</c> over (n d), length n*d (overwritten).</param>
        /// <param name="dgamma">The gradient with respect to <c>gamma</c> over (d), length d: added to (+=), so several backward calls can share one buffer.</param>
        /// <param name="dbeta">The gradient with respect to <c>beta</c> over (d), length d: added to (+=), so several backward calls can share one buffer.</param>
        /// <param name="eps">Hyper-parameter <c>eps</c> of the formula (default 1E-05).</param>
        /// <exception cref="global::System.ArgumentException">A span's length does not match the shape, or <paramref name="saved"/> is for another shape.</exception>
        /// <exception cref="global::System.ArgumentNullException"><paramref name="saved"/> is null.</exception>
        /// <exception cref="global::System.InvalidOperationException">No forward in the same mode filled <paramref name="saved"/>.</exception>
        [global::System.CodeDom.Compiler.GeneratedCode("NormGen", "0.1.0")]
        public static void Backward(Shape s, global::System.ReadOnlySpan<global::NormGen.BFloat16> dy, global::System.ReadOnlySpan<global::NormGen.BFloat16> x, global::System.ReadOnlySpan<float> gamma, global::System.ReadOnlySpan<float> beta, Saved<float> saved, global::System.Span<global::NormGen.BFloat16> dx, global::System.Span<float> dgamma, global::System.Span<float> dbeta, float eps = 1E-05f)
            => __BackwardCore<float, global::NormGen.BFloat16>(s, dy, x, gamma, beta, saved, dx, dgamma, dbeta, eps);

        /// <summary>Forward: outer loop over (n); 2 sweep(s) inside it, 0 before, 0 after.</summary>
        [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private static void __ForwardKernel<__T, __S, __V, __TV, __VL, __NT>(in Shape s, ref __S x, ref __T gamma, ref __T beta, ref __S y, Saved<__T> saved, __T eps, nint __outerStart, nint __outerEnd)
            where __T : unmanaged, global::System.Numerics.IFloatingPointIeee754<__T>
            where __S : unmanaged
            where __V : struct, global::NormGen.Kernels.ISimd<__TV, __T>
            where __VL : struct, global::NormGen.Kernels.ISimd<__TV, __T>
            where __NT : struct
        {
            ref __T __saved_mean = ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(saved.Mean);
            ref __T __saved_rstd = ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(saved.Rstd);
            ref __T __work_Forward0 = ref global::NormGen.Kernels.CacheLineBuffer.Start(saved.__work_Forward0);
            nint __N_n = s.n;
            nint __N_d = s.d;
            bool __splitLoads = typeof(__VL) != typeof(__V) && global::NormGen.Kernels.Alignment.SplitLoads<__S>(__N_d + __N_d + __N_n * __N_d + __N_n * __N_d);
            __T __shiftScale_d = __T.CreateTruncating(global::NormGen.Kernels.Statistics.ShiftedSquareScale(__N_d));
            __T __count_d = __T.CreateTruncating(__N_d);
            __T __c0 = __T.CreateTruncating(0.0);
            // Outer loop over (n): each iteration's passes reuse its data while it is in cache. Iterations [__outerStart, __outerEnd): a thread's share.
            if (typeof(__S) != typeof(__T) && global::NormGen.Kernels.Staging.Fits<__T>(__N_d))
            {
                // Stored rows the iteration sweeps more than once: widened once, in the first sweep, into this thread's rows of __T, which the later sweeps read.
                ref __T __stage_x = ref global::NormGen.Kernels.Staging.Row<__T>(0, __N_d);
                for (nint __i_n = __outerStart; __i_n < __outerEnd; __i_n++)
                {
                    // Pass once per outer iteration: write __work_Forward0 (the shift: -ShiftedSquareScale(N(d)) * x at d = 0)
                    nint __o_n_d = __i_n * __N_d;
                    __T __ld_x__0 = global::NormGen.Kernels.Scalar<__T>.Load<__S>(ref x, __o_n_d);
                    __T __mul_shiftScale_d_x__0 = -(__shiftScale_d * __ld_x__0);
                    nint __o_n = __i_n;
                    global::System.Runtime.CompilerServices.Unsafe.Add(ref __work_Forward0, __o_n) = __mul_shiftScale_d_x__0;
                    // Pass over (d): sum over (d) -> __sum3_d; sum over (d) -> __sum4_d
                    __T __work_Forward0__ld = global::System.Runtime.CompilerServices.Unsafe.Add(ref __work_Forward0, __o_n);
                    __T __sum3_d = __T.Zero;
                    __T __sum4_d = __T.Zero;
                    {
                        ref __S __row_x = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, __o_n_d);
                        __TV __shiftScale_d__v = __V.Splat(__shiftScale_d);
                        __TV __work_Forward0__ld__v = __V.Splat(__work_Forward0__ld);
                        __TV __sum3_d__lane0 = __V.Zero, __sum3_d__lane1 = __V.Zero, __sum3_d__lane2 = __V.Zero, __sum3_d__lane3 = __V.Zero;
                        __TV __sum4_d__lane0 = __V.Zero, __sum4_d__lane1 = __V.Zero, __sum4_d__lane2 = __V.Zero, __sum4_d__lane3 = __V.Zero;
                        nint __i_d = 0;
                        for (; __i_d <= __N_d - 4 * __V.Count; __i_d += 4 * __V.Count)
                        {
                            {
                                nint __j = __i_d;
                                __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                                __V.Store(__ld_x, ref __stage_x, __j);
                                __TV __add_work_Forward0_shiftScale_d_x = __V.MultiplyAdd(__shiftScale_d__v, __ld_x, __work_Forward0__ld__v);
                                __sum3_d__lane0 = __V.MultiplyAdd(__add_work_Forward0_shiftScale_d_x, __add_work_Forward0_shiftScale_d_x, __sum3_d__lane0);
                                __sum4_d__lane0 = __V.Add(__sum4_d__lane0, __add_work_Forward0_shiftScale_d_x);
                            }
                            {
                                nint __j = __i_d + __V.Count;
                                __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                                __V.Store(__ld_x, ref __stage_x, __j);
                                __TV __add_work_Forward0_shiftScale_d_x = __V.MultiplyAdd(__shiftScale_d__v, __ld_x, __work_Forward0__ld__v);
                                __sum3_d__lane1 = __V.MultiplyAdd(__add_work_Forward0_shiftScale_d_x, __add_work_Forward0_shiftScale_d_x, __sum3_d__lane1);
                                __sum4_d__lane1 = __V.Add(__sum4_d__lane1, __add_work_Forward0_shiftScale_d_x);
                            }
                            {
                                nint __j = __i_d + 2 * __V.Count;
                                __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                                __V.Store(__ld_x, ref __stage_x, __j);
                                __TV __add_work_Forward0_shiftScale_d_x = __V.MultiplyAdd(__shiftScale_d__v, __ld_x, __work_Forward0__ld__v);
                                __sum3_d__lane2 = __V.MultiplyAdd(__add_work_Forward0_shiftScale_d_x, __add_work_Forward0_shiftScale_d_x, __sum3_d__lane2);
                                __sum4_d__lane2 = __V.Add(__sum4_d__lane2, __add_work_Forward0_shiftScale_d_x);
                            }
                            {
                                nint __j = __i_d + 3 * __V.Count;
                                __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                                __V.Store(__ld_x, ref __stage_x, __j);
                                __TV __add_work_Forward0_shiftScale_d_x = __V.MultiplyAdd(__shiftScale_d__v, __ld_x, __work_Forward0__ld__v);
                                __sum3_d__lane3 = __V.MultiplyAdd(__add_work_Forward0_shiftScale_d_x, __add_work_Forward0_shiftScale_d_x, __sum3_d__lane3);
                                __sum4_d__lane3 = __V.Add(__sum4_d__lane3, __add_work_Forward0_shiftScale_d_x);
                            }
                        }
                        for (; __i_d <= __N_d - __V.Count; __i_d += __V.Count)
                        {
                            nint __j = __i_d;
                            __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                            __V.Store(__ld_x, ref __stage_x, __j);
                            __TV __add_work_Forward0_shiftScale_d_x = __V.MultiplyAdd(__shiftScale_d__v, __ld_x, __work_Forward0__ld__v);
                            __sum3_d__lane0 = __V.MultiplyAdd(__add_work_Forward0_shiftScale_d_x, __add_work_Forward0_shiftScale_d_x, __sum3_d__lane0);
                            __sum4_d__lane0 = __V.Add(__sum4_d__lane0, __add_work_Forward0_shiftScale_d_x);
                        }
                        __sum3_d += __V.Sum(__V.Add(__V.Add(__sum3_d__lane0, __sum3_d__lane1), __V.Add(__sum3_d__lane2, __sum3_d__lane3)));
                        __sum4_d += __V.Sum(__V.Add(__V.Add(__sum4_d__lane0, __sum4_d__lane1), __V.Add(__sum4_d__lane2, __sum4_d__lane3)));
                        for (; __i_d < __N_d; __i_d++)
                        {
                            nint __j = __i_d;
                            __T __ld_x = global::NormGen.Kernels.Scalar<__T>.Load<__S>(ref __row_x, __j);
                            global::System.Runtime.CompilerServices.Unsafe.Add(ref __stage_x, __j) = __ld_x;
                            __T __add_work_Forward0_shiftScale_d_x = __T.MultiplyAddEstimate(__shiftScale_d, __ld_x, __work_Forward0__ld);
                            __sum3_d = __T.MultiplyAddEstimate(__add_work_Forward0_shiftScale_d_x, __add_work_Forward0_shiftScale_d_x, __sum3_d);
                            __sum4_d += __add_work_Forward0_shiftScale_d_x;
                        }
                    }
                    // Pass once per outer iteration: write saved.mean; write saved.rstd
                    __T __div_shiftScale_d_sum4_d = __sum4_d / __count_d / __shiftScale_d;
                    __T __div_shiftScale_d_work_Forward0 = __work_Forward0__ld / __shiftScale_d;
                    __T __stat_mean = __div_shiftScale_d_sum4_d - __div_shiftScale_d_work_Forward0;
                    __T __div_sum4_d = __sum4_d / __count_d;
                    __T __mul_sum4_d = __sum4_d * __div_sum4_d;
                    __T __sub_sum3_d_sum4_d = __sum3_d - __mul_sum4_d;
                    __T __maximum_sum3_d_sum4_d = __T.Max(__sub_sum3_d_sum4_d, __c0);
                    __T __div_shiftScale_d_sum3_d_sum4_d = __maximum_sum3_d_sum4_d / __count_d / __shiftScale_d / __shiftScale_d;
                    __T __add_eps_shiftScale_d_sum3_d = eps + __div_shiftScale_d_sum3_d_sum4_d;
                    __T __stat_rstd = (__T.One / __T.Sqrt(__add_eps_shiftScale_d_sum3_d));
                    global::System.Runtime.CompilerServices.Unsafe.Add(ref __saved_mean, __o_n) = __stat_mean;
                    global::System.Runtime.CompilerServices.Unsafe.Add(ref __saved_rstd, __o_n) = __stat_rstd;
                    // Pass over (d): write y
                    __T __sub_shiftScale_d_sum4_d_work_Forward0 = -__div_shiftScale_d_sum4_d + __div_shiftScale_d_work_Forward0;
                    {
                        ref __S __row_x = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, __o_n_d);
                        ref __S __row_y = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, __o_n_d);
                        nint __next_row = global::NormGen.Kernels.Prefetch.Distance<__T>(__N_d, __i_n + 1 < __outerEnd);
                        __TV __stat_rstd__v = __V.Splat(__stat_rstd);
                        __TV __sub_shiftScale_d_sum4_d_work_Forward0__v = __V.Splat(__sub_shiftScale_d_sum4_d_work_Forward0);
                        nint __i_d = 0;
                        nint __row_y__head = global::NormGen.Kernels.Alignment.Head(ref __row_y, __N_d, __V.Count);
                        for (; __i_d < __row_y__head; __i_d++)
                        {
                            nint __j = __i_d;
                            __T __ld_beta = global::System.Runtime.CompilerServices.Unsafe.Add(ref beta, __j);
                            __T __ld_gamma = global::System.Runtime.CompilerServices.Unsafe.Add(ref gamma, __j);
                            __T __ld_x = global::System.Runtime.CompilerServices.Unsafe.Add(ref __stage_x, __j);
                            __T __add_shiftScale_d_sum4_d_work_Forward0 = __sub_shiftScale_d_sum4_d_work_Forward0 + __ld_x;
                            __T __add_beta_rstd_gamma = __T.MultiplyAddEstimate(__stat_rstd * __ld_gamma, __add_shiftScale_d_sum4_d_work_Forward0, __ld_beta);
                            global::NormGen.Kernels.Scalar<__T>.Store<__S>(__add_beta_rstd_gamma, ref __row_y, __j);
                        }
                        if (__next_row != 0)
                        {
                            // The next rows are prefetched: one line of each per vector.
                            for (; __i_d <= __N_d - __V.Count; __i_d += __V.Count)
                            {
                                nint __j = __i_d;
                                global::NormGen.Kernels.Prefetch.Line(ref __row_x, __j, __next_row);
                                __TV __ld_beta = __V.Load(ref beta, __j);
                                __TV __ld_gamma = __V.Load(ref gamma, __j);
                                __TV __ld_x = __V.Load(ref __stage_x, __j);
                                __TV __add_shiftScale_d_sum4_d_work_Forward0 = __V.Add(__sub_shiftScale_d_sum4_d_work_Forward0__v, __ld_x);
                                __TV __add_beta_rstd_gamma = __V.MultiplyAdd(__V.Multiply(__stat_rstd__v, __ld_gamma), __add_shiftScale_d_sum4_d_work_Forward0, __ld_beta);
                                __V.Store<__S>(__add_beta_rstd_gamma, ref __row_y, __j);
                            }
                        }
                        else
                        {
                            for (; __i_d <= __N_d - __V.Count; __i_d += __V.Count)
                            {
                                nint __j = __i_d;
                                __TV __ld_beta = __V.Load(ref beta, __j);
                                __TV __ld_gamma = __V.Load(ref gamma, __j);
                                __TV __ld_x = __V.Load(ref __stage_x, __j);
                                __TV __add_shiftScale_d_sum4_d_work_Forward0 = __V.Add(__sub_shiftScale_d_sum4_d_work_Forward0__v, __ld_x);
                                __TV __add_beta_rstd_gamma = __V.MultiplyAdd(__V.Multiply(__stat_rstd__v, __ld_gamma), __add_shiftScale_d_sum4_d_work_Forward0, __ld_beta);
                                __V.Store<__S>(__add_beta_rstd_gamma, ref __row_y, __j);
                            }
                        }
                        for (; __i_d < __N_d; __i_d++)
                        {
                            nint __j = __i_d;
                            __T __ld_beta = global::System.Runtime.CompilerServices.Unsafe.Add(ref beta, __j);
                            __T __ld_gamma = global::System.Runtime.CompilerServices.Unsafe.Add(ref gamma, __j);
                            __T __ld_x = global::System.Runtime.CompilerServices.Unsafe.Add(ref __stage_x, __j);
                            __T __add_shiftScale_d_sum4_d_work_Forward0 = __sub_shiftScale_d_sum4_d_work_Forward0 + __ld_x;
                            __T __add_beta_rstd_gamma = __T.MultiplyAddEstimate(__stat_rstd * __ld_gamma, __add_shiftScale_d_sum4_d_work_Forward0, __ld_beta);
                            global::NormGen.Kernels.Scalar<__T>.Store<__S>(__add_beta_rstd_gamma, ref __row_y, __j);
                        }
                    }
                }
            }
            else
            {
                for (nint __i_n = __outerStart; __i_n < __outerEnd; __i_n++)
                {
                    // Pass once per outer iteration: write __work_Forward0 (the shift: -ShiftedSquareScale(N(d)) * x at d = 0)
                    nint __o_n_d = __i_n * __N_d;
                    __T __ld_x__0 = global::NormGen.Kernels.Scalar<__T>.Load<__S>(ref x, __o_n_d);
                    __T __mul_shiftScale_d_x__0 = -(__shiftScale_d * __ld_x__0);
                    nint __o_n = __i_n;
                    global::System.Runtime.CompilerServices.Unsafe.Add(ref __work_Forward0, __o_n) = __mul_shiftScale_d_x__0;
                    // Pass over (d): sum over (d) -> __sum3_d; sum over (d) -> __sum4_d
                    __T __work_Forward0__ld = global::System.Runtime.CompilerServices.Unsafe.Add(ref __work_Forward0, __o_n);
                    __T __sum3_d = __T.Zero;
                    __T __sum4_d = __T.Zero;
                    {
                        ref __S __row_x = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, __o_n_d);
                        __TV __shiftScale_d__v = __V.Splat(__shiftScale_d);
                        __TV __work_Forward0__ld__v = __V.Splat(__work_Forward0__ld);
                        __TV __sum3_d__lane0 = __V.Zero, __sum3_d__lane1 = __V.Zero, __sum3_d__lane2 = __V.Zero, __sum3_d__lane3 = __V.Zero;
                        __TV __sum4_d__lane0 = __V.Zero, __sum4_d__lane1 = __V.Zero, __sum4_d__lane2 = __V.Zero, __sum4_d__lane3 = __V.Zero;
                        nint __i_d = 0;
                        if (__splitLoads && (global::NormGen.Kernels.Alignment.LongRow<__S>(__N_d) || global::NormGen.Kernels.Alignment.OffLine(ref __row_x, __i_d)))
                        {
                            // Long rows, or rows off 64-byte lines, in a call larger than the cache: 512-bit loads in 256-bit halves (SplitLoads.cs).
                            for (; __i_d <= __N_d - 4 * __V.Count; __i_d += 4 * __V.Count)
                            {
                                {
                                    nint __j = __i_d;
                                    __TV __ld_x = __VL.Load<__S>(ref __row_x, __j);
                                    __TV __add_work_Forward0_shiftScale_d_x = __V.MultiplyAdd(__shiftScale_d__v, __ld_x, __work_Forward0__ld__v);
                                    __sum3_d__lane0 = __V.MultiplyAdd(__add_work_Forward0_shiftScale_d_x, __add_work_Forward0_shiftScale_d_x, __sum3_d__lane0);
                                    __sum4_d__lane0 = __V.Add(__sum4_d__lane0, __add_work_Forward0_shiftScale_d_x);
                                }
                                {
                                    nint __j = __i_d + __V.Count;
                                    __TV __ld_x = __VL.Load<__S>(ref __row_x, __j);
                                    __TV __add_work_Forward0_shiftScale_d_x = __V.MultiplyAdd(__shiftScale_d__v, __ld_x, __work_Forward0__ld__v);
                                    __sum3_d__lane1 = __V.MultiplyAdd(__add_work_Forward0_shiftScale_d_x, __add_work_Forward0_shiftScale_d_x, __sum3_d__lane1);
                                    __sum4_d__lane1 = __V.Add(__sum4_d__lane1, __add_work_Forward0_shiftScale_d_x);
                                }
                                {
                                    nint __j = __i_d + 2 * __V.Count;
                                    __TV __ld_x = __VL.Load<__S>(ref __row_x, __j);
                                    __TV __add_work_Forward0_shiftScale_d_x = __V.MultiplyAdd(__shiftScale_d__v, __ld_x, __work_Forward0__ld__v);
                                    __sum3_d__lane2 = __V.MultiplyAdd(__add_work_Forward0_shiftScale_d_x, __add_work_Forward0_shiftScale_d_x, __sum3_d__lane2);
                                    __sum4_d__lane2 = __V.Add(__sum4_d__lane2, __add_work_Forward0_shiftScale_d_x);
                                }
                                {
                                    nint __j = __i_d + 3 * __V.Count;
                                    __TV __ld_x = __VL.Load<__S>(ref __row_x, __j);
                                    __TV __add_work_Forward0_shiftScale_d_x = __V.MultiplyAdd(__shiftScale_d__v, __ld_x, __work_Forward0__ld__v);
                                    __sum3_d__lane3 = __V.MultiplyAdd(__add_work_Forward0_shiftScale_d_x, __add_work_Forward0_shiftScale_d_x, __sum3_d__lane3);
                                    __sum4_d__lane3 = __V.Add(__sum4_d__lane3, __add_work_Forward0_shiftScale_d_x);
                                }
                            }
                        }
                        else
                        {
                            for (; __i_d <= __N_d - 4 * __V.Count; __i_d += 4 * __V.Count)
                            {
                                {
                                    nint __j = __i_d;
                                    __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                                    __TV __add_work_Forward0_shiftScale_d_x = __V.MultiplyAdd(__shiftScale_d__v, __ld_x, __work_Forward0__ld__v);
                                    __sum3_d__lane0 = __V.MultiplyAdd(__add_work_Forward0_shiftScale_d_x, __add_work_Forward0_shiftScale_d_x, __sum3_d__lane0);
                                    __sum4_d__lane0 = __V.Add(__sum4_d__lane0, __add_work_Forward0_shiftScale_d_x);
                                }
                                {
                                    nint __j = __i_d + __V.Count;
                                    __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                                    __TV __add_work_Forward0_shiftScale_d_x = __V.MultiplyAdd(__shiftScale_d__v, __ld_x, __work_Forward0__ld__v);
                                    __sum3_d__lane1 = __V.MultiplyAdd(__add_work_Forward0_shiftScale_d_x, __add_work_Forward0_shiftScale_d_x, __sum3_d__lane1);
                                    __sum4_d__lane1 = __V.Add(__sum4_d__lane1, __add_work_Forward0_shiftScale_d_x);
                                }
                                {
                                    nint __j = __i_d + 2 * __V.Count;
                                    __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                                    __TV __add_work_Forward0_shiftScale_d_x = __V.MultiplyAdd(__shiftScale_d__v, __ld_x, __work_Forward0__ld__v);
                                    __sum3_d__lane2 = __V.MultiplyAdd(__add_work_Forward0_shiftScale_d_x, __add_work_Forward0_shiftScale_d_x, __sum3_d__lane2);
                                    __sum4_d__lane2 = __V.Add(__sum4_d__lane2, __add_work_Forward0_shiftScale_d_x);
                                }
                                {
                                    nint __j = __i_d + 3 * __V.Count;
                                    __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                                    __TV __add_work_Forward0_shiftScale_d_x = __V.MultiplyAdd(__shiftScale_d__v, __ld_x, __work_Forward0__ld__v);
                                    __sum3_d__lane3 = __V.MultiplyAdd(__add_work_Forward0_shiftScale_d_x, __add_work_Forward0_shiftScale_d_x, __sum3_d__lane3);
                                    __sum4_d__lane3 = __V.Add(__sum4_d__lane3, __add_work_Forward0_shiftScale_d_x);
                                }
                            }
                        }
                        for (; __i_d <= __N_d - __V.Count; __i_d += __V.Count)
                        {
                            nint __j = __i_d;
                            __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                            __TV __add_work_Forward0_shiftScale_d_x = __V.MultiplyAdd(__shiftScale_d__v, __ld_x, __work_Forward0__ld__v);
                            __sum3_d__lane0 = __V.MultiplyAdd(__add_work_Forward0_shiftScale_d_x, __add_work_Forward0_shiftScale_d_x, __sum3_d__lane0);
                            __sum4_d__lane0 = __V.Add(__sum4_d__lane0, __add_work_Forward0_shiftScale_d_x);
                        }
                        __sum3_d += __V.Sum(__V.Add(__V.Add(__sum3_d__lane0, __sum3_d__lane1), __V.Add(__sum3_d__lane2, __sum3_d__lane3)));
                        __sum4_d += __V.Sum(__V.Add(__V.Add(__sum4_d__lane0, __sum4_d__lane1), __V.Add(__sum4_d__lane2, __sum4_d__lane3)));
                        for (; __i_d < __N_d; __i_d++)
                        {
                            nint __j = __i_d;
                            __T __ld_x = global::NormGen.Kernels.Scalar<__T>.Load<__S>(ref __row_x, __j);
                            __T __add_work_Forward0_shiftScale_d_x = __T.MultiplyAddEstimate(__shiftScale_d, __ld_x, __work_Forward0__ld);
                            __sum3_d = __T.MultiplyAddEstimate(__add_work_Forward0_shiftScale_d_x, __add_work_Forward0_shiftScale_d_x, __sum3_d);
                            __sum4_d += __add_work_Forward0_shiftScale_d_x;
                        }
                    }
                    // Pass once per outer iteration: write saved.mean; write saved.rstd
                    __T __div_shiftScale_d_sum4_d = __sum4_d / __count_d / __shiftScale_d;
                    __T __div_shiftScale_d_work_Forward0 = __work_Forward0__ld / __shiftScale_d;
                    __T __stat_mean = __div_shiftScale_d_sum4_d - __div_shiftScale_d_work_Forward0;
                    __T __div_sum4_d = __sum4_d / __count_d;
                    __T __mul_sum4_d = __sum4_d * __div_sum4_d;
                    __T __sub_sum3_d_sum4_d = __sum3_d - __mul_sum4_d;
                    __T __maximum_sum3_d_sum4_d = __T.Max(__sub_sum3_d_sum4_d, __c0);
                    __T __div_shiftScale_d_sum3_d_sum4_d = __maximum_sum3_d_sum4_d / __count_d / __shiftScale_d / __shiftScale_d;
                    __T __add_eps_shiftScale_d_sum3_d = eps + __div_shiftScale_d_sum3_d_sum4_d;
                    __T __stat_rstd = (__T.One / __T.Sqrt(__add_eps_shiftScale_d_sum3_d));
                    global::System.Runtime.CompilerServices.Unsafe.Add(ref __saved_mean, __o_n) = __stat_mean;
                    global::System.Runtime.CompilerServices.Unsafe.Add(ref __saved_rstd, __o_n) = __stat_rstd;
                    // Pass over (d): write y
                    __T __sub_shiftScale_d_sum4_d_work_Forward0 = -__div_shiftScale_d_sum4_d + __div_shiftScale_d_work_Forward0;
                    {
                        ref __S __row_x = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, __o_n_d);
                        ref __S __row_y = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, __o_n_d);
                        nint __next_row = global::NormGen.Kernels.Prefetch.Distance<__T>(__N_d, __i_n + 1 < __outerEnd);
                        __TV __stat_rstd__v = __V.Splat(__stat_rstd);
                        __TV __sub_shiftScale_d_sum4_d_work_Forward0__v = __V.Splat(__sub_shiftScale_d_sum4_d_work_Forward0);
                        nint __i_d = 0;
                        bool __row_y__stream = typeof(__NT) == typeof(global::NormGen.Kernels.NonTemporal.Streamed) && global::NormGen.Kernels.NonTemporal.Use<__S, __T>(__N_d + __N_d + __N_n * __N_d + __N_n * __N_d, __N_d);
                        nint __row_y__head = global::NormGen.Kernels.Alignment.Head(ref __row_y, __N_d, __V.Count);
                        for (; __i_d < __row_y__head; __i_d++)
                        {
                            nint __j = __i_d;
                            __T __ld_beta = global::System.Runtime.CompilerServices.Unsafe.Add(ref beta, __j);
                            __T __ld_gamma = global::System.Runtime.CompilerServices.Unsafe.Add(ref gamma, __j);
                            __T __ld_x = global::NormGen.Kernels.Scalar<__T>.Load<__S>(ref __row_x, __j);
                            __T __add_shiftScale_d_sum4_d_work_Forward0 = __sub_shiftScale_d_sum4_d_work_Forward0 + __ld_x;
                            __T __add_beta_rstd_gamma = __T.MultiplyAddEstimate(__stat_rstd * __ld_gamma, __add_shiftScale_d_sum4_d_work_Forward0, __ld_beta);
                            global::NormGen.Kernels.Scalar<__T>.Store<__S>(__add_beta_rstd_gamma, ref __row_y, __j);
                        }
                        if (__next_row != 0)
                        {
                            // The next rows are prefetched: one line of each per vector.
                            if (typeof(__NT) == typeof(global::NormGen.Kernels.NonTemporal.Streamed) && __row_y__stream)
                            {
                                for (; __i_d <= __N_d - __V.Count; __i_d += __V.Count)
                                {
                                    nint __j = __i_d;
                                    global::NormGen.Kernels.Prefetch.Line(ref __row_x, __j, __next_row);
                                    __TV __ld_beta = __V.Load(ref beta, __j);
                                    __TV __ld_gamma = __V.Load(ref gamma, __j);
                                    __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                                    __TV __add_shiftScale_d_sum4_d_work_Forward0 = __V.Add(__sub_shiftScale_d_sum4_d_work_Forward0__v, __ld_x);
                                    __TV __add_beta_rstd_gamma = __V.MultiplyAdd(__V.Multiply(__stat_rstd__v, __ld_gamma), __add_shiftScale_d_sum4_d_work_Forward0, __ld_beta);
                                    global::NormGen.Kernels.NonTemporal.Store<__V, __TV, __T, __S>(__add_beta_rstd_gamma, ref __row_y, __j);
                                }
                            }
                            else
                            {
                                for (; __i_d <= __N_d - __V.Count; __i_d += __V.Count)
                                {
                                    nint __j = __i_d;
                                    global::NormGen.Kernels.Prefetch.Line(ref __row_x, __j, __next_row);
                                    __TV __ld_beta = __V.Load(ref beta, __j);
                                    __TV __ld_gamma = __V.Load(ref gamma, __j);
                                    __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                                    __TV __add_shiftScale_d_sum4_d_work_Forward0 = __V.Add(__sub_shiftScale_d_sum4_d_work_Forward0__v, __ld_x);
                                    __TV __add_beta_rstd_gamma = __V.MultiplyAdd(__V.Multiply(__stat_rstd__v, __ld_gamma), __add_shiftScale_d_sum4_d_work_Forward0, __ld_beta);
                                    __V.Store<__S>(__add_beta_rstd_gamma, ref __row_y, __j);
                                }
                            }
                        }
                        else
                        {
                            if (typeof(__NT) == typeof(global::NormGen.Kernels.NonTemporal.Streamed) && __row_y__stream)
                            {
                                for (; __i_d <= __N_d - __V.Count; __i_d += __V.Count)
                                {
                                    nint __j = __i_d;
                                    __TV __ld_beta = __V.Load(ref beta, __j);
                                    __TV __ld_gamma = __V.Load(ref gamma, __j);
                                    __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                                    __TV __add_shiftScale_d_sum4_d_work_Forward0 = __V.Add(__sub_shiftScale_d_sum4_d_work_Forward0__v, __ld_x);
                                    __TV __add_beta_rstd_gamma = __V.MultiplyAdd(__V.Multiply(__stat_rstd__v, __ld_gamma), __add_shiftScale_d_sum4_d_work_Forward0, __ld_beta);
                                    global::NormGen.Kernels.NonTemporal.Store<__V, __TV, __T, __S>(__add_beta_rstd_gamma, ref __row_y, __j);
                                }
                            }
                            else
                            {
                                for (; __i_d <= __N_d - __V.Count; __i_d += __V.Count)
                                {
                                    nint __j = __i_d;
                                    __TV __ld_beta = __V.Load(ref beta, __j);
                                    __TV __ld_gamma = __V.Load(ref gamma, __j);
                                    __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                                    __TV __add_shiftScale_d_sum4_d_work_Forward0 = __V.Add(__sub_shiftScale_d_sum4_d_work_Forward0__v, __ld_x);
                                    __TV __add_beta_rstd_gamma = __V.MultiplyAdd(__V.Multiply(__stat_rstd__v, __ld_gamma), __add_shiftScale_d_sum4_d_work_Forward0, __ld_beta);
                                    __V.Store<__S>(__add_beta_rstd_gamma, ref __row_y, __j);
                                }
                            }
                        }
                        for (; __i_d < __N_d; __i_d++)
                        {
                            nint __j = __i_d;
                            __T __ld_beta = global::System.Runtime.CompilerServices.Unsafe.Add(ref beta, __j);
                            __T __ld_gamma = global::System.Runtime.CompilerServices.Unsafe.Add(ref gamma, __j);
                            __T __ld_x = global::NormGen.Kernels.Scalar<__T>.Load<__S>(ref __row_x, __j);
                            __T __add_shiftScale_d_sum4_d_work_Forward0 = __sub_shiftScale_d_sum4_d_work_Forward0 + __ld_x;
                            __T __add_beta_rstd_gamma = __T.MultiplyAddEstimate(__stat_rstd * __ld_gamma, __add_shiftScale_d_sum4_d_work_Forward0, __ld_beta);
                            global::NormGen.Kernels.Scalar<__T>.Store<__S>(__add_beta_rstd_gamma, ref __row_y, __j);
                        }
                    }
                }
            }
        }

        /// <summary>Backward: outer loop over (n); 2 sweep(s) inside it, 0 before, 0 after.</summary>
        [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private static void __BackwardKernel<__T, __S, __V, __TV, __VL, __NT>(in Shape s, ref __S dy, ref __S x, ref __T gamma, ref __T beta, Saved<__T> saved, ref __S dx, ref __T dgamma, ref __T dbeta, __T eps, nint __outerStart, nint __outerEnd)
            where __T : unmanaged, global::System.Numerics.IFloatingPointIeee754<__T>
            where __S : unmanaged
            where __V : struct, global::NormGen.Kernels.ISimd<__TV, __T>
            where __VL : struct, global::NormGen.Kernels.ISimd<__TV, __T>
            where __NT : struct
        {
            ref __T __saved_mean = ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(saved.Mean);
            ref __T __saved_rstd = ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(saved.Rstd);
            nint __N_n = s.n;
            nint __N_d = s.d;
            bool __splitLoads = typeof(__VL) != typeof(__V) && global::NormGen.Kernels.Alignment.SplitLoads<__S>(__N_d + __N_d + __N_n * __N_d + __N_n * __N_d + __N_d + __N_n * __N_d);
            __T __count_d = __T.CreateTruncating(__N_d);
            // Outer loop over (n): each iteration's passes reuse its data while it is in cache. Iterations [__outerStart, __outerEnd): a thread's share.
            if (typeof(__S) != typeof(__T) && global::NormGen.Kernels.Staging.Fits<__T>(__N_d + __N_d))
            {
                // Stored rows the iteration sweeps more than once: widened once, in the first sweep, into this thread's rows of __T, which the later sweeps read.
                ref __T __stage_dy = ref global::NormGen.Kernels.Staging.Row<__T>(0, __N_d);
                ref __T __stage_x = ref global::NormGen.Kernels.Staging.Row<__T>(1, __N_d);
                for (nint __i_n = __outerStart; __i_n < __outerEnd; __i_n++)
                {
                    // Pass over (d): sum over (n) -> dgamma; sum over (n) -> dbeta; sum over (d) -> __sum3_d; sum over (d) -> __sum4_d
                    nint __o_n = __i_n;
                    __T __saved_rstd__ld = global::System.Runtime.CompilerServices.Unsafe.Add(ref __saved_rstd, __o_n);
                    nint __o_n_d = __i_n * __N_d;
                    __T __saved_mean__ld = global::System.Runtime.CompilerServices.Unsafe.Add(ref __saved_mean, __o_n);
                    __T __neg_mean = -__saved_mean__ld;
                    __T __sum3_d = __T.Zero;
                    __T __sum4_d = __T.Zero;
                    {
                        ref __S __row_dy = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dy, __o_n_d);
                        ref __S __row_x = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, __o_n_d);
                        __TV __neg_mean__v = __V.Splat(__neg_mean);
                        __TV __saved_rstd__ld__v = __V.Splat(__saved_rstd__ld);
                        __TV __sum3_d__lane0 = __V.Zero, __sum3_d__lane1 = __V.Zero, __sum3_d__lane2 = __V.Zero, __sum3_d__lane3 = __V.Zero;
                        __TV __sum4_d__lane0 = __V.Zero, __sum4_d__lane1 = __V.Zero, __sum4_d__lane2 = __V.Zero, __sum4_d__lane3 = __V.Zero;
                        nint __i_d = 0;
                        for (; __i_d <= __N_d - 4 * __V.Count; __i_d += 4 * __V.Count)
                        {
                            {
                                nint __j = __i_d;
                                __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                                __V.Store(__ld_x, ref __stage_x, __j);
                                __TV __add_mean_x = __V.Add(__neg_mean__v, __ld_x);
                                __TV __ld_dy = __V.Load<__S>(ref __row_dy, __j);
                                __V.Store(__ld_dy, ref __stage_dy, __j);
                                __TV __ld_gamma = __V.Load(ref gamma, __j);
                                __V.Store(__V.MultiplyAdd(__V.Multiply(__saved_rstd__ld__v, __add_mean_x), __ld_dy, __V.Load(ref dgamma, __j)), ref dgamma, __j);
                                __V.Store(__V.Add(__V.Load(ref dbeta, __j), __ld_dy), ref dbeta, __j);
                                __sum3_d__lane0 = __V.MultiplyAdd(__V.Multiply(__ld_gamma, __add_mean_x), __ld_dy, __sum3_d__lane0);
                                __sum4_d__lane0 = __V.MultiplyAdd(__ld_gamma, __ld_dy, __sum4_d__lane0);
                            }
                            {
                                nint __j = __i_d + __V.Count;
                                __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                                __V.Store(__ld_x, ref __stage_x, __j);
                                __TV __add_mean_x = __V.Add(__neg_mean__v, __ld_x);
                                __TV __ld_dy = __V.Load<__S>(ref __row_dy, __j);
                                __V.Store(__ld_dy, ref __stage_dy, __j);
                                __TV __ld_gamma = __V.Load(ref gamma, __j);
                                __V.Store(__V.MultiplyAdd(__V.Multiply(__saved_rstd__ld__v, __add_mean_x), __ld_dy, __V.Load(ref dgamma, __j)), ref dgamma, __j);
                                __V.Store(__V.Add(__V.Load(ref dbeta, __j), __ld_dy), ref dbeta, __j);
                                __sum3_d__lane1 = __V.MultiplyAdd(__V.Multiply(__ld_gamma, __add_mean_x), __ld_dy, __sum3_d__lane1);
                                __sum4_d__lane1 = __V.MultiplyAdd(__ld_gamma, __ld_dy, __sum4_d__lane1);
                            }
                            {
                                nint __j = __i_d + 2 * __V.Count;
                                __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                                __V.Store(__ld_x, ref __stage_x, __j);
                                __TV __add_mean_x = __V.Add(__neg_mean__v, __ld_x);
                                __TV __ld_dy = __V.Load<__S>(ref __row_dy, __j);
                                __V.Store(__ld_dy, ref __stage_dy, __j);
                                __TV __ld_gamma = __V.Load(ref gamma, __j);
                                __V.Store(__V.MultiplyAdd(__V.Multiply(__saved_rstd__ld__v, __add_mean_x), __ld_dy, __V.Load(ref dgamma, __j)), ref dgamma, __j);
                                __V.Store(__V.Add(__V.Load(ref dbeta, __j), __ld_dy), ref dbeta, __j);
                                __sum3_d__lane2 = __V.MultiplyAdd(__V.Multiply(__ld_gamma, __add_mean_x), __ld_dy, __sum3_d__lane2);
                                __sum4_d__lane2 = __V.MultiplyAdd(__ld_gamma, __ld_dy, __sum4_d__lane2);
                            }
                            {
                                nint __j = __i_d + 3 * __V.Count;
                                __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                                __V.Store(__ld_x, ref __stage_x, __j);
                                __TV __add_mean_x = __V.Add(__neg_mean__v, __ld_x);
                                __TV __ld_dy = __V.Load<__S>(ref __row_dy, __j);
                                __V.Store(__ld_dy, ref __stage_dy, __j);
                                __TV __ld_gamma = __V.Load(ref gamma, __j);
                                __V.Store(__V.MultiplyAdd(__V.Multiply(__saved_rstd__ld__v, __add_mean_x), __ld_dy, __V.Load(ref dgamma, __j)), ref dgamma, __j);
                                __V.Store(__V.Add(__V.Load(ref dbeta, __j), __ld_dy), ref dbeta, __j);
                                __sum3_d__lane3 = __V.MultiplyAdd(__V.Multiply(__ld_gamma, __add_mean_x), __ld_dy, __sum3_d__lane3);
                                __sum4_d__lane3 = __V.MultiplyAdd(__ld_gamma, __ld_dy, __sum4_d__lane3);
                            }
                        }
                        for (; __i_d <= __N_d - __V.Count; __i_d += __V.Count)
                        {
                            nint __j = __i_d;
                            __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                            __V.Store(__ld_x, ref __stage_x, __j);
                            __TV __add_mean_x = __V.Add(__neg_mean__v, __ld_x);
                            __TV __ld_dy = __V.Load<__S>(ref __row_dy, __j);
                            __V.Store(__ld_dy, ref __stage_dy, __j);
                            __TV __ld_gamma = __V.Load(ref gamma, __j);
                            __V.Store(__V.MultiplyAdd(__V.Multiply(__saved_rstd__ld__v, __add_mean_x), __ld_dy, __V.Load(ref dgamma, __j)), ref dgamma, __j);
                            __V.Store(__V.Add(__V.Load(ref dbeta, __j), __ld_dy), ref dbeta, __j);
                            __sum3_d__lane0 = __V.MultiplyAdd(__V.Multiply(__ld_gamma, __add_mean_x), __ld_dy, __sum3_d__lane0);
                            __sum4_d__lane0 = __V.MultiplyAdd(__ld_gamma, __ld_dy, __sum4_d__lane0);
                        }
                        __sum3_d += __V.Sum(__V.Add(__V.Add(__sum3_d__lane0, __sum3_d__lane1), __V.Add(__sum3_d__lane2, __sum3_d__lane3)));
                        __sum4_d += __V.Sum(__V.Add(__V.Add(__sum4_d__lane0, __sum4_d__lane1), __V.Add(__sum4_d__lane2, __sum4_d__lane3)));
                        for (; __i_d < __N_d; __i_d++)
                        {
                            nint __j = __i_d;
                            __T __ld_x = global::NormGen.Kernels.Scalar<__T>.Load<__S>(ref __row_x, __j);
                            global::System.Runtime.CompilerServices.Unsafe.Add(ref __stage_x, __j) = __ld_x;
                            __T __add_mean_x = __neg_mean + __ld_x;
                            __T __ld_dy = global::NormGen.Kernels.Scalar<__T>.Load<__S>(ref __row_dy, __j);
                            global::System.Runtime.CompilerServices.Unsafe.Add(ref __stage_dy, __j) = __ld_dy;
                            __T __ld_gamma = global::System.Runtime.CompilerServices.Unsafe.Add(ref gamma, __j);
                            global::System.Runtime.CompilerServices.Unsafe.Add(ref dgamma, __j) = __T.MultiplyAddEstimate(__saved_rstd__ld * __add_mean_x, __ld_dy, global::System.Runtime.CompilerServices.Unsafe.Add(ref dgamma, __j));
                            global::System.Runtime.CompilerServices.Unsafe.Add(ref dbeta, __j) += __ld_dy;
                            __sum3_d = __T.MultiplyAddEstimate(__ld_gamma * __add_mean_x, __ld_dy, __sum3_d);
                            __sum4_d = __T.MultiplyAddEstimate(__ld_gamma, __ld_dy, __sum4_d);
                        }
                    }
                    // Pass over (d): write dx
                    __T __div_sum3_d_rstd = __sum3_d / __count_d * __saved_rstd__ld * __saved_rstd__ld * __saved_rstd__ld;
                    __T __div_rstd_sum4_d = __saved_rstd__ld / __count_d * __sum4_d;
                    __T __neg_rstd_sum4_d = -__div_rstd_sum4_d;
                    {
                        ref __S __row_dx = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dx, __o_n_d);
                        ref __S __row_dy = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dy, __o_n_d);
                        ref __S __row_x = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, __o_n_d);
                        nint __next_row = global::NormGen.Kernels.Prefetch.Distance<__T>(__N_d, __i_n + 1 < __outerEnd);
                        __TV __div_sum3_d_rstd__v = __V.Splat(__div_sum3_d_rstd);
                        __TV __neg_mean__v = __V.Splat(__neg_mean);
                        __TV __neg_rstd_sum4_d__v = __V.Splat(__neg_rstd_sum4_d);
                        __TV __saved_rstd__ld__v = __V.Splat(__saved_rstd__ld);
                        nint __i_d = 0;
                        nint __row_dx__head = global::NormGen.Kernels.Alignment.Head(ref __row_dx, __N_d, __V.Count);
                        for (; __i_d < __row_dx__head; __i_d++)
                        {
                            nint __j = __i_d;
                            __T __ld_gamma = global::System.Runtime.CompilerServices.Unsafe.Add(ref gamma, __j);
                            __T __ld_dy = global::System.Runtime.CompilerServices.Unsafe.Add(ref __stage_dy, __j);
                            __T __ld_x = global::System.Runtime.CompilerServices.Unsafe.Add(ref __stage_x, __j);
                            __T __add_mean_x = __neg_mean + __ld_x;
                            __T __sub_rstd_sum4_d_gamma = __T.MultiplyAddEstimate(-__div_sum3_d_rstd, __add_mean_x, __T.MultiplyAddEstimate(__saved_rstd__ld * __ld_gamma, __ld_dy, __neg_rstd_sum4_d));
                            global::NormGen.Kernels.Scalar<__T>.Store<__S>(__sub_rstd_sum4_d_gamma, ref __row_dx, __j);
                        }
                        if (__next_row != 0)
                        {
                            // The next rows are prefetched: one line of each per vector.
                            for (; __i_d <= __N_d - __V.Count; __i_d += __V.Count)
                            {
                                nint __j = __i_d;
                                global::NormGen.Kernels.Prefetch.Line(ref __row_dy, __j, __next_row);
                                global::NormGen.Kernels.Prefetch.Line(ref __row_x, __j, __next_row);
                                __TV __ld_gamma = __V.Load(ref gamma, __j);
                                __TV __ld_dy = __V.Load(ref __stage_dy, __j);
                                __TV __ld_x = __V.Load(ref __stage_x, __j);
                                __TV __add_mean_x = __V.Add(__neg_mean__v, __ld_x);
                                __TV __sub_rstd_sum4_d_gamma = __V.NegatedMultiplyAdd(__div_sum3_d_rstd__v, __add_mean_x, __V.MultiplyAdd(__V.Multiply(__saved_rstd__ld__v, __ld_gamma), __ld_dy, __neg_rstd_sum4_d__v));
                                __V.Store<__S>(__sub_rstd_sum4_d_gamma, ref __row_dx, __j);
                            }
                        }
                        else
                        {
                            for (; __i_d <= __N_d - __V.Count; __i_d += __V.Count)
                            {
                                nint __j = __i_d;
                                __TV __ld_gamma = __V.Load(ref gamma, __j);
                                __TV __ld_dy = __V.Load(ref __stage_dy, __j);
                                __TV __ld_x = __V.Load(ref __stage_x, __j);
                                __TV __add_mean_x = __V.Add(__neg_mean__v, __ld_x);
                                __TV __sub_rstd_sum4_d_gamma = __V.NegatedMultiplyAdd(__div_sum3_d_rstd__v, __add_mean_x, __V.MultiplyAdd(__V.Multiply(__saved_rstd__ld__v, __ld_gamma), __ld_dy, __neg_rstd_sum4_d__v));
                                __V.Store<__S>(__sub_rstd_sum4_d_gamma, ref __row_dx, __j);
                            }
                        }
                        for (; __i_d < __N_d; __i_d++)
                        {
                            nint __j = __i_d;
                            __T __ld_gamma = global::System.Runtime.CompilerServices.Unsafe.Add(ref gamma, __j);
                            __T __ld_dy = global::System.Runtime.CompilerServices.Unsafe.Add(ref __stage_dy, __j);
                            __T __ld_x = global::System.Runtime.CompilerServices.Unsafe.Add(ref __stage_x, __j);
                            __T __add_mean_x = __neg_mean + __ld_x;
                            __T __sub_rstd_sum4_d_gamma = __T.MultiplyAddEstimate(-__div_sum3_d_rstd, __add_mean_x, __T.MultiplyAddEstimate(__saved_rstd__ld * __ld_gamma, __ld_dy, __neg_rstd_sum4_d));
                            global::NormGen.Kernels.Scalar<__T>.Store<__S>(__sub_rstd_sum4_d_gamma, ref __row_dx, __j);
                        }
                    }
                }
            }
            else
            {
                for (nint __i_n = __outerStart; __i_n < __outerEnd; __i_n++)
                {
                    // Pass over (d): sum over (n) -> dgamma; sum over (n) -> dbeta; sum over (d) -> __sum3_d; sum over (d) -> __sum4_d
                    nint __o_n = __i_n;
                    __T __saved_rstd__ld = global::System.Runtime.CompilerServices.Unsafe.Add(ref __saved_rstd, __o_n);
                    nint __o_n_d = __i_n * __N_d;
                    __T __saved_mean__ld = global::System.Runtime.CompilerServices.Unsafe.Add(ref __saved_mean, __o_n);
                    __T __neg_mean = -__saved_mean__ld;
                    __T __sum3_d = __T.Zero;
                    __T __sum4_d = __T.Zero;
                    {
                        ref __S __row_dy = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dy, __o_n_d);
                        ref __S __row_x = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, __o_n_d);
                        __TV __neg_mean__v = __V.Splat(__neg_mean);
                        __TV __saved_rstd__ld__v = __V.Splat(__saved_rstd__ld);
                        __TV __sum3_d__lane0 = __V.Zero, __sum3_d__lane1 = __V.Zero, __sum3_d__lane2 = __V.Zero, __sum3_d__lane3 = __V.Zero;
                        __TV __sum4_d__lane0 = __V.Zero, __sum4_d__lane1 = __V.Zero, __sum4_d__lane2 = __V.Zero, __sum4_d__lane3 = __V.Zero;
                        nint __i_d = 0;
                        if (__splitLoads && (global::NormGen.Kernels.Alignment.LongRow<__S>(__N_d) || global::NormGen.Kernels.Alignment.OffLine(ref __row_dy, __i_d) || global::NormGen.Kernels.Alignment.OffLine(ref __row_x, __i_d)))
                        {
                            // Long rows, or rows off 64-byte lines, in a call larger than the cache: 512-bit loads in 256-bit halves (SplitLoads.cs).
                            for (; __i_d <= __N_d - 4 * __V.Count; __i_d += 4 * __V.Count)
                            {
                                {
                                    nint __j = __i_d;
                                    __TV __ld_x = __VL.Load<__S>(ref __row_x, __j);
                                    __TV __add_mean_x = __V.Add(__neg_mean__v, __ld_x);
                                    __TV __ld_dy = __VL.Load<__S>(ref __row_dy, __j);
                                    __TV __ld_gamma = __V.Load(ref gamma, __j);
                                    __V.Store(__V.MultiplyAdd(__V.Multiply(__saved_rstd__ld__v, __add_mean_x), __ld_dy, __V.Load(ref dgamma, __j)), ref dgamma, __j);
                                    __V.Store(__V.Add(__V.Load(ref dbeta, __j), __ld_dy), ref dbeta, __j);
                                    __sum3_d__lane0 = __V.MultiplyAdd(__V.Multiply(__ld_gamma, __add_mean_x), __ld_dy, __sum3_d__lane0);
                                    __sum4_d__lane0 = __V.MultiplyAdd(__ld_gamma, __ld_dy, __sum4_d__lane0);
                                }
                                {
                                    nint __j = __i_d + __V.Count;
                                    __TV __ld_x = __VL.Load<__S>(ref __row_x, __j);
                                    __TV __add_mean_x = __V.Add(__neg_mean__v, __ld_x);
                                    __TV __ld_dy = __VL.Load<__S>(ref __row_dy, __j);
                                    __TV __ld_gamma = __V.Load(ref gamma, __j);
                                    __V.Store(__V.MultiplyAdd(__V.Multiply(__saved_rstd__ld__v, __add_mean_x), __ld_dy, __V.Load(ref dgamma, __j)), ref dgamma, __j);
                                    __V.Store(__V.Add(__V.Load(ref dbeta, __j), __ld_dy), ref dbeta, __j);
                                    __sum3_d__lane1 = __V.MultiplyAdd(__V.Multiply(__ld_gamma, __add_mean_x), __ld_dy, __sum3_d__lane1);
                                    __sum4_d__lane1 = __V.MultiplyAdd(__ld_gamma, __ld_dy, __sum4_d__lane1);
                                }
                                {
                                    nint __j = __i_d + 2 * __V.Count;
                                    __TV __ld_x = __VL.Load<__S>(ref __row_x, __j);
                                    __TV __add_mean_x = __V.Add(__neg_mean__v, __ld_x);
                                    __TV __ld_dy = __VL.Load<__S>(ref __row_dy, __j);
                                    __TV __ld_gamma = __V.Load(ref gamma, __j);
                                    __V.Store(__V.MultiplyAdd(__V.Multiply(__saved_rstd__ld__v, __add_mean_x), __ld_dy, __V.Load(ref dgamma, __j)), ref dgamma, __j);
                                    __V.Store(__V.Add(__V.Load(ref dbeta, __j), __ld_dy), ref dbeta, __j);
                                    __sum3_d__lane2 = __V.MultiplyAdd(__V.Multiply(__ld_gamma, __add_mean_x), __ld_dy, __sum3_d__lane2);
                                    __sum4_d__lane2 = __V.MultiplyAdd(__ld_gamma, __ld_dy, __sum4_d__lane2);
                                }
                                {
                                    nint __j = __i_d + 3 * __V.Count;
                                    __TV __ld_x = __VL.Load<__S>(ref __row_x, __j);
                                    __TV __add_mean_x = __V.Add(__neg_mean__v, __ld_x);
                                    __TV __ld_dy = __VL.Load<__S>(ref __row_dy, __j);
                                    __TV __ld_gamma = __V.Load(ref gamma, __j);
                                    __V.Store(__V.MultiplyAdd(__V.Multiply(__saved_rstd__ld__v, __add_mean_x), __ld_dy, __V.Load(ref dgamma, __j)), ref dgamma, __j);
                                    __V.Store(__V.Add(__V.Load(ref dbeta, __j), __ld_dy), ref dbeta, __j);
                                    __sum3_d__lane3 = __V.MultiplyAdd(__V.Multiply(__ld_gamma, __add_mean_x), __ld_dy, __sum3_d__lane3);
                                    __sum4_d__lane3 = __V.MultiplyAdd(__ld_gamma, __ld_dy, __sum4_d__lane3);
                                }
                            }
                        }
                        else
                        {
                            for (; __i_d <= __N_d - 4 * __V.Count; __i_d += 4 * __V.Count)
                            {
                                {
                                    nint __j = __i_d;
                                    __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                                    __TV __add_mean_x = __V.Add(__neg_mean__v, __ld_x);
                                    __TV __ld_dy = __V.Load<__S>(ref __row_dy, __j);
                                    __TV __ld_gamma = __V.Load(ref gamma, __j);
                                    __V.Store(__V.MultiplyAdd(__V.Multiply(__saved_rstd__ld__v, __add_mean_x), __ld_dy, __V.Load(ref dgamma, __j)), ref dgamma, __j);
                                    __V.Store(__V.Add(__V.Load(ref dbeta, __j), __ld_dy), ref dbeta, __j);
                                    __sum3_d__lane0 = __V.MultiplyAdd(__V.Multiply(__ld_gamma, __add_mean_x), __ld_dy, __sum3_d__lane0);
                                    __sum4_d__lane0 = __V.MultiplyAdd(__ld_gamma, __ld_dy, __sum4_d__lane0);
                                }
                                {
                                    nint __j = __i_d + __V.Count;
                                    __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                                    __TV __add_mean_x = __V.Add(__neg_mean__v, __ld_x);
                                    __TV __ld_dy = __V.Load<__S>(ref __row_dy, __j);
                                    __TV __ld_gamma = __V.Load(ref gamma, __j);
                                    __V.Store(__V.MultiplyAdd(__V.Multiply(__saved_rstd__ld__v, __add_mean_x), __ld_dy, __V.Load(ref dgamma, __j)), ref dgamma, __j);
                                    __V.Store(__V.Add(__V.Load(ref dbeta, __j), __ld_dy), ref dbeta, __j);
                                    __sum3_d__lane1 = __V.MultiplyAdd(__V.Multiply(__ld_gamma, __add_mean_x), __ld_dy, __sum3_d__lane1);
                                    __sum4_d__lane1 = __V.MultiplyAdd(__ld_gamma, __ld_dy, __sum4_d__lane1);
                                }
                                {
                                    nint __j = __i_d + 2 * __V.Count;
                                    __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                                    __TV __add_mean_x = __V.Add(__neg_mean__v, __ld_x);
                                    __TV __ld_dy = __V.Load<__S>(ref __row_dy, __j);
                                    __TV __ld_gamma = __V.Load(ref gamma, __j);
                                    __V.Store(__V.MultiplyAdd(__V.Multiply(__saved_rstd__ld__v, __add_mean_x), __ld_dy, __V.Load(ref dgamma, __j)), ref dgamma, __j);
                                    __V.Store(__V.Add(__V.Load(ref dbeta, __j), __ld_dy), ref dbeta, __j);
                                    __sum3_d__lane2 = __V.MultiplyAdd(__V.Multiply(__ld_gamma, __add_mean_x), __ld_dy, __sum3_d__lane2);
                                    __sum4_d__lane2 = __V.MultiplyAdd(__ld_gamma, __ld_dy, __sum4_d__lane2);
                                }
                                {
                                    nint __j = __i_d + 3 * __V.Count;
                                    __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                                    __TV __add_mean_x = __V.Add(__neg_mean__v, __ld_x);
                                    __TV __ld_dy = __V.Load<__S>(ref __row_dy, __j);
                                    __TV __ld_gamma = __V.Load(ref gamma, __j);
                                    __V.Store(__V.MultiplyAdd(__V.Multiply(__saved_rstd__ld__v, __add_mean_x), __ld_dy, __V.Load(ref dgamma, __j)), ref dgamma, __j);
                                    __V.Store(__V.Add(__V.Load(ref dbeta, __j), __ld_dy), ref dbeta, __j);
                                    __sum3_d__lane3 = __V.MultiplyAdd(__V.Multiply(__ld_gamma, __add_mean_x), __ld_dy, __sum3_d__lane3);
                                    __sum4_d__lane3 = __V.MultiplyAdd(__ld_gamma, __ld_dy, __sum4_d__lane3);
                                }
                            }
                        }
                        for (; __i_d <= __N_d - __V.Count; __i_d += __V.Count)
                        {
                            nint __j = __i_d;
                            __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                            __TV __add_mean_x = __V.Add(__neg_mean__v, __ld_x);
                            __TV __ld_dy = __V.Load<__S>(ref __row_dy, __j);
                            __TV __ld_gamma = __V.Load(ref gamma, __j);
                            __V.Store(__V.MultiplyAdd(__V.Multiply(__saved_rstd__ld__v, __add_mean_x), __ld_dy, __V.Load(ref dgamma, __j)), ref dgamma, __j);
                            __V.Store(__V.Add(__V.Load(ref dbeta, __j), __ld_dy), ref dbeta, __j);
                            __sum3_d__lane0 = __V.MultiplyAdd(__V.Multiply(__ld_gamma, __add_mean_x), __ld_dy, __sum3_d__lane0);
                            __sum4_d__lane0 = __V.MultiplyAdd(__ld_gamma, __ld_dy, __sum4_d__lane0);
                        }
                        __sum3_d += __V.Sum(__V.Add(__V.Add(__sum3_d__lane0, __sum3_d__lane1), __V.Add(__sum3_d__lane2, __sum3_d__lane3)));
                        __sum4_d += __V.Sum(__V.Add(__V.Add(__sum4_d__lane0, __sum4_d__lane1), __V.Add(__sum4_d__lane2, __sum4_d__lane3)));
                        for (; __i_d < __N_d; __i_d++)
                        {
                            nint __j = __i_d;
                            __T __ld_x = global::NormGen.Kernels.Scalar<__T>.Load<__S>(ref __row_x, __j);
                            __T __add_mean_x = __neg_mean + __ld_x;
                            __T __ld_dy = global::NormGen.Kernels.Scalar<__T>.Load<__S>(ref __row_dy, __j);
                            __T __ld_gamma = global::System.Runtime.CompilerServices.Unsafe.Add(ref gamma, __j);
                            global::System.Runtime.CompilerServices.Unsafe.Add(ref dgamma, __j) = __T.MultiplyAddEstimate(__saved_rstd__ld * __add_mean_x, __ld_dy, global::System.Runtime.CompilerServices.Unsafe.Add(ref dgamma, __j));
                            global::System.Runtime.CompilerServices.Unsafe.Add(ref dbeta, __j) += __ld_dy;
                            __sum3_d = __T.MultiplyAddEstimate(__ld_gamma * __add_mean_x, __ld_dy, __sum3_d);
                            __sum4_d = __T.MultiplyAddEstimate(__ld_gamma, __ld_dy, __sum4_d);
                        }
                    }
                    // Pass over (d): write dx
                    __T __div_sum3_d_rstd = __sum3_d / __count_d * __saved_rstd__ld * __saved_rstd__ld * __saved_rstd__ld;
                    __T __div_rstd_sum4_d = __saved_rstd__ld / __count_d * __sum4_d;
                    __T __neg_rstd_sum4_d = -__div_rstd_sum4_d;
                    {
                        ref __S __row_dx = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dx, __o_n_d);
                        ref __S __row_dy = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dy, __o_n_d);
                        ref __S __row_x = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, __o_n_d);
                        nint __next_row = global::NormGen.Kernels.Prefetch.Distance<__T>(__N_d, __i_n + 1 < __outerEnd);
                        __TV __div_sum3_d_rstd__v = __V.Splat(__div_sum3_d_rstd);
                        __TV __neg_mean__v = __V.Splat(__neg_mean);
                        __TV __neg_rstd_sum4_d__v = __V.Splat(__neg_rstd_sum4_d);
                        __TV __saved_rstd__ld__v = __V.Splat(__saved_rstd__ld);
                        nint __i_d = 0;
                        bool __row_dx__stream = typeof(__NT) == typeof(global::NormGen.Kernels.NonTemporal.Streamed) && global::NormGen.Kernels.NonTemporal.Use<__S, __T>(__N_d + __N_d + __N_n * __N_d + __N_n * __N_d + __N_d + __N_n * __N_d, __N_d);
                        nint __row_dx__head = global::NormGen.Kernels.Alignment.Head(ref __row_dx, __N_d, __V.Count);
                        for (; __i_d < __row_dx__head; __i_d++)
                        {
                            nint __j = __i_d;
                            __T __ld_gamma = global::System.Runtime.CompilerServices.Unsafe.Add(ref gamma, __j);
                            __T __ld_dy = global::NormGen.Kernels.Scalar<__T>.Load<__S>(ref __row_dy, __j);
                            __T __ld_x = global::NormGen.Kernels.Scalar<__T>.Load<__S>(ref __row_x, __j);
                            __T __add_mean_x = __neg_mean + __ld_x;
                            __T __sub_rstd_sum4_d_gamma = __T.MultiplyAddEstimate(-__div_sum3_d_rstd, __add_mean_x, __T.MultiplyAddEstimate(__saved_rstd__ld * __ld_gamma, __ld_dy, __neg_rstd_sum4_d));
                            global::NormGen.Kernels.Scalar<__T>.Store<__S>(__sub_rstd_sum4_d_gamma, ref __row_dx, __j);
                        }
                        if (__next_row != 0)
                        {
                            // The next rows are prefetched: one line of each per vector.
                            if (typeof(__NT) == typeof(global::NormGen.Kernels.NonTemporal.Streamed) && __row_dx__stream)
                            {
                                for (; __i_d <= __N_d - __V.Count; __i_d += __V.Count)
                                {
                                    nint __j = __i_d;
                                    global::NormGen.Kernels.Prefetch.Line(ref __row_dy, __j, __next_row);
                                    global::NormGen.Kernels.Prefetch.Line(ref __row_x, __j, __next_row);
                                    __TV __ld_gamma = __V.Load(ref gamma, __j);
                                    __TV __ld_dy = __V.Load<__S>(ref __row_dy, __j);
                                    __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                                    __TV __add_mean_x = __V.Add(__neg_mean__v, __ld_x);
                                    __TV __sub_rstd_sum4_d_gamma = __V.NegatedMultiplyAdd(__div_sum3_d_rstd__v, __add_mean_x, __V.MultiplyAdd(__V.Multiply(__saved_rstd__ld__v, __ld_gamma), __ld_dy, __neg_rstd_sum4_d__v));
                                    global::NormGen.Kernels.NonTemporal.Store<__V, __TV, __T, __S>(__sub_rstd_sum4_d_gamma, ref __row_dx, __j);
                                }
                            }
                            else
                            {
                                for (; __i_d <= __N_d - __V.Count; __i_d += __V.Count)
                                {
                                    nint __j = __i_d;
                                    global::NormGen.Kernels.Prefetch.Line(ref __row_dy, __j, __next_row);
                                    global::NormGen.Kernels.Prefetch.Line(ref __row_x, __j, __next_row);
                                    __TV __ld_gamma = __V.Load(ref gamma, __j);
                                    __TV __ld_dy = __V.Load<__S>(ref __row_dy, __j);
                                    __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                                    __TV __add_mean_x = __V.Add(__neg_mean__v, __ld_x);
                                    __TV __sub_rstd_sum4_d_gamma = __V.NegatedMultiplyAdd(__div_sum3_d_rstd__v, __add_mean_x, __V.MultiplyAdd(__V.Multiply(__saved_rstd__ld__v, __ld_gamma), __ld_dy, __neg_rstd_sum4_d__v));
                                    __V.Store<__S>(__sub_rstd_sum4_d_gamma, ref __row_dx, __j);
                                }
                            }
                        }
                        else
                        {
                            if (typeof(__NT) == typeof(global::NormGen.Kernels.NonTemporal.Streamed) && __row_dx__stream)
                            {
                                for (; __i_d <= __N_d - __V.Count; __i_d += __V.Count)
                                {
                                    nint __j = __i_d;
                                    __TV __ld_gamma = __V.Load(ref gamma, __j);
                                    __TV __ld_dy = __V.Load<__S>(ref __row_dy, __j);
                                    __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                                    __TV __add_mean_x = __V.Add(__neg_mean__v, __ld_x);
                                    __TV __sub_rstd_sum4_d_gamma = __V.NegatedMultiplyAdd(__div_sum3_d_rstd__v, __add_mean_x, __V.MultiplyAdd(__V.Multiply(__saved_rstd__ld__v, __ld_gamma), __ld_dy, __neg_rstd_sum4_d__v));
                                    global::NormGen.Kernels.NonTemporal.Store<__V, __TV, __T, __S>(__sub_rstd_sum4_d_gamma, ref __row_dx, __j);
                                }
                            }
                            else
                            {
                                for (; __i_d <= __N_d - __V.Count; __i_d += __V.Count)
                                {
                                    nint __j = __i_d;
                                    __TV __ld_gamma = __V.Load(ref gamma, __j);
                                    __TV __ld_dy = __V.Load<__S>(ref __row_dy, __j);
                                    __TV __ld_x = __V.Load<__S>(ref __row_x, __j);
                                    __TV __add_mean_x = __V.Add(__neg_mean__v, __ld_x);
                                    __TV __sub_rstd_sum4_d_gamma = __V.NegatedMultiplyAdd(__div_sum3_d_rstd__v, __add_mean_x, __V.MultiplyAdd(__V.Multiply(__saved_rstd__ld__v, __ld_gamma), __ld_dy, __neg_rstd_sum4_d__v));
                                    __V.Store<__S>(__sub_rstd_sum4_d_gamma, ref __row_dx, __j);
                                }
                            }
                        }
                        for (; __i_d < __N_d; __i_d++)
                        {
                            nint __j = __i_d;
                            __T __ld_gamma = global::System.Runtime.CompilerServices.Unsafe.Add(ref gamma, __j);
                            __T __ld_dy = global::NormGen.Kernels.Scalar<__T>.Load<__S>(ref __row_dy, __j);
                            __T __ld_x = global::NormGen.Kernels.Scalar<__T>.Load<__S>(ref __row_x, __j);
                            __T __add_mean_x = __neg_mean + __ld_x;
                            __T __sub_rstd_sum4_d_gamma = __T.MultiplyAddEstimate(-__div_sum3_d_rstd, __add_mean_x, __T.MultiplyAddEstimate(__saved_rstd__ld * __ld_gamma, __ld_dy, __neg_rstd_sum4_d));
                            global::NormGen.Kernels.Scalar<__T>.Store<__S>(__sub_rstd_sum4_d_gamma, ref __row_dx, __j);
                        }
                    }
                }
            }
        }
