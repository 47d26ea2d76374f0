// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The workload every candidate kernel.cu implements: the "scale-add" of bench.cu.
//
//     out[i] = a[i] * kScaleA + b[i] * kScaleB      for 0 <= i < n
//
// The launch function must enqueue all its work on STREAM and return without synchronizing
// the device (the harness times it with events on STREAM). a and b are read-only.

#include <cuda_runtime.h>

#include <cstddef>

inline constexpr float kScaleA = 2.5f;
inline constexpr float kScaleB = -0.75f; // exact in float and double: the reference is exact

void launchScaleAdd(const float* a, const float* b, float* out, std::size_t n, cudaStream_t stream);
