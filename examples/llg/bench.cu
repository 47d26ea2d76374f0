// SPDX-License-Identifier: GPL-3.0-or-later
// Trusted benchmark of the llg target (not editable): one Heun step of the LLG equation on a
// 2048 x 2048 single-layer grid from a random unit magnetization, checked against a float64 CPU
// reference. See README.md for the physics, the sizes and the tolerances.
//
//   bench              time the kernel (the harness prints one JSON line)
//   bench --check      correctness only, on three fresh input sets
//   bench --selftest   CPU only, no GPU: checks the float64 reference itself (field = -dE/dm / Ms,
//                      |m| = 1, energy never increases over 200 steps) and measures how far a float32
//                      evaluation of the same step lies from it

#include "phylo_harness.h"
#include "workload.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

namespace h = phylo::harness;
using llg::Params;

/// Permalloy-like film, 5 nm cells; dt keeps the largest rotation per step below 0.1 rad.
Params benchParams(int nx, int ny)
{
    Params p;
    p.nx = nx;
    p.ny = ny;
    p.dt = 1e-13;
    p.gamma = 1.7595e11;
    p.alpha = 0.02;
    p.Ms = 800e3;
    p.Aex = 13e-12;
    p.Ku = 5e4;
    p.cell = 5e-9;
    const double bext[3] = { 0.02, -0.01, 0.05 };
    const double axis[3] = { 0.3, -0.2, 1.0 };
    const double norm = std::sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
    for (int a = 0; a < 3; ++a) {
        p.Bext[a] = bext[a];
        p.u[a] = axis[a] / norm;
    }
    return p;
}

/// Effective field (T) at cell (x, y): exchange (open boundaries), Zeeman and uniaxial anisotropy.
template <class Real> void fieldAt(const Params& p, const Real* m, int x, int y, Real b[3])
{
    const Real cex = Real(2.0 * p.Aex / (p.Ms * p.cell * p.cell)), cani = Real(2.0 * p.Ku / p.Ms);
    const std::size_t c = x + std::size_t(p.nx) * y;
    const std::size_t nb[4]
        = { std::max(x - 1, 0) + std::size_t(p.nx) * y, std::min(x + 1, p.nx - 1) + std::size_t(p.nx) * y,
              x + std::size_t(p.nx) * std::max(y - 1, 0), x + std::size_t(p.nx) * std::min(y + 1, p.ny - 1) };
    const Real mu = cani * (m[3 * c] * Real(p.u[0]) + m[3 * c + 1] * Real(p.u[1]) + m[3 * c + 2] * Real(p.u[2]));
    for (int a = 0; a < 3; ++a) {
        Real lap = 0;
        for (std::size_t j : nb)
            lap += m[3 * j + a] - m[3 * c + a];
        b[a] = cex * lap + Real(p.Bext[a]) + mu * Real(p.u[a]);
    }
}

/// dt * dm/dt = -gamma dt / (1 + alpha^2) [m x B + alpha m x (m x B)] at cell (x, y).
template <class Real> void incrementAt(const Params& p, const Real* m, int x, int y, Real d[3])
{
    Real b[3];
    fieldAt(p, m, x, y, b);
    const Real* c = m + 3 * (x + std::size_t(p.nx) * y);
    const Real mxb[3] = { c[1] * b[2] - c[2] * b[1], c[2] * b[0] - c[0] * b[2], c[0] * b[1] - c[1] * b[0] };
    const Real mxmxb[3]
        = { c[1] * mxb[2] - c[2] * mxb[1], c[2] * mxb[0] - c[0] * mxb[2], c[0] * mxb[1] - c[1] * mxb[0] };
    const Real hh = Real(p.gamma * p.dt / (1.0 + p.alpha * p.alpha)), alpha = Real(p.alpha);
    for (int a = 0; a < 3; ++a)
        d[a] = -hh * (mxb[a] + alpha * mxmxb[a]);
}

