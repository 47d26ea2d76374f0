// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The interface between the trusted benchmark (bench.cu) and the editable kernel (kernel.cu):
// GraphWave heat wavelets by a Chebyshev recurrence, and their characteristic functions (README.md).

#include <cuda_runtime.h>

namespace graphwave {

constexpr int N = 131072; ///< nodes
constexpr int ATTACH = 5; ///< edges each new node brings (Barabasi-Albert): mean degree about 10
constexpr int EDGES = ATTACH * (ATTACH + 1) / 2 + ATTACH * (N - ATTACH - 1); ///< undirected edges
constexpr int NNZ = 2 * EDGES; ///< stored adjacency entries (both directions)
constexpr int NVEC = 8; ///< wavelets computed together (one per source node)
constexpr int ORDER = 30; ///< Chebyshev order: terms T_0 .. T_ORDER
constexpr int NT = 8; ///< sample points t of the characteristic function

/** Host-side constants of one launch. */
struct Params
{
    float coeff[ORDER + 1]; ///< Chebyshev coefficients of the heat kernel in the variable L - I
    float t[NT]; ///< sample points of the characteristic function: t[j] = (j + 1) * t[0], t[0] > 0
};

/**
 * Heat wavelets and their characteristic functions.
 *
 * GRAPH holds a symmetric, unweighted graph in CSR: row pointers graph[0 .. N] (graph[0] = 0,
 * graph[N] = NNZ), then the column indices of row i at graph[N + 1 + graph[i] .. N + 1 + graph[i + 1]).
 * Every node has at least one neighbour. SOURCES holds NVEC distinct node indices.
 * With L = I - D^-1/2 A D^-1/2 and T_k the Chebyshev polynomials:
 *   WAVELETS[i * NVEC + b] = sum_k coeff[k] (T_k(L - I) e_{sources[b]})_i      (N x NVEC, row-major)
 *   CHARFN[(b * NT + j) * 2]     = sum_i 2 sin^2(t_j W_ib / 2)   (N minus the real part, times N)
 *   CHARFN[(b * NT + j) * 2 + 1] = sum_i sin(t_j W_ib)           (the imaginary part, times N)
 * Enqueues work on STREAM only; never synchronizes the device.
 */
void waveletCharacteristic(
    const Params& params, const int* graph, const int* sources, float* wavelets, float* charfn, cudaStream_t stream);

} // namespace graphwave
