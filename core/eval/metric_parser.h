// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>

namespace phylo {

struct MetricReading {
    enum class Kind { Found, Missing, Invalid };
    Kind kind = Kind::Missing;
    double value = 0;
    std::string problem; ///< why it is Missing or Invalid, for the failure detail
};

/**
 * Finds metric NAME in a run's output: a JSON object on the last non-empty line that holds
 * NAME, else the last `METRIC NAME=VALUE` line (a line may carry several NAME=VALUE pairs).
 * NaN, infinities and text that is not a number are Invalid: they never become a score.
 */
MetricReading parseMetric(const std::string& output, const std::string& name);

} // namespace phylo
