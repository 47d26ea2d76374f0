// SPDX-License-Identifier: GPL-3.0-or-later
//
// matmul.cpp - the kernel of the matmul-cpu example target (the file that
// PhyloEvolve's agents may edit).
//
// C = A * B for row-major float matrices: A is M x K, B is K x N, C is M x N.
//
// Every optimization idea of phylo.toml reaches this file as a preprocessor
// define, its name upper-cased. With none defined, this is the plain i-k-j
// loop that streams rows of B into rows of C ("row form").
//
//   TRANSPOSE_B   copy B into B^T first and compute each C(i, j) as a dot
//                 product of two contiguous rows, A(i, :) . B^T(j, :)
//                 ("dot form", i-j-k order).
//   PAD           work on copies of B and C whose rows are padded with zeros
//                 to a multiple of kStrip columns, swept in strips of exactly
//                 kStrip columns: no remainder loop, and an inner loop whose
//                 trip count is a compile-time constant.
//   RESTRICT      declare the pointers of the inner loops __restrict.
//   UNROLL_K=U    take U consecutive k per step: U independent partial sums
//                 per dot product (dot form), or U rows of B folded into each
//                 pass over a row of C (row form).
//   ROWS=R        compute R rows of C at once, sharing every load of B.
#include "matmul.h"

#include <algorithm>
#include <cstddef>
#include <vector>

#ifdef RESTRICT
#    define MM_RESTRICT __restrict
#else
#    define MM_RESTRICT
#endif

#ifdef UNROLL_K
constexpr int kUnrollK = UNROLL_K;
#else
constexpr int kUnrollK = 1;
#endif

#ifdef ROWS
constexpr int kRows = ROWS;
#else
constexpr int kRows = 1;
#endif

#ifdef PAD
constexpr int kStrip = 64; // strip width in columns; padded widths are multiples of it
#else
constexpr int kStrip = 0; // no strips: the whole row at once
#endif

#ifdef TRANSPOSE_B
constexpr bool kTransposeB = true;
#else
constexpr bool kTransposeB = false;
#endif

static_assert(kUnrollK >= 1 && kUnrollK <= 8, "UNROLL_K must be in 1..8");
static_assert(kRows >= 1 && kRows <= 4, "ROWS must be in 1..4");

