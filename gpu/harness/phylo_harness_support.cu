// SPDX-License-Identifier: GPL-3.0-or-later
// The harness's CUDA helpers: error checks, owners of device objects, host buffers, callback guard.
// Compiled only as part of phylo_harness.cu (a unity build: targets compile that one file).
#ifndef PHYLO_HARNESS_UNITY
#    error "phylo_harness_support.cu is compiled through phylo_harness.cu; compile that file instead"
#endif

#include "phylo_harness.h"
#include "phylo_harness_json.h"

#include <chrono>
#include <cstdio>
#include <exception>
#include <memory>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace phylo::harness {
namespace {

    using detail::Result;
    using Clock = std::chrono::steady_clock;

    /// Empty launches timed to learn the harness's own host-minus-event gap.
    constexpr int kOverheadProbes = 20;
    /// The L2 flush buffer: at least twice L2 and never less than this (H100: 50 MB L2, H200: 60-90 MB).
    constexpr std::size_t kMinFlushBytes = std::size_t(256) << 20;

    /** A failure that ends the run: its name (one of failure::k*) and a one-line detail. */
    struct RunFailure {
        std::string name;
        std::string detail;
    };

    [[noreturn]] void fail(const char* name, std::string detail) { throw RunFailure { name, std::move(detail) }; }

    std::string cudaText(cudaError_t status)
    {
        return std::string(cudaGetErrorName(status)) + " (" + cudaGetErrorString(status) + ")";
    }

    void cudaCheck(cudaError_t status, const std::string& what)
    {
        if (status != cudaSuccess)
            fail(failure::kCudaError, what + ": " + cudaText(status));
    }

    // Owners of CUDA objects. Errors on release are ignored: after a sticky error (an illegal address)
    // every call fails at once, and the process is about to report and exit.
    struct DeviceFree {
        void operator()(void* p) const { cudaFree(p); }
    };
    struct StreamDestroy {
        void operator()(cudaStream_t s) const { cudaStreamDestroy(s); }
    };
    struct EventDestroy {
        void operator()(cudaEvent_t e) const { cudaEventDestroy(e); }
    };
    using DevicePtr = std::unique_ptr<void, DeviceFree>;
    using StreamPtr = std::unique_ptr<std::remove_pointer_t<cudaStream_t>, StreamDestroy>;
    using EventPtr = std::unique_ptr<std::remove_pointer_t<cudaEvent_t>, EventDestroy>;

    DevicePtr deviceAlloc(std::size_t bytes, const std::string& what)
    {
        void* p = nullptr;
        cudaCheck(cudaMalloc(&p, bytes), "cudaMalloc of " + what + " (" + std::to_string(bytes) + " bytes)");
        return DevicePtr(p);
    }

    /// How long the launch gate holds the stream at most (a launch function that waits for the device).
    constexpr unsigned long long kGateTimeoutNs = 100ull * 1000 * 1000;

#ifdef __CUDACC__
    /**
     * Reads the flush buffer (N 16-byte words): reading, unlike writing, leaves L2 full of clean lines,
     * so the timed launch never pays for writing back the flush's data. SINK is written only if the
     * checksum hits a value the buffer's contents never give; the reads cannot be optimized away.
     */
    __global__ void readFlushKernel(const uint4* buffer, std::size_t n, unsigned* sink)
    {
        unsigned acc = 0;
        for (std::size_t i = blockIdx.x * std::size_t(blockDim.x) + threadIdx.x; i < n;
             i += std::size_t(gridDim.x) * blockDim.x) {
            const uint4 v = buffer[i];
            acc ^= v.x ^ v.y ^ v.z ^ v.w;
        }
        if (acc == 0x9e3779b9u)
            *sink = acc;
    }

