// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace phylo {

/// A SLURM job's state as squeue or sacct reports it, reduced to what the backend acts on.
struct SlurmJobState {
    enum class Kind {
        Waiting, ///< PENDING, CONFIGURING, REQUEUED, SUSPENDED, ... : it will run
        Running, ///< RUNNING, COMPLETING
        Completed,
        Failed, ///< FAILED, OUT_OF_MEMORY, BOOT_FAIL, DEADLINE, ...
        Cancelled,
        Timeout,
        Preempted,
        NodeFailure,
        Unknown, ///< neither squeue nor sacct knows it
    };
    Kind kind = Kind::Unknown;
    std::string text; ///< SLURM's own word: "PENDING", "CANCELLED by 0", ...
    std::string nodes; ///< where it runs or ran
    /// How often SLURM itself requeued the job (squeue's RestartCnt: preempted with PreemptMode=REQUEUE,
    /// its node failed, `scontrol requeue`): the same job id runs its batch script again. 0 from sacct.
    int restarts = 0;

    bool finished() const { return kind != Kind::Waiting && kind != Kind::Running && kind != Kind::Unknown; }
};

/// Maps SLURM's state word ("RUNNING", "CANCELLED by 1000", "NODE_FAIL") to a kind.
SlurmJobState::Kind slurmStateKind(const std::string& text);

/// What one sbatch submits.
struct SbatchRequest {
    std::string jobName;
    std::filesystem::path workDir; ///< --chdir, and where slurm-%j.out goes
    std::filesystem::path script; ///< the batch script
    std::string partition;
    std::string account;
    std::string timeLimit; ///< --time (empty: none)
    int gpus = 0; ///< --gres=gpu:N when > 0
    std::vector<std::string> extraArgs;
};

/**
 * SLURM's commands (sbatch, squeue, sacct, scancel), each run as a child process with a time limit.
 * They read SLURM_CONF and the rest of the environment as the user's shell would. Thread-safe.
 */
class SlurmClient {
public:
    /// The sbatch arguments for REQUEST (without the program name), in order.
    static std::vector<std::string> sbatchArguments(const SbatchRequest& request);
    /// Submits; returns the job id. Throws std::runtime_error with sbatch's message.
    std::string submit(const SbatchRequest& request) const;
    /// The states of IDS: squeue first, then sacct (accounting, else job completion data) for those it has
    /// forgotten. nullopt when squeue cannot reach the scheduler (slurmctld down, restarting, overloaded):
    /// then nothing is known, and sacct's records (a requeued job's PREEMPTED run) must not be taken for now.
    std::optional<std::map<std::string, SlurmJobState>> states(const std::vector<std::string>& ids) const;
    /// sacct's (accounting, else job completion data) record of each of IDS' latest run, even while
    /// squeue still knows them: how a requeued job's previous run ended.
    std::map<std::string, SlurmJobState> accounted(const std::vector<std::string>& ids) const;
    /// scancel; errors ignored (the job may be gone already).
    void cancel(const std::string& id) const;
};

} // namespace phylo
