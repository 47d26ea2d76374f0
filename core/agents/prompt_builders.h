// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agents/edit_blocks.h"
#include "agents/prompt_library.h"
#include "target/target_config.h"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace phylo {

/// What every agent is told about the target.
struct AgentTarget
{
    std::string name;
    std::string description;
    std::string metricName;
    MetricDirection direction = MetricDirection::Minimize;
    /// The editable files as this agent must see them (path -> content): the era's baseline for the proposer,
    /// the node's code for the mutator, the merge base for the merger, the failing candidate for the repairer,
    /// the committed code for the rethinker. Their paths are the only ones its edits may name.
    std::map<std::string, std::string> files;
};

/**
 * Bounds on each part of a prompt, so that a prompt's size is bounded whatever the session holds. Whatever
 * is cut is replaced by a visible marker ("[... N characters omitted ...]", "[... N earlier steps omitted
 * ...]", "(N more not shown)").
 */
struct PromptLimits
{
    std::size_t maxFileChars = 30000; ///< one file (head and tail kept)
    std::size_t maxCodeChars = 60000; ///< all files of one prompt together
    std::size_t maxSteps = 16; ///< steps of one trajectory (the first and the latest kept)
    std::size_t maxStepChars = 600; ///< one step's diff summary
    std::size_t maxOtherLineages = 3;
    std::size_t maxFailures = 8;
    std::size_t maxIdeasListed = 60;
    std::size_t maxEditChars = 20000; ///< one side's edits in the merger's prompt
    std::size_t maxErrorChars = 8000; ///< the compiler's output in the repairer's prompt
    std::size_t maxTextChars = 2000; ///< a description, a failure message, the user's guidance
};

/// One step of a lineage (Algorithm Distillation's trajectory): the idea applied and what came of it.
struct TrajectoryStep
{
    std::string idea; ///< e.g. "baseline", "tile=32", "unroll_k"
    std::string diffSummary; ///< what the step changed (diffSummary())
    std::optional<double> speedup; ///< after the step, over the baseline; absent when it failed
    bool correct = true;
    std::string failure; ///< why it failed ("wrong result: max error 0.03"); empty when correct
};

/// What is known about one idea, for the proposer and the rethinker.
struct IdeaStats
{
    std::string name;
    std::string description;
    int tried = 0; ///< evaluated candidates with the idea on
    int failed = 0; ///< of those, how many failed
    std::optional<double> meanWith; ///< mean speedup of successful candidates with the idea on
    std::optional<double> meanWithout; ///< ... with it off
    std::vector<std::pair<std::string, double>> bestPartners; ///< idea -> mean speedup together, best first
};

struct ProposerContext
{
    AgentTarget target; ///< files: the era's baseline code
    double bestSpeedup = 1; ///< the best so far
    std::vector<IdeaStats> ideas; ///< ideas already in the search (not to be proposed again)
    std::vector<std::string> retired; ///< ideas retired by earlier rethinks
    std::size_t maxIdeas = 6;
    std::string guidance; ///< the user's hint, may be empty
};

struct MutatorContext
{
    AgentTarget target; ///< files: the node's code
    std::vector<TrajectoryStep> lineage; ///< from the root (the baseline) to the node
    double currentSpeedup = 1;
    double targetSpeedup = 1; ///< the return to aim for (Decision-Transformer conditioning)
    std::vector<std::vector<TrajectoryStep>> otherLineages; ///< the best other lineages, best first
    std::vector<TrajectoryStep> recentFailures; ///< negative examples
    std::vector<std::string> existingIdeas; ///< names the new idea must not take
};

/// One of the two ideas a crossover combines.
struct MergeSide
{
    std::string idea;
    std::string description;
    std::vector<FileEdit> edits; ///< against the merge base
};

struct MergerContext
{
    AgentTarget target; ///< files: the merge base
    MergeSide first;
    MergeSide second;
    std::string conflict; ///< why the edits do not combine mechanically (applyEdits' detail)
};

struct RepairContext
{
    AgentTarget target; ///< files: the candidate that failed to build
    std::string idea;
    std::string ideaDescription;
    std::string compilerErrors; ///< the build's output (cut in the middle when long)
    int attempt = 1;
    int maxAttempts = 1;
};

struct RethinkerContext
{
    AgentTarget target; ///< files: the code committed at the era's end
    int era = 0;
    double bestSpeedup = 1;
    std::vector<IdeaStats> ideas; ///< every current idea
    std::size_t maxNewIdeas = 4;
};

/**
 * The agents' prompts: the template prompts/<agent>.txt with its variables (prompts/README.md lists them),
 * the format explanations of prompts/edit_format.txt and prompts/idea_format.txt included. Each states the
 * reply format with an example, the editable files, the metric and its direction. Throws UserError for a
 * template that is missing or broken; never for anything in the context.
 */
std::string buildProposerPrompt(
    const PromptLibrary& library, const ProposerContext& context, const PromptLimits& limits = {});
/// Includes the sentence "The lineage is at 1.80x; aim for 2.50x." (targetReturnSentence()).
std::string buildMutatorPrompt(
    const PromptLibrary& library, const MutatorContext& context, const PromptLimits& limits = {});
std::string buildMergerPrompt(
    const PromptLibrary& library, const MergerContext& context, const PromptLimits& limits = {});
std::string buildRepairPrompt(
    const PromptLibrary& library, const RepairContext& context, const PromptLimits& limits = {});
std::string buildRethinkerPrompt(
    const PromptLibrary& library, const RethinkerContext& context, const PromptLimits& limits = {});

/// "The lineage is at 1.80x; aim for 2.50x."
std::string targetReturnSentence(double current, double target);

/// FILES as the prompts show them: per file its path, then its content in a code fence, each file cut to
/// the limits' per-file share of maxCodeChars.
std::string formatFilesForPrompt(const std::map<std::string, std::string>& files, const PromptLimits& limits);

/// A trajectory as the prompts show it: numbered steps, each with its idea, speedup or failure and changes.
std::string formatTrajectory(const std::vector<TrajectoryStep>& steps, const PromptLimits& limits);

} // namespace phylo
