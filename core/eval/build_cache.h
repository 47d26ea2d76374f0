// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace phylo {

/**
 * A content-addressed cache of built candidates, kept across sessions, so an identical
 * candidate is never compiled twice. The key hashes every file of the scratch copy, the
 * expanded build command (scratch path normalized), the extra sources it names (the harness)
 * and the compiler's version line. Entries are written atomically (temp file + rename).
 */
class BuildCache {
public:
    /// ROOT: the cache dir; empty disables the cache.
    explicit BuildCache(std::filesystem::path root);
    /// $PHYLO_BUILD_CACHE, else $XDG_CACHE_HOME/phyloevolve/builds, else ~/.cache/phyloevolve/builds.
    static std::filesystem::path defaultRoot();

    bool enabled() const { return !m_root.empty(); }
    const std::filesystem::path& root() const { return m_root; }

    /// The key for building in SCRATCH with COMMAND (already expanded) and ENVIRONMENT (the ideas'
    /// PHYLO_* variables, which a build may read), plus EXTRA files.
    std::string key(const std::filesystem::path& scratch, const std::string& command, const std::string& environment,
        const std::vector<std::filesystem::path>& extra, const std::filesystem::path& binary) const;
    /// Copies a cached binary to TARGET; false if there is none.
    bool fetch(const std::string& key, const std::filesystem::path& target) const;
    void store(const std::string& key, const std::filesystem::path& binary) const;

private:
    /// describeCompiler() of COMMAND's program, asked once per program and remembered.
    std::string compilerVersion(const std::string& command) const;

    std::filesystem::path m_root;
    mutable std::mutex m_mutex;
    mutable std::vector<std::pair<std::string, std::string>> m_versions;
};

} // namespace phylo
