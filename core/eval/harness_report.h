// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/node.h"

#include <optional>
#include <string>
#include <vector>

namespace phylo {

/**
 * What the CUDA harness said on its last output line (docs/cuda-targets.md). Only raw samples
 * are taken from it: the parent computes every statistic itself.
 */
struct HarnessReport {
    bool ok = false;
    FailureReason failure = FailureReason::None;
    std::string detail;
    std::vector<double> samplesMs; ///< device time of every timed trial (CUDA events)
    std::vector<double> hostMs; ///< host wall time of the same trials
    double bytesMoved = 0;
    double peakGBps = 0;
    std::string deviceName;
    std::string driver;
};

/// Reads the harness's JSON line (the last non-empty line holding "phylo_harness"), or nullopt.
/// A report that claims success without finite positive samples is turned into a HarnessError.
std::optional<HarnessReport> parseHarnessReport(const std::string& output);

/// The time (ms) under which one launch cannot run: bytes moved / peak bandwidth; 0 if unknown.
double rooflineFloorMs(const HarnessReport& report);

} // namespace phylo
