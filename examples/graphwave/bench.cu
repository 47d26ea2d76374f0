// SPDX-License-Identifier: GPL-3.0-or-later
// Trusted benchmark of the graphwave target (not editable): GraphWave heat wavelets of 8 random
// source nodes on a 131072-node preferential-attachment graph, by a Chebyshev recurrence of order 30
// on L - I, and their characteristic functions at 8 points; checked against a float64 CPU reference.
// See README.md for the maths, the sizes and the tolerances.
//
//   bench              time the kernel (the harness prints one JSON line)
//   bench --check      correctness only, on three fresh input sets
//   bench --selftest   CPU only, no GPU: checks the generated graph and the float64 reference (Chebyshev
//                      fit, exp(-sL) by Taylor series on a small graph, heat-kernel mass), and measures
//                      how far a float32 evaluation lies from it

#include "phylo_harness.h"
#include "workload.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

namespace h = phylo::harness;
using namespace graphwave;

constexpr double kScale = 5.0; ///< heat-kernel scale s: wavelets are exp(-s L) e_a
constexpr double kPi = 3.14159265358979323846;
const h::Tolerance kWaveletTolerance { 1e-4, 1e-7 };
const h::Tolerance kCharfnTolerance { 1e-4, 1e-6 };

/// An integer in [0, bound) from our own draw (the standard distributions differ between libraries).
std::uint32_t below(std::mt19937_64& rng, std::uint32_t bound)
{
    return std::uint32_t(((rng() >> 32) * bound) >> 32);
}

/**
 * A Barabasi-Albert graph in the layout of workload.h: a clique of ATTACH + 1 nodes, then each new
 * node links to ATTACH distinct nodes drawn with probability proportional to degree; node labels are
 * randomly permuted and each row's columns sorted. Mean degree ~2 ATTACH, power-law tail.
 */
std::vector<int> preferentialAttachment(std::mt19937_64& rng, int n)
{
    std::vector<int> endpoints; // every edge's two ends: a uniform pick is a degree-weighted node
    endpoints.reserve(2 * std::size_t(ATTACH) * n);
    for (int a = 0; a <= ATTACH; ++a)
        for (int b = 0; b < a; ++b)
            endpoints.insert(endpoints.end(), { a, b });
    for (int v = ATTACH + 1; v < n; ++v) {
        int chosen[ATTACH];
        for (int c = 0; c < ATTACH;) {
            const int t = endpoints[below(rng, std::uint32_t(endpoints.size()))];
            if (std::find(chosen, chosen + c, t) == chosen + c)
                chosen[c++] = t;
        }
        for (int t : chosen)
            endpoints.insert(endpoints.end(), { v, t });
    }
    std::vector<int> label(n);
    for (int i = 0; i < n; ++i)
        label[i] = i;
    for (int i = n - 1; i > 0; --i)
        std::swap(label[i], label[below(rng, std::uint32_t(i + 1))]);

    const std::size_t nnz = endpoints.size();
    std::vector<int> graph(n + 1 + nnz, 0);
    int* rowPtr = graph.data();
    int* colIdx = rowPtr + n + 1;
    for (int v : endpoints)
        ++rowPtr[label[v] + 1];
    for (int i = 0; i < n; ++i)
        rowPtr[i + 1] += rowPtr[i];
    std::vector<int> fill(rowPtr, rowPtr + n);
    for (std::size_t e = 0; e < nnz; e += 2) {
        const int a = label[endpoints[e]], b = label[endpoints[e + 1]];
        colIdx[fill[a]++] = b;
        colIdx[fill[b]++] = a;
    }
    for (int i = 0; i < n; ++i)
        std::sort(colIdx + rowPtr[i], colIdx + rowPtr[i + 1]);
    return graph;
}

/// Chebyshev coefficients of exp(-s (y + 1)) on [-1, 1] (Chebyshev-Gauss quadrature, 256 nodes).
std::vector<double> heatCoefficients(double s)
{
    const int m = 256;
    std::vector<double> c(ORDER + 1, 0.0);
    for (int j = 0; j < m; ++j) {
        const double theta = kPi * (j + 0.5) / m, f = std::exp(-s * (std::cos(theta) + 1));
        for (int k = 0; k <= ORDER; ++k)
            c[k] += 2.0 / m * f * std::cos(k * theta);
    }
    c[0] /= 2;
    return c;
}

