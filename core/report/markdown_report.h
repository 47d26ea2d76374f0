// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "report/report_data.h"

#include <string>

namespace phylo {

/// The report as GitHub-flavoured Markdown (tables, no HTML).
std::string renderMarkdownReport(const ReportData& data);

} // namespace phylo
