// SPDX-License-Identifier: GPL-3.0-or-later
// One Heun step of the LLG equation on a 2D grid: the editable kernel of the llg target.
//
// Baseline (every idea off): a predictor kernel computes k1 = dm/dt at m0 from a 5-point stencil
// read straight from global memory, writes the predictor m1 = norm(m0 + dt k1) and dt k1 to scratch
// arrays; a corrector kernel computes k2 at m1 and writes norm(m0 + dt/2 (k1 + k2)).
// The ideas in phylo.toml select the variants below with -D macros.

#include "workload.h"

#include <cstddef>
#include <cstdio>

#ifndef BLOCK_X
#    define BLOCK_X 32
#endif
#ifndef BLOCK_Y
#    define BLOCK_Y 8
#endif
#ifndef ROWS_PER_THREAD
#    define ROWS_PER_THREAD 1
#endif

static_assert(BLOCK_X * BLOCK_Y >= 32 && BLOCK_X * BLOCK_Y <= 1024, "a block holds 32 to 1024 threads");
static_assert(ROWS_PER_THREAD >= 1, "each thread handles at least one row");

namespace {

constexpr int kTileY = BLOCK_Y * ROWS_PER_THREAD; ///< grid rows covered by one block

/** Everything a kernel needs, in float: B = cex * laplacian + bext + cani (m.u) u; dt*dm/dt = -h (...). */
struct Coeffs
{
    int nx, ny;
    float cex; ///< 2 A / (Ms d^2), T
    float cani; ///< 2 Ku / Ms, T
    float h; ///< gamma dt / (1 + alpha^2), 1/T
    float alpha;
    float3 bext, u;
    float cexH; ///< -h cex (LEAN_STENCIL)
    float3 bextH, uH; ///< -h bext, -h cani u (LEAN_STENCIL)
};

__device__ inline float3 operator+(float3 a, float3 b)
{
    return make_float3(a.x + b.x, a.y + b.y, a.z + b.z);
}
[[maybe_unused]] __device__ inline float3 operator-(float3 a, float3 b)
{
    return make_float3(a.x - b.x, a.y - b.y, a.z - b.z);
}
__device__ inline float3 operator*(float s, float3 a)
{
    return make_float3(s * a.x, s * a.y, s * a.z);
}
__device__ inline float dot(float3 a, float3 b)
{
    return a.x * b.x + a.y * b.y + a.z * b.z;
}
__device__ inline float3 cross(float3 a, float3 b)
{
    return make_float3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x);
}
/// 1 / sqrt(Q), Q = |a|^2 of a vector to normalize.
__device__ inline float reciprocalLength(float q)
{
#ifdef FAST_MATH
    // The hardware reciprocal square root (2 ulp), flushing denormals: |a|^2 is close to 1 here, and rsqrtf
    // would add a test and two scalings per call for denormal inputs.
    float r;
    asm("rsqrt.approx.ftz.f32 %0, %1;" : "=f"(r) : "f"(q));
    return r;
#else
    return 1.0f / sqrtf(q);
#endif
}

__device__ inline float3 normalized(float3 a)
{
    return reciprocalLength(dot(a, a)) * a;
}

/// A normalized, and |A| in LENGTH (as |A|^2 / |A|: one multiply more than normalized()).
[[maybe_unused]] __device__ inline float3 normalized(float3 a, float& length)
{
    const float q = dot(a, a);
    const float r = reciprocalLength(q);
    length = q * r;
    return r * a;
}

[[maybe_unused]] __device__ inline float3 load3(const float* m, int c)
{
    return make_float3(m[3 * c], m[3 * c + 1], m[3 * c + 2]);
}
__device__ inline void store3(float* m, int c, float3 v)
{
    m[3 * c] = v.x;
    m[3 * c + 1] = v.y;
    m[3 * c + 2] = v.z;
}

