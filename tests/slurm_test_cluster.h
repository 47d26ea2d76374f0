// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/node.h"

#include <QProcessEnvironment>
#include <QStringList>

#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace phylo::test {

struct Ran {
    int exitCode; ///< -1: crashed or still running at the time limit
    std::string output; ///< stdout and stderr together
};

/// Runs PROGRAM ARGS in ENV and waits (up to TIMEOUT_MS).
Ran runProgram(const QString& program, const QStringList& args, const QProcessEnvironment& env, int timeoutMs = 240000);

/// The session's nodes, in id order (read-only).
std::vector<Node> nodesOf(const std::filesystem::path& db);

/// Waits (up to SECONDS) until PREDICATE holds for the session's nodes.
template <typename Predicate>
bool waitForNodes(const std::filesystem::path& db, Predicate predicate, double seconds = 90)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
        try {
            if (std::filesystem::exists(db) && predicate(nodesOf(db)))
                return true;
        } catch (const std::exception&) {
            // not a session yet
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

/**
 * A single-node SLURM cluster in WORK/cluster, started by tests/slurm/slurm_cluster.sh (its options,
 * PHYLO_SLURM_GPUS and the like, in OPTIONS) on its own ports, and what the tests ask it.
 */
class SlurmTestCluster {
public:
    SlurmTestCluster(std::filesystem::path work, int ctldPort);

    /// Starts it; exit status 77: SLURM cannot be installed or started here (the output says why).
    Ran start(const std::map<QString, QString>& options = {});
    void stop();

    /// The environment of `phylo run`: this cluster, and a user backend.toml with shared_dir, poll_s = 0.3
    /// and EXTRA_KEYS (more `key = value` lines of [backend]).
    QProcessEnvironment environment(const std::string& extraKeys = "") const;
    /// Runs a SLURM command (sbatch, squeue, sacct, scontrol, scancel) against this cluster.
    Ran slurm(const QString& program, const QStringList& args) const;
    /// Every recorded run of each job of IDS (a job SLURM requeued has several), oldest first, as the
    /// values of FIELDS (sacct -o names: State, Start, End, ...), from accounting, else job completion data.
    std::map<std::string, std::vector<std::vector<std::string>>> runs(const std::set<std::string>& ids,
        const std::vector<std::string>& fields) const;
    /// The last recorded state of each job of IDS.
    std::map<std::string, std::string> accounted(const std::set<std::string>& ids) const;
    /// `scontrol show job -d ID`: what the controller knows of the job (kept MinJobAge after it ends).
    std::string showJob(const std::string& id) const;

    const std::filesystem::path& work() const { return m_work; }

private:
    std::filesystem::path m_work;
    std::filesystem::path m_dir;
    int m_ctldPort;
    bool m_up = false;
};

} // namespace phylo::test
