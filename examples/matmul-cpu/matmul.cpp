// SPDX-License-Identifier: GPL-3.0-or-later
// candidate (experimental)
#include "matmul.h"
#include <algorithm>
#include <cstddef>
#include <vector>

#ifdef RESTRICT
#define MM_RESTRICT __restrict
#else
#define MM_RESTRICT
#endif
#ifdef TILE
constexpr int kTile = TILE;
#else
constexpr int kTile = 0;
#endif
#ifdef UNROLL_K
constexpr int kU = UNROLL_K;
#else
constexpr int kU = 1;
#endif
#ifdef ROWS
constexpr int kR = ROWS;
#else
constexpr int kR = 1;
#endif

namespace {
using idx = std::ptrdiff_t;

// Row form. c[r*ldc + j] += sum_u a[r*lda + u] * b[u*ldb + j]  for r < R, j < w.
template <int R, int U, int W>
inline void row_update(float* MM_RESTRICT c, idx ldc, const float* MM_RESTRICT b, idx ldb,
                       const float* a, idx lda, int jw) {
    const int w = W > 0 ? W : jw;
    float av[R][U];
#pragma GCC unroll 4
    for (int r = 0; r < R; ++r)
#pragma GCC unroll 8
        for (int u = 0; u < U; ++u) av[r][u] = a[r * lda + u];
    for (int j = 0; j < w; ++j) {
#pragma GCC unroll 4
        for (int r = 0; r < R; ++r) {
            float s = av[r][0] * b[j];
#pragma GCC unroll 8
            for (int u = 1; u < U; ++u) s += av[r][u] * b[u * ldb + j];
            c[r * ldc + j] += s;
        }
    }
}

template <int R, int W>
void row_block(int N, int K, const float* A, const float* B, float* C, int i, int j0, int jw) {
    float* c = C + (idx)i * N + j0;
    const float* a = A + (idx)i * K;
    int k = 0;
    for (; k + kU <= K; k += kU) row_update<R, kU, W>(c, N, B + (idx)k * N + j0, N, a + k, K, jw);
    for (; k < K; ++k) row_update<R, 1, W>(c, N, B + (idx)k * N + j0, N, a + k, K, jw);
}

template <int W>
void row_panel(int M, int N, int K, const float* A, const float* B, float* C, int j0, int jw) {
    int i = 0;
    for (; i + kR <= M; i += kR) row_block<kR, W>(N, K, A, B, C, i, j0, jw);
    for (; i < M; ++i) row_block<1, W>(N, K, A, B, C, i, j0, jw);
}

// Dot form: C(i+r, j) = dot(A row i+r, Bt row j) for r < R.
template <int R>
inline void dot_rows(const float* MM_RESTRICT a, idx lda, const float* MM_RESTRICT bt,
                     int K, float* c, idx ldc) {
    float s[R][kU] = {};
    int k = 0;
    for (; k + kU <= K; k += kU)
#pragma GCC unroll 4
        for (int r = 0; r < R; ++r)
#pragma GCC unroll 8
            for (int u = 0; u < kU; ++u) s[r][u] += a[r * lda + k + u] * bt[k + u];
#pragma GCC unroll 4
    for (int r = 0; r < R; ++r) {
        float sum = 0.0f;
        for (int u = 0; u < kU; ++u) sum += s[r][u];
        for (int kk = k; kk < K; ++kk) sum += a[r * lda + kk] * bt[kk];
        c[r * ldc] = sum;
    }
}

void dot_panel(int M, int N, int K, const float* A, const float* Bt, float* C, int j0, int jw) {
    int i = 0;
    for (; i + kR <= M; i += kR)
        for (int j = j0; j < j0 + jw; ++j)
            dot_rows<kR>(A + (idx)i * K, K, Bt + (idx)j * K, K, C + (idx)i * N + j, N);
    for (; i < M; ++i)
        for (int j = j0; j < j0 + jw; ++j)
            dot_rows<1>(A + (idx)i * K, K, Bt + (idx)j * K, K, C + (idx)i * N + j, N);
}

}  // namespace

void matmul(int M, int N, int K, const float* A, const float* B, float* C) {
    const int tile = kTile > 0 ? kTile : N;
#ifdef TRANSPOSE_B
    std::vector<float> bt((idx)N * K);
    constexpr int kBlk = 32;
    for (int k0 = 0; k0 < K; k0 += kBlk)
        for (int j0 = 0; j0 < N; j0 += kBlk)
            for (int k = k0; k < std::min(K, k0 + kBlk); ++k)
                for (int j = j0; j < std::min(N, j0 + kBlk); ++j)
                    bt[(idx)j * K + k] = B[(idx)k * N + j];
    for (int j0 = 0; j0 < N; j0 += tile) dot_panel(M, N, K, A, bt.data(), C, j0, std::min(tile, N - j0));
#else
    std::fill(C, C + (idx)M * N, 0.0f);
    for (int j0 = 0; j0 < N; j0 += tile) {
        const int jw = std::min(tile, N - j0);
        if (kTile > 0 && jw == kTile)
            row_panel<kTile>(M, N, K, A, B, C, j0, jw);
        else
            row_panel<0>(M, N, K, A, B, C, j0, jw);
    }
#endif
}
