// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace phylo {

/**
 * A fresh private copy of the target dir for one evaluation, with the candidate's files
 * written in. Removed when destroyed unless keep() was called. No two evaluations
 * ever share one: each name is made unique by mkdtemp.
 */
class ScratchDir {
public:
    /// Copies SOURCE (skipping .git and SKIP, absolute or relative to SOURCE) into a new dir under ROOT.
    ScratchDir(const std::filesystem::path& root, const std::string& prefix, const std::filesystem::path& source,
        const std::vector<std::filesystem::path>& skip, const std::map<std::string, std::string>& files);
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    void keep() { m_keep = true; }

private:
    std::filesystem::path m_path;
    bool m_keep = false;
};

} // namespace phylo
