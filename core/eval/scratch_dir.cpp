// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/scratch_dir.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <stdlib.h>

namespace phylo {

namespace fs = std::filesystem;

namespace {

    bool isSkipped(const fs::path& relative, const std::vector<fs::path>& skip)
    {
        if (relative.begin() != relative.end() && *relative.begin() == ".git")
            return true;
        for (const auto& s : skip) {
            if (relative == s)
                return true;
        }
        return false;
    }

    void copyTree(const fs::path& source, const fs::path& dest, const std::vector<fs::path>& skip)
    {
        for (auto it = fs::recursive_directory_iterator(source); it != fs::recursive_directory_iterator(); ++it) {
            const auto relative = fs::relative(it->path(), source);
            if (isSkipped(relative, skip)) {
                if (it->is_directory() && !it->is_symlink())
                    it.disable_recursion_pending();
                continue;
            }
            const auto target = dest / relative;
            if (it->is_symlink())
                fs::copy_symlink(it->path(), target);
            else if (it->is_directory())
                fs::create_directories(target);
            else if (it->is_regular_file())
                fs::copy_file(it->path(), target);
            // sockets, fifos and devices are not copied: a target has no use for them
        }
    }

}

ScratchDir::ScratchDir(const fs::path& root, const std::string& prefix, const fs::path& source,
    const std::vector<fs::path>& skip, const std::map<std::string, std::string>& files)
{
    fs::create_directories(root);
    std::string templ = (root / (prefix + "-XXXXXX")).string();
    if (!mkdtemp(templ.data()))
        throw std::runtime_error("cannot create a scratch dir under " + root.string() + ": " + std::strerror(errno));
    m_path = templ;

    std::vector<fs::path> relativeSkip;
    for (const auto& s : skip) {
        if (s.is_absolute()) {
            const auto rel = s.lexically_relative(source);
            if (!rel.empty() && *rel.begin() != "..")
                relativeSkip.push_back(rel);
        } else
            relativeSkip.push_back(s);
    }
    try {
        copyTree(source, m_path, relativeSkip);
        for (const auto& [relative, content] : files) {
            const auto target = m_path / relative;
            fs::create_directories(target.parent_path());
            fs::remove(target);
            std::ofstream out(target, std::ios::binary | std::ios::trunc);
            out.write(content.data(), static_cast<std::streamsize>(content.size()));
            if (!out)
                throw std::runtime_error("cannot write " + target.string());
        }
    } catch (...) {
        std::error_code ec;
        fs::remove_all(m_path, ec);
        throw;
    }
}

ScratchDir::~ScratchDir()
{
    if (m_keep)
        return;
    std::error_code ec;
    // A candidate may have left read-only dirs behind: make them writable first.
    for (auto it = fs::recursive_directory_iterator(m_path, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_directory(ec) && !it->is_symlink(ec))
            fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    }
    fs::permissions(m_path, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(m_path, ec);
}

} // namespace phylo
