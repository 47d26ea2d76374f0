// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "report/report_data.h"

#include <string>
#include <vector>

namespace phylo {

/// One chart of the report as a standalone SVG document (no scripts, no links, fonts by size only).
struct ReportChart {
    std::string id; ///< "progress", "effects", "spend"
    std::string title; ///< what it shows, also its alt text
    std::string svg;
    int width = 0; ///< the viewBox's size
    int height = 0;
};

/**
 * The report's charts, the same for every renderer: the HTML report inlines their SVG, the app's PDF
 * export draws them as images.
 *  - progress: every evaluation's speedup (dots; failures as red crosses), the best so far (a step
 *    line), the baseline (dashed) and where each era starts (dotted verticals); always present;
 *  - effects: for each setting, the mean speedup of succeeded nodes with it vs. with its idea off
 *    (grouped bars); present when some succeeded node used an idea;
 *  - spend: the running total of the LLM agents' cost over minutes since the first call; present when
 *    an LLM was called.
 */
std::vector<ReportChart> reportCharts(const ReportData& data);

} // namespace phylo
