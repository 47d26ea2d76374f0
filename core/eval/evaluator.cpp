// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/evaluator.h"

#include "eval/command_template.h"
#include "eval/metric_parser.h"
#include "eval/process_runner.h"
#include "eval/scratch_dir.h"
#include "eval/statistics.h"
#include "util/clock.h"
#include "util/user_error.h"

#include <fstream>
#include <random>
#include <sstream>

namespace phylo {

namespace {

    std::string freshSeed()
    {
        // Not the search's RNG: check inputs must be unpredictable, not reproducible.
        thread_local std::mt19937_64 rng { std::random_device {}() };
        return std::to_string(rng() & 0x7fffffffffffffffULL);
    }

    std::chrono::milliseconds toMs(double seconds)
    {
        return std::chrono::milliseconds(static_cast<long long>(seconds * 1000.0));
    }

    std::string lastLines(const std::string& text, size_t maxBytes)
    {
        if (text.size() <= maxBytes)
            return text;
        auto cut = text.size() - maxBytes;
        const auto nl = text.find('\n', cut);
        if (nl != std::string::npos && nl + 1 < text.size())
            cut = nl + 1;
        return "[...]\n" + text.substr(cut);
    }

    /// The last non-empty line, for a one-line failure detail ("error: 'x' was not declared").
    std::string lastLine(const std::string& text)
    {
        auto end = text.find_last_not_of("\n\r ");
        if (end == std::string::npos)
            return {};
        const auto begin = text.rfind('\n', end);
        auto line = text.substr(begin == std::string::npos ? 0 : begin + 1, end - (begin == std::string::npos ? 0 : begin + 1) + 1);
        return line.size() > 300 ? line.substr(0, 300) + "..." : line;
    }

    /// Runs one step and appends its output to the log.
    class StepRunner {
    public:
        StepRunner(const std::filesystem::path& dir, std::vector<std::pair<std::string, std::string>> env,
            std::uint64_t memoryBytes, size_t logBytes, const std::atomic<bool>* cancel)
            : m_dir(dir)
            , m_env(std::move(env))
            , m_memoryBytes(memoryBytes)
            , m_logBytes(logBytes)
            , m_cancel(cancel)
        {
        }

        ProcessResult run(const std::string& label, const std::string& command, double timeoutS,
            std::vector<std::pair<std::string, std::string>> extraEnv = {})
        {
            ProcessSpec spec;
            spec.command = command;
            spec.workDir = m_dir;
            spec.extraEnv = m_env;
            spec.extraEnv.insert(spec.extraEnv.end(), extraEnv.begin(), extraEnv.end());
            spec.timeout = toMs(timeoutS);
            spec.memoryLimitBytes = m_memoryBytes;
            auto result = runProcess(spec, m_cancel);
            m_log += "$ " + label + ": " + command + "\n" + lastLines(result.outputTail, m_logBytes);
            if (!m_log.empty() && m_log.back() != '\n')
                m_log += '\n';
            m_log += "[" + result.describe() + "]\n";
            return result;
        }

        std::string takeLog() { return std::move(m_log); }

    private:
        std::filesystem::path m_dir;
        std::vector<std::pair<std::string, std::string>> m_env;
        std::uint64_t m_memoryBytes;
        size_t m_logBytes;
        const std::atomic<bool>* m_cancel;
        std::string m_log;
    };

    /// Maps a step's process result to a failure, or None if the step succeeded.
    FailureReason classify(const ProcessResult& result, FailureReason failed, FailureReason crashed,
        FailureReason timedOut)
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
            return FailureReason::None; // handled by the caller
        }
        return failed;
    }

} // namespace

std::map<std::string, std::string> readTargetFiles(const TargetConfig& target)
{
    std::map<std::string, std::string> files;
    for (const auto& relative : target.files) {
        std::ifstream in(target.dir / relative, std::ios::binary);
        if (!in)
            throw UserError((target.dir / relative).string() + ": cannot be read");
        std::ostringstream content;
        content << in.rdbuf();
        files[relative] = content.str();
    }
    return files;
}

Evaluator::Evaluator(const TargetConfig& target, std::map<std::string, std::string> baseFiles, Options options)
    : m_target(target)
    , m_baseFiles(std::move(baseFiles))
    , m_options(std::move(options))
{
    for (const auto& excluded : m_target.exclude)
        m_options.skip.emplace_back(excluded);
}

