// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/session_lock.h"

#include "util/user_error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace phylo {

SessionLock::SessionLock(const std::filesystem::path& db)
{
    m_fd = ::open(db.c_str(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0)
        throw UserError(db.string() + ": cannot open: " + std::strerror(errno));
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(m_fd);
        m_fd = -1;
        throw UserError(db.string() + ": another `phylo run` is writing this session; follow it with the app or "
                                      "`phylo show`, or wait for it to end");
    }
}

bool SessionLock::isHeld(const std::filesystem::path& db)
{
    // flock belongs to the open file description: a fresh one conflicts even with this process's own lock.
    const int fd = ::open(db.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool held = ::flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    ::close(fd);
    return held;
}

SessionLock::~SessionLock()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

} // namespace phylo
