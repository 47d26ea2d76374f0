// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/evaluator.h"

#include "domain/genes.h"
#include "eval/build_cache.h"
#include "eval/command_template.h"
#include "eval/gpu_pool.h"
#include "eval/harness_report.h"
#include "eval/metric_parser.h"
#include "eval/scratch_dir.h"
#include "eval/statistics.h"
#include "eval/step_executor.h"
#include "eval/step_runner.h"
#include "util/clock.h"
#include "util/user_error.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

namespace phylo {

namespace fs = std::filesystem;

namespace {

    /// A failed step, or nothing: the result of each stage of an evaluation.
    struct StepFailure {
        FailureReason reason = FailureReason::None;
        std::string detail;
        bool cancelled = false;
        explicit operator bool() const { return cancelled || reason != FailureReason::None; }
    };

    StepFailure cancelledStep() { return { FailureReason::None, "cancelled", true }; }

    std::string firstSanitizerError(const std::string& output)
    {
        std::istringstream lines(output);
        for (std::string line; std::getline(lines, line);) {
            if (line.find("========= Invalid") != std::string::npos || line.find("========= Error") != std::string::npos
                || line.find("ERROR SUMMARY") != std::string::npos)
                return line;
        }
        return lastLine(output);
    }

    /// The evaluation of one candidate, step by step; see Evaluator::evaluate.
    class Evaluation {
    public:
        Evaluation(const TargetConfig& target, const Evaluator::Options& options, const EvaluationHooks& hooks,
            ScratchDir& scratch, const Genes& genes, const std::vector<Idea>& ideas, StepExecutor& executor, bool buildInJob)
            : m_target(target)
            , m_options(options)
            , m_hooks(hooks)
            , m_context { (scratch.path() / "phylo_candidate").string(), scratch.path().string(),
                genes.defines(ideas), options.harnessDir.string() }
            , m_genesEnv(genes.environment(ideas))
            , m_steps(scratch.path(), m_genesEnv, target.memoryLimitMb * 1024 * 1024,
                  options.logBytesPerStep, hooks.cancel)
            , m_executor(executor)
            , m_buildInJob(buildInJob)
        {
        }

        StepFailure build(EvaluationOutcome& outcome)
        {
            if (!m_target.build)
                return {};
            const auto command = expandCommand(m_target.build->command, m_context);
            const bool cacheable = m_options.cache && m_options.cache->enabled()
                && m_target.build->command.find("{bin}") != std::string::npos;
            std::string key;
            if (cacheable) {
                std::vector<fs::path> extra;
                if (m_target.build->command.find("{harness}") != std::string::npos)
                    extra.push_back(m_options.harnessDir);
                std::string environment;
                for (const auto& [name, value] : m_genesEnv)
                    environment += name + "=" + value + "\n";
                key = m_options.cache->key(m_context.dir, command, environment, extra, m_context.bin);
                if (m_options.cache->fetch(key, m_context.bin)) {
                    m_steps.note("$ build: cache hit " + key.substr(0, 16));
                    outcome.buildCached = true;
                    return {};
                }
            }
            ProcessResult result;
            if (m_buildInJob) {
                // The compiler is where the job runs: the build is a job of its own.
                const auto batch = m_executor.run({ { "build", command, m_target.build->timeoutS, {} } }, m_steps);
                if (batch.cancelled)
                    return cancelledStep();
                if (batch.results.empty())
                    return { batch.failure, "build: " + batch.detail };
                result = batch.results.front();
            } else {
                // Compiles run in parallel beside the one timed run on each GPU: below it, so that the harness's
                // checks and the host side of its timing get the CPU first.
                constexpr int kBuildNiceness = 10;
                result = m_steps.run("build", command, m_target.build->timeoutS, {}, kBuildNiceness);
            }
            if (result.kind == ExitKind::Cancelled)
                return cancelledStep();
            if (auto reason = classifyStep(result, FailureReason::BuildFailed, FailureReason::BuildFailed,
                    FailureReason::BuildTimeout);
                reason != FailureReason::None)
                return { reason, result.describe() + ": " + lastLine(result.outputTail) };
            if (cacheable)
                m_options.cache->store(key, m_context.bin);
            return {};
        }