/// W = sum_k c_k T_k(L - I) S on a graph of N nodes (here a parameter), with S the indicator columns of SOURCES.
template <class Real>
std::vector<Real> chebyshevWavelets(const int* graph, int n, const int* sources, const std::vector<Real>& c)
{
    const int* rowPtr = graph;
    const int* colIdx = graph + n + 1;
    const std::size_t size = std::size_t(n) * NVEC;
    std::vector<Real> dinv(n), prev(size, Real(0)), cur(size), w(size);
    for (int i = 0; i < n; ++i)
        dinv[i] = Real(1) / std::sqrt(Real(rowPtr[i + 1] - rowPtr[i]));
    for (int b = 0; b < NVEC; ++b)
        prev[std::size_t(sources[b]) * NVEC + b] = Real(1);
    // out = alpha * (-(D^-1/2 A D^-1/2) in) + beta * out
    const auto step = [&](const std::vector<Real>& in, std::vector<Real>& out, Real alpha, Real beta) {
        for (int i = 0; i < n; ++i)
            for (int b = 0; b < NVEC; ++b) {
                Real acc = 0;
                for (int e = rowPtr[i]; e < rowPtr[i + 1]; ++e)
                    acc += dinv[colIdx[e]] * in[std::size_t(colIdx[e]) * NVEC + b];
                Real& o = out[std::size_t(i) * NVEC + b];
                o = -alpha * dinv[i] * acc + (beta != Real(0) ? beta * o : Real(0));
            }
    };
    step(prev, cur, Real(1), Real(0));
    for (std::size_t e = 0; e < size; ++e)
        w[e] = c[0] * prev[e] + c[1] * cur[e];
    for (int k = 2; k <= ORDER; ++k) {
        step(cur, prev, Real(2), Real(-1));
        for (std::size_t e = 0; e < size; ++e)
            w[e] += c[k] * prev[e];
        prev.swap(cur);
    }
    return w;
}

/// The CHARFN layout of workload.h from the wavelets W. Sums run over chunks of 1024 entries and then
/// over the chunks, as a parallel reduction would (a float32 running sum over 10^6 terms would not do).
template <class Real> std::vector<Real> characteristic(const std::vector<Real>& w, const float* t)
{
    std::vector<Real> out(2 * NVEC * NT, Real(0)), chunk(out.size());
    for (std::size_t start = 0; start < w.size(); start += 1024) {
        std::fill(chunk.begin(), chunk.end(), Real(0));
        for (std::size_t e = start; e < std::min(w.size(), start + 1024); ++e)
            for (int j = 0; j < NT; ++j) {
                const Real half = std::sin(Real(0.5) * Real(t[j]) * w[e]);
                chunk[((e % NVEC) * NT + j) * 2] += Real(2) * half * half;
                chunk[((e % NVEC) * NT + j) * 2 + 1] += std::sin(Real(t[j]) * w[e]);
            }
        for (std::size_t q = 0; q < out.size(); ++q)
            out[q] += chunk[q];
    }
    return out;
}

Params benchParams()
{
    Params p;
    const std::vector<double> c = heatCoefficients(kScale);
    for (int k = 0; k <= ORDER; ++k)
        p.coeff[k] = float(c[k]);
    for (int j = 0; j < NT; ++j)
        p.t[j] = 12.5f * float(j + 1); // 12.5 .. 100
    return p;
}

