// SPDX-License-Identifier: GPL-3.0-or-later
#include "session_reader.h"

#include "report/node_code.h"
#include "search/eras.h"
#include "search/search_history.h"
#include "session/session_lock.h"
#include "store/session_store.h"
#include "util/user_error.h"

namespace phylo::ui {

namespace {

    /// What a panel redraws a node for: its state and measurement (not its log).
    std::string stampOf(const Node& node)
    {
        return statusText(node.status) + '|' + std::to_string(node.startedAt) + '|' + std::to_string(node.finishedAt)
            + '|' + (node.speedup ? std::to_string(*node.speedup) : std::string("-")) + '|' + reasonText(node.failure)
            + '|' + (node.suspicious ? "s" : "");
    }

} // namespace

const Node* SessionSnapshot::byId(NodeId id) const
{
    // Ids are assigned in order and nodes are never deleted: usually nodes[id - 1].
    if (id >= 1 && static_cast<size_t>(id) <= nodes.size() && nodes[static_cast<size_t>(id - 1)].id == id)
        return &nodes[static_cast<size_t>(id - 1)];
    for (const auto& node : nodes) {
        if (node.id == id)
            return &node;
    }
    return nullptr;
}

SessionReader::SessionReader(std::filesystem::path path)
    : m_path(std::move(path))
{
}

SessionReader::~SessionReader() = default;

bool SessionReader::ensureOpen()
{
    if (m_store)
        return true;
    if (!std::filesystem::exists(m_path))
        throw UserError(m_path.string() + ": no such session file");
    try {
        m_store = SessionStore::open(m_path, SessionStore::Access::ReadOnly);
    } catch (const UserError&) {
        // A writer that has just created the file may not have written its schema yet.
        if (SessionLock::isHeld(m_path))
            return false;
        throw;
    }
    if (!m_store->isInitialized()) {
        m_store.reset();
        return false;
    }
    return true;
}

std::shared_ptr<const SessionSnapshot> SessionReader::poll()
{
    if (!ensureOpen())
        return nullptr;
    const auto version = m_store->dataVersion();
    const bool live = SessionLock::isHeld(m_path);
    if (m_last && m_version == version && live == m_wasLive)
        return nullptr;
    m_version = version;
    m_wasLive = live;

    auto snapshot = std::make_shared<SessionSnapshot>();
    snapshot->path = m_path.string();
    snapshot->live = live;
    if (m_last) {
        snapshot->targetName = m_last->targetName;
        snapshot->targetDir = m_last->targetDir;
        snapshot->metricName = m_last->metricName;
        snapshot->direction = m_last->direction;
        snapshot->targetFiles = m_last->targetFiles;
        snapshot->full = false;
    } else {
        snapshot->targetName = m_store->meta("target_name").value_or("?");
        snapshot->targetDir = m_store->meta("target_dir").value_or("");
        snapshot->metricName = m_store->meta("metric_name").value_or("metric");
        snapshot->direction = m_store->meta("metric_direction").value_or("minimize");
        snapshot->targetFiles = m_store->targetFiles();
    }
    snapshot->maxEvals = std::atoi(m_store->meta("max_evals").value_or("0").c_str());
    snapshot->ideas = m_store->ideas();
    snapshot->nodes = m_store->loadNodes(false);
    snapshot->commands = m_store->steering();
    snapshot->spend = m_store->llmSpend();
    if (snapshot->spend.calls > 0) {
        for (const auto& call : m_store->llmCalls(std::nullopt, false))
            snapshot->spendPoints.emplace_back(call.finishedAt, call.costUsd);
    }

    SearchHistory history(snapshot->ideas, snapshot->nodes);
    history.setSteering(foldSteering(snapshot->commands, snapshot->ideas));
    snapshot->steering = history.steering();
    for (const auto& [i, state] : committedSettings(history))
        snapshot->committedIdeas.insert(snapshot->ideas.at(i).name);
    std::map<NodeId, std::string> stamps;
    for (const auto& node : snapshot->nodes) {
        if (history.isPruned(node.id))
            snapshot->pruned.insert(node.id);
        snapshot->evaluated += node.evaluated();
        snapshot->failed += node.status == NodeStatus::Failed;
        snapshot->running += node.status == NodeStatus::Running;
        snapshot->eras = std::max(snapshot->eras, node.era + 1);
        auto stamp = stampOf(node);
        const auto old = m_stamps.find(node.id);
        if (old == m_stamps.end() || old->second != stamp || !m_last)
            snapshot->changed.push_back(node.id);
        stamps.emplace(node.id, std::move(stamp));
    }
    m_stamps = std::move(stamps);
    for (int era = 0; era < snapshot->eras; ++era) {
        if (const Node* base = eraBaseline(history, era))
            snapshot->eraBaselines[era] = base->id;
    }
    if (const Node* best = history.best()) {
        snapshot->bestId = best->id;
        snapshot->bestSpeedup = best->speedup;
    }
    m_last = snapshot;
    return snapshot;
}

std::map<std::string, std::string> SessionReader::codeOf(NodeId id)
{
    if (!ensureOpen())
        return {};
    const auto files = m_last ? m_last->targetFiles : m_store->targetFiles();
    if (id == 0)
        return files;
    const auto ideas = m_last ? m_last->ideas : m_store->ideas();
    const Node* node = m_last ? m_last->byId(id) : nullptr;
    if (!node)
        return {};
    return nodeCode(files, node->genes, ideas);
}

std::optional<NodeDetail> SessionReader::detail(NodeId id)
{
    if (!ensureOpen())
        return std::nullopt;
    auto node = m_store->loadNode(id);
    if (!node)
        return std::nullopt;
    NodeDetail detail;
    detail.node = std::move(*node);
    const auto files = m_last ? m_last->targetFiles : m_store->targetFiles();
    if (auto merged = m_store->mergedCode(id))
        detail.code = std::move(*merged); // the merger's combination of colliding edits
    else
        detail.code = nodeCode(files, detail.node.genes, m_last ? m_last->ideas : m_store->ideas());
    if (auto calls = m_store->llmCalls(id); !calls.empty()) {
        detail.call = std::move(calls.back());
    } else if (detail.node.op == "llm-proposal" || detail.node.op == "llm-rethink") {
        // The proposer's (or rethinker's) one call made several nodes: the one that named this node's idea.
        const auto ideas = m_last ? m_last->ideas : m_store->ideas();
        std::int64_t made = 0; // found without reading every prompt, then read alone
        for (const auto& call : m_store->llmCalls(std::nullopt, false)) {
            if (call.agent != "proposer" && call.agent != "rethinker")
                continue;
            for (size_t i = 0; i < ideas.size() && i < detail.node.genes.size(); ++i) {
                if (detail.node.genes.isOn(i) && ("," + call.idea + ",").find("," + ideas[i].name + ",") != std::string::npos)
                    made = call.id;
            }
        }
        if (made > 0)
            detail.call = m_store->llmCall(made);
    }
    return detail;
}

} // namespace phylo::ui