EvaluationOutcome Evaluator::evaluate(NodeId id, const Genes& genes, const std::atomic<bool>* cancel) const
{
    EvaluationOutcome outcome;
    outcome.startedAt = unixNow();
    auto finish = [&](FailureReason reason, std::string detail, StepRunner* steps) {
        if (outcome.cancelled)
            outcome.status = NodeStatus::Pending;
        else
            outcome.status = reason == FailureReason::None ? NodeStatus::Succeeded : NodeStatus::Failed;
        outcome.failure = reason;
        outcome.detail = std::move(detail);
        if (steps)
            outcome.log = steps->takeLog();
        outcome.finishedAt = unixNow();
        return outcome;
    };

    std::unique_ptr<ScratchDir> scratch;
    try {
        scratch = std::make_unique<ScratchDir>(m_options.scratchRoot, "node-" + std::to_string(id), m_target.dir,
            m_options.skip, m_baseFiles);
    } catch (const std::exception& error) {
        return finish(FailureReason::SpawnFailed, error.what(), nullptr);
    }
    if (m_options.keepScratch)
        scratch->keep();

    const CommandContext context { (scratch->path() / "phylo_candidate").string(), scratch->path().string(),
        genes.defines(m_target.ideas) };
    StepRunner steps(scratch->path(), genes.environment(m_target.ideas), m_target.memoryLimitMb * 1024 * 1024,
        m_options.logBytesPerStep, cancel);
    auto cancelled = [&](const ProcessResult& result) {
        if (result.kind != ExitKind::Cancelled)
            return false;
        outcome.cancelled = true;
        return true;
    };

    if (m_target.build) {
        const auto result = steps.run("build", expandCommand(m_target.build->command, context), m_target.build->timeoutS);
        if (cancelled(result))
            return finish(FailureReason::None, "cancelled", &steps);
        if (auto reason = classify(result, FailureReason::BuildFailed, FailureReason::BuildFailed,
                FailureReason::BuildTimeout);
            reason != FailureReason::None)
            return finish(reason, result.describe() + ": " + lastLine(result.outputTail), &steps);
    }

    if (m_target.check) {
        const auto result = steps.run("check", expandCommand(m_target.check->command, context), m_target.check->timeoutS,
            { { "PHYLO_SEED", freshSeed() }, { "PHYLO_MODE", "check" } });
        if (cancelled(result))
            return finish(FailureReason::None, "cancelled", &steps);
        if (auto reason = classify(result, FailureReason::CheckFailed, FailureReason::CheckCrashed,
                FailureReason::CheckTimeout);
            reason != FailureReason::None)
            return finish(reason, result.describe() + ": " + lastLine(result.outputTail), &steps);
    }

    const auto runCommand = expandCommand(m_target.run.command, context);
    for (int i = 0; i < m_target.repeat; ++i) {
        const auto result = steps.run("run " + std::to_string(i + 1) + "/" + std::to_string(m_target.repeat),
            runCommand, m_target.run.timeoutS, { { "PHYLO_SEED", freshSeed() }, { "PHYLO_MODE", "run" } });
        if (cancelled(result))
            return finish(FailureReason::None, "cancelled", &steps);
        if (auto reason = classify(result, FailureReason::RunFailed, FailureReason::RunCrashed, FailureReason::RunTimeout);
            reason != FailureReason::None)
            return finish(reason, "run " + std::to_string(i + 1) + ": " + result.describe(), &steps);
        const auto reading = parseMetric(result.outputTail, m_target.metricName);
        if (reading.kind == MetricReading::Kind::Missing)
            return finish(FailureReason::NoMetric, "run " + std::to_string(i + 1) + ": " + reading.problem, &steps);
        if (reading.kind == MetricReading::Kind::Invalid)
            return finish(FailureReason::BadMetric, "run " + std::to_string(i + 1) + ": " + reading.problem, &steps);
        if (reading.value <= 0)
            return finish(FailureReason::BadMetric,
                "run " + std::to_string(i + 1) + ": " + m_target.metricName + "=" + std::to_string(reading.value)
                    + " is not positive (speedups are ratios of metrics)",
                &steps);
        outcome.samples.push_back(reading.value);
    }
    outcome.metric = median(outcome.samples);
    return finish(FailureReason::None, {}, &steps);
}

} // namespace phylo
