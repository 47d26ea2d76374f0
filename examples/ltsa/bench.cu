// SPDX-License-Identifier: GPL-3.0-or-later
// Trusted benchmark of the ltsa target (not editable): the local step of LTSA on 8192 points near a
// flat 2-torus embedded in 16 dimensions: k = 12 nearest neighbours, local tangent spaces from the
// 12 x 12 Gram matrices, and the alignment matrix applied to 4 probe vectors; checked against a
// float64 CPU reference. See README.md for the maths, the data, the sizes and the tolerances.
//
//   bench              time the kernel (the harness prints one JSON line)
//   bench --check      correctness only, on three fresh input sets
//   bench --selftest   CPU only, no GPU: checks the generated data (a wide gap after the 12th neighbour
//                      of every point) and the float64 reference (B 1 = 0, B positive semi-definite), and
//                      measures how far a float32 evaluation (distances by the dot-product form) lies from it

#include "phylo_harness.h"
#include "workload.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace {

namespace h = phylo::harness;
using namespace ltsa;

constexpr double kPi = 3.14159265358979323846;
constexpr double kJitter = 0.06; ///< lattice jitter radius (lattice spacing 1): keeps a gap after neighbour 12
constexpr double kNoise = 0.005; ///< Gaussian noise per ambient coordinate
const h::Tolerance kDistTolerance { 1e-4, 3e-3 }; // the dot-product form's float32 cancellation: see README
const h::Tolerance kEigTolerance { 1e-4, 1e-5 };
const h::Tolerance kAlignTolerance { 1e-4, 1e-4 };

// Our own draws (the standard distributions differ between libraries).
double unitDraw(std::mt19937_64& rng)
{
    return double(rng() >> 11) * 0x1.0p-53;
}
double gaussDraw(std::mt19937_64& rng)
{
    return std::sqrt(-2.0 * std::log(1.0 - unitDraw(rng))) * std::cos(2 * kPi * unitDraw(rng));
}

/**
 * A jittered hexagonal lattice (spacing 1) on a flat torus in R^4, rotated into R^D by a random
 * orthonormal frame, shifted, with noise; rows in random order. Each point's 12 nearest others are
 * its two lattice shells (distances 1 and sqrt 3); the third shell (distance 2) stays clear.
 */
void torusPoints(std::mt19937_64& rng, float* out)
{
    double frame[4][D], offset[D];
    for (int k = 0; k < 4; ++k) { // Gram-Schmidt on Gaussian vectors
        for (int d = 0; d < D; ++d)
            frame[k][d] = gaussDraw(rng);
        for (int j = 0; j < k; ++j) {
            double dot = 0;
            for (int d = 0; d < D; ++d)
                dot += frame[k][d] * frame[j][d];
            for (int d = 0; d < D; ++d)
                frame[k][d] -= dot * frame[j][d];
        }
        double norm = 0;
        for (int d = 0; d < D; ++d)
            norm += frame[k][d] * frame[k][d];
        for (int d = 0; d < D; ++d)
            frame[k][d] /= std::sqrt(norm);
    }
    for (double& o : offset)
        o = gaussDraw(rng);
    const double r1 = GRID_U / (2 * kPi), r2 = GRID_V * std::sqrt(3.0) / 2 / (2 * kPi);
    const double phase1 = 2 * kPi * unitDraw(rng), phase2 = 2 * kPi * unitDraw(rng);
    std::vector<int> row(N);
    for (int i = 0; i < N; ++i)
        row[i] = i;
    for (int i = N - 1; i > 0; --i)
        std::swap(row[i], row[std::size_t(unitDraw(rng) * (i + 1))]);
    for (int iv = 0; iv < GRID_V; ++iv)
        for (int iu = 0; iu < GRID_U; ++iu) {
            double ju, jv;
            do {
                ju = kJitter * (2 * unitDraw(rng) - 1);
                jv = kJitter * (2 * unitDraw(rng) - 1);
            } while (ju * ju + jv * jv > kJitter * kJitter);
            const double u = iu + 0.5 * (iv & 1) + ju, v = iv * std::sqrt(3.0) / 2 + jv;
            const double p[4] = { r1 * std::cos(u / r1 + phase1), r1 * std::sin(u / r1 + phase1),
                r2 * std::cos(v / r2 + phase2), r2 * std::sin(v / r2 + phase2) };
            float* x = out + std::size_t(row[iv * GRID_U + iu]) * D;
            for (int d = 0; d < D; ++d)
                x[d] = float(offset[d] + frame[0][d] * p[0] + frame[1][d] * p[1] + frame[2][d] * p[2]
                    + frame[3][d] * p[3] + kNoise * gaussDraw(rng));
        }
}

