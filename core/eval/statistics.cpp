// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/statistics.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace phylo {

double median(std::vector<double> samples)
{
    if (samples.empty())
        throw std::invalid_argument("median of no samples");
    std::sort(samples.begin(), samples.end());
    const auto n = samples.size();
    return n % 2 ? samples[n / 2] : 0.5 * (samples[n / 2 - 1] + samples[n / 2]);
}

SampleStats summarize(std::vector<double> samples)
{
    if (samples.empty())
        throw std::invalid_argument("statistics of no samples");
    std::sort(samples.begin(), samples.end());
    SampleStats s;
    const auto n = samples.size();
    s.count = static_cast<int>(n);
    s.median = median(samples);
    s.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / static_cast<double>(n);
    double ss = 0;
    for (double x : samples)
        ss += (x - s.mean) * (x - s.mean);
    s.stddev = n > 1 ? std::sqrt(ss / static_cast<double>(n - 1)) : 0;
    s.min = samples.front();
    s.max = samples.back();

    // Ranks j..k (1-based) such that P(j <= B <= k-1) >= 0.95 for B ~ Binomial(n, 1/2):
    // widen symmetrically from the middle until the coverage is reached.
    s.ciLow = s.min;
    s.ciHigh = s.max;
    if (n >= 6) {
        std::vector<double> pmf(n + 1);
        pmf[0] = std::pow(0.5, static_cast<double>(n));
        for (size_t i = 1; i <= n; ++i)
            pmf[i] = pmf[i - 1] * static_cast<double>(n - i + 1) / static_cast<double>(i);
        for (size_t j = n / 2; j >= 1; --j) {
            const size_t k = n + 1 - j; // symmetric rank
            double coverage = 0;
            for (size_t b = j; b < k; ++b)
                coverage += pmf[b];
            if (coverage >= 0.95) {
                s.ciLow = samples[j - 1];
                s.ciHigh = samples[k - 1];
                break;
            }
        }
    }
    return s;
}

} // namespace phylo
