// SPDX-License-Identifier: GPL-3.0-or-later
// GraphWave heat wavelets by a Chebyshev recurrence, then their characteristic functions: the
// editable kernel of the graphwave target.
//
// Baseline (every idea off): one thread per (node, vector) entry of the N x NVEC block. Each
// Chebyshev step T_k = 2 x T_(k-1) - T_(k-2), x = L - I = -D^-1/2 A D^-1/2, is a CSR sparse-times-
// dense kernel that writes T_k over T_(k-2); a second kernel adds c_k T_k to the wavelets. A last
// kernel sums cos/sin terms per wavelet with a shared-memory reduction and one atomic per block.
// The ideas in phylo.toml select the variants below with -D macros.

#include "workload.h"

#include <cstddef>
#include <cstdio>

#ifndef BLOCK
#    define BLOCK 256
#endif
#ifndef COLS_PER_THREAD
#    define COLS_PER_THREAD 1
#endif
#ifndef TRIG_CALLS
#    define TRIG_CALLS 16 // sine evaluations per wavelet entry in the characteristic function
#endif

using namespace graphwave;

static_assert(BLOCK % 32 == 0 && BLOCK >= 2 * NVEC && BLOCK <= 1024 && (BLOCK & (BLOCK - 1)) == 0,
    "BLOCK: a power of two, whole warps, at most 1024");
static_assert(NVEC % COLS_PER_THREAD == 0, "COLS_PER_THREAD divides NVEC");
static_assert(TRIG_CALLS == 1 || TRIG_CALLS == 8 || TRIG_CALLS == 16, "TRIG_CALLS: 1, 8 or 16");