/// dt * dm/dt at a cell of magnetization C whose four neighbours are W, E, S, N (a missing one is C).
__device__ inline float3 increment(const Coeffs& k, float3 c, float3 w, float3 e, float3 s, float3 n)
{
#ifdef LEAN_STENCIL
    // -h B with the constants folded into FMAs: -h cex (w + e + s + n) - h bext + (c.uH) u, uH = -h cani u. The
    // exchange field's self term 4 h cex c is left out: it is parallel to c, and both cross products below
    // annihilate it (the result changes only by float rounding).
    const float3 sum = (w + e) + (s + n);
    const float q = dot(c, k.uH);
    const float3 b = make_float3(fmaf(k.cexH, sum.x, fmaf(q, k.u.x, k.bextH.x)),
        fmaf(k.cexH, sum.y, fmaf(q, k.u.y, k.bextH.y)), fmaf(k.cexH, sum.z, fmaf(q, k.u.z, k.bextH.z)));
    const float3 mxb = cross(c, b);
    return mxb + k.alpha * cross(c, mxb);
#else
    const float3 lap = (w - c) + (e - c) + (s - c) + (n - c);
    const float3 b = k.cex * lap + k.bext + (k.cani * dot(c, k.u)) * k.u;
    const float3 mxb = cross(c, b);
    return (-k.h) * (mxb + k.alpha * cross(c, mxb));
#endif
}

#if !defined(STREAM_ROWS) && !defined(FUSE_STAGES) && !defined(WARP_STREAM) // the two-kernel path
/// dt * dm/dt at cell (x, y) of the field M; open boundaries: clamping repeats the cell itself.
__device__ inline float3 stencilIncrement(const Coeffs& k, const float* m, int x, int y)
{
    const int row = y * k.nx;
    const int ys = max(y - 1, 0) * k.nx, yn = min(y + 1, k.ny - 1) * k.nx;
    return increment(k, load3(m, row + x), load3(m, row + max(x - 1, 0)), load3(m, row + min(x + 1, k.nx - 1)),
        load3(m, ys + x), load3(m, yn + x));
}

/// Predictor: m1 = norm(m0 + dt k1), and dt k1 (unless the corrector recomputes it).
__global__ void predictor(Coeffs k, const float* m0, float* m1, float* d1)
{
    const int x = blockIdx.x * BLOCK_X + threadIdx.x;
    if (x >= k.nx)
        return;
    for (int r = 0; r < ROWS_PER_THREAD; ++r) {
        const int y = blockIdx.y * kTileY + r * BLOCK_Y + threadIdx.y;
        if (y >= k.ny)
            return;
        const int c = x + y * k.nx;
        const float3 d = stencilIncrement(k, m0, x, y);
        store3(m1, c, normalized(load3(m0, c) + d));
#ifndef RECOMPUTE_K1
        store3(d1, c, d);
#endif
    }
}

/// Corrector: out = norm(m0 + (dt k1 + dt k2) / 2) with k2 taken at the predictor m1.
__global__ void corrector(Coeffs k, const float* m0, const float* m1, const float* d1, float* out)
{
    const int x = blockIdx.x * BLOCK_X + threadIdx.x;
    if (x >= k.nx)
        return;
    for (int r = 0; r < ROWS_PER_THREAD; ++r) {
        const int y = blockIdx.y * kTileY + r * BLOCK_Y + threadIdx.y;
        if (y >= k.ny)
            return;
        const int c = x + y * k.nx;
#ifdef RECOMPUTE_K1
        const float3 first = stencilIncrement(k, m0, x, y);
#else
        const float3 first = load3(d1, c);
#endif
        const float3 second = stencilIncrement(k, m1, x, y);
        store3(out, c, normalized(load3(m0, c) + 0.5f * (first + second)));
    }
}

#endif

#if defined(FUSE_STAGES) && !defined(STREAM_ROWS) && !defined(WARP_STREAM)
// Both stages in one kernel: a block stages m0 on its tile plus a 2-cell halo in shared memory,
// computes the predictor on the tile plus a 1-cell halo, then the corrector on the tile.
constexpr int kW0 = BLOCK_X + 4, kH0 = kTileY + 4; ///< m0 region
constexpr int kW1 = BLOCK_X + 2, kH1 = kTileY + 2; ///< m1 region
constexpr std::size_t kFusedSmem = 3 * sizeof(float) * (kW0 * kH0 + kW1 * kH1);

/// The value at grid cell (gx, gy), clamped into the grid, of a shared region starting at (ox, oy).
__device__ inline float3 sharedAt(const Coeffs& k, const float* s, int plane, int width, int ox, int oy, int gx, int gy)
{
    const int i = (min(max(gx, 0), k.nx - 1) - ox) + width * (min(max(gy, 0), k.ny - 1) - oy);
    return make_float3(s[i], s[plane + i], s[2 * plane + i]);
}

