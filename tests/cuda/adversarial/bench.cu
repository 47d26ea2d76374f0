// SPDX-License-Identifier: GPL-3.0-or-later
// Trusted benchmark of the adversarial CUDA target: the "scale-add" problem
//
//     out[i] = a[i] * 2.5 + b[i] * -0.75
//
// described to the trusted harness (gpu/harness/phylo_harness.h), which draws the inputs from
// PHYLO_SEED, checks every element against the float64 reference below, and times the launch.
// Candidates change only kernel.cu (launchScaleAdd, see workload.h).
#include "workload.h"

#include <phylo_harness.h>

#include <cstddef>
#include <vector>

namespace {

namespace harness = phylo::harness;

// Not a power of two: not a multiple of any block size (tails must be handled), and the arrays
// (64,000,012 bytes) end inside a 2 MiB page, so a few floats read past the end of an input are
// mapped memory outside every allocation: no fault, but a compute-sanitizer memcheck error.
constexpr std::size_t kCount = 16'000'003;

void reference(const harness::Arrays& in, std::vector<harness::ReferenceOutput>& outputs)
{
    const float* a = in.ptr<const float>("a");
    const float* b = in.ptr<const float>("b");
    std::vector<double>& out = outputs.at(0).values; // "out": named and sized by the harness
    for (std::size_t i = 0; i < kCount; ++i)
        out[i] = double(a[i]) * double(kScaleA) + double(b[i]) * double(kScaleB);
}

void launch(const harness::Arrays& in, const harness::Arrays& out, cudaStream_t stream)
{
    launchScaleAdd(in.ptr<const float>("a"), in.ptr<const float>("b"), out.ptr<float>("out"), kCount, stream);
}

} // namespace

int main(int argc, char** argv)
{
    harness::Problem problem("scale-add");
    problem.input("a", harness::ElementType::F32, kCount, harness::uniform(-1.0, 1.0))
        .input("b", harness::ElementType::F32, kCount, harness::uniform(-2.0, 2.0))
        .output("out", harness::ElementType::F32, kCount) // default tolerance: rtol 1e-4, atol 1e-6
        .reference(reference)
        .launch(launch)
        .bytesMoved(3.0 * double(kCount) * sizeof(float)) // read a and b, write out, once each
        .flops(3.0 * double(kCount));
    return harness::runHarnessMain(problem, argc, argv);
}