        /// Holds a GPU from the check to the last timed run (GPU targets only).
        void leaseGpu()
        {
            if (!m_target.usesGpu() || !m_options.gpus)
                return;
            const auto waitStart = std::chrono::steady_clock::now();
            m_lease = m_options.gpus->acquire();
            const auto waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - waitStart).count();
            char text[64];
            std::snprintf(text, sizeof text, "# waited %.3f s for a GPU", waited);
            m_steps.note(text);
            m_gpu = m_lease->device();
            if (!m_lease->device().empty()) {
                m_steps.addEnvironment("CUDA_VISIBLE_DEVICES", m_lease->device());
                m_steps.note("# GPU " + m_lease->device());
            }
        }

        /// The check (if any, and unless WITHCHECK is false) and the `repeat` timed runs, as one batch of steps;
        /// appends the runs' samples. EXTRA goes to each timed run's environment.
        StepFailure checkAndTime(std::vector<double>& samples, const Environment& extra = {}, int repeat = 0,
            bool withCheck = true)
        {
            std::vector<StepRequest> steps;
            const bool checking = m_target.check && withCheck;
            if (checking)
                steps.push_back({ "check", expandCommand(m_target.check->command, m_context), m_target.check->timeoutS,
                    { { "PHYLO_SEED", freshSeed() }, { "PHYLO_MODE", "check" } } });
            const auto command = expandCommand(m_target.run.command, m_context);
            const int runs = repeat > 0 ? repeat : m_target.repeat;
            for (int i = 0; i < runs; ++i) {
                Environment env { { "PHYLO_SEED", freshSeed() }, { "PHYLO_MODE", "run" } };
                env.insert(env.end(), extra.begin(), extra.end());
                steps.push_back({ "run " + std::to_string(i + 1) + "/" + std::to_string(runs), command, m_target.run.timeoutS,
                    std::move(env) });
            }
            const auto batch = m_executor.run(steps, m_steps);
            if (batch.cancelled)
                return cancelledStep();
            for (size_t i = 0; i < batch.results.size(); ++i) {
                const auto& result = batch.results[i];
                if (result.kind == ExitKind::Cancelled)
                    return cancelledStep();
                const bool isCheck = checking && i == 0;
                if (auto failure = isCheck ? checkResult(result) : runResult(result, steps[i].label, samples))
                    return failure;
            }
            if (batch.failure != FailureReason::None)
                return { batch.failure, batch.detail };
            if (batch.results.size() < steps.size())
                return { FailureReason::SpawnFailed,
                    "the step runner stopped after " + std::to_string(batch.results.size()) + " of "
                        + std::to_string(steps.size()) + " steps" };
            return {};
        }

        /**
         * A timing mismatch is timed once more, in a fresh process: a candidate that queues many launches sits
         * near the host-versus-event allowance (its enqueue time is host time only) and can cross it now and
         * then, while one that hides work on another stream crosses it every time.
         */
        StepFailure retimeAfterMismatch(const StepFailure& first, std::vector<double>& samples, int repeat)
        {
            if (first.reason != FailureReason::TimingMismatch || first.cancelled)
                return first;
            m_steps.note("# " + first.detail + "; timing again in a fresh process");
            samples.clear();
            auto again = checkAndTime(samples, {}, repeat, false);
            if (again.reason == FailureReason::TimingMismatch)
                again.detail = "twice: " + first.detail + "; then " + again.detail;
            return again;
        }

        /// The plausibility guard: too fast to be true is re-checked with new inputs and more trials.
        StepFailure guardPlausibility(EvaluationOutcome& outcome)
        {
            const double floor = m_lastReport ? rooflineFloorMs(*m_lastReport) : 0;
            const bool belowFloor = floor > 0 && *outcome.metric < floor;
            const bool tooFast = m_hooks.baselineMetric && speedupOver(*m_hooks.baselineMetric, *outcome.metric)
                > m_target.plausibleSpeedup;
            if (!belowFloor && !tooFast)
                return {};
            outcome.suspicious = true;
            m_steps.note("# suspicious (" + std::string(belowFloor ? "below the roofline floor" : "speedup above the plausible limit")
                + "): re-checking with new inputs and more trials");
            std::vector<double> again;
            if (auto failure = checkAndTime(again, { { "PHYLO_TRIALS", "60" } }))
                return failure;
            outcome.samples = again;
            outcome.metric = median(again);
            const double floorAgain = m_lastReport ? rooflineFloorMs(*m_lastReport) : 0;
            if (floorAgain > 0 && *outcome.metric < floorAgain) {
                std::ostringstream detail;
                detail << "median " << *outcome.metric << " ms is below the roofline floor " << floorAgain
                       << " ms (bytes moved / peak bandwidth) on re-checking";
                return { FailureReason::Implausible, detail.str() };
            }
            return {};
        }