__device__ inline float3 sharedIncrement(
    const Coeffs& k, const float* s, int plane, int width, int ox, int oy, int gx, int gy)
{
    return increment(k, sharedAt(k, s, plane, width, ox, oy, gx, gy), sharedAt(k, s, plane, width, ox, oy, gx - 1, gy),
        sharedAt(k, s, plane, width, ox, oy, gx + 1, gy), sharedAt(k, s, plane, width, ox, oy, gx, gy - 1),
        sharedAt(k, s, plane, width, ox, oy, gx, gy + 1));
}

__global__ void fusedHeun(Coeffs k, const float* m0, float* out)
{
    extern __shared__ float smem[];
    float* s0 = smem; // m0 on the tile + 2 halo: planes x, y, z of kW0 * kH0
    float* s1 = smem + 3 * kW0 * kH0; // m1 on the tile + 1 halo: planes x, y, z of kW1 * kH1
    const int x0 = blockIdx.x * BLOCK_X, y0 = blockIdx.y * kTileY;
    const int tid = threadIdx.x + BLOCK_X * threadIdx.y, threads = BLOCK_X * BLOCK_Y;

    for (int i = tid; i < kW0 * kH0; i += threads) {
        const int gx = min(max(x0 - 2 + i % kW0, 0), k.nx - 1);
        const int gy = min(max(y0 - 2 + i / kW0, 0), k.ny - 1);
        const float3 v = load3(m0, gx + gy * k.nx);
        s0[i] = v.x;
        s0[kW0 * kH0 + i] = v.y;
        s0[2 * kW0 * kH0 + i] = v.z;
    }
    __syncthreads();
    for (int i = tid; i < kW1 * kH1; i += threads) {
        const int gx = x0 - 1 + i % kW1, gy = y0 - 1 + i / kW1;
        if (gx < 0 || gy < 0 || gx >= k.nx || gy >= k.ny)
            continue; // outside the grid: never read (neighbours are clamped into the grid)
        const float3 c = sharedAt(k, s0, kW0 * kH0, kW0, x0 - 2, y0 - 2, gx, gy);
        const float3 v = normalized(c + sharedIncrement(k, s0, kW0 * kH0, kW0, x0 - 2, y0 - 2, gx, gy));
        s1[i] = v.x;
        s1[kW1 * kH1 + i] = v.y;
        s1[2 * kW1 * kH1 + i] = v.z;
    }
    __syncthreads();
    const int x = x0 + threadIdx.x;
    if (x >= k.nx)
        return;
    for (int r = 0; r < ROWS_PER_THREAD; ++r) {
        const int y = y0 + r * BLOCK_Y + threadIdx.y;
        if (y >= k.ny)
            return;
        const float3 first = sharedIncrement(k, s0, kW0 * kH0, kW0, x0 - 2, y0 - 2, x, y);
        const float3 second = sharedIncrement(k, s1, kW1 * kH1, kW1, x0 - 1, y0 - 1, x, y);
        const float3 c = sharedAt(k, s0, kW0 * kH0, kW0, x0 - 2, y0 - 2, x, y);
        store3(out, x + y * k.nx, normalized(c + 0.5f * (first + second)));
    }
}
#endif

#if defined(STREAM_ROWS) && !defined(WARP_STREAM)
// Rows streamed through the block, both stages in one pass: a block of T = BLOCK_X * BLOCK_Y threads owns
// a strip of T - 4 output columns (plus 2 halo columns each side) and a chunk of STREAM_ROWS output rows
// (the grid's last chunk may be shorter), and walks down it one row at a time, a column per thread. Each
// thread keeps its column's m0 and predictor m1 of three consecutive rows in registers (the vertical
// neighbours); shared memory only passes a row to the left and right neighbours (two slots each for m0
// and m1, so one barrier per stage suffices). Each m0 row of the strip is read from global memory once,
// as 3T consecutive floats (the next row's loads are issued before the current row is computed); the
// predictor is computed once per cell (plus the strip's halo) and dt k1 stays in a register. Cells
// outside the grid are loaded clamped (a missing neighbour is the cell itself); the predictor's missing
// neighbours at the grid's edges are the cell itself. Deeper prefetching (a cp.async ring), 16-byte
// staged stores, a one-wave grid and forced occupancy were measured slower (docs/benchmarks/gpu.md).
constexpr int kStreamThreads = BLOCK_X * BLOCK_Y;
constexpr int kStripW = kStreamThreads - 4; ///< output columns per block
constexpr int kChunkH = STREAM_ROWS; ///< output rows per block
#    ifdef STREAM_UNROLL
constexpr int kStreamUnroll = STREAM_UNROLL; ///< row iterations unrolled (register rotation without moves)
#    else
constexpr int kStreamUnroll = 1;
#    endif
constexpr int kRowFloats = 3 * kStreamThreads; ///< one slot: a row of the strip, interleaved like m
constexpr std::size_t kStreamSmem = 2 * 2 * kRowFloats * sizeof(float);
static_assert(kStreamThreads > 4 && kChunkH >= 1, "a strip needs output columns and rows");

