// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The interface between the trusted benchmark (bench.cu) and the editable kernel (kernel.cu):
// the local step of LTSA (local tangent space alignment) on points near a 2-manifold (README.md).

#include <cuda_runtime.h>

namespace ltsa {

constexpr int GRID_U = 128; ///< lattice columns of the sampled torus
constexpr int GRID_V = 64; ///< lattice rows (even, so the hexagonal lattice wraps)
constexpr int N = GRID_U * GRID_V; ///< points
constexpr int D = 16; ///< ambient dimension
constexpr int K = 12; ///< neighbours per point (the point itself excluded)
constexpr int DIM = 2; ///< manifold dimension: local tangent directions kept
constexpr int PROBES = 4; ///< vectors the alignment matrix is applied to

/**
 * The local step of LTSA and one product with the alignment matrix.
 *
 * POINTS is N x D, row-major. For every point i, N_i is its K nearest other points (Euclidean).
 * X_i (K x D) holds those points centred on their mean; its Gram matrix X_i X_i^T has eigenvalues
 * l_1 >= l_2 >= ... with unit eigenvectors g_1, g_2, ... (K-vectors); G_i = [1/sqrt(K), g_1, g_2].
 *   KNN_DIST2[i * K + s]  = squared distance from i to its (s+1)-th nearest other point (ascending)
 *   LOCAL_EIG[i * DIM + c] = l_(c+1), the DIM largest Gram eigenvalues, descending
 *   ALIGN_PROBE = B * PROBE_IN (N x PROBES, row-major), B = sum_i S_i (I - G_i G_i^T) S_i^T, where S_i
 *                 selects N_i: LTSA's alignment matrix (its bottom eigenvectors are the embedding).
 * Every output is unchanged by ties in neighbour order and by the sign or rotation of g_1, g_2.
 * Enqueues work on STREAM only; never synchronizes the device.
 */
void localTangentSpace(const float* points, const float* probeIn, float* knnDist2, float* localEig, float* alignProbe,
    cudaStream_t stream);

} // namespace ltsa
