// SPDX-License-Identifier: GPL-3.0-or-later
// Adversarial case "writes_nan": NaN in the output.
//
// The bug: every 1000th element comes out as NaN (here forced; in real kernels a 0/0, a sqrt of
// a negative, or a read of uninitialized shared memory). An evaluator that compares with
// `!(|got - ref| > tol)`, or that averages an error norm, lets NaN through, because every
// comparison with NaN is false.
//
// Why it is caught: the harness rejects any NaN or infinity it did not put there itself (its
// poison has its own bit pattern): "non-finite output".
#include "workload.h"

namespace {

__global__ void scaleAddSomeNan(const float* a, const float* b, float* out, std::size_t n)
{
    const std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i < n) {
        float value = a[i] * kScaleA + b[i] * kScaleB;
        if (i % 1000 == 0)
            value = __int_as_float(0x7fffffff); // the NaN that arithmetic on the GPU produces (0/0)
        out[i] = value;
    }
}

} // namespace

void launchScaleAdd(const float* a, const float* b, float* out, std::size_t n, cudaStream_t stream)
{
    constexpr unsigned kBlock = 256;
    scaleAddSomeNan<<<unsigned((n + kBlock - 1) / kBlock), kBlock, 0, stream>>>(a, b, out, n);
}