__device__ inline float3 slotAt(const float* slot, int t)
{
    return make_float3(slot[3 * t], slot[3 * t + 1], slot[3 * t + 2]);
}

__global__ void __launch_bounds__(kStreamThreads, 1)
    streamedHeun(Coeffs k, int chunkH, const float* __restrict__ m0, float* __restrict__ out)
{
    extern __shared__ float smem[];
    float* s0 = smem; // m0 rows: row j in slot j & 1, laid out as loaded
    float* s1 = smem + 2 * kRowFloats; // m1 rows, interleaved by thread, row r in slot r & 1
    const int t = threadIdx.x + BLOCK_X * threadIdx.y;
    const int x0 = blockIdx.x * kStripW, y0 = blockIdx.y * chunkH;
    if (y0 >= k.ny)
        return; // a chunk past the grid's last row
    const int cx = x0 - 2 + t; // this thread's column (may lie outside the grid)
    const int gx = min(max(cx, 0), k.nx - 1);
    // The whole row segment lies inside the grid: load it as 3T consecutive floats (coalesced).
    const bool inside = x0 - 2 >= 0 && x0 - 2 + kStreamThreads <= k.nx;
    auto slotOf = [&](int row) { return s0 + (row & 1) * kRowFloats; };

    float v0, v1, v2; // the next m0 row's three floats held by this thread, in flight
    auto fetch = [&](int row) {
        const int gy = min(max(row, 0), k.ny - 1);
        if (inside) {
            const float* base = m0 + 3 * (std::size_t(gy) * k.nx + (x0 - 2));
            v0 = base[t];
            v1 = base[kStreamThreads + t];
            v2 = base[2 * kStreamThreads + t];
        } else {
            const float* cell = m0 + 3 * (std::size_t(gy) * k.nx + gx);
            v0 = cell[0];
            v1 = cell[1];
            v2 = cell[2];
        }
    };
    auto keep = [&](float* slot) {
        if (inside) {
            slot[t] = v0;
            slot[kStreamThreads + t] = v1;
            slot[2 * kStreamThreads + t] = v2;
        } else {
            slot[3 * t] = v0;
            slot[3 * t + 1] = v1;
            slot[3 * t + 2] = v2;
        }
    };

    const float3 zero = make_float3(0.f, 0.f, 0.f);
    float3 aPrev = zero, aCur = zero; // m0 of rows j - 2, j - 1 in this column
    float3 bPrev = zero, bCur = zero; // m1 of rows j - 3, j - 2
    float3 k1Held = zero; // dt k1 of row j - 2
    const int yEnd = min(y0 + chunkH, k.ny); // one past the last output row
    const int last = yEnd + 1; // the last m0 row this block needs
    fetch(y0 - 2);
#    pragma unroll kStreamUnroll
    for (int j = y0 - 2; j <= last; ++j) {
        float* rowNow = slotOf(j);
        keep(rowNow);
        if (j < last)
            fetch(j + 1);
        __syncthreads();
        const float3 aNext = slotAt(rowNow, t);
        // Predictor on row r = j - 1 (the strip's columns and one halo column each side).
        const int r = j - 1;
        float3 k1 = zero, bNext = zero;
        if (r >= y0 - 1 && t >= 1 && t <= kStreamThreads - 2) {
            const float* rowMid = slotOf(r);
            k1 = increment(k, aCur, slotAt(rowMid, t - 1), slotAt(rowMid, t + 1), aPrev, aNext);
            bNext = normalized(aCur + k1);
            float* slot = s1 + (r & 1) * kRowFloats;
            slot[3 * t] = bNext.x;
            slot[3 * t + 1] = bNext.y;
            slot[3 * t + 2] = bNext.z;
        }
        __syncthreads();
        // Corrector on row y = j - 2: m1 of rows y - 1, y, y + 1 now exist (clamped at the grid's edges).
        const int y = j - 2;
        if (y >= y0 && y < yEnd && t >= 2 && t <= kStreamThreads - 3 && cx < k.nx) {
            const float* rowMid = s1 + (y & 1) * kRowFloats;
            const float3 w = cx == 0 ? bCur : slotAt(rowMid, t - 1);
            const float3 e = cx == k.nx - 1 ? bCur : slotAt(rowMid, t + 1);
            const float3 s = y == 0 ? bCur : bPrev;
            const float3 n = y == k.ny - 1 ? bCur : bNext;
            const float3 k2 = increment(k, bCur, w, e, s, n);
            store3(out, cx + y * k.nx, normalized(aPrev + 0.5f * (k1Held + k2)));
        }
        aPrev = aCur;
        aCur = aNext;
        bPrev = bCur;
        bCur = bNext;
        k1Held = k1;
    }
}
#endif

