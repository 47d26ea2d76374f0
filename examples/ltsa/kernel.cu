// SPDX-License-Identifier: GPL-3.0-or-later
// The local step of LTSA: the editable kernel of the ltsa target.
//
// Baseline (every idea off): squared norms; the full N x N squared-distance matrix
// |x|^2 + |y|^2 - 2 x.y, one thread per entry; one thread per row scans its row and keeps the K
// smallest by insertion; one thread per point centres its neighbours, forms the K x K Gram matrix and
// diagonalizes it by cyclic Jacobi; one thread per point applies I - G G^T to the probes and scatters
// the result with atomics. The ideas in phylo.toml select the variants below with -D macros.

#include "workload.h"

#include <cfloat>
#include <cstddef>
#include <cstdio>

#ifndef BLOCK
#    define BLOCK 256
#endif
#ifdef FAST_MATH
#    define RSQRT(x) rsqrtf(x)
#    define DIVIDE(a, b) __fdividef(a, b)
#else
#    define RSQRT(x) (1.0f / sqrtf(x))
#    define DIVIDE(a, b) ((a) / (b))
#endif

using namespace ltsa;

static_assert(BLOCK % 32 == 0 && BLOCK >= 32 && BLOCK <= 1024, "BLOCK: whole warps, at most 1024 threads");
static_assert(D % 4 == 0, "float4 loads need D to be a multiple of 4");

namespace {

/// One point's D coordinates into registers (float4 loads with vec4; rows are 64-byte aligned).
__device__ inline void loadPoint(const float* p, float (&x)[D])
{
#ifdef VEC4
#    pragma unroll
    for (int q = 0; q < D / 4; ++q) {
        const float4 v = reinterpret_cast<const float4*>(p)[q];
        x[4 * q] = v.x;
        x[4 * q + 1] = v.y;
        x[4 * q + 2] = v.z;
        x[4 * q + 3] = v.w;
    }
#else
#    pragma unroll
    for (int d = 0; d < D; ++d)
        x[d] = p[d];
#endif
}

__global__ void __launch_bounds__(BLOCK) squaredNorms(const float* points, float* norms)
{
    const int i = blockIdx.x * BLOCK + threadIdx.x;
    if (i >= N)
        return;
    float x[D];
    loadPoint(points + std::size_t(i) * D, x);
    float s = 0;
    for (int d = 0; d < D; ++d)
        s += x[d] * x[d];
    norms[i] = s;
}

/** The K smallest (distance, index) pairs seen so far, ascending. */
struct TopK
{
    float dist[K];
    int index[K];