        /// compute-sanitizer memcheck before a candidate may become the best.
        StepFailure memcheckBeforePromotion(const EvaluationOutcome& outcome)
        {
            if (!m_target.usesGpu() || !m_target.memcheck || m_options.sanitizer.empty() || !m_hooks.beatsBest
                || !m_hooks.beatsBest(*outcome.metric))
                return {};
            const auto& step = m_target.check ? *m_target.check : m_target.run;
            const auto command = shellQuote(m_options.sanitizer)
                + " --tool memcheck --target-processes all --leak-check no --error-exitcode 86 /bin/sh -c "
                + shellQuote(expandCommand(step.command, m_context));
            const auto batch = m_executor.run({ { "memcheck", command, std::max(120.0, step.timeoutS * 20),
                                                  { { "PHYLO_SEED", freshSeed() }, { "PHYLO_MODE", "check" }, { "PHYLO_TRIALS", "2" } } } },
                m_steps);
            if (batch.cancelled)
                return cancelledStep();
            if (batch.results.empty())
                return { batch.failure, "memcheck: " + batch.detail };
            const auto& result = batch.results.front();
            if (result.kind == ExitKind::Cancelled)
                return cancelledStep();
            if (result.kind == ExitKind::Exited && result.exitCode == 86)
                return { FailureReason::MemcheckFailed, firstSanitizerError(result.outputTail) };
            const bool unusable = result.outputTail.find("Device not supported") != std::string::npos
                || result.outputTail.find("Target application terminated before first instrumented API call")
                    != std::string::npos
                || result.kind == ExitKind::SpawnFailed;
            if (unusable || result.kind == ExitKind::TimedOut) {
                // The sanitizer could not judge (it refuses this device, or is too slow): say so, don't fail.
                m_steps.note("# memcheck inconclusive (" + result.describe() + "): not counted against the candidate");
                return {};
            }
            if (!result.succeeded())
                return { FailureReason::MemcheckFailed,
                    "the check failed under compute-sanitizer: " + result.describe() + ": "
                        + firstSanitizerError(result.outputTail) };
            return {};
        }

        std::string takeLog() { return m_steps.takeLog(); }
        const std::string& gpu() const { return m_gpu; }

    private:
        StepFailure checkResult(const ProcessResult& result)
        {
            const auto reason = classifyStep(result, FailureReason::CheckFailed, FailureReason::CheckCrashed,
                FailureReason::CheckTimeout);
            if (reason == FailureReason::CheckFailed && m_target.source == MetricSource::Harness) {
                if (const auto report = parseHarnessReport(result.outputTail); report && !report->ok)
                    return { report->failure, "check: " + report->detail };
            }
            if (reason != FailureReason::None)
                return { reason, result.describe() + ": " + lastLine(result.outputTail) };
            return {};
        }

        StepFailure runResult(const ProcessResult& result, const std::string& label, std::vector<double>& samples)
        {
            const auto reason = classifyStep(result, FailureReason::RunFailed, FailureReason::RunCrashed,
                FailureReason::RunTimeout);
            if (m_target.source == MetricSource::Harness)
                return harnessSamples(result, reason, label, samples);
            if (reason != FailureReason::None)
                return { reason, label + ": " + result.describe() };
            const auto reading = parseMetric(result.outputTail, m_target.metricName);
            if (reading.kind == MetricReading::Kind::Missing)
                return { FailureReason::NoMetric, label + ": " + reading.problem };
            if (reading.kind == MetricReading::Kind::Invalid || reading.value <= 0)
                return { FailureReason::BadMetric,
                    label + ": "
                        + (reading.kind == MetricReading::Kind::Invalid
                                ? reading.problem
                                : m_target.metricName + "=" + std::to_string(reading.value)
                                    + " is not positive (speedups are ratios of metrics)") };
            samples.push_back(reading.value);
            return {};
        }