#ifdef WARP_STREAM
// Rows streamed through independent warps, both stages in one pass, no shared memory and no barriers:
// each warp owns a window of 32 * C columns (C = WARP_CELLS consecutive cells per lane; the outer 2 each
// side are halo, so 32 C - 4 output columns) and a chunk of WARP_STREAM output rows, and walks down it a row
// at a time. A lane keeps its C cells of m0 (three rows), of the predictor m1 (three rows) and |m0 + dt k1|
// in registers: vertical neighbours are registers, sideways neighbours inside a lane are registers, and only
// the two at a lane's ends cross lanes, by warp shuffles. Interior warps (the window and its halo rows
// inside the grid) walk row pointers and load and store 8-byte pairs without any clamping or edge test; the
// warps on the grid's border run a second copy of the same code with clamped loads and the open-boundary
// selects.
#    ifndef WARP_CELLS
#        define WARP_CELLS 2
#    endif
#    ifndef WARP_BLOCK
#        define WARP_BLOCK 4
#    endif
#    ifndef WARP_PREFETCH
#        define WARP_PREFETCH 0
#    endif
#    ifndef WARP_UNROLL // P + 1: the rows in flight rotate through registers without moves
#        define WARP_UNROLL (WARP_PREFETCH + 1)
#    endif
#    ifndef WARP_MIN_BLOCKS // 24 resident warps per SM: at most 80 registers a thread
#        define WARP_MIN_BLOCKS (24 / WARP_BLOCK > 0 ? 24 / WARP_BLOCK : 1)
#    endif
constexpr int kLaneCells = WARP_CELLS; ///< consecutive cells of a row per lane
constexpr int kWarpCols = 32 * kLaneCells; ///< columns a warp loads
constexpr int kWarpOut = kWarpCols - 4; ///< columns a warp writes (2 halo columns each side)
constexpr int kWarpsPerBlock = WARP_BLOCK; ///< warps of a block: consecutive chunks of one strip
constexpr int kLaneFloats = 3 * kLaneCells;
constexpr int kWarpUnroll = WARP_UNROLL; ///< row iterations unrolled (register rotation without moves)
constexpr int kWarpPrefetch = WARP_PREFETCH; ///< m0 rows loaded ahead of the one the predictor needs next
static_assert(kLaneCells >= 2 && kLaneCells % 2 == 0, "a lane holds an even number of cells (8-byte pairs)");

/// C consecutive cells of one row held by a lane.
struct LaneRow
{
    float3 c[kLaneCells];
};

/// Per cell of a lane: |m0 + dt k1|, the length the predictor divided by. The corrector's
/// norm(m0 + (dt k1 + dt k2) / 2) = norm(m0 + |m0 + dt k1| m1 + dt k2) (a normalization ignores the factor 2,
/// and m0 + dt k1 = |m0 + dt k1| m1), so one float per cell is kept instead of dt k1's three.
struct LaneLengths
{
    float l[kLaneCells];
};

__device__ inline float3 shuffledFromLeft(float3 v)
{
    return make_float3(
        __shfl_up_sync(0xffffffffu, v.x, 1), __shfl_up_sync(0xffffffffu, v.y, 1), __shfl_up_sync(0xffffffffu, v.z, 1));
}
__device__ inline float3 shuffledFromRight(float3 v)
{
    return make_float3(__shfl_down_sync(0xffffffffu, v.x, 1), __shfl_down_sync(0xffffffffu, v.y, 1),
        __shfl_down_sync(0xffffffffu, v.z, 1));
}

