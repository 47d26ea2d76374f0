// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/idea.h"
#include "domain/node.h"
#include "search/steering.h"
#include "store/llm_call_record.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace phylo::ui {

/**
 * Everything the panels show about a session at one moment, read off the GUI thread. Nodes come
 * without their logs (NodeDetail has one node's log). Immutable once published: panels share it.
 */
struct SessionSnapshot {
    std::string path;
    std::string targetName;
    std::string targetDir;
    std::string metricName;
    std::string direction; ///< "minimize" or "maximize"
    int maxEvals = 0; ///< of the latest run; 0 if unknown
    std::vector<Idea> ideas;
    std::map<std::string, std::string> targetFiles; ///< the original code
    std::vector<Node> nodes; ///< every node, id order
    std::vector<NodeId> changed; ///< nodes new or changed since the previous snapshot (all on the first)
    bool full = true; ///< the first snapshot of this session: panels replace rather than update
    std::vector<SteeringCommand> commands;
    Steering steering; ///< the commands folded
    std::set<NodeId> pruned; ///< pruned roots and everything below them
    bool live = false; ///< a run holds the session's lock now (in this process or another)
    NodeId bestId = 0;
    std::optional<double> bestSpeedup;
    int evaluated = 0;
    int failed = 0;
    int running = 0;
    int eras = 1;
    std::map<int, NodeId> eraBaselines; ///< era -> the node it started from (eraBaseline)
    std::set<std::string> committedIdeas; ///< ideas the latest era committed (in every later individual)
    LlmSpend spend; ///< what the LLM agents cost so far
    std::vector<std::pair<double, double>> spendPoints; ///< (finished at, cost) of every LLM call, oldest first

    const Node* byId(NodeId id) const;
};

/// A node with its log and code, for the inspector.
struct NodeDetail {
    Node node; ///< with its log
    std::map<std::string, std::string> code;
    std::optional<LlmCallRecord> call; ///< the LLM call that made the node, if an agent did
};

} // namespace phylo::ui
