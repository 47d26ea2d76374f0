// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/slurm_job_monitor.h"

#include <vector>

namespace phylo {

SlurmJobMonitor::SlurmJobMonitor(const SlurmClient& client, double pollS)
    : m_client(client)
    , m_pollS(pollS)
{
}

SlurmJobState SlurmJobMonitor::state(const std::string& id)
{
    std::lock_guard lock(m_mutex);
    const bool fresh = m_watched.insert(id).second;
    const auto now = std::chrono::steady_clock::now();
    if (fresh || std::chrono::duration<double>(now - m_lastPoll).count() >= m_pollS) {
        const std::vector<std::string> ids(m_watched.begin(), m_watched.end());
        // No answer from the scheduler: what was known still holds (a job is not lost, nor ended,
        // because slurmctld restarts); a job followed for the first time stays Unknown.
        if (auto states = m_client.states(ids))
            m_states = std::move(*states);
        m_lastPoll = std::chrono::steady_clock::now();
    }
    const auto it = m_states.find(id);
    return it == m_states.end() ? SlurmJobState {} : it->second;
}

void SlurmJobMonitor::forget(const std::string& id)
{
    std::lock_guard lock(m_mutex);
    m_watched.erase(id);
    m_states.erase(id);
}

} // namespace phylo
