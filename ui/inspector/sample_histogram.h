// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Binning of a node's timed samples for the Metrics tab. Qt-free.

#include <vector>

namespace phylo::ui {

/// Equal-width bins: bin i covers [low + i * width, low + (i + 1) * width).
struct Histogram {
    double low = 0;
    double width = 1;
    std::vector<int> counts; ///< empty when there were no samples

    double high() const { return low + width * static_cast<double>(counts.size()); }
};

/**
 * About sqrt(n) bins (at least 1, at most MAXBINS) over [min, max] of SAMPLES; the last bin includes
 * max. Identical samples give one bin centred on their value.
 */
Histogram histogram(const std::vector<double>& samples, int maxBins = 20);

} // namespace phylo::ui
