// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/genes.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>

namespace phylo {

bool Genes::allOff() const
{
    return std::all_of(m_states.begin(), m_states.end(), [](int s) { return s == kOff; });
}

Genes Genes::withNewIdea(size_t count, int state) const
{
    Genes out(count);
    for (size_t i = 0; i < m_states.size() && i < count; ++i)
        out.m_states[i] = m_states[i];
    out.m_states.at(count - 1) = state;
    return out;
}

std::string Genes::key(const std::vector<Idea>& ideas) const
{
    std::string out;
    for (size_t i = 0; i < m_states.size(); ++i) {
        if (m_states[i] == kOff)
            continue;
        if (!out.empty())
            out += ',';
        out += ideas.at(i).name;
        if (!ideas[i].isSwitch())
            out += '=' + ideas[i].values.at(static_cast<size_t>(m_states[i]));
    }
    return out.empty() ? "baseline" : out;
}

std::string Genes::toJson(const std::vector<Idea>& ideas) const
{
    nlohmann::ordered_json obj = nlohmann::ordered_json::object();
    for (size_t i = 0; i < m_states.size(); ++i) {
        if (m_states[i] != kOff)
            obj[ideas.at(i).name] = ideas[i].isSwitch() ? std::string("on") : ideas[i].valueText(m_states[i]);
    }
    return obj.dump();
}

Genes Genes::fromJson(const std::string& json, const std::vector<Idea>& ideas)
{
    Genes genes(ideas.size());
    const auto obj = nlohmann::json::parse(json);
    for (const auto& [name, value] : obj.items()) {
        auto it = std::find_if(ideas.begin(), ideas.end(), [&](const Idea& idea) { return idea.name == name; });
        if (it == ideas.end())
            throw std::runtime_error("unknown idea '" + name + "' in genes " + json);
        const auto index = static_cast<size_t>(it - ideas.begin());
        const auto text = value.get<std::string>();
        if (it->isSwitch()) {
            genes.setState(index, 0);
            continue;
        }
        auto vit = std::find(it->values.begin(), it->values.end(), text);
        if (vit == it->values.end())
            throw std::runtime_error("unknown value '" + text + "' of idea '" + name + "'");
        genes.setState(index, static_cast<int>(vit - it->values.begin()));
    }
    return genes;
}

std::string Genes::defines(const std::vector<Idea>& ideas) const
{
    std::string out;
    for (size_t i = 0; i < m_states.size(); ++i) {
        if (m_states[i] == kOff || ideas.at(i).isCode())
            continue; // a code idea is in the files, not in the flags
        if (!out.empty())
            out += ' ';
        out += shellQuote("-D" + ideas.at(i).macroName() + '=' + ideas[i].valueText(m_states[i]));
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> Genes::environment(const std::vector<Idea>& ideas) const
{
    std::vector<std::pair<std::string, std::string>> env;
    for (size_t i = 0; i < m_states.size(); ++i) {
        if (m_states[i] != kOff && !ideas.at(i).isCode())
            env.emplace_back("PHYLO_" + ideas.at(i).macroName(), ideas[i].valueText(m_states[i]));
    }
    return env;
}

std::string shellQuote(const std::string& word)
{
    const bool safe = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("-_=./:+,@%").find(c) != std::string_view::npos;
    });
    if (safe)
        return word;
    std::string out = "'";
    for (char c : word) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

} // namespace phylo