    __device__ void init()
    {
        for (int k = 0; k < K; ++k) {
            dist[k] = FLT_MAX;
            index[k] = -1;
        }
    }
    __device__ void write(float* outDist, int* outIndex) const
    {
        for (int k = 0; k < K; ++k) {
            outDist[k] = dist[k];
            outIndex[k] = index[k];
        }
    }
    __device__ void insert(float d, int j)
    {
        if (d >= dist[K - 1])
            return;
        int k = K - 1;
        for (; k > 0 && dist[k - 1] > d; --k) {
            dist[k] = dist[k - 1];
            index[k] = index[k - 1];
        }
        dist[k] = d;
        index[k] = j;
    }
};

#ifdef WARP_TOPK
constexpr unsigned kFullMask = 0xffffffffu;

/// Merges the 32 lanes' lists into the warp's K smallest; lane 0 writes them.
__device__ void warpMerge(const TopK& t, float* outDist, int* outIndex)
{
    const int lane = threadIdx.x & 31;
    int head = 0;
    for (int k = 0; k < K; ++k) {
        float best = head < K ? t.dist[head] : FLT_MAX;
        int who = lane;
        for (int offset = 16; offset > 0; offset >>= 1) {
            const float otherDist = __shfl_xor_sync(kFullMask, best, offset);
            const int otherLane = __shfl_xor_sync(kFullMask, who, offset);
            if (otherDist < best || (otherDist == best && otherLane < who)) {
                best = otherDist;
                who = otherLane;
            }
        }
        const int index = __shfl_sync(kFullMask, head < K ? t.index[head] : -1, who);
        if (lane == who)
            ++head;
        if (lane == 0) {
            outDist[k] = best;
            outIndex[k] = index;
        }
    }
}
#endif

#ifndef FUSED_KNN
/// dist[i * N + j] = |x_i|^2 + |x_j|^2 - 2 x_i . x_j, on 16 x 16 thread blocks.
__global__ void distanceMatrix(const float* points, const float* norms, float* dist)
{
    const int i = blockIdx.y * 16 + threadIdx.y, j = blockIdx.x * 16 + threadIdx.x;
    if (i >= N || j >= N)
        return;
    float xi[D], xj[D];
    loadPoint(points + std::size_t(i) * D, xi);
    loadPoint(points + std::size_t(j) * D, xj);
    float dot = 0;
    for (int d = 0; d < D; ++d)
        dot += xi[d] * xj[d];
    dist[std::size_t(i) * N + j] = norms[i] + norms[j] - 2.0f * dot;
}

/// The K nearest other points of each row of the distance matrix: a thread per row, or a warp (warp_topk).
__global__ void __launch_bounds__(BLOCK) selectFromMatrix(const float* dist, float* knnDist2, int* knnIndex)
{
#    ifdef WARP_TOPK
    const int row = (blockIdx.x * BLOCK + threadIdx.x) / 32, lane = threadIdx.x & 31;
    if (row >= N)
        return; // the whole warp: a warp shares its row
    TopK t;
    t.init();
    for (int j = lane; j < N; j += 32)
        if (j != row)
            t.insert(dist[std::size_t(row) * N + j], j);
    warpMerge(t, knnDist2 + std::size_t(row) * K, knnIndex + std::size_t(row) * K);
#    else
    const int row = blockIdx.x * BLOCK + threadIdx.x;
    if (row >= N)
        return;
    TopK t;
    t.init();
    for (int j = 0; j < N; ++j)
        if (j != row)
            t.insert(dist[std::size_t(row) * N + j], j);
    t.write(knnDist2 + std::size_t(row) * K, knnIndex + std::size_t(row) * K);
#    endif
}
#else
/// fused_knn: distances computed on the fly against tiles of BLOCK points staged in shared memory.
/// A thread per query point, or a warp per query point (warp_topk) whose lanes split each tile.
__global__ void __launch_bounds__(BLOCK)
    fusedKnn(const float* points, const float* norms, float* knnDist2, int* knnIndex)
{
    __shared__ float tile[BLOCK][D + 1]; // +1: lanes reading different points hit different banks
    __shared__ float tileNorm[BLOCK];
#    ifdef WARP_TOPK
    const int query = (blockIdx.x * BLOCK + threadIdx.x) / 32, lane = threadIdx.x & 31, first = lane, stride = 32;
#    else
    const int query = blockIdx.x * BLOCK + threadIdx.x, first = 0, stride = 1;
#    endif
    const bool valid = query < N; // every thread stays for the barriers
    float q[D];
    loadPoint(points + std::size_t(valid ? query : 0) * D, q);
    const float qNorm = norms[valid ? query : 0];
    TopK t;
    t.init();
    for (int base = 0; base < N; base += BLOCK) {
        __syncthreads();
        const int p = base + threadIdx.x;
        if (p < N) {
            float x[D];
            loadPoint(points + std::size_t(p) * D, x);
            for (int d = 0; d < D; ++d)
                tile[threadIdx.x][d] = x[d];
            tileNorm[threadIdx.x] = norms[p];
        }
        __syncthreads();
        for (int c = first; c < BLOCK && base + c < N; c += stride) {
            float dot = 0;
            for (int d = 0; d < D; ++d)
                dot += q[d] * tile[c][d];
            if (base + c != query)
                t.insert(qNorm + tileNorm[c] - 2.0f * dot, base + c);
        }
    }
    if (!valid)
        return;
#    ifdef WARP_TOPK
    warpMerge(t, knnDist2 + std::size_t(query) * K, knnIndex + std::size_t(query) * K);
#    else
    t.write(knnDist2 + std::size_t(query) * K, knnIndex + std::size_t(query) * K);
#    endif
}
#endif

#ifdef SUBSPACE_ITER
/// Top-2 eigenpairs of the symmetric K x K matrix G by SUBSPACE_ITER steps of subspace iteration and a
/// final 2 x 2 Rayleigh-Ritz rotation.
__device__ void topTwo(const float (&g)[K][K], float (&vec)[2][K], float (&val)[2])
{
    float z[2][K];
    for (int a = 0; a < K; ++a) { // fixed start vectors, almost surely not orthogonal to the top space
        z[0][a] = cosf(1.3f * a);
        z[1][a] = sinf(1.7f * a + 0.5f);
    }
    for (int it = 0; it < SUBSPACE_ITER; ++it) {
        for (int c = 0; c < 2; ++c)
            for (int a = 0; a < K; ++a) {
                float s = 0;
                for (int b = 0; b < K; ++b)
                    s += g[a][b] * z[c][b];
                vec[c][a] = s;
            }
        float n0 = 0, d01 = 0, n1 = 0; // Gram-Schmidt
        for (int a = 0; a < K; ++a)
            n0 += vec[0][a] * vec[0][a];
        for (int a = 0; a < K; ++a) {
            z[0][a] = vec[0][a] * RSQRT(n0);
            d01 += z[0][a] * vec[1][a];
        }
        for (int a = 0; a < K; ++a) {
            z[1][a] = vec[1][a] - d01 * z[0][a];
            n1 += z[1][a] * z[1][a];
        }
        for (int a = 0; a < K; ++a)
            z[1][a] *= RSQRT(n1);
    }
    float h[2][2] = {}; // H = Z^T G Z
    for (int a = 0; a < K; ++a)
        for (int b = 0; b < K; ++b) {
            h[0][0] += z[0][a] * g[a][b] * z[0][b];
            h[0][1] += z[0][a] * g[a][b] * z[1][b];
            h[1][1] += z[1][a] * g[a][b] * z[1][b];
        }
    const float mean = 0.5f * (h[0][0] + h[1][1]), half = 0.5f * (h[0][0] - h[1][1]);
    const float radius = sqrtf(half * half + h[0][1] * h[0][1]);
    val[0] = mean + radius;
    val[1] = mean - radius;
    const float theta = 0.5f * atan2f(2.0f * h[0][1], h[0][0] - h[1][1]); // rotation onto H's eigenvectors
    const float c = cosf(theta), s = sinf(theta);
    for (int a = 0; a < K; ++a) {
        vec[0][a] = c * z[0][a] + s * z[1][a];
        vec[1][a] = -s * z[0][a] + c * z[1][a];
    }
}
#else
/// Top-2 eigenpairs of the symmetric K x K matrix G by cyclic Jacobi rotations (G is overwritten).
__device__ void topTwo(float (&g)[K][K], float (&vec)[2][K], float (&val)[2])
{
    float v[K][K];
    for (int a = 0; a < K; ++a)
        for (int b = 0; b < K; ++b)
            v[a][b] = a == b ? 1.0f : 0.0f;
    for (int sweep = 0; sweep < 12; ++sweep) {
        float off = 0, diag = 0;
        for (int p = 0; p < K; ++p) {
            diag += g[p][p] * g[p][p];
            for (int q = p + 1; q < K; ++q)
                off += g[p][q] * g[p][q];
        }
        if (off <= 1e-14f * diag)
            break;
        for (int p = 0; p < K - 1; ++p)
            for (int q = p + 1; q < K; ++q) {
                if (g[p][q] == 0.0f)
                    continue;
                const float theta = DIVIDE(g[q][q] - g[p][p], 2.0f * g[p][q]);
                const float t = copysignf(1.0f, theta) / (fabsf(theta) + sqrtf(theta * theta + 1.0f));
                const float c = RSQRT(t * t + 1.0f), s = t * c;
                for (int r = 0; r < K; ++r) { // columns p, q of G and V
                    const float gp = g[r][p], gq = g[r][q], vp = v[r][p], vq = v[r][q];
                    g[r][p] = c * gp - s * gq;
                    g[r][q] = s * gp + c * gq;
                    v[r][p] = c * vp - s * vq;
                    v[r][q] = s * vp + c * vq;
                }
                for (int r = 0; r < K; ++r) { // rows p, q of G
                    const float gp = g[p][r], gq = g[q][r];
                    g[p][r] = c * gp - s * gq;
                    g[q][r] = s * gp + c * gq;
                }
            }
    }
    int first = 0;
    for (int a = 1; a < K; ++a)
        first = g[a][a] > g[first][first] ? a : first;
    int second = first == 0 ? 1 : 0;
    for (int a = 0; a < K; ++a)
        second = a != first && g[a][a] > g[second][second] ? a : second;
    val[0] = g[first][first];
    val[1] = g[second][second];
    for (int a = 0; a < K; ++a) {
        vec[0][a] = v[a][first];
        vec[1][a] = v[a][second];
    }
}
#endif

/// Per point: centre the neighbours, Gram matrix, its top-2 eigenpairs (LOCAL_EIG and the basis g_1, g_2).
__global__ void __launch_bounds__(BLOCK)
    localTangent(const float* points, const int* knnIndex, float* localEig, float* basis)
{
    const int i = blockIdx.x * BLOCK + threadIdx.x;
    if (i >= N)
        return;
    float x[K][D], mean[D] = {};
    for (int s = 0; s < K; ++s) {
        loadPoint(points + std::size_t(knnIndex[std::size_t(i) * K + s]) * D, x[s]);
        for (int d = 0; d < D; ++d)
            mean[d] += x[s][d];
    }
    for (int s = 0; s < K; ++s)
        for (int d = 0; d < D; ++d)
            x[s][d] -= mean[d] * (1.0f / K);
    float g[K][K];
    for (int a = 0; a < K; ++a)
        for (int b = a; b < K; ++b) {
            float dot = 0;
            for (int d = 0; d < D; ++d)
                dot += x[a][d] * x[b][d];
            g[a][b] = g[b][a] = dot;
        }
    float vec[2][K], val[2];
    topTwo(g, vec, val);
    for (int c = 0; c < DIM; ++c)
        localEig[std::size_t(i) * DIM + c] = val[c];
    for (int s = 0; s < K; ++s)
        for (int c = 0; c < DIM; ++c)
            basis[(std::size_t(i) * K + s) * DIM + c] = vec[c][s];
}

/// ALIGN_PROBE += S_i (I - G_i G_i^T) S_i^T PROBE_IN for each point i (zeroed before; atomics scatter).
__global__ void __launch_bounds__(BLOCK)
    alignProbes(const int* knnIndex, const float* basis, const float* probeIn, float* alignProbe)
{
    const int i = blockIdx.x * BLOCK + threadIdx.x;
    if (i >= N)
        return;
    const int* nb = knnIndex + std::size_t(i) * K;
    const float* g = basis + std::size_t(i) * K * DIM;
    for (int r = 0; r < PROBES; ++r) {
        float y[K], mean = 0, p0 = 0, p1 = 0;
        for (int s = 0; s < K; ++s) {
            y[s] = probeIn[std::size_t(nb[s]) * PROBES + r];
            mean += y[s];
            p0 += g[s * DIM] * y[s];
            p1 += g[s * DIM + 1] * y[s];
        }
        mean *= 1.0f / K;
        for (int s = 0; s < K; ++s)
            atomicAdd(
                &alignProbe[std::size_t(nb[s]) * PROBES + r], y[s] - mean - g[s * DIM] * p0 - g[s * DIM + 1] * p1);
    }
}

/// Scratch memory, allocated on the first launch and kept (the size is fixed; cudaFree would
/// synchronize the device). cudaMalloc enqueues no work.
void* scratch(std::size_t bytes)
{
    static void* buffer = nullptr;
    static std::size_t capacity = 0;
    if (bytes > capacity) {
        if (cudaMalloc(&buffer, bytes) != cudaSuccess) {
            std::fprintf(stderr, "ltsa: cannot allocate %zu bytes of scratch\n", bytes);
            return nullptr;
        }
        capacity = bytes;
    }
    return buffer;
}

int blocksFor(std::size_t threads)
{
    return int((threads + BLOCK - 1) / BLOCK);
}

} // namespace

