// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <filesystem>

namespace phylo {

/**
 * Makes sure one `phylo run` at a time writes a session (readers are never blocked):
 * an exclusive flock on the session file, released when the process ends, even on kill -9.
 */
class SessionLock {
public:
    /// Throws UserError if another process holds the lock.
    explicit SessionLock(const std::filesystem::path& db);
    ~SessionLock();
    /// True if some process (this one included) holds the lock on DB now: a run is writing it.
    static bool isHeld(const std::filesystem::path& db);
    SessionLock(const SessionLock&) = delete;
    SessionLock& operator=(const SessionLock&) = delete;

private:
    int m_fd = -1;
};

} // namespace phylo
