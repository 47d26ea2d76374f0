// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/build_cache.h"

#include "eval/compiler_version.h"
#include "util/hash.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

namespace phylo {

namespace fs = std::filesystem;

namespace {
    std::string readAll(const fs::path& path)
    {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    }

    std::string replaceAll(std::string text, const std::string& from, const std::string& to)
    {
        for (size_t pos = 0; !from.empty() && (pos = text.find(from, pos)) != std::string::npos; pos += to.size())
            text.replace(pos, from.size(), to);
        return text;
    }
}

BuildCache::BuildCache(fs::path root)
    : m_root(std::move(root))
{
}

fs::path BuildCache::defaultRoot()
{
    if (const char* explicitRoot = std::getenv("PHYLO_BUILD_CACHE"))
        return explicitRoot;
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        return fs::path(xdg) / "phyloevolve" / "builds";
    if (const char* home = std::getenv("HOME"); home && *home)
        return fs::path(home) / ".cache" / "phyloevolve" / "builds";
    return {};
}

std::string BuildCache::compilerVersion(const std::string& command) const
{
    // Asked once per compiler program (the command's first word), not once per candidate.
    const auto begin = command.find_first_not_of(" \t");
    const std::string program = begin == std::string::npos ? "" : command.substr(begin, command.find_first_of(" \t;&|", begin) - begin);
    std::lock_guard lock(m_mutex);
    for (const auto& [known, version] : m_versions) {
        if (known == program)
            return version;
    }
    auto version = describeCompiler(program);
    if (version.empty())
        version = "unknown compiler " + program;
    m_versions.emplace_back(program, version);
    return version;
}

std::string BuildCache::key(const fs::path& scratch, const std::string& command, const std::string& environment,
    const std::vector<fs::path>& extra, const fs::path& binary) const
{
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(scratch)) {
        if (entry.is_regular_file() && entry.path() != binary)
            files["scratch/" + fs::relative(entry.path(), scratch).string()] = readAll(entry.path());
    }
    for (const auto& path : extra) {
        if (fs::is_regular_file(path))
            files["extra/" + path.string()] = readAll(path);
        else if (fs::is_directory(path)) {
            for (const auto& entry : fs::recursive_directory_iterator(path)) {
                if (entry.is_regular_file())
                    files["extra/" + entry.path().string()] = readAll(entry.path());
            }
        }
    }
    files["command"] = replaceAll(command, scratch.string(), "{dir}");
    files["environment"] = environment;
    files["compiler"] = compilerVersion(command);
    return codeHash(files);
}

bool BuildCache::fetch(const std::string& key, const fs::path& target) const
{
    if (!enabled())
        return false;
    const auto cached = m_root / key.substr(0, 2) / key;
    std::error_code ec;
    if (!fs::is_regular_file(cached, ec))
        return false;
    fs::copy_file(cached, target, fs::copy_options::overwrite_existing, ec);
    if (ec)
        return false;
    fs::permissions(target, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec, ec);
    return !ec;
}

void BuildCache::store(const std::string& key, const fs::path& binary) const
{
    if (!enabled() || !fs::is_regular_file(binary))
        return;
    std::error_code ec;
    const auto dir = m_root / key.substr(0, 2);
    fs::create_directories(dir, ec);
    const auto temp = dir / (key + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(std::hash<std::string>{}(binary.string())));
    fs::copy_file(binary, temp, fs::copy_options::overwrite_existing, ec);
    if (!ec)
        fs::rename(temp, dir / key, ec);
    if (ec)
        fs::remove(temp, ec);
}

} // namespace phylo