void ltsa::localTangentSpace(
    const float* points, const float* probeIn, float* knnDist2, float* localEig, float* alignProbe, cudaStream_t stream)
{
#ifdef FUSED_KNN
    constexpr std::size_t matrixFloats = 0;
#else
    constexpr std::size_t matrixFloats = std::size_t(N) * N;
#endif
    // Layout: norms (N), basis (N K DIM), neighbour indices (N K ints), distance matrix.
    char* base = static_cast<char*>(scratch(4 * (N + std::size_t(N) * K * DIM + std::size_t(N) * K + matrixFloats)));
    if (!base)
        return;
    float* norms = reinterpret_cast<float*>(base);
    float* basis = norms + N;
    int* knnIndex = reinterpret_cast<int*>(basis + std::size_t(N) * K * DIM);
    squaredNorms<<<blocksFor(N), BLOCK, 0, stream>>>(points, norms);
#ifdef WARP_TOPK
    constexpr std::size_t selectThreads = std::size_t(N) * 32;
#else
    constexpr std::size_t selectThreads = N;
#endif
#ifdef FUSED_KNN
    fusedKnn<<<blocksFor(selectThreads), BLOCK, 0, stream>>>(points, norms, knnDist2, knnIndex);
#else
    float* dist = reinterpret_cast<float*>(knnIndex + std::size_t(N) * K);
    distanceMatrix<<<dim3((N + 15) / 16, (N + 15) / 16), dim3(16, 16), 0, stream>>>(points, norms, dist);
    selectFromMatrix<<<blocksFor(selectThreads), BLOCK, 0, stream>>>(dist, knnDist2, knnIndex);
#endif
    localTangent<<<blocksFor(N), BLOCK, 0, stream>>>(points, knnIndex, localEig, basis);
    cudaMemsetAsync(alignProbe, 0, std::size_t(N) * PROBES * sizeof(float), stream);
    alignProbes<<<blocksFor(N), BLOCK, 0, stream>>>(knnIndex, basis, probeIn, alignProbe);
}
