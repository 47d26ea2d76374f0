// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "session_snapshot.h"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace phylo {
class SessionStore;
}

namespace phylo::ui {

/**
 * Reads a session file into snapshots, for one worker thread. poll() returns a snapshot only when
 * something changed since the last one (SQLite's data_version makes "nothing new" cheap), with the
 * nodes that changed listed. A file still being created by a writer reads as "not yet" (nullptr
 * and no error) until its schema is there. Qt-free.
 */
class SessionReader {
public:
    explicit SessionReader(std::filesystem::path path);
    ~SessionReader();

    /// The new snapshot, or nullptr if nothing changed. Throws UserError if the file is not a session.
    std::shared_ptr<const SessionSnapshot> poll();
    /// One node with its log and code; nullopt if there is no such node.
    std::optional<NodeDetail> detail(NodeId id);
    /// Code of node ID (the original code for 0); empty if there is no such node.
    std::map<std::string, std::string> codeOf(NodeId id);
    const std::filesystem::path& path() const { return m_path; }

private:
    bool ensureOpen();

    std::filesystem::path m_path;
    std::unique_ptr<SessionStore> m_store;
    std::optional<std::int64_t> m_version;
    bool m_wasLive = false;
    std::shared_ptr<const SessionSnapshot> m_last;
    std::map<NodeId, std::string> m_stamps; ///< what each node looked like in the last snapshot
};

} // namespace phylo::ui
