// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace phylo {

/// "build-host: AMD EPYC 9R14 (2 cores)": the machine a run evaluates on, for reports.
std::string describeHost();

} // namespace phylo
