// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/slurm_backend.h"

#include "util/hash.h"

#include <unistd.h>

#include <sstream>

namespace phylo {

namespace fs = std::filesystem;

namespace {
    Evaluator::Options withoutGpuPool(Evaluator::Options options)
    {
        options.gpus = nullptr; // SLURM hands out the GPUs (--gres)
        return options;
    }

    fs::path thisExecutable()
    {
        std::error_code ec;
        return fs::read_symlink("/proc/self/exe", ec);
    }

    /// The target's name with only [A-Za-z0-9_.-]: a job name and a directory name.
    std::string plainName(const std::string& name)
    {
        std::string out;
        for (char c : name)
            out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
        return out.empty() ? "target" : out;
    }

    bool onPath(const std::string& program)
    {
        if (program.find('/') != std::string::npos)
            return ::access(program.c_str(), X_OK) == 0;
        const char* path = std::getenv("PATH");
        std::istringstream dirs(path ? path : "");
        for (std::string dir; std::getline(dirs, dir, ':');)
            if (!dir.empty() && ::access((fs::path(dir) / program).c_str(), X_OK) == 0)
                return true;
        return false;
    }
}

SlurmBackend::SlurmBackend(const TargetConfig& target, std::map<std::string, std::string> baseFiles,
    Evaluator::Options options, BackendConfig config, const std::string& sessionKey)
    : m_config(std::move(config))
    , m_evaluator(target, std::move(baseFiles), withoutGpuPool(std::move(options)))
    , m_jobRoot(m_config.sharedDir / ("phylo-" + plainName(target.name) + "-" + sha256Hex(sessionKey).substr(0, 12)))
    , m_compileHere(compilesHere(m_config, target))
    , m_monitor(m_client, m_config.pollS)
    , m_context { m_client, m_monitor, m_config, m_config.jobExec.empty() ? thisExecutable() : m_config.jobExec,
        "phylo-" + plainName(target.name), m_config.gpus.value_or(target.usesGpu() ? 1 : 0),
        m_evaluator.options().keepScratch }
{
    fs::create_directories(m_jobRoot);
}

bool SlurmBackend::compilesHere(const BackendConfig& config, const TargetConfig& target)
{
    if (!target.build || config.compile == "here")
        return true;
    if (config.compile == "job")
        return false;
    const auto& command = target.build->command;
    const auto start = command.find_first_not_of(" \t");
    const auto program = command.substr(start, command.find_first_of(" \t", start) - start);
    return onPath(program) && command.find("native") == std::string::npos;
}

std::string SlurmBackend::describe() const
{
    std::string text = "slurm";
    if (!m_config.partition.empty())
        text += " partition " + m_config.partition;
    text += ", job dirs under " + m_jobRoot.string() + ", compiled " + (m_compileHere ? "here" : "in the jobs");
    if (m_context.gpus > 0)
        text += ", --gres=gpu:" + std::to_string(m_context.gpus);
    return text;
}

int SlurmBackend::defaultJobs() const
{
    return m_config.jobs.value_or(8);
}

EvaluationOutcome SlurmBackend::evaluate(const EvaluationRequest& request, const EvaluationHooks& hooks)
{
    const auto nodeDir = m_jobRoot / ("node-" + std::to_string(request.id));
    std::error_code ec;
    fs::create_directories(nodeDir, ec);
    Placement placement;
    placement.backend = name();
    const std::string adopt = request.previous.backend == name() ? request.previous.jobId : std::string();
    RemoteSteps remote;
    remote.scratchRoot = nodeDir;
    remote.buildInJob = !m_compileHere;
    remote.executor = [&](const fs::path&) {
        return std::make_unique<SlurmStepExecutor>(m_context, request.id, nodeDir, hooks, adopt, placement);
    };
    auto outcome = m_evaluator.evaluate(request.id, *request.genes, hooks, request.code, &remote);
    if (placement.jobId.empty())
        placement.host = outcome.placement.host; // it ended here, before any job (the build failed)
    outcome.placement = placement;
    if (!m_evaluator.options().keepScratch)
        fs::remove_all(nodeDir, ec); // scratch copies an interrupted run left behind go too
    return outcome;
}

} // namespace phylo
