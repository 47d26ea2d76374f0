// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/json_export.h"

#include "store/session_store.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace phylo {

namespace {
    nlohmann::ordered_json optionalNumber(const std::optional<double>& value)
    {
        return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
    }
}

std::string exportSessionJson(const SessionStore& store, bool withLogs)
{
    using json = nlohmann::ordered_json;
    const auto ideas = store.ideas();
    auto nodes = store.loadNodes(withLogs);
    std::stable_sort(nodes.begin(), nodes.end(), [](const Node& a, const Node& b) { return a.evalIndex < b.evalIndex; });

    json out;
    out["format"] = "phyloevolve-export";
    out["version"] = 1;
    json session;
    for (const char* key : { "target_name", "target_dir", "metric_name", "metric_direction", "strategy", "seed",
             "schema_version" })
        session[key] = store.meta(key).value_or("");
    out["session"] = session;

    json ideaList = json::array();
    for (const auto& idea : ideas)
        ideaList.push_back({ { "name", idea.name }, { "description", idea.description }, { "values", idea.values } });
    out["ideas"] = ideaList;

    json nodeList = json::array();
    for (const auto& node : nodes) {
        nodeList.push_back({
            { "id", node.id },
            { "eval_index", node.evalIndex },
            { "generation", node.generation },
            { "era", node.era },
            { "op", node.op },
            { "parents", node.parents },
            { "genes", json::parse(node.genes.toJson(ideas)) },
            { "gene_key", node.geneKey },
            { "status", statusText(node.status) },
            { "failure_reason", node.failure == FailureReason::None ? json(nullptr) : json(reasonText(node.failure)) },
            { "failure_detail", node.failureDetail },
            { "metric", optionalNumber(node.metric) },
            { "speedup", optionalNumber(node.speedup) },
            { "samples", node.samples },
            { "suspicious", node.suspicious },
            { "build_cached", node.buildCached },
            { "code_hash", node.codeHash },
            { "created_at", node.createdAt },
            { "started_at", node.startedAt > 0 ? json(node.startedAt) : json(nullptr) },
            { "finished_at", node.finishedAt > 0 ? json(node.finishedAt) : json(nullptr) },
        });
        if (withLogs)
            nodeList.back()["log"] = node.log;
    }
    out["nodes"] = nodeList;
    json steering = json::array();
    for (const auto& c : store.steering())
        steering.push_back({ { "id", c.id }, { "at", c.at }, { "source", c.source }, { "command", c.command },
            { "argument", c.argument } });
    out["steering"] = steering;
    return out.dump(2) + "\n";
}

} // namespace phylo
