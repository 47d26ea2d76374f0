// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/sample_histogram.h"

#include <algorithm>
#include <cmath>

namespace phylo::ui {

Histogram histogram(const std::vector<double>& samples, int maxBins)
{
    Histogram h;
    if (samples.empty())
        return h;
    const auto [lo, hi] = std::minmax_element(samples.begin(), samples.end());
    if (!(*hi > *lo)) {
        h.width = *lo != 0 ? std::abs(*lo) * 0.02 : 1.0;
        h.low = *lo - h.width / 2;
        h.counts.assign(1, static_cast<int>(samples.size()));
        return h;
    }
    const int bins = std::clamp(static_cast<int>(std::ceil(std::sqrt(static_cast<double>(samples.size())))), 1,
        std::max(1, maxBins));
    h.low = *lo;
    h.width = (*hi - *lo) / bins;
    h.counts.assign(static_cast<size_t>(bins), 0);
    for (double v : samples) {
        const int bin = std::clamp(static_cast<int>((v - h.low) / h.width), 0, bins - 1);
        ++h.counts[static_cast<size_t>(bin)];
    }
    return h;
}

} // namespace phylo::ui