/// The KEEP nearest other points of every point, ascending: exact differences, or (dotForm) the
/// |x|^2 + |y|^2 - 2 x.y form a GEMM-based kernel uses.
template <class Real>
void nearest(const float* points, int keep, bool dotForm, std::vector<int>& index, std::vector<Real>& dist2)
{
    const std::vector<Real> x(points, points + std::size_t(N) * D);
    std::vector<Real> norms(N, Real(0));
    for (int i = 0; i < N; ++i)
        for (int d = 0; d < D; ++d)
            norms[i] += x[std::size_t(i) * D + d] * x[std::size_t(i) * D + d];
    index.assign(std::size_t(N) * keep, -1);
    dist2.assign(std::size_t(N) * keep, std::numeric_limits<Real>::max());
    for (int i = 0; i < N; ++i) {
        const Real* xi = &x[std::size_t(i) * D];
        Real* bestD = &dist2[std::size_t(i) * keep];
        int* bestI = &index[std::size_t(i) * keep];
        for (int j = 0; j < N; ++j) {
            const Real* xj = &x[std::size_t(j) * D];
            Real s = 0;
            if (dotForm) {
                for (int d = 0; d < D; ++d)
                    s += xi[d] * xj[d];
                s = norms[i] + norms[j] - Real(2) * s;
            } else {
                for (int d = 0; d < D; ++d)
                    s += (xi[d] - xj[d]) * (xi[d] - xj[d]);
            }
            if (j == i || s >= bestD[keep - 1])
                continue;
            int k = keep - 1;
            for (; k > 0 && bestD[k - 1] > s; --k) {
                bestD[k] = bestD[k - 1];
                bestI[k] = bestI[k - 1];
            }
            bestD[k] = s;
            bestI[k] = j;
        }
    }
}

/// Eigenvalues (descending) and unit eigenvectors (columns of VEC, same order) of the symmetric K x K
/// matrix A, by cyclic Jacobi rotations to convergence.
template <class Real> void symmetricEigen(Real (&a)[K][K], Real (&val)[K], Real (&vec)[K][K])
{
    Real v[K][K];
    for (int p = 0; p < K; ++p)
        for (int q = 0; q < K; ++q)
            v[p][q] = p == q ? Real(1) : Real(0);
    for (int sweep = 0; sweep < 60; ++sweep) {
        Real off = 0, diag = 0;
        for (int p = 0; p < K; ++p) {
            diag += a[p][p] * a[p][p];
            for (int q = p + 1; q < K; ++q)
                off += a[p][q] * a[p][q];
        }
        if (off <= std::numeric_limits<Real>::epsilon() * std::numeric_limits<Real>::epsilon() * diag)
            break;
        for (int p = 0; p < K - 1; ++p)
            for (int q = p + 1; q < K; ++q) {
                if (a[p][q] == Real(0))
                    continue;
                const Real theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                const Real t = std::copysign(Real(1), theta) / (std::abs(theta) + std::sqrt(theta * theta + 1));
                const Real c = 1 / std::sqrt(t * t + 1), s = t * c;
                for (int r = 0; r < K; ++r) {
                    const Real ap = a[r][p], aq = a[r][q], vp = v[r][p], vq = v[r][q];
                    a[r][p] = c * ap - s * aq;
                    a[r][q] = s * ap + c * aq;
                    v[r][p] = c * vp - s * vq;
                    v[r][q] = s * vp + c * vq;
                }
                for (int r = 0; r < K; ++r) {
                    const Real ap = a[p][r], aq = a[q][r];
                    a[p][r] = c * ap - s * aq;
                    a[q][r] = s * ap + c * aq;
                }
            }
    }
    int order[K];
    for (int p = 0; p < K; ++p)
        order[p] = p;
    std::sort(order, order + K, [&](int x, int y) { return a[x][x] > a[y][y]; });
    for (int p = 0; p < K; ++p) {
        val[p] = a[order[p]][order[p]];
        for (int r = 0; r < K; ++r)
            vec[r][p] = v[r][order[p]];
    }
}

/// Per point: the Gram matrix of its centred neighbours, its leading eigenvalues (EIG: KEEP per point)
/// and the two leading eigenvectors (BASIS: N x K x DIM).
template <class Real>
void localStep(
    const float* points, const std::vector<int>& index, int keep, std::vector<Real>& eig, std::vector<Real>& basis)
{
    eig.assign(std::size_t(N) * keep, Real(0));
    basis.assign(std::size_t(N) * K * DIM, Real(0));
    for (int i = 0; i < N; ++i) {
        Real x[K][D], mean[D] = {}, g[K][K], val[K], vec[K][K];
        for (int s = 0; s < K; ++s)
            for (int d = 0; d < D; ++d) {
                x[s][d] = Real(points[std::size_t(index[std::size_t(i) * K + s]) * D + d]);
                mean[d] += x[s][d];
            }
        for (int s = 0; s < K; ++s)
            for (int d = 0; d < D; ++d)
                x[s][d] -= mean[d] / K;
        for (int a = 0; a < K; ++a)
            for (int b = 0; b < K; ++b) {
                g[a][b] = 0;
                for (int d = 0; d < D; ++d)
                    g[a][b] += x[a][d] * x[b][d];
            }
        symmetricEigen(g, val, vec);
        for (int c = 0; c < keep; ++c)
            eig[std::size_t(i) * keep + c] = val[c];
        for (int s = 0; s < K; ++s)
            for (int c = 0; c < DIM; ++c)
                basis[(std::size_t(i) * K + s) * DIM + c] = vec[s][c];
    }
}

