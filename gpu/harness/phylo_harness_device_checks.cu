// SPDX-License-Identifier: GPL-3.0-or-later
// The checks of warm-up and timed launches, on the device (docs/cuda-targets.md "What the harness does"):
// every output element against the float64 reference and every input word against a pristine copy, by
// trusted kernels on the harness's stream, so a trial costs the GPU a few passes over its data instead of
// copying everything back to the host. They decide with checkOutput()'s arithmetic (phylo_harness_checks.h),
// rounding for rounding: whatever they flag, the host check then describes (Runner::verifyOnDevice).
// Compiled only as part of phylo_harness.cu (a unity build: targets compile that one file).
#ifndef PHYLO_HARNESS_UNITY
#    error "phylo_harness_device_checks.cu is compiled through phylo_harness.cu; compile that file instead"
#endif

#include <cstdint>
#include <cstring>
#include <type_traits>

namespace phylo::harness {
namespace {

    /** What the device checks of one array found: zeroed before them, read back after. */
    struct DeviceVerdict {
        unsigned long long bad = 0; ///< output elements unwritten, non-finite or wrong; input words changed
        unsigned long long maxRelErrorBits = 0; ///< the largest relative error of the good elements (double bits)
    };

    /** One output's comparison, as checkOutput() does it: the limits it needs. */
    struct OutputLimits {
        double rtol = 0;
        double atol = 0;
        double scaleFloor = 0; ///< the relative error's denominator is at least this
    };

    /// Blocks of the check kernels: enough to fill any GPU, each thread walking the array in a grid stride.
    constexpr unsigned kCheckBlocks = 1024;
    constexpr unsigned kCheckThreads = 256;

#ifdef __CUDACC__
    OutputLimits limitsOf(const Tolerance& tolerance)
    {
        return { tolerance.rtol, tolerance.atol, tolerance.rtol > 0 ? tolerance.atol / tolerance.rtol : tolerance.atol };
    }

    template <class T>
    __device__ bool isUnwritten(T value, double expected)
    {
        if constexpr (std::is_same_v<T, float>)
            return __float_as_uint(value) == 0xFFFFFFFFu; // the poison: a NaN with every bit set
        else if constexpr (std::is_same_v<T, double>)
            return __double_as_longlong(value) == -1LL;
        else
            return value == detail::kI32Sentinel && expected != double(detail::kI32Sentinel);
    }

    /** Adds the warp's counts and the largest error of the warp to VERDICT (one atomic each per warp). */
    __device__ void reduceIntoVerdict(unsigned long long bad, double maxRel, DeviceVerdict* verdict)
    {
        for (int offset = 16; offset > 0; offset /= 2) {
            bad += __shfl_xor_sync(0xffffffffu, bad, offset);
            maxRel = fmax(maxRel, __shfl_xor_sync(0xffffffffu, maxRel, offset));
        }
        if ((threadIdx.x & 31) == 0) {
            if (bad)
                atomicAdd(&verdict->bad, bad);
            if (maxRel > 0) // non-negative doubles order like their bit patterns
                atomicMax(&verdict->maxRelErrorBits, static_cast<unsigned long long>(__double_as_longlong(maxRel)));
        }
    }

    /**
     * checkOutput() on the device. The explicit-rounding intrinsics keep nvcc from contracting
     * atol + rtol * |ref| into a fused multiply-add: the verdict on each element is the host's, bit for bit.
     */
    template <class T>
    __global__ void checkOutputKernel(const T* got, const double* ref, std::size_t count, OutputLimits limits, DeviceVerdict* verdict)
    {
        unsigned long long bad = 0;
        double maxRel = 0;
        for (std::size_t i = blockIdx.x * std::size_t(blockDim.x) + threadIdx.x; i < count;
             i += std::size_t(gridDim.x) * blockDim.x) {
            const T raw = got[i];
            const double expected = ref[i];
            const double value = double(raw);
            if (isUnwritten(raw, expected) || !isfinite(value)) {
                ++bad;
                continue;
            }
            const double error = fabs(__dsub_rn(value, expected));
            const double allowed = __dadd_rn(limits.atol, __dmul_rn(limits.rtol, fabs(expected)));
            if (!(error <= allowed)) {
                ++bad;
                continue;
            }
            const double scale = fmax(fabs(expected), limits.scaleFloor);
            if (scale > 0)
                maxRel = fmax(maxRel, __ddiv_rn(error, scale));
        }
        reduceIntoVerdict(bad, maxRel, verdict);
    }

    /** Counts the 4-byte words where A and B differ (an input against its pristine copy). */
    __global__ void countDifferencesKernel(const unsigned* a, const unsigned* b, std::size_t words, DeviceVerdict* verdict)
    {
        unsigned long long bad = 0;
        for (std::size_t i = blockIdx.x * std::size_t(blockDim.x) + threadIdx.x; i < words;
             i += std::size_t(gridDim.x) * blockDim.x)
            bad += a[i] != b[i];
        reduceIntoVerdict(bad, 0.0, verdict);
    }

    cudaError_t enqueueOutputCheck(ElementType type, const void* got, const double* ref, std::size_t count,
        const Tolerance& tolerance, DeviceVerdict* verdict, cudaStream_t stream)
    {
        const OutputLimits limits = limitsOf(tolerance);
        switch (type) {
        case ElementType::F32:
            checkOutputKernel<<<kCheckBlocks, kCheckThreads, 0, stream>>>(static_cast<const float*>(got), ref, count, limits, verdict);
            break;
        case ElementType::F64:
            checkOutputKernel<<<kCheckBlocks, kCheckThreads, 0, stream>>>(static_cast<const double*>(got), ref, count, limits, verdict);
            break;
        case ElementType::I32:
            checkOutputKernel<<<kCheckBlocks, kCheckThreads, 0, stream>>>(static_cast<const std::int32_t*>(got), ref, count, limits, verdict);
            break;
        }
        return cudaGetLastError();
    }

    cudaError_t enqueueInputCheck(const void* input, const void* pristine, std::size_t bytes, DeviceVerdict* verdict, cudaStream_t stream)
    {
        countDifferencesKernel<<<kCheckBlocks, kCheckThreads, 0, stream>>>(
            static_cast<const unsigned*>(input), static_cast<const unsigned*>(pristine), bytes / 4, verdict);
        return cudaGetLastError();
    }
#else
    // Compiled as plain C++ against tests/cuda/mock (tst_harness_runner): "device" memory is host memory and
    // every call is synchronous, so the checks run right here, through checkOutput() itself.
    cudaError_t enqueueOutputCheck(ElementType type, const void* got, const double* ref, std::size_t count,
        const Tolerance& tolerance, DeviceVerdict* verdict, cudaStream_t)
    {
        const detail::OutputCheck check = detail::checkOutput(type, got, ref, count, tolerance);
        verdict->bad += check.unwritten + check.nonFinite + check.wrong;
        double previous = 0;
        std::memcpy(&previous, &verdict->maxRelErrorBits, sizeof previous);
        if (check.maxRelError > previous)
            std::memcpy(&verdict->maxRelErrorBits, &check.maxRelError, sizeof check.maxRelError);
        return cudaSuccess;
    }

    cudaError_t enqueueInputCheck(const void* input, const void* pristine, std::size_t bytes, DeviceVerdict* verdict, cudaStream_t)
    {
        if (detail::firstDifference(input, pristine, bytes) != bytes)
            ++verdict->bad;
        return cudaSuccess;
    }
#endif

} // namespace
} // namespace phylo::harness