namespace {

constexpr int kCols = COLS_PER_THREAD;
constexpr int kGroups = NVEC / kCols; ///< threads per row, one per kCols columns
#ifdef WARP_PER_ROW
constexpr int kSlices = 32 / kGroups; ///< threads sharing each column group: a warp per row
#else
constexpr int kSlices = 1;
#endif
constexpr int kThreadsPerRow = kGroups * kSlices;

/// Loads kCols consecutive floats (aligned to kCols floats): float4 / float2 loads where they fit.
__device__ inline void loadCols(const float* p, float (&v)[kCols])
{
    if constexpr (kCols % 4 == 0) {
#pragma unroll
        for (int q = 0; q < kCols / 4; ++q) {
            const float4 x = reinterpret_cast<const float4*>(p)[q];
            v[4 * q] = x.x;
            v[4 * q + 1] = x.y;
            v[4 * q + 2] = x.z;
            v[4 * q + 3] = x.w;
        }
    } else if constexpr (kCols == 2) {
        const float2 x = *reinterpret_cast<const float2*>(p);
        v[0] = x.x;
        v[1] = x.y;
    } else {
#pragma unroll
        for (int c = 0; c < kCols; ++c)
            v[c] = p[c];
    }
}

/// dinv[i] = 1 / sqrt(degree of i).
__global__ void inverseSqrtDegree(const int* rowPtr, float* dinv)
{
    const int i = blockIdx.x * BLOCK + threadIdx.x;
    if (i < N)
        dinv[i] = 1.0f / sqrtf(float(rowPtr[i + 1] - rowPtr[i]));
}

/// T_0 = the indicator block (zeroed before): one 1 per column at its source (D^-1/2 e with scaled_basis).
__global__ void seedSources(const int* sources, const float* dinv, float* t0)
{
    const int b = threadIdx.x;
    if (b < NVEC) {
#ifdef SCALED_BASIS
        t0[sources[b] * NVEC + b] = dinv[sources[b]];
#else
        t0[sources[b] * NVEC + b] = 1.0f;
#endif
    }
}

/**
 * One Chebyshev step: out = alpha * x_in + beta * out, where x = -D^-1/2 A D^-1/2 (the sign is folded
 * into alpha) and out holds T_(k-2) on entry when HAS_PREV. With fuse_accum it also adds ck * out to W.
 * With scaled_basis the vectors are U = D^-1/2 T and the step is U_k = alpha D^-1 A U_(k-1) + beta U_(k-2).
 * A row is handled by kGroups threads (kCols columns each), times kSlices with warp_per_row, whose
 * slices of the row's entries are summed with warp shuffles.
 */
__global__ void __launch_bounds__(BLOCK) chebyshevStep(const int* rowPtr, const int* colIdx, const float* dinv,
    const float* in, float* out, float alpha, float beta, bool hasPrev, float* w, float ck)
{
    const int thread = blockIdx.x * BLOCK + threadIdx.x;
    const int row = thread / kThreadsPerRow;
    if (row >= N)
        return; // with warp_per_row, a whole warp: it shares its row
    const int col = (thread % kGroups) * kCols, slice = (thread % kThreadsPerRow) / kGroups;
    float acc[kCols] = {};
    for (int e = rowPtr[row] + slice; e < rowPtr[row + 1]; e += kSlices) {
        const int j = colIdx[e];
        float v[kCols];
        loadCols(in + std::size_t(j) * NVEC + col, v);
#ifdef SCALED_BASIS
        const float scale = 1.0f;
#else
        const float scale = dinv[j];
#endif
#pragma unroll
        for (int c = 0; c < kCols; ++c)
            acc[c] += scale * v[c];
    }
#pragma unroll
    for (int offset = kThreadsPerRow / 2; offset >= kGroups; offset /= 2)
        for (int c = 0; c < kCols; ++c)
            acc[c] += __shfl_down_sync(0xffffffffu, acc[c], offset);
    if (slice != 0)
        return;
#ifdef SCALED_BASIS
    const float rowScale = alpha * dinv[row] * dinv[row];
#else
    const float rowScale = alpha * dinv[row];
#endif
    const std::size_t base = std::size_t(row) * NVEC + col;
#pragma unroll
    for (int c = 0; c < kCols; ++c) {
        const float value = rowScale * acc[c] + (hasPrev ? beta * out[base + c] : 0.0f);
        out[base + c] = value;
#ifdef FUSE_ACCUM
        w[base + c] += ck * value;
#endif
    }
}

/// W += ck * T over the whole block.
__global__ void accumulate(const float* t, float ck, float* w)
{
    const int e = blockIdx.x * BLOCK + threadIdx.x;
    if (e < N * NVEC)
        w[e] += ck * t[e];
}

#ifdef SCALED_BASIS
/// W = D^1/2 V, undoing the scaling of the accumulated U vectors.
__global__ void unscale(const float* dinv, float* w)
{
    const int e = blockIdx.x * BLOCK + threadIdx.x;
    if (e < N * NVEC)
        w[e] /= dinv[e / NVEC];
}
#endif

/// Characteristic-function sums (charfn zeroed before). A thread keeps one column: BLOCK and the
/// grid stride are multiples of NVEC, so element e of the row-major block has column e % NVEC.
__global__ void characteristic(const float* w, Params p, float* charfn)
{
    __shared__ float red[BLOCK];
    float acc[2 * NT] = {};
    for (int e = blockIdx.x * BLOCK + threadIdx.x; e < N * NVEC; e += gridDim.x * BLOCK) {
        const float x = w[e];
#if TRIG_CALLS == 1
        // One sincos of the first half-angle a = t_0 x / 2; t_j = (j + 1) t_0, so the angle addition
        // formulas step (sin, cos) of (j + 1) a from j a.
        float s1, c1;
        sincosf(0.5f * p.t[0] * x, &s1, &c1);
        float s = s1, c = c1;
#    pragma unroll
        for (int j = 0; j < NT; ++j) {
            acc[j] += 2.0f * s * s; // 1 - cos(2 b) = 2 sin^2 b
            acc[NT + j] += 2.0f * s * c; // sin(2 b) = 2 sin b cos b
            const float next = s * c1 + c * s1;
            c = c * c1 - s * s1;
            s = next;
        }
#elif TRIG_CALLS == 8
        // One sincos of the half-angle per sample point gives both terms.
#    pragma unroll
        for (int j = 0; j < NT; ++j) {
            float s, c;
            sincosf(0.5f * p.t[j] * x, &s, &c);
            acc[j] += 2.0f * s * s;
            acc[NT + j] += 2.0f * s * c;
        }
#else
#    pragma unroll
        for (int j = 0; j < NT; ++j) {
            const float half = sinf(0.5f * p.t[j] * x);
            acc[NT + j] += sinf(p.t[j] * x);
            acc[j] += 2.0f * half * half;
        }
#endif
    }
    const int tid = threadIdx.x;
    for (int q = 0; q < 2 * NT; ++q) {
        red[tid] = acc[q];
        __syncthreads();
        for (int s = BLOCK / 2; s >= NVEC; s >>= 1) {
            if (tid < s)
                red[tid] += red[tid + s];
            __syncthreads();
        }
        if (tid < NVEC)
            atomicAdd(&charfn[(tid * NT + q % NT) * 2 + q / NT], red[tid]);
        __syncthreads();
    }
}

/// Scratch memory: two N x NVEC Chebyshev vectors and dinv. Allocated on the first launch and kept
/// (the size is fixed; cudaFree would synchronize the device). cudaMalloc enqueues no work.
float* scratch(std::size_t floats)
{
    static float* buffer = nullptr;
    static std::size_t capacity = 0;
    if (floats > capacity) {
        if (cudaMalloc(&buffer, floats * sizeof(float)) != cudaSuccess) {
            std::fprintf(stderr, "graphwave: cannot allocate %zu bytes of scratch\n", floats * sizeof(float));
            return nullptr;
        }
        capacity = floats;
    }
    return buffer;
}

int blocksFor(long long threads)
{
    return int((threads + BLOCK - 1) / BLOCK);
}

} // namespace

