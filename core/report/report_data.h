// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "search/steering.h"

#include "domain/node.h"
#include "eval/statistics.h"
#include "store/session_store.h"

#include "store/llm_call_record.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace phylo {

/// One gene that is on: the idea's name and its value ("on" for a switch).
struct GeneSetting {
    std::string idea;
    std::string value;
    bool isSwitch = false;
    /// "unroll" for a switch, "tile=32" for a variant gene.
    std::string label() const { return isSwitch ? idea : idea + "=" + value; }
    bool operator==(const GeneSetting&) const = default;
};

/// A measured node as the report shows it.
struct MeasuredNode {
    NodeId id = 0;
    std::int64_t evalIndex = 0;
    double metric = 0;
    double speedup = 1;
    SampleStats stats; ///< over the node's samples (count 0 if it has none)
    std::vector<GeneSetting> genes;
};

/// An idea a path step turned on, changed or turned off, with what a reader needs to judge it.
struct StepIdea {
    std::string change; ///< "+fast", "-pad", "tile 16 -> 32"
    std::string name;
    bool isCode = false; ///< a code idea (SEARCH/REPLACE edits) rather than a setting (a define)
    std::string origin; ///< "target", "proposer", "mutator", ...
    std::string description;
    std::string rationale; ///< why its author expected it to help (an agent's); may be empty
};

/// One step of the path from the root to the best node (following first parents).
struct PathStep {
    NodeId id = 0;
    std::string op;
    std::vector<GeneSetting> added; ///< on here, off in the parent
    std::vector<GeneSetting> removed; ///< on in the parent, off here
    std::vector<std::pair<GeneSetting, GeneSetting>> changed; ///< parent's value -> this value
    std::vector<StepIdea> ideas; ///< the ideas behind added, removed and changed, in that order
    std::optional<double> speedup; ///< this node's speedup over the baseline
    std::optional<double> stepGain; ///< speedup / parent's speedup (both succeeded)
    std::string status;
    /// The parent's code -> this node's code as a unified diff (code ideas' edits, merged code and the
    /// settings' #define block alike); empty for the root and for a step that changed no code.
    std::string diff;
    bool mergedCode = false; ///< this node's code is the merger agent's combination of colliding edits
};

/// Mean speedup of the succeeded nodes with a setting vs. those with its idea off.
struct IdeaEffect {
    GeneSetting setting;
    int withCount = 0;
    int withoutCount = 0;
    double meanWith = 0; ///< valid when withCount > 0
    double meanWithout = 0; ///< valid when withoutCount > 0
};

/**
 * A pair of settings whose combination beats their separate effects (docs/report.md):
 * with E(X) = ln(speedup) of the best succeeded node matching X,
 * synergy = E(A and B) - E(A, B's idea off) - E(B, A's idea off) > 0.
 */
struct Synergy {
    GeneSetting a, b;
    NodeId nodeBoth = 0, nodeA = 0, nodeB = 0;
    double logBoth = 0, logA = 0, logB = 0;
    double synergy = 0; ///< in ln units; exp(synergy) is the extra factor
};

struct FailureCount {
    std::string reason;
    int count = 0;
    std::string exampleDetail;
    NodeId exampleNode = 0;
};

/// One evaluation for the chart, in evaluation order.
struct ChartPoint {
    std::int64_t evalIndex = 0;
    NodeId id = 0;
    std::optional<double> speedup; ///< unset: failed
    double bestSoFar = 0; ///< best speedup among evaluations up to this one (0 before any success)
    int era = 0;
};

/// Everything the reports show, computed once from a session file.
struct ReportData {
    std::string sessionFile; ///< the file name only
    std::string sessionPath;
    std::string targetName, targetDir, metricName, direction, strategy, seed;
    std::string hardware; ///< "NVIDIA H100 (driver 550.54)" from a harness JSON line, or empty
    std::string host; ///< the machine of the last run ("name: CPU model (N cores)"), or empty
    std::string compiler; ///< the build command's compiler as `--version` names it, or empty
    std::vector<Idea> ideas;
    int evaluations = 0, succeeded = 0, failed = 0, pending = 0;
    std::optional<MeasuredNode> baseline;
    std::string baselineFailure; ///< the baseline's reason and detail if it failed
    std::optional<MeasuredNode> best;
    /// Conservative 95% range of the best speedup from the two medians' CIs (both need samples).
    std::optional<std::pair<double, double>> bestSpeedupRange;
    std::vector<PathStep> path; ///< root first
    std::vector<IdeaEffect> effects;
    std::vector<Synergy> synergies; ///< positive only, largest first
    std::vector<FailureCount> failures; ///< most frequent first
    std::vector<RunRecord> runs;
    std::vector<SteeringCommand> steering; ///< the user's commands, in order
    std::vector<ChartPoint> points;
    /// Eras that ended: (era, why it ended and what it committed).
    std::vector<std::pair<int, std::string>> eras;
    LlmSpend llmSpend; ///< what the LLM agents cost (zero calls: none was used)
    std::map<std::string, int> llmCallsByAgent;
    std::map<std::string, double> llmCostByAgent; ///< USD
    std::vector<std::pair<double, double>> llmCosts; ///< (the call's end, Unix seconds; its cost in USD), oldest first
    std::map<std::string, int> ideasByOrigin; ///< "target", "proposer", "mutator", ...
};

ReportData computeReportData(const SessionStore& store);

/// Mean speedup of the succeeded NODES with IDEA at STATE against those with it off (the report's and the app's "effect").
IdeaEffect settingEffect(const std::vector<Node>& nodes, const std::vector<Idea>& ideas, size_t idea, int state);

/// IDEAS[I] at STATE as a gene setting ("unroll", "tile=32").
GeneSetting geneSetting(const std::vector<Idea>& ideas, size_t i, int state);

/// Numbers as every report prints them (tests match on these).
std::string formatMetric(double value); ///< "%.6g"
std::string formatSpeedup(double value); ///< "%.3fx"
/// VALUE through the printf format FORMAT (one double conversion).
std::string formatNumber(double value, const char* format);
/// "95% CI [1.2, 1.4], 5 samples" for a node's sample statistics, or "no samples".
std::string formatConfidence(const SampleStats& stats);
std::string formatTime(double unixSeconds); ///< "2026-11-21 11:56:29 UTC"
std::string settingsText(const std::vector<GeneSetting>& genes); ///< "tile=32, unroll" or "(baseline)"
std::string stepChangeText(const PathStep& step); ///< "+unroll, -pad, tile 16 -> 32" ("" for the root)
std::string stepIdeaKind(const StepIdea& idea); ///< "setting from phylo.toml", "code idea, by the mutator"
/// The synergy definition, as both reports print it.
extern const char* const kSynergyDefinition;

} // namespace phylo
