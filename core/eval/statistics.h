// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <vector>

namespace phylo {

/// Summary of raw samples, computed by the trusted parent process.
struct SampleStats {
    int count = 0;
    double median = 0;
    double mean = 0;
    double stddev = 0;
    double min = 0;
    double max = 0;
    /// Distribution-free ~95% confidence interval of the median (order statistics);
    /// with fewer than 6 samples it is [min, max].
    double ciLow = 0;
    double ciHigh = 0;
};

/// SAMPLES must not be empty.
SampleStats summarize(std::vector<double> samples);

double median(std::vector<double> samples);

} // namespace phylo
