// SPDX-License-Identifier: GPL-3.0-or-later
// Adversarial case "side_stream": hiding the work from the timer.
//
// The trick: enqueue the real work on a private non-blocking stream and return at once. The
// harness's start and stop events on its own stream then bracket almost nothing, so the event time
// is a few microseconds however long the kernel really takes. One of the three cheats KernelBench
// tests for. The side stream first waits for the harness's stream (inputs, poison, L2 flush), so
// the work is ordered correctly and the result is right once the device is synchronized: only the
// timing lies. To make the lie unmistakable the kernel sweeps the whole problem kRepeats times
// (writing the same correct result each time): several milliseconds of real work.
//
// Why it is caught: the harness synchronizes the whole device before reading results and times
// each trial on the host too; host time far above event time (and an event time below the
// bytes-moved / bandwidth floor) is a "timing mismatch".
#include "workload.h"

namespace {

constexpr int kRepeats = 100; // ~100 x 192 MB of traffic: about 7 ms on an H100 (measured)

__global__ void scaleAddRepeated(const float* a, const float* b, float* out, std::size_t n, int repeats)
{
    const std::size_t stride = std::size_t(gridDim.x) * blockDim.x;
    const std::size_t first = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
#pragma unroll 1
    for (int r = 0; r < repeats; ++r) // out may alias a and b, so every sweep really reloads them
        for (std::size_t i = first; i < n; i += stride)
            out[i] = a[i] * kScaleA + b[i] * kScaleB;
}

cudaStream_t g_side = nullptr;
cudaEvent_t g_ready = nullptr;

} // namespace

void launchScaleAdd(const float* a, const float* b, float* out, std::size_t n, cudaStream_t stream)
{
    if (g_side == nullptr) {
        cudaStreamCreateWithFlags(&g_side, cudaStreamNonBlocking);
        cudaEventCreateWithFlags(&g_ready, cudaEventDisableTiming);
    }
    // Start after everything the harness enqueued so far, but make the harness's stream wait for
    // nothing: its stop event fires as soon as it is reached.
    cudaEventRecord(g_ready, stream);
    cudaStreamWaitEvent(g_side, g_ready, 0);
    scaleAddRepeated<<<1024, 256, 0, g_side>>>(a, b, out, n, kRepeats);
}
