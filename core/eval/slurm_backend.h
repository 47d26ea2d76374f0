// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eval/backend_config.h"
#include "eval/evaluation_backend.h"
#include "eval/slurm_client.h"
#include "eval/slurm_job_monitor.h"
#include "eval/slurm_step_executor.h"

#include <filesystem>
#include <memory>

namespace phylo {

/**
 * Evaluates on a SLURM cluster: each candidate's scratch copy goes to a node dir in the shared dir; it is
 * built here when the compiler is here (with the build cache), else in a job of its own; its check and
 * timed runs are one job (`phylo job-exec`), whose raw results come back through the shared dir and are
 * judged here. SESSION_KEY tells this session's job dirs apart from other sessions' in the shared dir.
 */
class SlurmBackend final : public EvaluationBackend {
public:
    SlurmBackend(const TargetConfig& target, std::map<std::string, std::string> baseFiles, Evaluator::Options options,
        BackendConfig config, const std::string& sessionKey);

    std::string name() const override { return "slurm"; }
    std::string describe() const override;
    int defaultJobs() const override;
    const Evaluator& evaluator() const override { return m_evaluator; }
    EvaluationOutcome evaluate(const EvaluationRequest& request, const EvaluationHooks& hooks) override;

    /// Whether candidates are compiled on this host: "here"; "job"; "auto": when the build command's
    /// program is on PATH here and the command does not compile for "native" (the node's own CPU or GPU).
    static bool compilesHere(const BackendConfig& config, const TargetConfig& target);

private:
    BackendConfig m_config;
    Evaluator m_evaluator;
    std::filesystem::path m_jobRoot;
    bool m_compileHere;
    SlurmClient m_client;
    SlurmJobMonitor m_monitor;
    SlurmJobContext m_context;
};

} // namespace phylo