template <class Real> void normalizeInto(const Real v[3], Real* out)
{
    const Real inv = Real(1) / std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    for (int a = 0; a < 3; ++a)
        out[a] = v[a] * inv;
}

/// One Heun step with renormalization after each stage: OUT = step(M0).
template <class Real> void heunStep(const Params& p, const Real* m0, Real* out)
{
    const std::size_t cells = std::size_t(p.nx) * p.ny;
    std::vector<Real> m1(3 * cells), d1(3 * cells);
    for (int y = 0; y < p.ny; ++y)
        for (int x = 0; x < p.nx; ++x) {
            const std::size_t c = x + std::size_t(p.nx) * y;
            incrementAt(p, m0, x, y, &d1[3 * c]);
            const Real v[3] = { m0[3 * c] + d1[3 * c], m0[3 * c + 1] + d1[3 * c + 1], m0[3 * c + 2] + d1[3 * c + 2] };
            normalizeInto(v, &m1[3 * c]);
        }
    for (int y = 0; y < p.ny; ++y)
        for (int x = 0; x < p.nx; ++x) {
            const std::size_t c = x + std::size_t(p.nx) * y;
            Real d2[3], v[3];
            incrementAt(p, m1.data(), x, y, d2);
            for (int a = 0; a < 3; ++a)
                v[a] = m0[3 * c + a] + Real(0.5) * (d1[3 * c + a] + d2[a]);
            normalizeInto(v, out + 3 * c);
        }
}

/// Energy density summed over cells (J/m^3): exchange over each neighbour pair once, Zeeman, anisotropy.
double energy(const Params& p, const double* m)
{
    const double cex = p.Aex / (p.cell * p.cell);
    double e = 0;
    for (int y = 0; y < p.ny; ++y)
        for (int x = 0; x < p.nx; ++x) {
            const double* c = m + 3 * (x + std::size_t(p.nx) * y);
            const double mu = c[0] * p.u[0] + c[1] * p.u[1] + c[2] * p.u[2];
            e -= p.Ms * (p.Bext[0] * c[0] + p.Bext[1] * c[1] + p.Bext[2] * c[2]) + p.Ku * mu * mu;
            for (const double* nb : { x + 1 < p.nx ? c + 3 : nullptr, y + 1 < p.ny ? c + 3 * p.nx : nullptr })
                if (nb)
                    for (int a = 0; a < 3; ++a)
                        e += cex * (nb[a] - c[a]) * (nb[a] - c[a]);
        }
    return e;
}

std::vector<double> randomUnitVectors(std::size_t cells, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    std::vector<double> m(3 * cells);
    for (std::size_t c = 0; c < cells; ++c) {
        const double v[3] = { normal(rng), normal(rng), normal(rng) };
        normalizeInto(v, &m[3 * c]);
    }
    return m;
}

/// The reference's slot for output NAME (whether or not the harness has created it already).
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

