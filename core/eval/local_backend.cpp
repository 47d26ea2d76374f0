// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/local_backend.h"

#include <algorithm>
#include <thread>

namespace phylo {

namespace {
    std::vector<std::string> firstOnly(std::vector<std::string> devices)
    {
        if (devices.size() > 1)
            devices.resize(1);
        return devices;
    }
}

LocalBackend::LocalBackend(const TargetConfig& target, std::map<std::string, std::string> baseFiles,
    Evaluator::Options options, std::vector<std::string> devices)
    : LocalBackend(target, std::move(baseFiles), std::move(options),
          firstOnly(devices.empty() && target.usesGpu() ? GpuPool::detectDevices() : std::move(devices)), false)
{
}

LocalBackend::LocalBackend(const TargetConfig& target, std::map<std::string, std::string> baseFiles,
    Evaluator::Options options, std::vector<std::string> devices, bool)
    : m_gpus(target.usesGpu() ? std::make_unique<GpuPool>(std::move(devices)) : nullptr)
    , m_evaluator(target, std::move(baseFiles), withPool(std::move(options), m_gpus.get()))
{
}

Evaluator::Options LocalBackend::withPool(Evaluator::Options options, GpuPool* pool)
{
    options.gpus = pool;
    return options;
}

std::string LocalBackend::describe() const
{
    std::string text = name() + " on " + localHostName();
    if (m_gpus)
        text += ", " + std::to_string(m_gpus->size()) + " GPU runner(s)";
    return text;
}

int LocalBackend::defaultJobs() const
{
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

EvaluationOutcome LocalBackend::evaluate(const EvaluationRequest& request, const EvaluationHooks& hooks)
{
    auto outcome = m_evaluator.evaluate(request.id, *request.genes, hooks, request.code);
    outcome.placement.backend = name();
    return outcome;
}

} // namespace phylo
