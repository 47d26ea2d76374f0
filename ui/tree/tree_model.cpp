// SPDX-License-Identifier: GPL-3.0-or-later
#include "tree/tree_model.h"

#include <algorithm>
#include <cctype>

namespace phylo::ui {

namespace {
    std::string lowered(std::string text)
    {
        std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
        return text;
    }

    std::string trimmed(const std::string& text)
    {
        const auto begin = text.find_first_not_of(" \t\r\n");
        if (begin == std::string::npos)
            return {};
        const auto end = text.find_last_not_of(" \t\r\n");
        return text.substr(begin, end - begin + 1);
    }

    /// "tile=32,unroll" -> {"tile=32", "unroll"}
    std::vector<std::string> keyTerms(const std::string& key)
    {
        std::vector<std::string> terms;
        size_t start = 0;
        while (start <= key.size()) {
            const size_t comma = key.find(',', start);
            const size_t end = comma == std::string::npos ? key.size() : comma;
            if (end > start)
                terms.push_back(key.substr(start, end - start));
            start = end + 1;
        }
        return terms;
    }
}

TreeNodeRecord TreeNodeRecord::from(const Node& node)
{
    TreeNodeRecord record;
    record.id = node.id;
    record.parents = node.parents;
    record.op = node.op;
    record.geneKey = node.geneKey;
    record.status = node.status;
    record.speedup = node.speedup;
    record.failure = node.failure;
    record.failureDetail = node.failureDetail;
    record.era = node.era;
    record.generation = node.generation;
    record.suspicious = node.suspicious;
    return record;
}

void TreeModel::clear()
{
    m_records.clear();
    m_index.clear();
}

std::pair<int, bool> TreeModel::upsert(const Node& node)
{
    const auto [it, added] = m_index.try_emplace(node.id, size());
    if (added)
        m_records.push_back(TreeNodeRecord::from(node));
    else
        m_records[it->second] = TreeNodeRecord::from(node);
    return { it->second, added };
}

int TreeModel::indexOf(NodeId id) const
{
    const auto it = m_index.find(id);
    return it == m_index.end() ? -1 : it->second;
}

int TreeModel::mainParentIndex(int index) const
{
    const auto& parents = m_records[index].parents;
    return parents.empty() ? -1 : indexOf(parents.front());
}

std::vector<int> TreeModel::mainParentIndices() const
{
    std::vector<int> out(m_records.size());
    for (int i = 0; i < size(); ++i)
        out[i] = mainParentIndex(i);
    return out;
}

std::vector<int> TreeModel::eras() const
{
    std::vector<int> out(m_records.size());
    for (int i = 0; i < size(); ++i)
        out[i] = m_records[i].era;
    return out;
}

int TreeModel::eraCount() const
{
    std::set<int> eras;
    for (const auto& record : m_records)
        eras.insert(record.era);
    return static_cast<int>(eras.size());
}

std::vector<char> TreeModel::prunedMask(const std::set<NodeId>& roots) const
{
    std::vector<char> mask(m_records.size(), 0);
    if (roots.empty())
        return mask;
    std::vector<std::vector<int>> children(m_records.size());
    for (int i = 0; i < size(); ++i) {
        for (NodeId parent : m_records[i].parents) {
            const int p = indexOf(parent);
            if (p >= 0)
                children[p].push_back(i);
        }
    }
    std::vector<int> stack;
    for (NodeId root : roots) {
        const int r = indexOf(root);
        if (r >= 0)
            stack.push_back(r);
    }
    while (!stack.empty()) {
        const int v = stack.back();
        stack.pop_back();
        if (mask[v])
            continue;
        mask[v] = 1;
        stack.insert(stack.end(), children[v].begin(), children[v].end());
    }
    return mask;
}

bool TreeModel::inheritsPruned(int index, const std::set<NodeId>& roots, const std::vector<char>& mask) const
{
    const auto& record = m_records[index];
    if (roots.count(record.id))
        return true;
    return std::any_of(record.parents.begin(), record.parents.end(), [&](NodeId parent) {
        const int p = indexOf(parent);
        return p >= 0 && p < static_cast<int>(mask.size()) && mask[p];
    });
}

bool TreeModel::eligible(int index) const
{
    const auto& record = m_records[index];
    return record.status == NodeStatus::Succeeded && record.speedup && !record.suspicious;
}

bool TreeModel::better(int a, int b) const
{
    const double sa = *m_records[a].speedup;
    const double sb = *m_records[b].speedup;
    return sa > sb || (sa == sb && a < b);
}

NodeId TreeModel::bestNode(NodeId requested) const
{
    if (requested != 0)
        return indexOf(requested) >= 0 ? requested : 0;
    int best = -1;
    for (int i = 0; i < size(); ++i) {
        if (eligible(i) && (best < 0 || better(i, best)))
            best = i;
    }
    return best < 0 ? 0 : m_records[best].id;
}

NodeId TreeModel::bestAfterChanges(NodeId current, const std::vector<int>& changed) const
{
    const int c = indexOf(current);
    if (current != 0 && (c < 0 || std::find(changed.begin(), changed.end(), c) != changed.end()))
        return bestNode(0); // the best itself changed: it may have lost its place
    int best = current != 0 ? c : -1;
    for (int i : changed) {
        if (eligible(i) && (best < 0 || better(i, best)))
            best = i;
    }
    return best < 0 ? 0 : m_records[best].id;
}

std::vector<int> TreeModel::pathFromRoot(int index) const
{
    std::vector<int> path;
    std::set<int> seen; // a malformed history must not loop forever
    for (int v = index; v >= 0 && seen.insert(v).second; v = mainParentIndex(v))
        path.push_back(v);
    std::reverse(path.begin(), path.end());
    return path;
}

std::vector<NodeId> TreeModel::find(const std::string& rawQuery) const
{
    std::string query = lowered(trimmed(rawQuery));
    if (query.empty())
        return {};
    const bool hash = query.front() == '#';
    const std::string digits = hash ? query.substr(1) : query;
    if (!digits.empty() && digits.size() <= 18
        && std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); })) {
        const NodeId id = std::stoll(digits);
        if (indexOf(id) >= 0)
            return { id };
        if (hash)
            return {};
    }

    std::vector<int> exact;
    std::vector<int> partial;
    for (int i = 0; i < size(); ++i) {
        const std::string key = lowered(m_records[i].geneKey);
        bool matched = false;
        for (const std::string& term : keyTerms(key)) {
            const std::string name = term.substr(0, term.find('='));
            if (term == query || name == query) {
                matched = true;
                break;
            }
        }
        if (matched)
            exact.push_back(i);
        else if (key.find(query) != std::string::npos)
            partial.push_back(i);
    }
    std::vector<int>& hits = exact.empty() ? partial : exact;
    std::stable_sort(hits.begin(), hits.end(), [this](int a, int b) {
        const double sa = m_records[a].speedup.value_or(-1);
        const double sb = m_records[b].speedup.value_or(-1);
        if (sa != sb)
            return sa > sb;
        return m_records[a].id < m_records[b].id;
    });
    std::vector<NodeId> out;
    out.reserve(hits.size());
    for (int i : hits)
        out.push_back(m_records[i].id);
    return out;
}

} // namespace phylo::ui