void graphwave::waveletCharacteristic(
    const Params& params, const int* graph, const int* sources, float* wavelets, float* charfn, cudaStream_t stream)
{
    constexpr std::size_t block = std::size_t(N) * NVEC;
    float* buffer = scratch(2 * block + N);
    if (!buffer)
        return;
    float* prev = buffer; // T_(k-2), overwritten by T_k
    float* cur = buffer + block; // T_(k-1)
    float* dinv = buffer + 2 * block;
    const int* rowPtr = graph;
    const int* colIdx = graph + N + 1;
    const int stepBlocks = blocksFor(std::size_t(N) * kThreadsPerRow);
    const int elementBlocks = blocksFor(block);

    inverseSqrtDegree<<<blocksFor(N), BLOCK, 0, stream>>>(rowPtr, dinv);
    cudaMemsetAsync(prev, 0, block * sizeof(float), stream);
    cudaMemsetAsync(wavelets, 0, block * sizeof(float), stream);
    seedSources<<<1, 32, 0, stream>>>(sources, dinv, prev);
    accumulate<<<elementBlocks, BLOCK, 0, stream>>>(prev, params.coeff[0], wavelets);
    // T_1 = x T_0, then T_k = 2 x T_(k-1) - T_(k-2), each written over the older vector.
    chebyshevStep<<<stepBlocks, BLOCK, 0, stream>>>(
        rowPtr, colIdx, dinv, prev, cur, -1.0f, 0.0f, false, wavelets, params.coeff[1]);
#ifndef FUSE_ACCUM
    accumulate<<<elementBlocks, BLOCK, 0, stream>>>(cur, params.coeff[1], wavelets);
#endif
    for (int k = 2; k <= ORDER; ++k) {
        chebyshevStep<<<stepBlocks, BLOCK, 0, stream>>>(
            rowPtr, colIdx, dinv, cur, prev, -2.0f, -1.0f, true, wavelets, params.coeff[k]);
#ifndef FUSE_ACCUM
        accumulate<<<elementBlocks, BLOCK, 0, stream>>>(prev, params.coeff[k], wavelets);
#endif
        float* older = prev;
        prev = cur;
        cur = older;
    }
#ifdef SCALED_BASIS
    unscale<<<elementBlocks, BLOCK, 0, stream>>>(dinv, wavelets);
#endif
    cudaMemsetAsync(charfn, 0, 2 * NVEC * NT * sizeof(float), stream);
    characteristic<<<4 * 132, BLOCK, 0, stream>>>(wavelets, params, charfn);
}