std::vector<int> distinctSources(std::mt19937_64& rng)
{
    std::vector<int> s;
    while (s.size() < NVEC) {
        const int v = int(below(rng, N));
        if (std::find(s.begin(), s.end(), v) == s.end())
            s.push_back(v);
    }
    return s;
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

/// Largest |got - ref| / (atol + rtol |ref|): at most 1 passes the harness's check.
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
    std::mt19937_64 rng(7);
    const std::vector<int> graph = preferentialAttachment(rng, N);
    const int* rowPtr = graph.data();
    const int* colIdx = rowPtr + N + 1;
    bool simple = rowPtr[N] == NNZ;
    int minDegree = N, maxDegree = 0;
    for (int i = 0; i < N; ++i) {
        minDegree = std::min(minDegree, rowPtr[i + 1] - rowPtr[i]);
        maxDegree = std::max(maxDegree, rowPtr[i + 1] - rowPtr[i]);
        for (int e = rowPtr[i]; e < rowPtr[i + 1]; ++e) {
            const int j = colIdx[e];
            simple &= j != i && (e == rowPtr[i] || colIdx[e - 1] < j) // no self loop, no duplicate
                && std::binary_search(colIdx + rowPtr[j], colIdx + rowPtr[j + 1], i); // symmetric
        }
    }
    std::printf("      graph: %d nodes, %d entries, degree %d .. %d\n", N, rowPtr[N], minDegree, maxDegree);
    ok &= report(simple && minDegree >= ATTACH, "graph is simple, symmetric, NNZ entries, no isolated node");

    const std::vector<double> c = heatCoefficients(kScale);
    double fitError = 0;
    for (int i = 0; i <= 1000; ++i) {
        const double y = -1 + 2.0 * i / 1000;
        double t0 = 1, t1 = y, sum = c[0] + c[1] * y;
        for (int k = 2; k <= ORDER; ++k) {
            const double t2 = 2 * y * t1 - t0;
            sum += c[k] * t2;
            t0 = t1;
            t1 = t2;
        }
        fitError = std::max(fitError, std::abs(sum - std::exp(-kScale * (y + 1))));
    }
    std::printf("      Chebyshev fit of exp(-%g (y + 1)): max error %.2e; |c_k| at k = 10, 20, 30: %.1e %.1e %.1e\n",
        kScale, fitError, std::abs(c[10]), std::abs(c[20]), std::abs(c[30]));
    ok &= report(fitError < 1e-12, "order-30 Chebyshev series fits the heat kernel on [0, 2]");

    // Small graph: the series against exp(-sL) e_a by Taylor series with scaling and squaring.
    const int small = 1500;
    const std::vector<int> g2 = preferentialAttachment(rng, small);
    std::vector<int> src2(NVEC);
    for (int b = 0; b < NVEC; ++b)
        src2[b] = (b * 187) % small;
    const std::vector<double> w2 = chebyshevWavelets(g2.data(), small, src2.data(), c);
    double taylorError = 0;
    for (int b = 0; b < NVEC; ++b) {
        std::vector<double> v(small, 0.0), term, next(small);
        v[src2[b]] = 1;
        for (int rep = 0; rep < 20; ++rep) { // exp(-sL) = exp(-(s/20) L)^20
            term = v;
            for (int n = 1; n <= 30; ++n) {
                for (int i = 0; i < small; ++i) { // next = -(s/20)/n * L term
                    double acc = 0;
                    const double di = g2[i + 1] - g2[i];
                    for (int e = g2[i]; e < g2[i + 1]; ++e) {
                        const int j = g2[small + 1 + e];
                        acc += term[j] / std::sqrt(di * (g2[j + 1] - g2[j]));
                    }
                    next[i] = -(kScale / 20) / n * (term[i] - acc);
                }
                term.swap(next);
                for (int i = 0; i < small; ++i)
                    v[i] += term[i];
            }
        }
        for (int i = 0; i < small; ++i)
            taylorError = std::max(taylorError, std::abs(v[i] - w2[std::size_t(i) * NVEC + b]));
    }
    std::printf("      %d nodes: Chebyshev wavelets vs Taylor exp(-sL): max abs difference %.2e\n", small, taylorError);
    ok &= report(taylorError < 1e-12, "reference wavelets equal exp(-sL) e_a");

    // Benchmark size: heat-kernel mass, then float32 against float64.
    const std::vector<int> sources = distinctSources(rng);
    const Params p = benchParams();
    const std::vector<double> w = chebyshevWavelets(graph.data(), N, sources.data(), c);
    double massError = 0, wMax = 0;
    for (int b = 0; b < NVEC; ++b) { // sqrt(d)^T exp(-sL) e_a = sqrt(d_a): sqrt(d) spans the kernel of L
        double mass = 0;
        for (int i = 0; i < N; ++i) {
            mass += std::sqrt(double(rowPtr[i + 1] - rowPtr[i])) * w[std::size_t(i) * NVEC + b];
            wMax = std::max(wMax, w[std::size_t(i) * NVEC + b]);
        }
        const double expected = std::sqrt(double(rowPtr[sources[b] + 1] - rowPtr[sources[b]]));
        massError = std::max(massError, std::abs(mass - expected) / expected);
    }
    ok &= report(massError < 1e-10, "sum_i sqrt(d_i) W_ia = sqrt(d_a) (heat-kernel mass)");
    const std::vector<double> cf = characteristic(w, p.t);
    std::vector<float> cFloat(p.coeff, p.coeff + ORDER + 1);
    const std::vector<float> wf = chebyshevWavelets(graph.data(), N, sources.data(), cFloat);
    const std::vector<float> cff = characteristic(wf, p.t);
    std::printf("      max W %.3e (max t W %.1f); charfn of wavelet 0 at t = 12.5: %.4e + %.4e i (sums over nodes)\n",
        wMax, wMax * p.t[NT - 1], cf[0], cf[1]);
    const double wRatio = worstOverTolerance(wf, w, kWaveletTolerance);
    const double cRatio = worstOverTolerance(cff, cf, kCharfnTolerance);
    std::printf("      float32 vs float64: max error / tolerance: wavelets %.3f, charfn %.3f\n", wRatio, cRatio);
    ok &= report(wRatio < 0.1 && cRatio < 0.1, "float32 lies within a tenth of the tolerances");
    return ok ? 0 : 1;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc > 1 && std::strcmp(argv[1], "--selftest") == 0)
        return selftest();

    const Params params = benchParams();
    const std::vector<double> coeff = heatCoefficients(kScale);
    const std::size_t graphInts = std::size_t(N) + 1 + NNZ;
    h::Problem problem("graphwave-ba131072-cheb30");
    problem
        .input("graph", h::ElementType::I32, graphInts,
            [](std::mt19937_64& rng, h::Array& a) {
                const std::vector<int> g = preferentialAttachment(rng, N);
                std::copy(g.begin(), g.end(), a.as<std::int32_t>());
            })
        .input("sources", h::ElementType::I32, NVEC,
            [](std::mt19937_64& rng, h::Array& a) {
                const std::vector<int> s = distinctSources(rng);
                std::copy(s.begin(), s.end(), a.as<std::int32_t>());
            })
        .output("wavelets", h::ElementType::F32, std::size_t(N) * NVEC, kWaveletTolerance)
        .output("charfn", h::ElementType::F32, 2 * NVEC * NT, kCharfnTolerance)
        .reference([params, coeff](const h::Arrays& in, std::vector<h::ReferenceOutput>& outs) {
            const std::vector<double> w = chebyshevWavelets(in.ptr<int>("graph"), N, in.ptr<int>("sources"), coeff);
            const std::vector<double> cf = characteristic(w, params.t);
            outputValues(outs, "wavelets", w.size()) = w;
            outputValues(outs, "charfn", cf.size()) = cf;
        })
        .launch([params](const h::Arrays& in, const h::Arrays& out, cudaStream_t stream) {
            waveletCharacteristic(params, in.ptr<int>("graph"), in.ptr<int>("sources"), out.ptr<float>("wavelets"),
                out.ptr<float>("charfn"), stream);
        })
        // Compulsory traffic: the graph and the sources once, the outputs once (the vectors fit in L2).
        .bytesMoved(4.0 * (double(graphInts) + NVEC) + 4.0 * (double(N) * NVEC + 2 * NVEC * NT))
        // Per Chebyshev step: a multiply-add per stored entry and vector, the row scaling, the update and
        // the accumulation; then three flops per sine pair (the sines themselves not counted).
        .flops(ORDER * (2.0 * NNZ * NVEC + 5.0 * N * NVEC) + 4.0 * N * NVEC * NT);
    return h::runHarnessMain(problem, argc, argv);
}
