// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/idea.h"
#include "domain/node.h"
#include "search/steering.h"
#include "store/llm_call_record.h"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace phylo {

class SqliteDb;

/// What a new session records once: the target snapshot and how the search was started.
struct SessionSetup {
    std::string targetName;
    std::string targetDir;
    std::string targetToml;
    std::string metricName;
    std::string metricDirection; ///< "minimize" or "maximize"
    std::map<std::string, std::string> targetFiles;
    std::vector<Idea> ideas;
    std::uint64_t seed = 0;
    std::string strategy;
};

/// One `phylo run` that wrote the session (the `runs` table).
struct RunRecord {
    std::int64_t id = 0;
    double startedAt = 0;
    std::optional<double> finishedAt; ///< unset while running, or if the run was killed
    std::string command;
    std::string endReason;
};

/**
 * The session file: one SQLite database (WAL) holding the target snapshot, the ideas and
 * every node with its measurement. The contract between `phylo` and the app. Every write is
 * one transaction, so a kill -9 loses at most the evaluations in flight. One instance per
 * thread; other processes may read while one writes.
 */
class SessionStore {
public:
    enum class Access { ReadOnly, ReadWrite, Create };

    /// Opens PATH. Throws UserError if it is not a session file (or, for Create, cannot be one),
    /// and before writing anything to a file that is not ours.
    static std::unique_ptr<SessionStore> open(const std::filesystem::path& path, Access access);
    ~SessionStore();

    const std::filesystem::path& path() const { return m_path; }
    bool isInitialized() const;
    /// Changes whenever another connection commits to the file (PRAGMA data_version): a cheap "anything new?".
    std::int64_t dataVersion() const;
    void initialize(const SessionSetup& setup);

    std::optional<std::string> meta(const std::string& key) const;
    void setMeta(const std::string& key, const std::string& value);

    /// Every idea, retired ones included, in the order the genes index them.
    std::vector<Idea> ideas() const;
    /// Appends IDEAS (an agent's) after the existing ones. Throws UserError on a name already taken.
    void addIdeas(const std::vector<Idea>& ideas);
    void retireIdea(const std::string& name);
    std::map<std::string, std::string> targetFiles() const;

    /// Every node in id order. Without WITH_LOGS the (bounded, but many) logs are left empty:
    /// the search reloads the nodes at every batch and never reads them.
    std::vector<Node> loadNodes(bool withLogs = true) const;
    /// One node with its log and parents; nullopt if there is none with this id.
    std::optional<Node> loadNode(NodeId id) const;
    /// Inserts NODES (assigning id and evalIndex) and, in the same transaction, the strategy's state.
    void insertBatch(std::vector<Node>& nodes, const std::vector<Idea>& ideas, const std::string& strategyState);
    void markRunning(NodeId id, double startedAt);
    /// Writes a finished evaluation (status, samples, metric, speedup, failure, log, times).
    void recordOutcome(const Node& node);
    /// Where a node is being evaluated, written as soon as it is known (a SLURM job id at submission), so a
    /// run resumed after a kill -9 can adopt the job instead of submitting it again.
    void recordPlacement(NodeId id, const Placement& placement);
    /// Running nodes of a run that was killed go back to pending (their placement kept); returns how many.
    int resetInFlight();

    /// Records a steering command (validated by the caller); the running session picks it up.
    std::int64_t addSteering(const std::string& source, const std::string& command, const std::string& argument);
    std::vector<SteeringCommand> steering() const;
    /// Pending nodes in a pruned subtree are not evaluated: recorded as failed with reason "pruned".
    void cancelPending(const std::vector<NodeId>& ids);

    /// The merger's code for a node whose ideas' edits collided (nullopt: its code follows from its genes).
    void setMergedCode(NodeId id, const std::map<std::string, std::string>& files);
    std::optional<std::map<std::string, std::string>> mergedCode(NodeId id) const;
    /// Records one LLM call (with the node it made, if any); returns its id.
    std::int64_t recordLlmCall(const LlmCallRecord& call);
    /// Every LLM call, oldest first; with NODE set, only the calls that made that node.
    std::vector<LlmCallRecord> llmCalls(std::optional<NodeId> node = std::nullopt, bool withText = true) const;
    /// One LLM call with its prompt and response.
    std::optional<LlmCallRecord> llmCall(std::int64_t id) const;
    LlmSpend llmSpend() const;

    std::int64_t beginRun(const std::string& command);
    void endRun(std::int64_t runId, const std::string& reason);
    /// Every run that wrote the session, oldest first.
    std::vector<RunRecord> runs() const;

private:
    SessionStore(std::filesystem::path path, std::unique_ptr<SqliteDb> db);
    void insertIdeas(const std::vector<Idea>& ideas); ///< inside the caller's transaction
    std::vector<LlmCallRecord> queryLlmCalls(const std::string& where, std::int64_t key, bool withText) const;

    std::filesystem::path m_path;
    std::unique_ptr<SqliteDb> m_db;
};

} // namespace phylo