/// B * PROBES with B = sum_i S_i (I - G_i G_i^T) S_i^T, G_i = [1/sqrt(K), g_1, g_2].
template <class Real>
std::vector<Real> alignTimes(
    const std::vector<int>& index, const std::vector<Real>& basis, const std::vector<Real>& probes)
{
    std::vector<Real> out(std::size_t(N) * PROBES, Real(0));
    for (int i = 0; i < N; ++i)
        for (int r = 0; r < PROBES; ++r) {
            Real y[K], mean = 0, p[DIM] = {};
            for (int s = 0; s < K; ++s) {
                y[s] = probes[std::size_t(index[std::size_t(i) * K + s]) * PROBES + r];
                mean += y[s] / K;
                for (int c = 0; c < DIM; ++c)
                    p[c] += basis[(std::size_t(i) * K + s) * DIM + c] * y[s];
            }
            for (int s = 0; s < K; ++s) {
                Real z = y[s] - mean;
                for (int c = 0; c < DIM; ++c)
                    z -= basis[(std::size_t(i) * K + s) * DIM + c] * p[c];
                out[std::size_t(index[std::size_t(i) * K + s]) * PROBES + r] += z;
            }
        }
    return out;
}

/// The reference's three outputs from one input set (neighbours by exact float64 distances).
void reference(const float* points, const float* probes, std::vector<double>& dist2, std::vector<double>& eig,
    std::vector<double>& align)
{
    std::vector<int> index;
    nearest(points, K, false, index, dist2);
    std::vector<double> basis;
    localStep(points, index, DIM, eig, basis);
    align = alignTimes(index, basis, std::vector<double>(probes, probes + std::size_t(N) * PROBES));
}

std::vector<double>& outputValues(std::vector<h::ReferenceOutput>& outs, const std::string& name, std::size_t count)
{
    auto it = std::find_if(outs.begin(), outs.end(), [&](const h::ReferenceOutput& o) { return o.name == name; });
    if (it == outs.end())
        it = outs.insert(outs.end(), h::ReferenceOutput { name, {} });
    it->values.assign(count, 0.0);
    return it->values;
}

bool report(bool ok, const char* what)
{
    std::printf("%s: %s\n", ok ? "ok  " : "FAIL", what);
    return ok;
}

template <class Real>
double worstOverTolerance(const std::vector<Real>& got, const std::vector<double>& ref, h::Tolerance tol)
{
    double worst = 0;
    for (std::size_t i = 0; i < ref.size(); ++i)
        worst = std::max(worst, std::abs(double(got[i]) - ref[i]) / (tol.atol + tol.rtol * std::abs(ref[i])));
    return worst;
}

