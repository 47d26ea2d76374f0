// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/agent_team.h"

#include "agents/code_fingerprint.h"
#include "agents/compose_code.h"
#include "agents/diff_summary.h"
#include "agents/edit_apply.h"
#include "agents/prompt_builders.h"
#include "agents/prompt_library.h"
#include "agents/reply_parsers.h"
#include "llm/llm_client.h"
#include "llm/spend_meter.h"
#include "search/search_history.h"
#include "session/session_observer.h"
#include "store/session_store.h"
#include "target/target_config.h"
#include "util/clock.h"

#include <algorithm>
#include <cstdlib>
#include <future>

namespace phylo {

struct AgentTeam::Call {
    std::string agent;
    std::string prompt;
    llm::ChatReply reply;
    double startedAt = 0;
    double finishedAt = 0;
};

namespace {

    constexpr size_t kMaxRepairsPerStep = 4;

    /// "+tile=32 -unroll" (what turned on or changed, what turned off), or "baseline".
    std::string changeOf(const Node* parent, const Node& node, const std::vector<Idea>& ideas)
    {
        if (!parent)
            return "baseline";
        std::string out;
        for (size_t i = 0; i < ideas.size() && i < node.genes.size(); ++i) {
            const int before = i < parent->genes.size() ? parent->genes.state(i) : Genes::kOff;
            const int after = node.genes.state(i);
            if (before == after)
                continue;
            if (!out.empty())
                out += ' ';
            if (after == Genes::kOff)
                out += "-" + ideas[i].name;
            else
                out += "+" + ideas[i].name + (ideas[i].isSwitch() ? "" : "=" + ideas[i].valueText(after));
        }
        return out.empty() ? "(same ideas)" : out;
    }

    std::string failureOf(const Node& node)
    {
        if (node.status != NodeStatus::Failed)
            return {};
        auto text = reasonText(node.failure);
        if (!node.failureDetail.empty())
            text += ": " + node.failureDetail.substr(0, 300);
        return text;
    }

    bool isAncestor(const SearchHistory& history, NodeId ancestor, const Node& node)
    {
        for (const Node* n = &node; n && !n->parents.empty();) {
            if (n->parents.front() == ancestor)
                return true;
            n = history.byId(n->parents.front());
        }
        return false;
    }

    AgentTarget agentTarget(const TargetConfig& target, std::map<std::string, std::string> files)
    {
        return { target.name, target.description, target.metricName, target.direction, std::move(files) };
    }