/// The lane's cells of one row: clamped into the grid on the border, as 8-byte pairs from P inside.
template <bool Edge>
__device__ inline void loadLaneRow(LaneRow& r, const Coeffs& k, const float* m0, int x0, int row, const float* p)
{
    if (Edge) {
        const int gy = min(max(row, 0), k.ny - 1);
#    pragma unroll
        for (int i = 0; i < kLaneCells; ++i)
            r.c[i] = load3(m0, min(max(x0 + i, 0), k.nx - 1) + gy * k.nx);
    } else {
        float f[kLaneFloats];
#    pragma unroll
        for (int q = 0; q < kLaneFloats / 2; ++q) {
            const float2 v = reinterpret_cast<const float2*>(p)[q];
            f[2 * q] = v.x;
            f[2 * q + 1] = v.y;
        }
#    pragma unroll
        for (int i = 0; i < kLaneCells; ++i)
            r.c[i] = make_float3(f[3 * i], f[3 * i + 1], f[3 * i + 2]);
    }
}

/// Predictor on a row: dt k1 and m1 = norm(m0 + dt k1) of the lane's cells, from m0 rows S, C, N.
__device__ inline void predictLaneRow(
    const Coeffs& k, const LaneRow& s, const LaneRow& c, const LaneRow& n, LaneLengths& len, LaneRow& m1)
{
    const float3 left = shuffledFromLeft(c.c[kLaneCells - 1]), right = shuffledFromRight(c.c[0]);
#    pragma unroll
    for (int i = 0; i < kLaneCells; ++i) {
        const float3 w = i == 0 ? left : c.c[i - 1];
        const float3 e = i == kLaneCells - 1 ? right : c.c[i + 1];
        m1.c[i] = normalized(c.c[i] + increment(k, c.c[i], w, e, s.c[i], n.c[i]), len.l[i]);
    }
}

/// Corrector on output row Y: m_out = norm(m0 + (dt k1 + dt k2) / 2) = norm(m0 + |m0 + dt k1| m1 + dt k2), k2 from
/// m1 rows S, C, N.
template <bool Edge>
__device__ inline void correctLaneRow(const Coeffs& k, const LaneRow& s, const LaneRow& c, const LaneRow& n,
    const LaneRow& a, const LaneLengths& len, LaneRow& result, int x0, int y)
{
    const float3 left = shuffledFromLeft(c.c[kLaneCells - 1]), right = shuffledFromRight(c.c[0]);
#    pragma unroll
    for (int i = 0; i < kLaneCells; ++i) {
        float3 w = i == 0 ? left : c.c[i - 1];
        float3 e = i == kLaneCells - 1 ? right : c.c[i + 1];
        float3 so = s.c[i], no = n.c[i];
        if (Edge) { // open boundaries: a missing neighbour is the cell itself
            if (x0 + i == 0)
                w = c.c[i];
            if (x0 + i == k.nx - 1)
                e = c.c[i];
            if (y == 0)
                so = c.c[i];
            if (y == k.ny - 1)
                no = c.c[i];
        }
        const float3 d2 = increment(k, c.c[i], w, e, so, no);
        const float l = len.l[i];
        const float3 m1 = c.c[i];
        result.c[i] = normalized(make_float3(fmaf(l, m1.x, a.c[i].x) + d2.x, fmaf(l, m1.y, a.c[i].y) + d2.y,
            fmaf(l, m1.z, a.c[i].z) + d2.z));
    }
}

/// Writes the lane's output cells of row Y (not the window's two halo columns each side, nor cells off the
/// grid); inside the grid as 8-byte pairs to P.
template <bool Edge>
__device__ inline void storeLaneRow(const LaneRow& r, const Coeffs& k, float* out, int x0, int lane, int y, float* p)
{
    if (Edge) {
#    pragma unroll
        for (int i = 0; i < kLaneCells; ++i) {
            const int local = kLaneCells * lane + i;
            if (local >= 2 && local < kWarpCols - 2 && x0 + i >= 0 && x0 + i < k.nx)
                store3(out, x0 + i + y * k.nx, r.c[i]);
        }
    } else {
        float f[kLaneFloats];
#    pragma unroll
        for (int i = 0; i < kLaneCells; ++i) {
            f[3 * i] = r.c[i].x;
            f[3 * i + 1] = r.c[i].y;
            f[3 * i + 2] = r.c[i].z;
        }
#    pragma unroll
        for (int q = 0; q < kLaneFloats / 2; ++q) {
            const int local = kLaneCells * lane + (2 * q) / 3; // the halo ends on a pair boundary (6 floats)
            if (local >= 2 && local < kWarpCols - 2)
                reinterpret_cast<float2*>(p)[q] = make_float2(f[2 * q], f[2 * q + 1]);
        }
    }
}

