// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/idea.h"
#include "domain/node.h"
#include "llm/llm_config.h"

#include <atomic>
#include <map>
#include <optional>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace phylo {

class PromptLibrary;
class SearchHistory;
class SessionObserver;
class SessionStore;
struct TargetConfig;

namespace llm {
    class LlmClient;
    class SpendMeter;
}

/**
 * The LLM agents of a session: the proposer (ideas as code edits at the start), the mutator (one new
 * idea applied to a node, its prompt holding the node's lineage as a trajectory, a target return, the
 * best trajectories of other lineages and recent failures) and the repairer (a candidate that does not
 * compile, with the compiler's errors). Each call is recorded in the session file with the node or
 * ideas it made, its tokens and its cost; a malformed reply, an edit that does not apply or a call that
 * fails is recorded as such, never dropped and never scored. Runs on the session's thread; the calls of
 * one step go out in parallel (the client limits how many at once). Once the budget is spent, no
 * agent calls the LLM again and the search goes on with the ideas it has.
 */
class AgentTeam {
public:
    AgentTeam(const TargetConfig& target, const llm::LlmConfig& config, std::unique_ptr<llm::LlmClient> client,
        SessionStore& store, SessionObserver& observer, const std::atomic<bool>& cancel);
    ~AgentTeam();

    /// False once the budget is spent (or the run is stopping).
    bool active() const;
    const llm::LlmConfig& config() const { return m_config; }

    /// Asks the proposer for ideas once per session (before any agent idea exists); adds them to the store.
    void proposeIfNeeded(const SearchHistory& history);
    /// One mutator call per parent: each returns a new idea applied to that parent, inserted as a node of
    /// GENERATION (pending, or failed when its edit did not apply). Returns how many nodes it inserted.
    int mutate(const SearchHistory& history, const std::vector<const Node*>& parents, int generation,
        const std::string& strategyState);
    /// Repair attempts for the nodes that failed to build (their ideas' code), up to max_repairs deep.
    int repair(const SearchHistory& history, int generation, const std::string& strategyState);
    /// The rethinker, at an era's end: per-idea statistics and the committed code (COMMIT, the next era's
    /// baseline) in; ideas to retire and new hypotheses (children of COMMIT) out. Returns the nodes it made.
    int rethink(const SearchHistory& history, const Node& commit, int generation, const std::string& strategyState);
    /// The merger: NODE's code ideas collided (COMPOSED says where); the combined code, recorded for the
    /// node, or nullopt (the call failed or its reply was unusable: then the node is a "merge conflict").
    std::optional<std::map<std::string, std::string>> merge(const SearchHistory& history, const Node& node,
        const struct ComposedCode& composed, std::string* why);
    /// The fittest nodes of distinct lineages, for the mutator: at most COUNT, pruned and failed ones never.
    static std::vector<const Node*> mutationParents(const SearchHistory& history, size_t count);

private:
    struct Call;
    Call ask(const std::string& agent, const std::string& prompt) const;
    std::map<std::string, std::string> codeOf(const SearchHistory& history, const Node& node) const;
    std::set<std::string> editable() const;
    std::string fingerprintOf(const SearchHistory& history, const Node& node);
    int insertChild(const SearchHistory& history, const Node& parent, const std::string& op, Idea idea,
        const Call& call, int generation, const std::string& strategyState, bool recordCall = true);

    const TargetConfig& m_target;
    llm::LlmConfig m_config;
    std::shared_ptr<llm::SpendMeter> m_meter;
    std::unique_ptr<llm::LlmClient> m_client;
    std::unique_ptr<PromptLibrary> m_prompts;
    SessionStore& m_store;
    SessionObserver& m_observer;
    const std::atomic<bool>& m_cancel;
    const std::map<std::string, std::string> m_original; ///< the target's code, read once
    std::map<NodeId, std::string> m_fingerprints; ///< code fingerprints of nodes already seen
    int m_ideaCounter = 0;
};

} // namespace phylo
