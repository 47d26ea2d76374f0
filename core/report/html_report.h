// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "report/report_data.h"

#include <string>

namespace phylo {

/// One self-contained HTML file (inline CSS and an inline SVG chart, no scripts, no links out).
std::string renderHtmlReport(const ReportData& data);

/// Escapes & < > " ' for HTML text and attribute values.
std::string htmlEscape(const std::string& text);

} // namespace phylo
