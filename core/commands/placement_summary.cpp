// SPDX-License-Identifier: GPL-3.0-or-later
#include "commands/placement_summary.h"

#include <nlohmann/json.hpp>

#include <map>
#include <sstream>

namespace phylo {

std::string describePlacements(const std::vector<Node>& nodes)
{
    std::map<std::string, int> counts; // "slurm on vm" -> evaluations
    std::ostringstream each;
    for (const auto& node : nodes) {
        if (node.placement.empty())
            continue;
        ++counts[node.placement.backend + (node.placement.host.empty() ? "" : " on " + node.placement.host)];
        each << "  node " << node.id << " (" << statusText(node.status) << "): " << node.placement.describe() << "\n";
    }
    if (counts.empty())
        return {};
    std::ostringstream out;
    out << "\nWhere nodes ran:\n";
    for (const auto& [where, count] : counts)
        out << "  " << count << " on " << where << "\n";
    out << each.str();
    return out.str();
}

std::string withPlacements(const std::string& exported, const std::vector<Node>& nodes)
{
    using json = nlohmann::ordered_json;
    std::map<NodeId, const Placement*> byId;
    for (const auto& node : nodes)
        byId[node.id] = &node.placement;
    auto doc = json::parse(exported);
    for (auto& node : doc["nodes"]) {
        const auto it = byId.find(node["id"].get<NodeId>());
        if (it == byId.end() || it->second->empty()) {
            node["placement"] = nullptr;
            continue;
        }
        const auto& p = *it->second;
        node["placement"] = { { "backend", p.backend }, { "host", p.host }, { "job_id", p.jobId }, { "gpu", p.gpu } };
    }
    return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

} // namespace phylo
