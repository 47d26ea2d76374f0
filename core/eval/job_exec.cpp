// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/job_exec.h"

#include "eval/evaluator.h"
#include "eval/job_spec.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>

namespace phylo {

namespace {
    std::atomic<bool> g_terminated { false };

    extern "C" void onTerminate(int)
    {
        g_terminated.store(true);
    }

    std::string environmentValue(const char* name)
    {
        const char* value = std::getenv(name);
        return value ? value : "";
    }
}

int runJobSteps(const std::filesystem::path& jobDir)
{
    struct sigaction action {};
    action.sa_handler = onTerminate;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    try {
        const auto text = readWholeFile(jobDir / "spec.json");
        if (!text)
            throw std::runtime_error((jobDir / "spec.json").string() + ": cannot be read");
        const auto spec = jobSpecFromJson(*text);
        StepRunner runner(spec.workDir, spec.env, spec.memoryBytes, spec.logBytes, &g_terminated);
        JobResult result;
        result.host = localHostName();
        result.jobId = environmentValue("SLURM_JOB_ID");
        result.gpu = environmentValue("CUDA_VISIBLE_DEVICES");
        result.results = runner.runAll(spec.steps);
        if (g_terminated.load()) {
            std::fprintf(stderr, "phylo job-exec: terminated; no result written\n");
            return 143;
        }
        result.log = runner.takeLog();
        writeFileAtomically(jobDir / "result.json", jobResultToJson(result));
        return 0;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "phylo job-exec: %s\n", error.what());
        return 1;
    }
}

} // namespace phylo