    /**
     * Holds the harness's stream until the host sets FLAG (or TIMEOUTNS passed), so the start event
     * fires only once the candidate's launches are queued behind it: the host's time to enqueue them is
     * not counted as device time. The host wall-clock cross-check still counts it.
     */
    __global__ void gateKernel(const volatile int* flag, unsigned long long timeoutNs)
    {
        unsigned long long start = 0, now = 0;
        asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(start));
        do {
            if (*flag)
                return;
            __nanosleep(200);
            asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(now));
        } while (now - start < timeoutNs);
    }

    cudaError_t enqueueReadFlush(const void* buffer, std::size_t bytes, unsigned* sink, cudaStream_t stream)
    {
        readFlushKernel<<<1024, 256, 0, stream>>>(static_cast<const uint4*>(buffer), bytes / 16, sink);
        return cudaGetLastError();
    }

    cudaError_t enqueueGate(const int* flag, cudaStream_t stream)
    {
        gateKernel<<<1, 1, 0, stream>>>(flag, kGateTimeoutNs);
        return cudaGetLastError();
    }
#else
    // Compiled as plain C++ against tests/cuda/mock (tst_harness_runner): no kernels, and none needed,
    // since every mock call is synchronous and "device" memory is host memory.
    cudaError_t enqueueReadFlush(const void*, std::size_t, unsigned*, cudaStream_t) { return cudaSuccess; }
    cudaError_t enqueueGate(const int*, cudaStream_t) { return cudaSuccess; }
#endif

    /** A host word the device can read (mapped pinned memory): the launch gate's flag. */
    struct GateFlag {
        int* host = nullptr;
        int* device = nullptr;
        GateFlag() = default;
        GateFlag(const GateFlag&) = delete;
        GateFlag& operator=(const GateFlag&) = delete;
        ~GateFlag()
        {
            if (host)
                cudaFreeHost(host);
        }
        void allocate()
        {
            void* p = nullptr;
            cudaCheck(cudaHostAlloc(&p, sizeof(int), cudaHostAllocMapped), "cudaHostAlloc of the launch gate");
            host = static_cast<int*>(p);
            *host = 0;
            cudaCheck(cudaHostGetDevicePointer(reinterpret_cast<void**>(&device), p, 0), "cudaHostGetDevicePointer");
        }
        void close() { __atomic_store_n(host, 0, __ATOMIC_SEQ_CST); }
        void open() { __atomic_store_n(host, 1, __ATOMIC_SEQ_CST); }
    };

    /** Host memory aligned for any element type. */
    struct HostBuffer {
        std::vector<std::uint64_t> words;
        std::size_t bytes = 0;
        explicit HostBuffer(std::size_t size = 0)
            : words((size + 7) / 8)
            , bytes(size)
        {
        }
        void* data() { return words.data(); }
        const void* data() const { return words.data(); }
    };

    /** One input set: the host inputs the harness copies in before every launch, and the reference outputs. */
    struct InputSet {
        std::vector<HostBuffer> inputs;
        std::vector<std::vector<double>> references; ///< by output, in registration order
    };

    struct Sample {
        double deviceMs = 0;
        double hostMs = 0;
    };

    double millisecondsBetween(Clock::time_point a, Clock::time_point b)
    {
        return std::chrono::duration<double, std::milli>(b - a).count();
    }

    /** Runs a workload's or a candidate's callback; any exception it throws becomes "harness error". */
    template <class Function>
    void callUser(const std::string& what, Function&& function)
    {
        try {
            function();
        } catch (const RunFailure&) {
            throw;
        } catch (const std::exception& e) {
            fail(failure::kHarnessError, what + " threw: " + e.what());
        } catch (...) {
            fail(failure::kHarnessError, what + " threw an exception that is not a std::exception");
        }
    }

    std::mt19937_64 makeRng(std::uint64_t seed)
    {
        std::uint64_t state = seed;
        std::vector<std::uint32_t> words;
        for (int i = 0; i < 4; ++i) {
            const std::uint64_t v = detail::splitmix64(state);
            words.push_back(static_cast<std::uint32_t>(v));
            words.push_back(static_cast<std::uint32_t>(v >> 32));
        }
        std::seed_seq sequence(words.begin(), words.end());
        return std::mt19937_64(sequence);
    }

    void progress(const std::string& problem, const std::string& message)
    {
        std::fprintf(stderr, "phylo-harness: %s: %s\n", problem.c_str(), message.c_str());
    }

} // namespace
} // namespace phylo::harness