/// One warp's chunk: output rows [Y0, YEND) of the window starting at column X (this lane: X + C lane).
/// Inside the grid, every m0 row it loads (y0 - 2 .. yEnd + 1 + P) exists.
template <bool Edge>
__device__ inline void warpChunk(
    const Coeffs& k, const float* __restrict__ m0, float* __restrict__ out, int x, int lane, int y0, int yEnd)
{
    const int x0 = x + kLaneCells * lane;
    const std::size_t pitch = 3 * std::size_t(k.nx); // floats per grid row
    int loadRow = y0 - 2; // the next m0 row to load, and where it starts for this lane (inside the grid)
    const float* loadAt = Edge ? m0 : m0 + 3 * (std::size_t(loadRow) * k.nx + x0); // unused on the border
    float* storeAt = Edge ? out : out + 3 * (std::size_t(y0) * k.nx + x0);
    auto load = [&](LaneRow& r) {
        loadLaneRow<Edge>(r, k, m0, x0, loadRow, loadAt);
        ++loadRow;
        loadAt += pitch;
    };
    LaneRow a0, a1, a2, b0, b1, b2, result;
    LaneLengths len, lenNext;
    LaneRow ahead[kWarpPrefetch + 1]; // m0 rows y + 2 .. y + 2 + P at output row y; rows past y + 2 in flight
    // Prologue: m0 rows y0 - 2 .. y0 + 1 (and the first rows ahead), the predictor on rows y0 - 1 and y0.
    load(a0);
    load(a1);
    load(a2);
#    pragma unroll
    for (int p = 0; p <= kWarpPrefetch; ++p)
        load(ahead[p]);
    predictLaneRow(k, a0, a1, a2, len, b0); // row y0 - 1 (its length is not needed)
    predictLaneRow(k, a1, a2, ahead[0], len, b1); // row y0
    a0 = a2; // m0 rows y0, y0 + 1
    a1 = ahead[0];
#    pragma unroll
    for (int p = 0; p < kWarpPrefetch; ++p)
        ahead[p] = ahead[p + 1];
    // Invariant at output row y: a0, a1 = m0 rows y, y + 1; b0, b1 = m1 rows y - 1, y; len = |m0 + dt k1| of row y;
    // ahead[0 .. P - 1] = m0 rows y + 2 .. y + 1 + P, in flight. Registers whose loads are in flight are only
    // moved at the end of an iteration (a move waits for its load), and not at all when the loop is unrolled
    // enough (the moves become register renames).
#    pragma unroll kWarpUnroll
    for (int y = y0; y < yEnd; ++y) {
        load(ahead[kWarpPrefetch]);
        predictLaneRow(k, a0, a1, ahead[0], lenNext, b2); // row y + 1
        correctLaneRow<Edge>(k, b0, b1, b2, a0, len, result, x0, y);
        storeLaneRow<Edge>(result, k, out, x0, lane, y, storeAt);
        storeAt += pitch;
        a0 = a1;
        a1 = ahead[0];
#    pragma unroll
        for (int p = 0; p < kWarpPrefetch; ++p)
            ahead[p] = ahead[p + 1];
        b0 = b1;
        b1 = b2;
        len = lenNext;
    }
}

__global__ void __launch_bounds__(32 * kWarpsPerBlock, WARP_MIN_BLOCKS)
    warpStreamedHeun(Coeffs k, int chunkH, const float* __restrict__ m0, float* __restrict__ out)
{
    const int lane = threadIdx.x & 31;
    const int y0 = (blockIdx.y * kWarpsPerBlock + (threadIdx.x >> 5)) * chunkH;
    if (y0 >= k.ny)
        return; // the whole warp: a chunk past the grid's last row
    const int x = int(blockIdx.x) * kWarpOut - 2; // the window's first column (a halo column)
    const int yEnd = min(y0 + chunkH, k.ny);
    const bool interior
        = x >= 0 && x + kWarpCols <= k.nx && k.nx % 2 == 0 && y0 >= 2 && yEnd + 2 + kWarpPrefetch <= k.ny;
    if (interior)
        warpChunk<false>(k, m0, out, x, lane, y0, yEnd);
    else
        warpChunk<true>(k, m0, out, x, lane, y0, yEnd);
}
#endif