    Idea ideaFrom(const ProposedIdea& proposed, const std::string& origin, NodeId baseNode, int era)
    {
        Idea idea = proposed.toIdea();
        for (const auto& variant : proposed.variants)
            idea.edits.push_back(variant.edits);
        idea.origin = origin;
        idea.rationale = proposed.rationale;
        idea.baseNode = baseNode;
        idea.era = era;
        return idea;
    }

} // namespace

AgentTeam::AgentTeam(const TargetConfig& target, const llm::LlmConfig& config, std::unique_ptr<llm::LlmClient> client,
    SessionStore& store, SessionObserver& observer, const std::atomic<bool>& cancel)
    : m_target(target)
    , m_config(config)
    , m_meter(std::make_shared<llm::SpendMeter>(config))
    , m_prompts(std::make_unique<PromptLibrary>())
    , m_store(store)
    , m_observer(observer)
    , m_cancel(cancel)
    , m_original(store.targetFiles())
{
    // The budget is the session's: what earlier runs spent counts.
    const auto spent = store.llmSpend();
    if (spent.calls > 0) {
        llm::ChatReply earlier;
        earlier.inputTokens = spent.inputTokens;
        earlier.outputTokens = spent.outputTokens;
        earlier.costUsd = spent.costUsd;
        m_meter->record(earlier);
    }
    m_client = std::make_unique<llm::MeteredClient>(std::move(client), m_meter);
    for (const auto& idea : store.ideas())
        m_ideaCounter += idea.origin != "target";
}

AgentTeam::~AgentTeam() = default;

bool AgentTeam::active() const
{
    return m_meter->mayCall() && !m_cancel.load();
}

AgentTeam::Call AgentTeam::ask(const std::string& agent, const std::string& prompt) const
{
    Call call;
    call.agent = agent;
    call.prompt = prompt;
    call.startedAt = unixNow();
    llm::ChatRequest request;
    request.messages.push_back({ "user", prompt });
    request.purpose = agent;
    call.reply = m_client->complete(request, {}, &m_cancel);
    call.finishedAt = unixNow();
    return call;
}

namespace {
    LlmCallRecord recordOf(const std::string& agent, const std::string& prompt, const llm::ChatReply& reply,
        double startedAt, double finishedAt, const std::string& model)
    {
        LlmCallRecord r;
        r.agent = agent;
        r.model = reply.model.empty() ? model : reply.model;
        r.prompt = prompt;
        r.response = reply.text;
        r.error = reply.ok ? "" : reply.error;
        r.inputTokens = reply.inputTokens;
        r.outputTokens = reply.outputTokens;
        r.costUsd = reply.costUsd;
        r.attempts = reply.attempts;
        r.startedAt = startedAt;
        r.finishedAt = finishedAt;
        return r;
    }
} // namespace

std::set<std::string> AgentTeam::editable() const
{
    return { m_target.files.begin(), m_target.files.end() };
}

std::map<std::string, std::string> AgentTeam::codeOf(const SearchHistory& history, const Node& node) const
{
    if (auto merged = m_store.mergedCode(node.id))
        return *merged;
    return composeCode(m_original, node.genes, history.ideas(), editable()).files;
}

std::string AgentTeam::fingerprintOf(const SearchHistory& history, const Node& node)
{
    auto it = m_fingerprints.find(node.id);
    if (it != m_fingerprints.end())
        return it->second;
    auto print = codeFingerprint(codeOf(history, node)) + "|" + node.genes.defines(history.ideas());
    return m_fingerprints[node.id] = print;
}

std::vector<const Node*> AgentTeam::mutationParents(const SearchHistory& history, size_t count)
{
    std::vector<const Node*> candidates;
    for (const auto& node : history.nodes()) {
        if (node.status == NodeStatus::Succeeded && !node.suspicious && !history.isPruned(node.id))
            candidates.push_back(&node);
    }
    std::stable_sort(candidates.begin(), candidates.end(), SearchHistory::fitter);
    std::vector<const Node*> picked;
    for (const Node* node : candidates) {
        if (picked.size() >= count)
            break;
        // Distinct lineages: not the ancestor or descendant of one already picked.
        const bool related = std::any_of(picked.begin(), picked.end(), [&](const Node* p) {
            return isAncestor(history, p->id, *node) || isAncestor(history, node->id, *p);
        });
        if (!related)
            picked.push_back(node);
    }
    for (const Node* node : candidates) { // too few lineages: the fittest again
        if (picked.size() >= count)
            break;
        if (std::find(picked.begin(), picked.end(), node) == picked.end())
            picked.push_back(node);
    }
    return picked;
}

void AgentTeam::proposeIfNeeded(const SearchHistory& history)
{
    if (m_config.propose <= 0 || !active())
        return;
    for (const auto& call : m_store.llmCalls(std::nullopt, false)) {
        if (call.agent == "proposer")
            return; // once per session
    }
    const Node* baseline = history.baseline();
    if (!baseline || baseline->status != NodeStatus::Succeeded)
        return;
    ProposerContext context;
    context.target = agentTarget(m_target, m_original);
    if (const Node* best = history.best())
        context.bestSpeedup = best->speedup.value_or(1.0);
    std::set<std::string> taken;
    for (const auto& idea : history.ideas()) {
        taken.insert(idea.name);
        context.ideas.push_back({ idea.name, idea.description, 0, 0, std::nullopt, std::nullopt, {} });
    }
    context.maxIdeas = static_cast<size_t>(m_config.propose);
    m_observer.onMessage("proposer: asking " + m_config.model + " for " + std::to_string(m_config.propose) + " ideas");
    const auto call = ask("proposer", buildProposerPrompt(*m_prompts, context));
    auto record = recordOf("proposer", call.prompt, call.reply, call.startedAt, call.finishedAt, m_config.model);
    if (!call.reply.ok) {
        record.outcome = "no ideas";
        m_store.recordLlmCall(record);
        m_observer.onMessage("proposer: the call failed (" + call.reply.error + ")");
        return;
    }
    const auto parsed = parseProposerReply(call.reply.text, taken, context.maxIdeas);
    if (!parsed.ok || parsed.ideas.empty()) {
        record.error = "malformed reply: " + (parsed.error.empty() ? std::string("no idea in it") : parsed.error);
        record.outcome = "no ideas";
        m_store.recordLlmCall(record);
        m_observer.onMessage("proposer: " + record.error);
        return;
    }
    // Each idea is measured alone first, as a child of the baseline; one whose edit does not apply is a failed node.
    int made = 0;
    std::vector<std::string> names;
    for (const auto& proposed : parsed.ideas) {
        const auto idea = ideaFrom(proposed, "proposer", 0, baseline->era);
        names.push_back(idea.name);
        made += insertChild(history, *baseline, "llm-proposal", idea, call, history.lastGeneration() + 1, "", false);
    }
    record.outcome = std::to_string(names.size()) + " ideas";
    record.idea.clear();
    for (const auto& name : names)
        record.idea += (record.idea.empty() ? "" : ",") + name;
    m_store.recordLlmCall(record);
    m_observer.onMessage("proposer: " + std::to_string(names.size()) + " idea(s), " + std::to_string(made) + " to evaluate");
}

namespace {
    std::vector<TrajectoryStep> trajectoryTo(const SearchHistory& history, const Node& node,
        const std::function<std::map<std::string, std::string>(const Node&)>& code)
    {
        std::vector<const Node*> path;
        for (const Node* n = &node; n;) {
            path.push_back(n);
            n = n->parents.empty() ? nullptr : history.byId(n->parents.front());
        }
        std::reverse(path.begin(), path.end());
        std::vector<TrajectoryStep> steps;
        const Node* previous = nullptr;
        for (const Node* n : path) {
            TrajectoryStep step;
            step.idea = changeOf(previous, *n, history.ideas());
            if (previous)
                step.diffSummary = diffSummary(code(*previous), code(*n), 400);
            step.speedup = n->speedup;
            step.correct = n->status == NodeStatus::Succeeded;
            step.failure = failureOf(*n);
            steps.push_back(std::move(step));
            previous = n;
        }
        return steps;
    }
} // namespace

int AgentTeam::mutate(
    const SearchHistory& history, const std::vector<const Node*>& parents, int generation, const std::string& strategyState)
{
    if (parents.empty() || !active())
        return 0;
    auto code = [&](const Node& n) { return codeOf(history, n); };
    const Node* best = history.best();
    const double bestSpeedup = best ? best->speedup.value_or(1.0) : 1.0;
    std::vector<std::string> existing;
    std::set<std::string> taken;
    for (const auto& idea : history.ideas()) {
        existing.push_back(idea.name);
        taken.insert(idea.name);
    }
    // Negative examples: the latest failures.
    std::vector<const Node*> failures;
    for (const auto& node : history.nodes()) {
        if (node.status == NodeStatus::Failed && node.failure != FailureReason::Pruned)
            failures.push_back(&node);
    }
    std::sort(failures.begin(), failures.end(), [](const Node* a, const Node* b) { return a->finishedAt > b->finishedAt; });
    if (failures.size() > 6)
        failures.resize(6);
    // The fittest nodes, for cross-lineage transfer.
    std::vector<const Node*> leaders = mutationParents(history, 6);

    std::vector<std::future<Call>> calls;
    std::vector<const Node*> asked;
    for (const Node* parent : parents) {
        MutatorContext context;
        context.target = agentTarget(m_target, code(*parent));
        context.lineage = trajectoryTo(history, *parent, code);
        context.currentSpeedup = parent->speedup.value_or(1.0);
        context.targetSpeedup = std::max(context.currentSpeedup * 1.25, bestSpeedup * 1.05);
        for (const Node* other : leaders) {
            if (context.otherLineages.size() >= 2)
                break;
            if (other != parent && !isAncestor(history, other->id, *parent) && !isAncestor(history, parent->id, *other))
                context.otherLineages.push_back(trajectoryTo(history, *other, code));
        }
        for (const Node* failed : failures) {
            const Node* failedParent = failed->parents.empty() ? nullptr : history.byId(failed->parents.front());
            TrajectoryStep step;
            step.idea = changeOf(failedParent, *failed, history.ideas());
            step.correct = false;
            step.failure = failureOf(*failed);
            context.recentFailures.push_back(std::move(step));
        }
        context.existingIdeas = existing;
        const auto prompt = buildMutatorPrompt(*m_prompts, context);
        calls.push_back(std::async(std::launch::async, [this, prompt] { return ask("mutator", prompt); }));
        asked.push_back(parent);
    }
    m_observer.onMessage("mutator: " + std::to_string(calls.size()) + " call(s) to " + m_config.model);

    int made = 0;
    for (size_t i = 0; i < calls.size(); ++i) {
        const auto call = calls[i].get();
        const Node& parent = *asked[i];
        auto record = recordOf("mutator", call.prompt, call.reply, call.startedAt, call.finishedAt, m_config.model);
        if (!call.reply.ok) {
            record.outcome = "no node";
            m_store.recordLlmCall(record);
            continue;
        }
        const auto parsed = parseMutatorReply(call.reply.text, taken);
        if (!parsed.ok) {
            record.error = "malformed reply: " + parsed.error;
            record.outcome = "no node";
            m_store.recordLlmCall(record);
            continue;
        }
        auto idea = ideaFrom(parsed.idea, "mutator", parent.id, parent.era);
        taken.insert(idea.name);
        made += insertChild(history, parent, "llm-mutation", std::move(idea), call, generation, strategyState);
    }
    return made;
}

int AgentTeam::repair(const SearchHistory& history, int generation, const std::string& strategyState)
{
    if (m_config.maxRepairs <= 0 || !active())
        return 0;
    const auto& ideas = history.ideas();
    // A node is repaired once per attempt, whatever came of it (a node, a duplicate, a malformed reply).
    std::map<NodeId, int> attempts;
    for (const auto& call : m_store.llmCalls(std::nullopt, false)) {
        if (call.agent == "repairer" && call.idea.rfind("fix_", 0) == 0)
            ++attempts[std::atoll(call.idea.c_str() + 4)];
    }
    std::set<NodeId> repaired;
    for (const auto& node : history.nodes()) {
        if (node.op == "llm-repair" && !node.parents.empty())
            repaired.insert(node.parents.front());
    }
    std::vector<std::pair<const Node*, int>> broken; // node, repair attempt number
    for (const auto& node : history.nodes()) {
        if (node.status != NodeStatus::Failed || node.failure != FailureReason::BuildFailed || repaired.count(node.id)
            || attempts.count(node.id) || history.isPruned(node.id))
            continue;
        bool hasCode = false;
        for (size_t i = 0; i < ideas.size() && i < node.genes.size(); ++i)
            hasCode |= node.genes.isOn(i) && ideas[i].isCode();
        if (!hasCode)
            continue; // the target's own build is not the agents' to repair
        int depth = 0;
        for (const Node* n = &node; n && n->op == "llm-repair" && !n->parents.empty(); n = history.byId(n->parents.front()))
            ++depth;
        if (depth < m_config.maxRepairs)
            broken.push_back({ &node, depth + 1 });
        if (broken.size() >= kMaxRepairsPerStep)
            break;
    }
    if (broken.empty())
        return 0;
    std::vector<std::future<Call>> calls;
    std::vector<std::string> lastIdeas;
    for (const auto& [node, attempt] : broken) {
        RepairContext context;
        context.target = agentTarget(m_target, codeOf(history, *node));
        for (size_t i = 0; i < ideas.size() && i < node->genes.size(); ++i) {
            if (node->genes.isOn(i) && ideas[i].isCode()) {
                context.idea = ideas[i].name; // the last code idea applied: the likeliest culprit
                context.ideaDescription = ideas[i].description;
            }
        }
        const auto full = m_store.loadNode(node->id);
        context.compilerErrors = full ? full->log : node->failureDetail;
        context.attempt = attempt;
        context.maxAttempts = m_config.maxRepairs;
        lastIdeas.push_back(context.idea);
        const auto prompt = buildRepairPrompt(*m_prompts, context);
        calls.push_back(std::async(std::launch::async, [this, prompt] { return ask("repairer", prompt); }));
    }
    m_observer.onMessage("repairer: " + std::to_string(calls.size()) + " candidate(s) that did not compile");
    int made = 0;
    for (size_t i = 0; i < calls.size(); ++i) {
        const auto call = calls[i].get();
        const Node& node = *broken[i].first;
        auto record = recordOf("repairer", call.prompt, call.reply, call.startedAt, call.finishedAt, m_config.model);
        record.idea = "fix_" + std::to_string(node.id) + "_" + std::to_string(broken[i].second);
        if (!call.reply.ok) {
            record.outcome = "no node";
            m_store.recordLlmCall(record);
            continue;
        }
        const auto parsed = parseRepairReply(call.reply.text);
        if (!parsed.ok) {
            record.error = "malformed reply: " + parsed.error;
            record.outcome = "no node";
            m_store.recordLlmCall(record);
            continue;
        }
        Idea fix;
        fix.name = "fix_" + std::to_string(node.id) + "_" + std::to_string(broken[i].second);
        fix.description = "repair of node " + std::to_string(node.id) + " (" + lastIdeas[i] + ") after a failed build";
        fix.edits = { parsed.edits };
        fix.origin = "repairer";
        fix.baseNode = node.id;
        fix.era = node.era;
        made += insertChild(history, node, "llm-repair", std::move(fix), call, generation, strategyState);
    }
    return made;
}

namespace {
    /// What the search learnt about each idea: how often it was tried, its mean speedup with and without, its best partners.
    std::vector<IdeaStats> ideaStatistics(const SearchHistory& history)
    {
        const auto& ideas = history.ideas();
        std::vector<IdeaStats> out;
        for (size_t i = 0; i < ideas.size(); ++i) {
            IdeaStats stats { ideas[i].name, ideas[i].description, 0, 0, std::nullopt, std::nullopt, {} };
            double with = 0, without = 0;
            int nWith = 0, nWithout = 0;
            std::map<size_t, std::pair<double, int>> partners;
            for (const auto& node : history.nodes()) {
                if (!node.evaluated() || node.failure == FailureReason::Pruned)
                    continue;
                const bool on = i < node.genes.size() && node.genes.isOn(i);
                if (on) {
                    ++stats.tried;
                    stats.failed += node.status == NodeStatus::Failed;
                }
                if (!node.speedup)
                    continue;
                (on ? with : without) += *node.speedup;
                ++(on ? nWith : nWithout);
                if (!on)
                    continue;
                for (size_t j = 0; j < ideas.size() && j < node.genes.size(); ++j) {
                    if (j != i && node.genes.isOn(j)) {
                        partners[j].first += *node.speedup;
                        ++partners[j].second;
                    }
                }
            }
            if (nWith)
                stats.meanWith = with / nWith;
            if (nWithout)
                stats.meanWithout = without / nWithout;
            for (const auto& [j, sum] : partners)
                stats.bestPartners.push_back({ ideas[j].name, sum.first / sum.second });
            std::sort(stats.bestPartners.begin(), stats.bestPartners.end(),
                [](const auto& a, const auto& b) { return a.second > b.second; });
            if (stats.bestPartners.size() > 3)
                stats.bestPartners.resize(3);
            if (!ideas[i].retired)
                out.push_back(std::move(stats));
        }
        return out;
    }
} // namespace

int AgentTeam::rethink(const SearchHistory& history, const Node& commit, int generation, const std::string& strategyState)
{
    if (!active())
        return 0;
    RethinkerContext context;
    context.target = agentTarget(m_target, codeOf(history, commit));
    context.era = commit.era - 1;
    if (const Node* best = history.best())
        context.bestSpeedup = best->speedup.value_or(1.0);
    context.ideas = ideaStatistics(history);
    context.maxNewIdeas = static_cast<size_t>(std::max(1, m_config.propose));
    std::set<std::string> current;
    for (const auto& idea : history.ideas()) {
        if (!idea.retired)
            current.insert(idea.name);
    }
    m_observer.onMessage("rethinker: era " + std::to_string(context.era) + " ended; asking " + m_config.model);
    const auto call = ask("rethinker", buildRethinkerPrompt(*m_prompts, context));
    auto record = recordOf("rethinker", call.prompt, call.reply, call.startedAt, call.finishedAt, m_config.model);
    if (!call.reply.ok) {
        record.outcome = "nothing retired, no new idea";
        m_store.recordLlmCall(record);
        return 0;
    }
    std::set<std::string> taken;
    for (const auto& idea : history.ideas())
        taken.insert(idea.name);
    const auto parsed = parseRethinkerReply(call.reply.text, current, context.maxNewIdeas);
    if (!parsed.ok) {
        record.error = "malformed reply: " + parsed.error;
        record.outcome = "nothing retired, no new idea";
        m_store.recordLlmCall(record);
        return 0;
    }
    // Committed ideas are in the code now: they stay.
    std::string retired;
    for (const auto& r : parsed.retire) {
        const auto& ideas = history.ideas();
        const auto it = std::find_if(ideas.begin(), ideas.end(), [&](const Idea& i) { return i.name == r.name; });
        const auto index = static_cast<size_t>(it - ideas.begin());
        if (it == ideas.end() || (index < commit.genes.size() && commit.genes.isOn(index)))
            continue;
        m_store.retireIdea(r.name);
        retired += (retired.empty() ? "" : ", ") + r.name;
    }
    int made = 0;
    std::string added;
    for (const auto& proposed : parsed.ideas) {
        if (taken.count(proposed.name))
            continue;
        const auto idea = ideaFrom(proposed, "rethinker", commit.id, commit.era);
        added += (added.empty() ? "" : ", ") + idea.name;
        made += insertChild(history, commit, "llm-rethink", idea, call, generation, strategyState, false);
    }
    record.idea = added;
    record.outcome = "retired: " + (retired.empty() ? std::string("none") : retired) + "; new: " + (added.empty() ? std::string("none") : added);
    m_store.recordLlmCall(record);
    m_observer.onMessage("rethinker: " + record.outcome);
    return made;
}

std::optional<std::map<std::string, std::string>> AgentTeam::merge(
    const SearchHistory& history, const Node& node, const ComposedCode& composed, std::string* why)
{
    if (!active()) {
        *why = "no LLM call left in the budget";
        return std::nullopt;
    }
    const auto& ideas = history.ideas();
    MergerContext context;
    context.target = agentTarget(m_target, m_original);
    std::string names;
    for (size_t i = 0; i < composed.failedIdea && i < node.genes.size(); ++i) {
        if (!node.genes.isOn(i) || !ideas[i].isCode())
            continue;
        names += (names.empty() ? "" : "+") + ideas[i].name;
        const auto& edits = ideas[i].edits.at(static_cast<size_t>(node.genes.state(i)));
        context.first.edits.insert(context.first.edits.end(), edits.begin(), edits.end());
    }
    context.first.idea = names;
    context.first.description = "the ideas already combined";
    const Idea& failing = ideas.at(composed.failedIdea);
    context.second.idea = failing.name;
    context.second.description = failing.description;
    context.second.edits = failing.edits.at(static_cast<size_t>(node.genes.state(composed.failedIdea)));
    context.conflict = composed.detail;
    const auto call = ask("merger", buildMergerPrompt(*m_prompts, context));
    auto record = recordOf("merger", call.prompt, call.reply, call.startedAt, call.finishedAt, m_config.model);
    record.nodeId = node.id;
    record.idea = names + "+" + failing.name;
    if (!call.reply.ok) {
        *why = "the merger's call failed: " + call.reply.error;
        record.outcome = "merge conflict";
        m_store.recordLlmCall(record);
        return std::nullopt;
    }
    const auto parsed = parseMergerReply(call.reply.text, editable());
    if (!parsed.ok || parsed.files.empty()) {
        *why = "the merger's reply was unusable: " + (parsed.error.empty() ? std::string("no file in it") : parsed.error);
        record.error = "malformed reply: " + parsed.error;
        record.outcome = "merge conflict";
        m_store.recordLlmCall(record);
        return std::nullopt;
    }
    auto files = composed.files;
    for (const auto& [path, content] : parsed.files)
        files[path] = content;
    m_store.setMergedCode(node.id, files);
    record.outcome = "merged code for node #" + std::to_string(node.id);
    m_store.recordLlmCall(record);
    m_observer.onMessage("merger: node " + std::to_string(node.id) + " combines " + record.idea);
    return files;
}

int AgentTeam::insertChild(const SearchHistory& history, const Node& parent, const std::string& op, Idea idea,
    const Call& call, int generation, const std::string& strategyState, bool recordCall)
{
    auto record = recordOf(call.agent, call.prompt, call.reply, call.startedAt, call.finishedAt, m_config.model);
    const auto parentCode = codeOf(history, parent);
    const auto applied = applyEdits(parentCode, idea.edits.empty() ? std::vector<FileEdit> {} : idea.edits.front(), editable());

    Node child;
    child.op = op;
    child.parents = { parent.id };
    child.generation = generation;
    child.era = parent.era;
    if (applied.ok) {
        // Identical code (whitespace and comments aside) to a node already in the tree: not evaluated again.
        auto ideasAfter = history.ideas();
        ideasAfter.push_back(idea);
        const Genes probe = parent.genes.withNewIdea(ideasAfter.size());
        const auto print = codeFingerprint(applied.files) + "|" + probe.defines(ideasAfter);
        for (const auto& node : history.nodes()) {
            if (fingerprintOf(history, node) == print) {
                if (recordCall) {
                    record.idea = idea.name;
                    record.outcome = "duplicate of #" + std::to_string(node.id) + " (identical code): not evaluated";
                    m_store.recordLlmCall(record);
                }
                return 0;
            }
        }
        child.codeHash = print;
    }
    // An idea whose edit does not apply even where it was written is kept (its node shows why), never searched.
    idea.retired = !applied.ok;
    m_store.addIdeas({ idea });
    const auto ideas = m_store.ideas();
    child.genes = parent.genes.withNewIdea(ideas.size());
    std::vector<Node> batch { child };
    m_store.insertBatch(batch, ideas, strategyState.empty() ? m_store.meta("strategy_state").value_or("{}") : strategyState);
    child = batch.front();
    if (recordCall) {
        record.idea = idea.name;
        record.nodeId = child.id;
    }
    if (!applied.ok) {
        // Never run, never scored: the node shows why, with the block that did not apply.
        child.status = NodeStatus::Failed;
        child.failure = applied.reason == kFileNotEditable ? FailureReason::FileNotEditable : FailureReason::EditDidNotApply;
        child.failureDetail = idea.name + ": " + applied.reason + (applied.detail.empty() ? "" : " (" + applied.detail + ")")
            + (applied.block.empty() ? "" : "\n" + applied.block);
        child.startedAt = child.finishedAt = unixNow();
        m_store.recordOutcome(child);
        record.outcome = "node #" + std::to_string(child.id) + ": " + applied.reason;
    } else {
        record.outcome = "node #" + std::to_string(child.id);
    }
    if (recordCall)
        m_store.recordLlmCall(record);
    return 1;
}

} // namespace phylo
