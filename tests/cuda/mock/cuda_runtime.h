// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/**
 * A CPU stand-in for the few CUDA runtime calls gpu/harness/ makes, so that tst_harness_runner can run
 * the whole harness (compiled as plain C++) on a machine without CUDA. "Device" memory is host memory,
 * every call is synchronous, an event records the host clock. Knobs in namespace mock let a test play
 * the tricks a candidate could: work the events miss, a sticky error, a failed launch, no device.
 * Only the calls and constants the harness uses exist; a new call in the harness must be added here.
 */

#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <thread>

enum cudaError_t {
    cudaSuccess = 0,
    cudaErrorInvalidValue = 1,
    cudaErrorMemoryAllocation = 2,
    cudaErrorInvalidConfiguration = 9,
    cudaErrorInsufficientDriver = 35,
    cudaErrorNoDevice = 100,
    cudaErrorIllegalAddress = 700,
};

struct CUstream_st {
    unsigned flags;
};
struct CUevent_st {
    std::chrono::steady_clock::time_point time;
};
typedef CUstream_st* cudaStream_t;
typedef CUevent_st* cudaEvent_t;

struct cudaDeviceProp {
    char name[256];
    std::size_t totalGlobalMem;
};

enum cudaDeviceAttr {
    cudaDevAttrComputeCapabilityMajor,
    cudaDevAttrComputeCapabilityMinor,
    cudaDevAttrClockRate,
    cudaDevAttrMemoryClockRate,
    cudaDevAttrGlobalMemoryBusWidth,
    cudaDevAttrL2CacheSize,
};

enum cudaMemcpyKind { cudaMemcpyHostToDevice = 1, cudaMemcpyDeviceToHost = 2, cudaMemcpyDeviceToDevice = 3 };

#define cudaStreamNonBlocking 0x01

namespace mock {

inline int deviceCount = 1; ///< 0: cudaGetDeviceCount fails as without a driver
inline double sideWorkMs = 0; ///< slept by the next cudaDeviceSynchronize: work on a stream the events miss
inline double backgroundMs = 0; ///< slept by every cudaDeviceSynchronize: work left running in the background
inline cudaError_t sticky = cudaSuccess; ///< once set, returned by every later call (a poisoned context)
inline cudaError_t lastError = cudaSuccess; ///< returned (once) by cudaGetLastError: a failed kernel launch
inline int mallocs = 0; ///< successful cudaMalloc calls
inline int mallocLimit = -1; ///< cudaMalloc fails (out of memory) once this many succeeded; -1: never
inline std::size_t freeMemory = std::size_t(40) << 30; ///< what cudaMemGetInfo reports free

inline void reset()
{
    deviceCount = 1;
    sideWorkMs = 0;
    backgroundMs = 0;
    sticky = cudaSuccess;
    lastError = cudaSuccess;
    mallocs = 0;
    mallocLimit = -1;
    freeMemory = std::size_t(40) << 30;
}

/// Buffers this large are the harness's L2 flush buffer: never touched, so the tests stay fast.
inline constexpr std::size_t kUntouchedBytes = std::size_t(128) << 20;

} // namespace mock

inline const char* cudaGetErrorName(cudaError_t error)
{
    switch (error) {
    case cudaSuccess:
        return "cudaSuccess";
    case cudaErrorInvalidValue:
        return "cudaErrorInvalidValue";
    case cudaErrorMemoryAllocation:
        return "cudaErrorMemoryAllocation";
    case cudaErrorInvalidConfiguration:
        return "cudaErrorInvalidConfiguration";
    case cudaErrorInsufficientDriver:
        return "cudaErrorInsufficientDriver";
    case cudaErrorNoDevice:
        return "cudaErrorNoDevice";
    case cudaErrorIllegalAddress:
        return "cudaErrorIllegalAddress";
    }
    return "cudaErrorUnknown";
}

inline const char* cudaGetErrorString(cudaError_t error)
{
    return error == cudaErrorIllegalAddress ? "an illegal memory access was encountered" : "mock CUDA error";
}

inline cudaError_t cudaDriverGetVersion(int* version)
{
    *version = mock::deviceCount > 0 ? 13000 : 0;
    return cudaSuccess;
}

inline cudaError_t cudaRuntimeGetVersion(int* version)
{
    *version = 13000;
    return cudaSuccess;
}

inline cudaError_t cudaGetDeviceCount(int* count)
{
    *count = mock::deviceCount;
    return mock::deviceCount > 0 ? cudaSuccess : cudaErrorInsufficientDriver;
}

inline cudaError_t cudaSetDevice(int) { return mock::sticky; }

