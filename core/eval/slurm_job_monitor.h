// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eval/slurm_client.h"

#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>

namespace phylo {

/**
 * Follows the jobs in flight with one squeue (and, for jobs it has forgotten, one sacct) per poll
 * interval for all of them together, however many evaluations wait: the scheduler is asked once,
 * not once per job. When squeue gets no answer from the scheduler, the last states seen stand until
 * it answers again. Thread-safe.
 */
class SlurmJobMonitor {
public:
    SlurmJobMonitor(const SlurmClient& client, double pollS);

    /// ID's state as of the last poll, polling first if that is older than the interval.
    SlurmJobState state(const std::string& id);
    /// Stops following ID.
    void forget(const std::string& id);
    double pollS() const { return m_pollS; }

private:
    const SlurmClient& m_client;
    double m_pollS;
    std::mutex m_mutex;
    std::set<std::string> m_watched;
    std::map<std::string, SlurmJobState> m_states;
    std::chrono::steady_clock::time_point m_lastPoll {};
};

} // namespace phylo