int selftest()
{
    bool ok = true;
    std::mt19937_64 rng(11);
    std::vector<float> points(std::size_t(N) * D), probes(std::size_t(N) * PROBES);
    torusPoints(rng, points.data());
    for (float& p : probes)
        p = float(2 * unitDraw(rng) - 1);

    // The data: every point's 12th and 13th nearest lie far apart, so float32 rounding cannot swap them.
    std::vector<int> index;
    std::vector<double> dist2;
    nearest(points.data(), K + 1, false, index, dist2);
    double gap = 1e300, closest = 1e300;
    for (int i = 0; i < N; ++i) {
        gap = std::min(gap, dist2[std::size_t(i) * (K + 1) + K] - dist2[std::size_t(i) * (K + 1) + K - 1]);
        closest = std::min(closest, dist2[std::size_t(i) * (K + 1)]);
    }
    std::printf("      nearest squared distance %.3f; smallest gap between the 12th and 13th: %.3f\n", closest, gap);
    ok &= report(gap > 0.05, "the 12-neighbour sets have a gap far above float32 rounding");

    // The float64 reference: B annihilates constants and is positive semi-definite; tangent spaces are sharp.
    std::vector<double> ref2, refEig, refAlign;
    reference(points.data(), probes.data(), ref2, refEig, refAlign);
    std::vector<int> refIndex;
    std::vector<double> unused, eig3, basis;
    nearest(points.data(), K, false, refIndex, unused);
    localStep(points.data(), refIndex, 3, eig3, basis);
    double worstRatio = 0, constantResidual = 0, minQuadratic = 1e300;
    for (int i = 0; i < N; ++i)
        worstRatio = std::max(worstRatio, eig3[3 * std::size_t(i) + 2] / eig3[3 * std::size_t(i) + 1]);
    for (double v : alignTimes(refIndex, basis, std::vector<double>(std::size_t(N) * PROBES, 1.0)))
        constantResidual = std::max(constantResidual, std::abs(v));
    for (int r = 0; r < PROBES; ++r) {
        double q = 0;
        for (int i = 0; i < N; ++i)
            q += double(probes[std::size_t(i) * PROBES + r]) * refAlign[std::size_t(i) * PROBES + r];
        minQuadratic = std::min(minQuadratic, q);
    }
    std::printf("      largest l3 / l2 %.2e; max |B 1| %.1e; smallest y^T B y %.3e\n", worstRatio, constantResidual,
        minQuadratic);
    ok &= report(constantResidual < 1e-12 && minQuadratic > 0, "B 1 = 0 and y^T B y > 0");
    ok &= report(worstRatio < 0.05, "local tangent planes are well separated from the noise");

    // float32 throughout, distances by the dot-product form, as the baseline kernel does.
    std::vector<int> fIndex;
    std::vector<float> f2, fEig, fBasis;
    nearest(points.data(), K, true, fIndex, f2);
    bool sameSets = true;
    for (int i = 0; i < N; ++i) {
        std::vector<int> a(&fIndex[std::size_t(i) * K], &fIndex[std::size_t(i) * K] + K);
        std::vector<int> b(&refIndex[std::size_t(i) * K], &refIndex[std::size_t(i) * K] + K);
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        sameSets &= a == b;
    }
    ok &= report(sameSets, "float32 finds the same neighbour sets");
    localStep(points.data(), fIndex, DIM, fEig, fBasis);
    const std::vector<float> fAlign = alignTimes(fIndex, fBasis, probes);
    const double r1 = worstOverTolerance(f2, ref2, kDistTolerance),
                 r2 = worstOverTolerance(fEig, refEig, kEigTolerance),
                 r3 = worstOverTolerance(fAlign, refAlign, kAlignTolerance);
    std::printf("      float32 vs float64: max error / tolerance: knn_dist2 %.3f, local_eig %.3f, align_probe %.3f\n",
        r1, r2, r3);
    ok &= report(r1 < 0.2 && r2 < 0.1 && r3 < 0.1, "float32 lies well within the tolerances");
    return ok ? 0 : 1;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc > 1 && std::strcmp(argv[1], "--selftest") == 0)
        return selftest();

    h::Problem problem("ltsa-torus8192-d16-k12");
    problem
        .input("points", h::ElementType::F32, std::size_t(N) * D,
            [](std::mt19937_64& rng, h::Array& a) { torusPoints(rng, a.as<float>()); })
        .input("probes", h::ElementType::F32, std::size_t(N) * PROBES, h::uniform(-1.0, 1.0))
        .output("knn_dist2", h::ElementType::F32, std::size_t(N) * K, kDistTolerance)
        .output("local_eig", h::ElementType::F32, std::size_t(N) * DIM, kEigTolerance)
        .output("align_probe", h::ElementType::F32, std::size_t(N) * PROBES, kAlignTolerance)
        .reference([](const h::Arrays& in, std::vector<h::ReferenceOutput>& outs) {
            std::vector<double> dist2, eig, align;
            reference(in.ptr<float>("points"), in.ptr<float>("probes"), dist2, eig, align);
            outputValues(outs, "knn_dist2", dist2.size()) = dist2;
            outputValues(outs, "local_eig", eig.size()) = eig;
            outputValues(outs, "align_probe", align.size()) = align;
        })
        .launch([](const h::Arrays& in, const h::Arrays& out, cudaStream_t stream) {
            localTangentSpace(in.ptr<float>("points"), in.ptr<float>("probes"), out.ptr<float>("knn_dist2"),
                out.ptr<float>("local_eig"), out.ptr<float>("align_probe"), stream);
        })
        // Compulsory traffic: the inputs once, the outputs once (no N x N matrix needs to exist).
        .bytesMoved(4.0 * N * (D + PROBES) + 4.0 * N * (K + DIM + PROBES))
        // Distances (2 N^2 D), Gram matrices (K^2 D), about six Jacobi sweeps (66 rotations of ~6K
        // multiply-adds each), and the alignment product.
        .flops(2.0 * N * N * D + double(N) * (K * K * D + 6.0 * 66 * 12 * K + 8.0 * PROBES * K));
    return h::runHarnessMain(problem, argc, argv);
}
