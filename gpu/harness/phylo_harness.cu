// SPDX-License-Identifier: GPL-3.0-or-later
// The trusted CUDA benchmark harness (docs/cuda-targets.md). Targets compile this one file next to
// bench.cu and kernel.cu; it pulls in the other pieces of gpu/harness/ (a unity build).
#define PHYLO_HARNESS_UNITY 1

#include "phylo_harness.h"
#include "phylo_harness_json.h"

// The pieces, in order: Problem and the generators; CUDA helpers (included by the runner); the Runner.
#include "phylo_harness_problem.cpp"
#include "phylo_harness_runner.cu"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <new>
#include <string>

namespace phylo::harness {
namespace {

    void printResult(const Result& result)
    {
        // A leading newline: output the candidate left without one cannot join the JSON line.
        std::cout.flush();
        const std::string line = "\n" + detail::resultJson(result) + "\n";
        std::fflush(stderr);
        std::fwrite(line.data(), 1, line.size(), stdout);
        std::fflush(stdout);
    }

    Result resultFor(const Problem& problem, const Settings& settings)
    {
        Result result;
        result.problem = problem.name();
        result.mode = settings.mode;
        result.seed = settings.seed;
        result.inputSets = settings.inputSets;
        result.bytesMoved = problem.bytesMovedValue();
        result.flops = problem.flopsValue();
        return result;
    }

    /** Runs PROBLEM and returns what the JSON line reports (runHarness prints it; tests inspect it). */
    Result runToResult(const Problem& problem, const Settings& settings)
    {
        Result result = resultFor(problem, settings);
        try {
            Runner runner(problem, settings, result);
            runner.run();
        } catch (const RunFailure& f) {
            result.ok = false;
            result.failure = f.name;
            result.detail = f.detail;
        } catch (const std::bad_alloc&) {
            result.ok = false;
            result.failure = failure::kHarnessError;
            result.detail = "out of host memory";
        } catch (const std::exception& e) {
            result.ok = false;
            result.failure = failure::kHarnessError;
            result.detail = e.what();
        } catch (...) {
            result.ok = false;
            result.failure = failure::kHarnessError;
            result.detail = "unknown exception";
        }
        if (!result.ok)
            progress(problem.name(), "FAILED: " + result.failure + ": " + result.detail);
        return result;
    }

} // namespace

int runHarness(const Problem& problem, const Settings& settings)
{
    const Result result = runToResult(problem, settings);
    printResult(result);
    return result.ok ? 0 : 1;
}

int runHarnessMain(const Problem& problem, int argc, char** argv)
{
    Settings settings;
    int status = 1;
    bool parsed = false;
    try {
        settings = parseSettings(argc, argv);
        parsed = true;
    } catch (const std::exception& e) {
        Result result = resultFor(problem, settings);
        result.failure = failure::kHarnessError;
        result.detail = std::string("bad arguments: ") + e.what();
        progress(problem.name(), "FAILED: " + result.detail);
        printResult(result);
    }
    if (parsed)
        status = runHarness(problem, settings);
    std::cout.flush();
    std::fflush(stdout);
    std::fflush(stderr);
    // Nothing may print after the JSON line: no atexit handler or static destructor of the candidate runs.
    if (!settings.normalExit)
        std::_Exit(status);
    return status;
}

} // namespace phylo::harness
