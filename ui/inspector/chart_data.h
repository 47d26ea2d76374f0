// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the charts and the ideas panel plot, computed from the session's nodes. Qt-free.
// The definitions are the report's (core/report/report_data.h: ChartPoint, IdeaEffect), computed here
// from a node list because computeReportData needs a whole session file.

#include "domain/idea.h"
#include "domain/node.h"
#include "report/report_data.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace phylo::ui {

/// True for a node that counts in the statistics: succeeded with a positive speedup.
bool measuredSuccess(const Node& node);

/// True for a node that ran and was judged: succeeded or failed, but not pruned before it ran.
bool ranEvaluation(const Node& node);

/**
 * Every evaluation that ran, in evaluation order (the report's ChartPoint): its speedup (unset when it
 * failed) and the best speedup so far (0 before the first success). Pruned nodes never ran: left out.
 */
std::vector<ChartPoint> progressPoints(const std::vector<Node>& nodes);

/// The evaluation index at which each new era starts (the first evaluation of a higher era), ascending.
std::vector<std::int64_t> eraBoundaries(const std::vector<Node>& nodes);

/**
 * The report's per-setting effects: for every setting some succeeded node used, the mean speedup of the
 * succeeded nodes with that setting vs. those with its idea off. In idea order, then state order.
 */
std::vector<IdeaEffect> settingEffects(const std::vector<Node>& nodes, const std::vector<Idea>& ideas);

/// One idea as the ideas panel shows it (any value of a variant idea counts as "with").
struct IdeaSummary {
    std::string name;
    int tried = 0; ///< evaluations that ran with the idea on (failed ones too)
    int withCount = 0; ///< succeeded nodes with the idea on
    int withoutCount = 0; ///< succeeded nodes with the idea off
    double meanWith = 0; ///< mean speedup; valid when withCount > 0
    double meanWithout = 0; ///< mean speedup; valid when withoutCount > 0

    /// meanWith / meanWithout, when both are known.
    std::optional<double> effect() const;
};

/// One summary per idea, in idea order.
std::vector<IdeaSummary> ideaSummaries(const std::vector<Node>& nodes, const std::vector<Idea>& ideas);

} // namespace phylo::ui
