// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace phylo {

/**
 * The GPUs of this host, lent one candidate at a time: no two candidates' checks or timed runs
 * ever overlap on one GPU, while builds go on in parallel outside. With no GPU found there is one
 * slot with no device named, so a CUDA candidate still runs (and reports "no CUDA device").
 */
class GpuPool {
public:
    /// DEVICES: the indices to use (as CUDA_VISIBLE_DEVICES values). Empty: one anonymous slot.
    explicit GpuPool(std::vector<std::string> devices);
    /// The GPUs nvidia-smi lists, restricted to CUDA_VISIBLE_DEVICES when that is set.
    static std::vector<std::string> detectDevices();

    /** A GPU held until destruction. device() is empty for the anonymous slot. */
    class Lease {
    public:
        Lease(GpuPool& pool, std::string device);
        ~Lease();
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        const std::string& device() const { return m_device; }

    private:
        GpuPool& m_pool;
        std::string m_device;
    };

    /// Blocks until a GPU is free.
    std::unique_ptr<Lease> acquire();
    size_t size() const { return m_size; }

private:
    std::mutex m_mutex;
    std::condition_variable m_freed;
    std::vector<std::string> m_free;
    size_t m_size;
};

} // namespace phylo
