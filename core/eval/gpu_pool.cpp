// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/gpu_pool.h"

#include "eval/process_runner.h"

#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace phylo {

GpuPool::GpuPool(std::vector<std::string> devices)
    : m_free(devices.empty() ? std::vector<std::string> { std::string() } : std::move(devices))
    , m_size(m_free.size())
{
}

std::vector<std::string> GpuPool::detectDevices()
{
    if (const char* visible = std::getenv("CUDA_VISIBLE_DEVICES")) {
        std::vector<std::string> out;
        std::stringstream list(visible);
        for (std::string item; std::getline(list, item, ',');) {
            if (!item.empty())
                out.push_back(item);
        }
        return out;
    }
    ProcessSpec spec;
    spec.command = "nvidia-smi -L";
    spec.workDir = std::filesystem::temp_directory_path();
    spec.timeout = std::chrono::seconds(20);
    const auto result = runProcess(spec);
    std::vector<std::string> out;
    if (!result.succeeded())
        return out;
    std::stringstream lines(result.outputTail);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("GPU ", 0) == 0)
            out.push_back(std::to_string(out.size()));
    }
    return out;
}

GpuPool::Lease::Lease(GpuPool& pool, std::string device)
    : m_pool(pool)
    , m_device(std::move(device))
{
}

GpuPool::Lease::~Lease()
{
    {
        std::lock_guard lock(m_pool.m_mutex);
        m_pool.m_free.push_back(m_device);
    }
    m_pool.m_freed.notify_one();
}

std::unique_ptr<GpuPool::Lease> GpuPool::acquire()
{
    std::unique_lock lock(m_mutex);
    m_freed.wait(lock, [this] { return !m_free.empty(); });
    auto device = m_free.front();
    m_free.erase(m_free.begin());
    return std::make_unique<Lease>(*this, std::move(device));
}

} // namespace phylo
