// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/**
 * The trusted benchmark harness for CUDA targets (docs/cuda-targets.md).
 *
 * A CUDA target has a trusted benchmark file (bench.cu, not editable) that describes the problem
 * with a phylo::harness::Problem, and an editable kernel file that defines the launch function.
 * The target's build command compiles both together with this harness:
 *
 *     nvcc -O3 -std=c++17 {defines} -I{harness} -o {bin} bench.cu kernel.cu {harness}/phylo_harness.cu
 *
 * The harness draws inputs from PHYLO_SEED (several input sets, never degenerate), poisons outputs
 * with NaN before every launch, checks every element against a float64 CPU reference, verifies the
 * inputs are unchanged, times with CUDA events on its own stream plus a device synchronize, flushes
 * L2 before every trial, cross-checks against host wall time, re-checks correctness on the timed runs,
 * and prints one JSON line with every raw sample. The parent computes the statistics from the samples
 * (the line's time_ms, their median, is only for the plain command-mode evaluator).
 */

#include "phylo_harness_checks.h" // ElementType, Tolerance, Settings, failure names: the CUDA-free parts

#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace phylo::harness {

/** One named array: host contents of one input set, or a device allocation. */
struct Array {
    std::string name;
    ElementType type = ElementType::F32;
    std::size_t count = 0;
    void* data = nullptr; ///< host memory (generators, references) or device memory (launch)

    template <class T>
    T* as() const { return static_cast<T*>(data); }
    std::size_t bytes() const;
};

/** The arrays handed to a function, by registration order, also findable by name. */
struct Arrays {
    std::vector<Array> items;
    const Array& operator[](std::size_t i) const { return items.at(i); }
    const Array& get(const std::string& name) const; ///< throws std::out_of_range naming NAME
    template <class T>
    T* ptr(const std::string& name) const { return get(name).as<T>(); }
};

/** Float64 results of the reference for one output array. */
struct ReferenceOutput {
    std::string name;
    std::vector<double> values;
};

using Generator = std::function<void(std::mt19937_64& rng, Array& hostArray)>;
/// Computes every output in float64 from one input set's host arrays (a copy: changes are discarded).
/// OUTPUTS arrives with one entry per output, in registration order, named and sized, filled with NaN:
/// the reference must set every value to a finite number.
using Reference = std::function<void(const Arrays& hostInputs, std::vector<ReferenceOutput>& outputs)>;
/// Runs the candidate on device arrays (inputs, then outputs) on STREAM. Must not synchronize the device.
using Launch = std::function<void(const Arrays& deviceInputs, const Arrays& deviceOutputs, cudaStream_t stream)>;

/** Everything the harness needs to know about a workload. */
class Problem {
public:
    explicit Problem(std::string name);

    /// An input of COUNT elements, filled for each input set by GENERATE from a fresh RNG.
    Problem& input(const std::string& name, ElementType type, std::size_t count, Generator generate);
    /// An output of COUNT elements, checked element by element against the reference.
    Problem& output(const std::string& name, ElementType type, std::size_t count, Tolerance tolerance = {});
    Problem& reference(Reference reference);
    Problem& launch(Launch launch);
    /// The fewest bytes one launch must move through device memory (for the roofline floor).
    Problem& bytesMoved(double bytes);
    Problem& flops(double flops);

    const std::string& name() const { return m_name; }

    // Read by the harness.
    struct InputSpec {
        std::string name;
        ElementType type;
        std::size_t count;
        Generator generate;
    };
    struct OutputSpec {
        std::string name;
        ElementType type;
        std::size_t count;
        Tolerance tolerance;
    };
    const std::vector<InputSpec>& inputs() const { return m_inputs; }
    const std::vector<OutputSpec>& outputs() const { return m_outputs; }
    const Reference& referenceFn() const { return m_reference; }
    const Launch& launchFn() const { return m_launch; }
    double bytesMovedValue() const { return m_bytesMoved; }
    double flopsValue() const { return m_flops; }

private:
    std::string m_name;
    std::vector<InputSpec> m_inputs;
    std::vector<OutputSpec> m_outputs;
    Reference m_reference;
    Launch m_launch;
    double m_bytesMoved = 0;
    double m_flops = 0;
};

/// Settings from ARGV and the environment (see Settings); throws std::invalid_argument on a bad argument.
Settings parseSettings(int argc, char** argv);

/**
 * Runs PROBLEM as SETTINGS say and prints the result as one JSON object on the last line of stdout:
 *   {"phylo_harness":1,"problem":...,"mode":"run","ok":true,"failure":null,"detail":"",
 *    "samples_ms":[...],"host_ms":[...],"input_sets":3,"max_rel_error":...,
 *    "bytes_moved":...,"flops":...,"seed":...,"host_overhead_ms":...,"time_ms":...,
 *    "device":{"name":...,"cc":"9.0","sm_clock_khz":...,"mem_clock_khz":...,"bus_bits":...,
 *              "peak_gbps":...,"l2_bytes":...,"driver":"13.0","runtime":"13.0"}}
 * (host_overhead_ms only when timed; time_ms, the median of samples_ms, only when ok in run mode.)
 * A failure sets ok false and failure to one of: "no CUDA device", "cuda error", "wrong result",
 * "unwritten output", "non-finite output", "input modified", "timing mismatch", "harness error"
 * (a bad argument, an invalid Problem, or an exception thrown by a generator, the reference or the launch).
 * Returns the process exit status: 0 when ok, 1 otherwise.
 */
int runHarness(const Problem& problem, const Settings& settings);

/// parseSettings + runHarness, for a bench.cu main(). Ends the process with std::_Exit(status) once the
/// JSON line is flushed, so nothing (atexit handlers, static destructors) prints after it, unless
/// --normal-exit is given (profilers that flush at exit); then it returns the status.
int runHarnessMain(const Problem& problem, int argc, char** argv);

// Generators that never produce degenerate data. They fill F32, F64 and I32 arrays unless noted, draw
// only from the RNG they are given (so every seed and input set differs) and throw std::invalid_argument
// on arguments or element types they cannot honour.
/// Uniform in [lo, hi), never a constant field. I32: the integers in [lo, hi), at least two of them.
Generator uniform(double lo, double hi);
/// Normal with MEAN and standard deviation SD > 0 (I32: rounded to the nearest integer), never constant.
Generator normal(double mean, double sd);
/// Random unit 3-vectors (x0,y0,z0,x1,...), uniform on the sphere: F32 or F64, COUNT a multiple of 3.
Generator unitVectors3();

} // namespace phylo::harness
