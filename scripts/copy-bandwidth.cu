// SPDX-License-Identifier: GPL-3.0-or-later
// The device's measured memory bandwidth: a 1 GiB device-to-device copy, timed with events (median of
// 20 after 3 warm-ups), counting bytes read plus bytes written. Prints one JSON line.
#include <cuda_runtime.h>
#include <algorithm>
#include <cstdio>
#include <vector>

int main()
{
    const size_t bytes = size_t(1) << 30;
    void *a = nullptr, *b = nullptr;
    if (cudaMalloc(&a, bytes) != cudaSuccess || cudaMalloc(&b, bytes) != cudaSuccess) {
        std::fprintf(stderr, "copy-bandwidth: cannot allocate 2 GiB\n");
        return 1;
    }
    cudaMemset(a, 1, bytes);
    cudaEvent_t start, stop;
    cudaEventCreate(&start);
    cudaEventCreate(&stop);
    std::vector<float> ms;
    for (int i = 0; i < 23; ++i) {
        cudaEventRecord(start);
        cudaMemcpy(b, a, bytes, cudaMemcpyDeviceToDevice);
        cudaEventRecord(stop);
        cudaEventSynchronize(stop);
        float t = 0;
        cudaEventElapsedTime(&t, start, stop);
        if (i >= 3)
            ms.push_back(t);
    }
    if (cudaGetLastError() != cudaSuccess)
        return 1;
    std::sort(ms.begin(), ms.end());
    const double median = ms[ms.size() / 2];
    std::printf("{\"copy_gbps\": %.1f, \"median_ms\": %.4f}\n", 2.0 * bytes / (median * 1e-3) / 1e9, median);
    return 0;
}