inline cudaError_t cudaGetDeviceProperties(cudaDeviceProp* props, int)
{
    std::strcpy(props->name, "Mock GPU");
    props->totalGlobalMem = std::size_t(80) << 30;
    return mock::sticky;
}

inline cudaError_t cudaDeviceGetAttribute(int* value, cudaDeviceAttr attribute, int)
{
    switch (attribute) {
    case cudaDevAttrComputeCapabilityMajor:
        *value = 9;
        break;
    case cudaDevAttrComputeCapabilityMinor:
        *value = 0;
        break;
    case cudaDevAttrClockRate:
        *value = 1980000;
        break;
    case cudaDevAttrMemoryClockRate:
        *value = 2619000;
        break;
    case cudaDevAttrGlobalMemoryBusWidth:
        *value = 5120;
        break;
    case cudaDevAttrL2CacheSize:
        *value = 50 << 20;
        break;
    }
    return mock::sticky;
}

inline cudaError_t cudaMalloc(void** pointer, std::size_t bytes)
{
    if (mock::sticky)
        return mock::sticky;
    if (mock::mallocLimit >= 0 && mock::mallocs >= mock::mallocLimit)
        return cudaErrorMemoryAllocation;
    *pointer = std::malloc(bytes);
    if (!*pointer)
        return cudaErrorMemoryAllocation;
    ++mock::mallocs;
    return cudaSuccess;
}

/// Free and total device memory: mock::freeMemory of 80 GiB.
inline cudaError_t cudaMemGetInfo(std::size_t* freeBytes, std::size_t* totalBytes)
{
    *freeBytes = mock::freeMemory;
    *totalBytes = std::size_t(80) << 30;
    return mock::sticky;
}

inline cudaError_t cudaFree(void* pointer)
{
    std::free(pointer);
    return mock::sticky;
}

inline cudaError_t cudaStreamCreateWithFlags(cudaStream_t* stream, unsigned flags)
{
    *stream = new CUstream_st { flags };
    return mock::sticky;
}

inline cudaError_t cudaStreamDestroy(cudaStream_t stream)
{
    delete stream;
    return mock::sticky;
}

inline cudaError_t cudaEventCreate(cudaEvent_t* event)
{
    *event = new CUevent_st {};
    return mock::sticky;
}

inline cudaError_t cudaEventDestroy(cudaEvent_t event)
{
    delete event;
    return mock::sticky;
}

inline cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t)
{
    event->time = std::chrono::steady_clock::now();
    return mock::sticky;
}

inline cudaError_t cudaEventElapsedTime(float* ms, cudaEvent_t start, cudaEvent_t end)
{
    *ms = std::chrono::duration<float, std::milli>(end->time - start->time).count();
    return mock::sticky;
}

inline cudaError_t cudaMemcpyAsync(void* to, const void* from, std::size_t bytes, cudaMemcpyKind, cudaStream_t)
{
    if (mock::sticky)
        return mock::sticky;
    std::memcpy(to, from, bytes);
    return cudaSuccess;
}

inline cudaError_t cudaMemsetAsync(void* to, int value, std::size_t bytes, cudaStream_t)
{
    if (mock::sticky)
        return mock::sticky;
    if (bytes < mock::kUntouchedBytes)
        std::memset(to, value, bytes);
    return cudaSuccess;
}

inline cudaError_t cudaMemset(void* to, int value, std::size_t bytes)
{
    return cudaMemsetAsync(to, value, bytes, nullptr);
}

#define cudaHostAllocMapped 0x02

/// Pinned, mapped host memory: plain host memory, the same pointer on the "device".
inline cudaError_t cudaHostAlloc(void** pointer, std::size_t bytes, unsigned)
{
    if (mock::sticky)
        return mock::sticky;
    *pointer = std::calloc(1, bytes);
    return *pointer ? cudaSuccess : cudaErrorMemoryAllocation;
}

inline cudaError_t cudaHostGetDevicePointer(void** device, void* host, unsigned)
{
    *device = host;
    return mock::sticky;
}

inline cudaError_t cudaFreeHost(void* pointer)
{
    std::free(pointer);
    return cudaSuccess;
}

inline cudaError_t cudaStreamSynchronize(cudaStream_t) { return mock::sticky; }

inline cudaError_t cudaDeviceSynchronize()
{
    const double ms = mock::sideWorkMs + mock::backgroundMs;
    mock::sideWorkMs = 0;
    if (ms > 0)
        std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(ms));
    return mock::sticky;
}

inline cudaError_t cudaGetLastError()
{
    const cudaError_t error = mock::lastError;
    mock::lastError = cudaSuccess;
    return error != cudaSuccess ? error : mock::sticky;
}