        StepFailure harnessSamples(const ProcessResult& result, FailureReason reason, const std::string& label,
            std::vector<double>& samples)
        {
            if (reason == FailureReason::RunTimeout || reason == FailureReason::RunCrashed
                || reason == FailureReason::SpawnFailed)
                return { reason, label + ": " + result.describe() };
            const auto report = parseHarnessReport(result.outputTail);
            if (!report)
                return { reason != FailureReason::None ? reason : FailureReason::NoMetric,
                    label + ": " + result.describe() + "; no harness JSON line in the output" };
            if (!report->ok)
                return { report->failure, label + ": " + report->detail };
            if (reason != FailureReason::None)
                return { reason, label + ": the harness said ok but " + result.describe() };
            samples.insert(samples.end(), report->samplesMs.begin(), report->samplesMs.end());
            m_lastReport = report;
            return {};
        }

        double speedupOver(double baseline, double metric) const
        {
            return m_target.direction == MetricDirection::Minimize ? baseline / metric : metric / baseline;
        }

        const TargetConfig& m_target;
        const Evaluator::Options& m_options;
        const EvaluationHooks& m_hooks;
        CommandContext m_context;
        Environment m_genesEnv;
        StepRunner m_steps;
        StepExecutor& m_executor;
        bool m_buildInJob;
        std::unique_ptr<GpuPool::Lease> m_lease;
        std::string m_gpu;
        std::optional<HarnessReport> m_lastReport;
    };

} // namespace

std::string localHostName()
{
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0)
        return {};
    return name;
}

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

EvaluationOutcome Evaluator::evaluate(NodeId id, const Genes& genes, const EvaluationHooks& hooks,
    const CandidateCode* code, const RemoteSteps* remote) const
{
    EvaluationOutcome outcome;
    outcome.startedAt = unixNow();
    outcome.placement.host = localHostName();
    std::unique_ptr<ScratchDir> scratch;
    try {
        scratch = std::make_unique<ScratchDir>(remote ? remote->scratchRoot : m_options.scratchRoot,
            "node-" + std::to_string(id), m_target.dir, m_options.skip, code ? code->files : m_baseFiles);
    } catch (const std::exception& error) {
        outcome.failure = FailureReason::SpawnFailed;
        outcome.detail = error.what();
        outcome.finishedAt = unixNow();
        return outcome;
    }
    if (m_options.keepScratch)
        scratch->keep();

    LocalStepExecutor local;
    std::unique_ptr<StepExecutor> elsewhere;
    if (remote)
        elsewhere = remote->executor(scratch->path());
    Evaluation evaluation(m_target, m_options, hooks, *scratch, genes, code ? code->ideas : m_target.ideas,
        elsewhere ? *elsewhere : static_cast<StepExecutor&>(local), remote && remote->buildInJob);
    auto failure = evaluation.build(outcome);
    if (!failure) {
        evaluation.leaseGpu();
        outcome.placement.gpu = evaluation.gpu();
        const int repeat = code ? code->repeat : 0;
        failure = evaluation.checkAndTime(outcome.samples, {}, repeat);
        if (failure)
            failure = evaluation.retimeAfterMismatch(failure, outcome.samples, repeat);
    }
    if (!failure) {
        outcome.metric = median(outcome.samples);
        failure = evaluation.guardPlausibility(outcome);
    }
    if (!failure)
        failure = evaluation.memcheckBeforePromotion(outcome);

    outcome.cancelled = failure.cancelled;
    if (failure.cancelled)
        outcome.status = NodeStatus::Pending;
    else if (failure)
        outcome.status = NodeStatus::Failed;
    else
        outcome.status = NodeStatus::Succeeded;
    if (failure) {
        outcome.failure = failure.reason;
        outcome.detail = failure.detail;
        outcome.metric.reset();
        outcome.samples.clear();
    }
    outcome.log = evaluation.takeLog();
    outcome.finishedAt = unixNow();
    return outcome;
}

} // namespace phylo