int selftest()
{
    bool ok = true;
    // 1. The field is -(1/Ms) dE/dm (central differences), at a corner, an edge and an interior cell.
    Params small = benchParams(64, 48);
    std::vector<double> m = randomUnitVectors(std::size_t(small.nx) * small.ny, 1);
    double worst = 0;
    const int cellsToProbe[4][2] = { { 0, 0 }, { 17, 0 }, { 63, 30 }, { 20, 21 } };
    for (const auto& cell : cellsToProbe) {
        double b[3];
        fieldAt(small, m.data(), cell[0], cell[1], b);
        for (int a = 0; a < 3; ++a) {
            const std::size_t i = 3 * (cell[0] + std::size_t(small.nx) * cell[1]) + a;
            const double delta = 1e-5, saved = m[i];
            m[i] = saved + delta;
            const double ePlus = energy(small, m.data());
            m[i] = saved - delta;
            const double eMinus = energy(small, m.data());
            m[i] = saved;
            worst = std::max(worst, std::abs(-(ePlus - eMinus) / (2 * delta) / small.Ms - b[a]) / (1 + std::abs(b[a])));
        }
    }
    std::printf("      field vs -dE/dm/Ms: worst relative difference %.2e\n", worst);
    ok &= report(worst < 1e-6, "effective field is the energy gradient");

    // 2. 200 steps from a random state: |m| stays 1 and the energy never increases (alpha > 0).
    const double e0 = energy(small, m.data());
    double eBefore = e0, maxRise = 0, maxNormError = 0;
    std::vector<double> next(m.size());
    for (int step = 0; step < 200; ++step) {
        heunStep(small, m.data(), next.data());
        m.swap(next);
        const double e = energy(small, m.data());
        maxRise = std::max(maxRise, (e - eBefore) / std::abs(e0));
        eBefore = e;
        for (std::size_t c = 0; c < m.size() / 3; ++c)
            maxNormError = std::max(maxNormError,
                std::abs(
                    std::sqrt(m[3 * c] * m[3 * c] + m[3 * c + 1] * m[3 * c + 1] + m[3 * c + 2] * m[3 * c + 2]) - 1));
    }
    std::printf("      energy density sum %.6e -> %.6e J/m^3 over 200 steps; largest step rise %.2e (relative)\n", e0,
        eBefore, maxRise);
    ok &= report(maxNormError < 1e-12, "|m| = 1 after every step");
    ok &= report(maxRise <= 1e-12 && eBefore < e0, "energy never increases");

    // 3. Benchmark size: a float32 evaluation of the step against the float64 reference.
    const Params full = benchParams(llg::NX, llg::NY);
    const std::vector<double> m0 = randomUnitVectors(std::size_t(full.nx) * full.ny, 2);
    std::vector<double> ref(m0.size());
    heunStep(full, m0.data(), ref.data());
    std::vector<float> m0f(m0.begin(), m0.end()), outf(m0.size());
    heunStep(full, m0f.data(), outf.data());
    double maxChange = 0, maxAbs = 0, maxScaled = 0;
    for (std::size_t i = 0; i < ref.size(); ++i) {
        maxChange = std::max(maxChange, std::abs(ref[i] - double(m0f[i])));
        const double err = std::abs(double(outf[i]) - ref[i]);
        maxAbs = std::max(maxAbs, err);
        maxScaled = std::max(maxScaled, err / (1e-5 + 1e-4 * std::abs(ref[i])));
    }
    std::printf("      %dx%d: largest |m_out - m_in| %.3f; float32 vs float64: max abs error %.2e, "
                "max error / tolerance %.3f\n",
        full.nx, full.ny, maxChange, maxAbs, maxScaled);
    ok &= report(maxChange > 1000 * 1e-5, "one step moves m far beyond the tolerance");
    ok &= report(maxScaled < 0.1, "float32 lies within a tenth of the tolerance");
    return ok ? 0 : 1;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc > 1 && std::strcmp(argv[1], "--selftest") == 0)
        return selftest();

    const Params params = benchParams(llg::NX, llg::NY);
    const std::size_t cells = std::size_t(params.nx) * params.ny;
    h::Problem problem("llg-heun-2048x2048");
    problem.input("m", h::ElementType::F32, 3 * cells, h::unitVectors3())
        .output("m_out", h::ElementType::F32, 3 * cells, h::Tolerance { 1e-4, 1e-5 })
        .reference([params, cells](const h::Arrays& in, std::vector<h::ReferenceOutput>& outs) {
            const float* m = in.ptr<float>("m");
            const std::vector<double> m0(m, m + 3 * cells);
            heunStep(params, m0.data(), outputValues(outs, "m_out", 3 * cells).data());
        })
        .launch([params](const h::Arrays& in, const h::Arrays& out, cudaStream_t stream) {
            llg::heunStep(params, in.ptr<float>("m"), out.ptr<float>("m_out"), stream);
        })
        // Ideal fused step: read m once and write it once (3 floats each way per cell).
        .bytesMoved(24.0 * double(cells))
        // Two stencil increments (~66 flops each), the stage updates and two renormalizations.
        .flops(164.0 * double(cells));
    return h::runHarnessMain(problem, argc, argv);
}
