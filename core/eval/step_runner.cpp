// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/step_runner.h"

#include <cstdio>
#include <random>

namespace phylo {

namespace {
    std::string lastBytes(const std::string& text, size_t maxBytes)
    {
        if (text.size() <= maxBytes)
            return text;
        auto cut = text.size() - maxBytes;
        const auto nl = text.find('\n', cut);
        if (nl != std::string::npos && nl + 1 < text.size())
            cut = nl + 1;
        return "[...]\n" + text.substr(cut);
    }
}

StepRunner::StepRunner(std::filesystem::path dir, Environment env, std::uint64_t memoryBytes, size_t logBytes,
    const std::atomic<bool>* cancel)
    : m_dir(std::move(dir))
    , m_env(std::move(env))
    , m_memoryBytes(memoryBytes)
    , m_logBytes(logBytes)
    , m_cancel(cancel)
{
}

ProcessResult StepRunner::run(const std::string& label, const std::string& command, double timeoutS,
    const Environment& extraEnv, int niceness)
{
    ProcessSpec spec;
    spec.command = command;
    spec.workDir = m_dir;
    spec.extraEnv = m_env;
    spec.extraEnv.insert(spec.extraEnv.end(), extraEnv.begin(), extraEnv.end());
    spec.timeout = std::chrono::milliseconds(static_cast<long long>(timeoutS * 1000.0));
    spec.memoryLimitBytes = m_memoryBytes;
    spec.niceness = niceness;
    auto result = runProcess(spec, m_cancel);
    m_log += "$ " + label + ": " + command + "\n" + lastBytes(result.outputTail, m_logBytes);
    if (!m_log.empty() && m_log.back() != '\n')
        m_log += '\n';
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3f", result.wallTime.count() / 1000.0);
    m_log += "[" + result.describe() + " in " + seconds + " s]\n";
    return result;
}

std::vector<ProcessResult> StepRunner::runAll(const std::vector<StepRequest>& steps)
{
    std::vector<ProcessResult> results;
    for (const auto& step : steps) {
        results.push_back(run(step.label, step.command, step.timeoutS, step.env));
        if (!results.back().succeeded())
            break;
    }
    return results;
}

FailureReason classifyStep(const ProcessResult& result, FailureReason failed, FailureReason crashed, FailureReason timedOut)
{
    switch (result.kind) {
    case ExitKind::Exited:
        return result.exitCode == 0 ? FailureReason::None : failed;
    case ExitKind::Signaled:
        return crashed;
    case ExitKind::TimedOut:
        return timedOut;
    case ExitKind::SpawnFailed:
        return FailureReason::SpawnFailed;
    case ExitKind::Cancelled:
        return FailureReason::None; // not a result: the caller checks for cancellation
    }
    return failed;
}

std::string lastLine(const std::string& text)
{
    const auto end = text.find_last_not_of("\n\r ");
    if (end == std::string::npos)
        return {};
    const auto nl = text.rfind('\n', end);
    const auto begin = nl == std::string::npos ? 0 : nl + 1;
    auto line = text.substr(begin, end - begin + 1);
    return line.size() > 300 ? line.substr(0, 300) + "..." : line;
}

std::string freshSeed()
{
    thread_local std::mt19937_64 rng { std::random_device {}() };
    return std::to_string(rng() & 0x7fffffffffffffffULL);
}

} // namespace phylo