namespace {

using idx = std::ptrdiff_t;

// ---- row form -------------------------------------------------------------

// c[r][j] += sum_{u < U} a[r][u] * b[u][j]   for r < R and j < width,
// where row r of c starts at c + r * ldc, and so on. W > 0 fixes width = W at
// compile time.
template <int R, int U, int W>
inline void row_update(
    float* MM_RESTRICT c, idx ldc, const float* MM_RESTRICT b, idx ldb, const float* a, idx lda, int width)
{
    const int w = W > 0 ? W : width;
    float av[R][U];
#pragma GCC unroll 4
    for (int r = 0; r < R; ++r)
#pragma GCC unroll 8
        for (int u = 0; u < U; ++u)
            av[r][u] = a[r * lda + u];

    for (int j = 0; j < w; ++j) {
#pragma GCC unroll 4
        for (int r = 0; r < R; ++r) {
            float s = av[r][0] * b[j];
#pragma GCC unroll 8
            for (int u = 1; u < U; ++u)
                s += av[r][u] * b[u * ldb + j];
            c[r * ldc + j] += s;
        }
    }
}

// Rows i .. i+R-1 of C, columns j0 .. j0+width-1, summed over all of k.
template <int R, int W>
void row_block(int K, const float* A, const float* B, idx ldb, float* C, idx ldc, int i, int j0, int width)
{
    float* c = C + i * ldc + j0;
    const float* a = A + static_cast<idx>(i) * K;
    int k = 0;
    for (; k + kUnrollK <= K; k += kUnrollK)
        row_update<R, kUnrollK, W>(c, ldc, B + k * ldb + j0, ldb, a + k, K, width);
    for (; k < K; ++k)
        row_update<R, 1, W>(c, ldc, B + k * ldb + j0, ldb, a + k, K, width);
}

// C (M x width, leading dimension ldc) = A * B, B with leading dimension ldb.
// With PAD, width is a multiple of kStrip.
void row_form(int M, int width, int K, const float* A, const float* B, idx ldb, float* C, idx ldc)
{
    for (int i = 0; i < M; ++i)
        std::fill(C + i * ldc, C + i * ldc + width, 0.0f);
    const int strip = kStrip > 0 ? kStrip : width;
    for (int j0 = 0; j0 < width; j0 += strip) {
        int i = 0;
        for (; i + kRows <= M; i += kRows)
            row_block<kRows, kStrip>(K, A, B, ldb, C, ldc, i, j0, strip);
        for (; i < M; ++i)
            row_block<1, kStrip>(K, A, B, ldb, C, ldc, i, j0, strip);
    }
}

// ---- dot form -------------------------------------------------------------

// c[r * ldc] = sum_k a[r * lda + k] * bt[k]   for r < R.
template <int R>
inline void dot_rows(const float* MM_RESTRICT a, idx lda, const float* MM_RESTRICT bt, int K, float* c, idx ldc)
{
    float s[R][kUnrollK] = {};
    int k = 0;
    for (; k + kUnrollK <= K; k += kUnrollK)
#pragma GCC unroll 4
        for (int r = 0; r < R; ++r)
#pragma GCC unroll 8
            for (int u = 0; u < kUnrollK; ++u)
                s[r][u] += a[r * lda + k + u] * bt[k + u];

#pragma GCC unroll 4
    for (int r = 0; r < R; ++r) {
        float sum = 0.0f;
        for (int u = 0; u < kUnrollK; ++u)
            sum += s[r][u];
        for (int kk = k; kk < K; ++kk)
            sum += a[r * lda + kk] * bt[kk];
        c[r * ldc] = sum;
    }
}

// C (M x width, leading dimension ldc) = A * B, given Bt = B^T (width x K).
void dot_form(int M, int width, int K, const float* A, const float* Bt, float* C, idx ldc)
{
    int i = 0;
    for (; i + kRows <= M; i += kRows)
        for (int j = 0; j < width; ++j)
            dot_rows<kRows>(A + static_cast<idx>(i) * K, K, Bt + static_cast<idx>(j) * K, K, C + i * ldc + j, ldc);
    for (; i < M; ++i)
        for (int j = 0; j < width; ++j)
            dot_rows<1>(A + static_cast<idx>(i) * K, K, Bt + static_cast<idx>(j) * K, K, C + i * ldc + j, ldc);
}

// Bt (cols x rows) = transpose of S (rows x cols, leading dimension lds),
// in 32 x 32 blocks so that both sides stay in cache.
void transpose(int rows, int cols, const float* S, idx lds, float* Bt)
{
    constexpr int kBlock = 32;
    for (int r0 = 0; r0 < rows; r0 += kBlock)
        for (int c0 = 0; c0 < cols; c0 += kBlock)
            for (int r = r0; r < std::min(rows, r0 + kBlock); ++r)
                for (int c = c0; c < std::min(cols, c0 + kBlock); ++c)
                    Bt[static_cast<idx>(c) * rows + r] = S[r * lds + c];
}

} // namespace

void matmul(int M, int N, int K, const float* A, const float* B, float* C)
{
    // With PAD, B and C are replaced by zero-padded copies of width Np.
    const int Np = kStrip > 0 ? (N + kStrip - 1) / kStrip * kStrip : N;
    std::vector<float> b_pad, c_pad;
    const float* Bw = B;
    float* Cw = C;
    if (Np != N) {
        b_pad.assign(static_cast<std::size_t>(K) * Np, 0.0f);
        for (int k = 0; k < K; ++k)
            std::copy(
                B + static_cast<idx>(k) * N, B + static_cast<idx>(k + 1) * N, b_pad.data() + static_cast<idx>(k) * Np);
        c_pad.resize(static_cast<std::size_t>(M) * Np);
        Bw = b_pad.data();
        Cw = c_pad.data();
    }

    if constexpr (kTransposeB) {
        std::vector<float> bt(static_cast<std::size_t>(Np) * K);
        transpose(K, Np, Bw, Np, bt.data());
        dot_form(M, Np, K, A, bt.data(), Cw, Np);
    } else {
        row_form(M, Np, K, A, Bw, Np, Cw, Np);
    }

    if (Cw != C)
        for (int i = 0; i < M; ++i)
            std::copy(Cw + static_cast<idx>(i) * Np, Cw + static_cast<idx>(i) * Np + N, C + static_cast<idx>(i) * N);
}
