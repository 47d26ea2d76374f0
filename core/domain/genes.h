// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/idea.h"

#include <string>
#include <utility>
#include <vector>

namespace phylo {

/**
 * One setting of every gene, aligned with a list of ideas: kOff, or the index of
 * the idea's value (0 for a switch that is on). The baseline has every gene off.
 */
class Genes {
public:
    static constexpr int kOff = -1;

    Genes() = default;
    explicit Genes(size_t count)
        : m_states(count, kOff)
    {
    }

    size_t size() const { return m_states.size(); }
    int state(size_t i) const { return m_states.at(i); }
    void setState(size_t i, int state) { m_states.at(i) = state; }
    bool isOn(size_t i) const { return m_states.at(i) != kOff; }
    bool allOff() const;
    /// These genes for a pool grown to COUNT ideas, with the newest idea (the last) at STATE.
    Genes withNewIdea(size_t count, int state = 0) const;
    const std::vector<int>& states() const { return m_states; }

    /// Stable identity of the setting, e.g. "tile=32,unroll" (only genes that are on).
    std::string key(const std::vector<Idea>& ideas) const;
    /// JSON object text {"tile":"32","unroll":"on"} of the genes that are on.
    std::string toJson(const std::vector<Idea>& ideas) const;
    /// Inverse of toJson; throws std::runtime_error on a name or value not in IDEAS.
    static Genes fromJson(const std::string& json, const std::vector<Idea>& ideas);

    /// "-DTILE=32 -DUNROLL=1", shell-quoted where needed (setting ideas only: code ideas are edits).
    std::string defines(const std::vector<Idea>& ideas) const;
    /// {"PHYLO_TILE","32"}, {"PHYLO_UNROLL","1"}.
    std::vector<std::pair<std::string, std::string>> environment(const std::vector<Idea>& ideas) const;

    bool operator==(const Genes&) const = default;

private:
    std::vector<int> m_states;
};

/// Quote WORD for /bin/sh if it holds anything but safe characters.
std::string shellQuote(const std::string& word);

} // namespace phylo
