// SPDX-License-Identifier: GPL-3.0-or-later
// The trusted benchmark of the saxpy test target (not editable by candidates): y = a * x + b, elementwise,
// on 16M floats, with a float64 reference. kernel.cu defines saxpyLaunch.
#include "phylo_harness.h"

#include <cstddef>
#include <vector>

using namespace phylo::harness;

// Defined in kernel.cu (the editable file): y[i] = a[0] * x[i] + b[0] for every i, on STREAM.
void saxpyLaunch(const Arrays& inputs, const Arrays& outputs, cudaStream_t stream);

int main(int argc, char** argv)
{
    constexpr std::size_t n = std::size_t(1) << 24;
    Problem problem("saxpy");
    problem.input("x", ElementType::F32, n, uniform(-1.0, 1.0))
        .input("a", ElementType::F32, 1, uniform(0.5, 2.0)) // scalars drawn per input set, in device memory
        .input("b", ElementType::F32, 1, uniform(-1.0, 1.0))
        .output("y", ElementType::F32, n, Tolerance { 1e-5, 1e-6 })
        .reference([](const Arrays& in, std::vector<ReferenceOutput>& out) {
            const float* x = in.ptr<float>("x");
            const double a = in.ptr<float>("a")[0];
            const double b = in.ptr<float>("b")[0];
            std::vector<double>& y = out[0].values;
            for (std::size_t i = 0; i < y.size(); ++i)
                y[i] = a * double(x[i]) + b;
        })
        .launch(saxpyLaunch)
        .bytesMoved(2.0 * n * sizeof(float)) // read x, write y
        .flops(2.0 * n);
    return runHarnessMain(problem, argc, argv);
}