Coeffs makeCoeffs(const llg::Params& p)
{
    Coeffs k;
    k.nx = p.nx;
    k.ny = p.ny;
    k.cex = float(2.0 * p.Aex / (p.Ms * p.cell * p.cell));
    k.cani = float(2.0 * p.Ku / p.Ms);
    k.h = float(p.gamma * p.dt / (1.0 + p.alpha * p.alpha));
    k.alpha = float(p.alpha);
    k.bext = make_float3(float(p.Bext[0]), float(p.Bext[1]), float(p.Bext[2]));
    k.u = make_float3(float(p.u[0]), float(p.u[1]), float(p.u[2]));
    const double h = p.gamma * p.dt / (1.0 + p.alpha * p.alpha), cex = 2.0 * p.Aex / (p.Ms * p.cell * p.cell);
    k.cexH = float(-h * cex);
    const double caniH = -h * 2.0 * p.Ku / p.Ms;
    k.bextH = make_float3(float(-h * p.Bext[0]), float(-h * p.Bext[1]), float(-h * p.Bext[2]));
    k.uH = make_float3(float(caniH * p.u[0]), float(caniH * p.u[1]), float(caniH * p.u[2]));
    return k;
}

#if !defined(STREAM_ROWS) && !defined(FUSE_STAGES) && !defined(WARP_STREAM)
/// Scratch memory for m1 and dt k1, allocated on the first launch and kept: the problem size is fixed,
/// and freeing (cudaFree) would synchronize the device. cudaMalloc enqueues no work on any stream.
float* scratch(std::size_t floats)
{
    static float* buffer = nullptr;
    static std::size_t capacity = 0;
    if (floats > capacity) {
        if (cudaMalloc(&buffer, floats * sizeof(float)) != cudaSuccess) {
            std::fprintf(stderr, "llg: cannot allocate %zu bytes of scratch\n", floats * sizeof(float));
            return nullptr;
        }
        capacity = floats;
    }
    return buffer;
}
#endif

} // namespace

void llg::heunStep(const Params& params, const float* m, float* mOut, cudaStream_t stream)
{
    const Coeffs k = makeCoeffs(params);
    const dim3 block(BLOCK_X, BLOCK_Y);
    const dim3 grid((k.nx + BLOCK_X - 1) / BLOCK_X, (k.ny + kTileY - 1) / kTileY);
#if defined(WARP_STREAM)
    const int chunkH = WARP_STREAM;
    const int chunks = (k.ny + chunkH - 1) / chunkH;
    const dim3 windows((k.nx + kWarpOut - 1) / kWarpOut, (chunks + kWarpsPerBlock - 1) / kWarpsPerBlock);
    warpStreamedHeun<<<windows, 32 * kWarpsPerBlock, 0, stream>>>(k, chunkH, m, mOut);
    (void)grid;
    (void)block;
#elif defined(STREAM_ROWS)
    cudaFuncSetAttribute(streamedHeun, cudaFuncAttributeMaxDynamicSharedMemorySize, int(kStreamSmem));
    const int chunkH = kChunkH;
    const dim3 strips((k.nx + kStripW - 1) / kStripW, (k.ny + chunkH - 1) / chunkH);
    streamedHeun<<<strips, block, kStreamSmem, stream>>>(k, chunkH, m, mOut);
    (void)grid;
#elif defined(FUSE_STAGES)
    // Tiles above 48 KiB of shared memory need an opt-in (a host-side attribute, no synchronization).
    cudaFuncSetAttribute(fusedHeun, cudaFuncAttributeMaxDynamicSharedMemorySize, int(kFusedSmem));
    fusedHeun<<<grid, block, kFusedSmem, stream>>>(k, m, mOut);
#else
    const std::size_t cells = std::size_t(k.nx) * k.ny;
    float* m1 = scratch(6 * cells);
    if (!m1)
        return;
    float* d1 = m1 + 3 * cells;
    predictor<<<grid, block, 0, stream>>>(k, m, m1, d1);
    corrector<<<grid, block, 0, stream>>>(k, m, m1, d1, mOut);
#endif
}
