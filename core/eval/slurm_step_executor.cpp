// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/slurm_step_executor.h"

#include "domain/genes.h"
#include "eval/step_runner.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace phylo {

namespace fs = std::filesystem;

namespace {
    using Clock = std::chrono::steady_clock;

    double secondsSince(Clock::time_point start)
    {
        return std::chrono::duration<double>(Clock::now() - start).count();
    }

    /// The steps' own limits plus a minute, in whole minutes: what the job may take at most.
    std::string defaultTimeLimit(const std::vector<StepRequest>& steps)
    {
        double seconds = 60;
        for (const auto& step : steps)
            seconds += step.timeoutS;
        return std::to_string(static_cast<long long>(std::ceil(seconds / 60)));
    }

    bool sameLabels(const std::vector<StepRequest>& a, const std::vector<StepRequest>& b)
    {
        if (a.size() != b.size())
            return false;
        for (size_t i = 0; i < a.size(); ++i)
            if (a[i].label != b[i].label)
                return false;
        return true;
    }
}

SlurmStepExecutor::SlurmStepExecutor(const SlurmJobContext& context, NodeId node, fs::path nodeDir,
    const EvaluationHooks& hooks, std::string adoptJob, Placement& placement)
    : m_context(context)
    , m_node(node)
    , m_nodeDir(std::move(nodeDir))
    , m_hooks(hooks)
    , m_adoptJob(std::move(adoptJob))
    , m_placement(placement)
{
}

StepBatch SlurmStepExecutor::run(const std::vector<StepRequest>& steps, StepRunner& runner)
{
    StepBatch batch;
    const int attempts = 1 + m_context.config.requeue;
    for (int attempt = 1;; ++attempt) {
        std::optional<Job> job = adopt(steps);
        if (job) {
            runner.note("# adopted SLURM job " + job->id + " (submitted by an interrupted run)");
        } else {
            try {
                job = submit(steps, runner);
            } catch (const std::exception& error) {
                batch.failure = FailureReason::JobFailed;
                batch.detail = error.what();
                return batch;
            }
            runner.note("# SLURM job " + job->id);
        }
        placed(*job);
        const auto waited = wait(*job, attempts - attempt, runner);
        m_context.monitor.forget(job->id);
        if (waited.result) {
            runner.appendLog(waited.result->log);
            m_placement.host = waited.result->host;
            m_placement.gpu = waited.result->gpu;
            batch.results = waited.result->results;
            batch.cancelled = !batch.results.empty() && batch.results.back().kind == ExitKind::Cancelled;
            cleanUp(*job);
            return batch;
        }
        if (waited.stopped) {
            runner.note("# SLURM job " + job->id + " cancelled: the session stops");
            batch.cancelled = true;
            cleanUp(*job);
            return batch;
        }
        if (waited.withdrawn) {
            batch.failure = FailureReason::Pruned;
            batch.detail = "pruned while SLURM job " + job->id + " was queued or running; the job was cancelled";
            cleanUp(*job);
            return batch;
        }
        using Kind = SlurmJobState::Kind;
        const auto& state = waited.state;
        if (!state.nodes.empty() && state.nodes != "None assigned")
            m_placement.host = state.nodes;
        if (waited.requeuedTooOften) {
            batch.failure = state.kind == Kind::NodeFailure ? FailureReason::NodeFailure : FailureReason::JobPreempted;
            batch.detail = "SLURM job " + job->id + " requeued by SLURM after its run ended "
                + (state.text.empty() ? "(not recorded)" : state.text)
                + (state.nodes.empty() || state.nodes == "None assigned" ? "" : " on " + state.nodes)
                + ", with no resubmission left ([backend] requeue = " + std::to_string(m_context.config.requeue)
                + "); the job was cancelled";
            runner.note("# " + batch.detail);
            cleanUp(*job);
            return batch;
        }
        const std::string what = state.kind == Kind::Unknown ? "lost (neither squeue nor sacct knows it)" : state.text;
        const std::string detail = "SLURM job " + job->id + " " + what
            + (state.nodes.empty() || state.nodes == "None assigned" ? "" : " on " + state.nodes);
        const auto tail = lastLine(outputTail(*job));
        cleanUp(*job);
        const bool requeue = state.kind == Kind::Preempted || state.kind == Kind::NodeFailure || state.kind == Kind::Unknown;
        if (state.kind == Kind::Unknown)
            m_context.client.cancel(job->id); // lost to us, perhaps not to SLURM: it must not run beside the next
        if (requeue && attempt < attempts) {
            runner.note("# " + detail + ": submitted again (" + std::to_string(attempt + 1) + " of "
                + std::to_string(attempts) + ")");
            continue;
        }
        batch.detail = detail + (tail.empty() ? "" : ": " + tail);
        switch (state.kind) {
        case Kind::Cancelled:
            batch.failure = FailureReason::JobCancelled;
            break;
        case Kind::Timeout:
            batch.failure = FailureReason::JobTimeout;
            break;
        case Kind::Preempted:
            batch.failure = FailureReason::JobPreempted;
            break;
        case Kind::NodeFailure:
            batch.failure = FailureReason::NodeFailure;
            break;
        case Kind::Unknown:
            batch.failure = FailureReason::JobLost;
            break;
        default:
            batch.failure = FailureReason::JobFailed;
            batch.detail = detail + " without a result" + (tail.empty() ? "" : ": " + tail);
            break;
        }
        runner.note("# " + batch.detail);
        return batch;
    }
}

std::optional<SlurmStepExecutor::Job> SlurmStepExecutor::adopt(const std::vector<StepRequest>& steps)
{
    if (m_adoptJob.empty())
        return std::nullopt;
    const auto id = std::exchange(m_adoptJob, std::string());
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(m_nodeDir, ec)) {
        const auto recorded = readWholeFile(entry.path() / "job_id");
        if (!recorded || *recorded != id)
            continue;
        const Job job { id, entry.path() };
        const auto spec = readWholeFile(job.dir / "spec.json");
        bool same = false;
        try {
            same = spec && sameLabels(jobSpecFromJson(*spec).steps, steps);
        } catch (const std::exception&) {
        }
        const auto state = m_context.monitor.state(id);
        if (!same) {
            // Not the steps asked for now (another stage of the evaluation): of no use.
            if (!state.finished())
                m_context.client.cancel(id);
            return std::nullopt;
        }
        if (fs::exists(job.dir / "result.json", ec) || state.kind == SlurmJobState::Kind::Waiting
            || state.kind == SlurmJobState::Kind::Running)
            return job;
        if (state.kind == SlurmJobState::Kind::Unknown)
            m_context.client.cancel(id); // not known now (the scheduler did not answer?): it must not run beside the next
        return std::nullopt; // it ended without a result (or was cancelled by the run that stopped): submit again
    }
    return std::nullopt;
}

SlurmStepExecutor::Job SlurmStepExecutor::submit(const std::vector<StepRequest>& steps, const StepRunner& runner)
{
    fs::create_directories(m_nodeDir);
    std::string templ = (m_nodeDir / "job-XXXXXX").string();
    if (!mkdtemp(templ.data()))
        throw std::runtime_error("cannot create a job dir under " + m_nodeDir.string() + ": " + std::strerror(errno));
    Job job { {}, templ };
    JobSpec spec { runner.dir(), runner.environment(), runner.memoryBytes(), runner.logBytes(), steps };
    writeFileAtomically(job.dir / "spec.json", jobSpecToJson(spec));
    writeFileAtomically(job.dir / "job.sh",
        "#!/bin/sh\n# PhyloEvolve: node " + std::to_string(m_node) + "'s steps, run by the trusted runner\nexec "
            + shellQuote(m_context.jobExec.string()) + " job-exec " + shellQuote(job.dir.string()) + "\n");
    fs::permissions(job.dir / "job.sh", fs::perms::owner_all, fs::perm_options::add);

    SbatchRequest request;
    request.jobName = m_context.jobName + "-n" + std::to_string(m_node);
    request.workDir = job.dir;
    request.script = job.dir / "job.sh";
    request.partition = m_context.config.partition;
    request.account = m_context.config.account;
    request.timeLimit = m_context.config.timeLimit.empty() ? defaultTimeLimit(steps) : m_context.config.timeLimit;
    request.gpus = m_context.gpus;
    request.extraArgs = m_context.config.sbatchArgs;
    job.id = m_context.client.submit(request);
    writeFileAtomically(job.dir / "job_id", job.id);
    return job;
}

void SlurmStepExecutor::placed(const Job& job)
{
    m_placement.backend = "slurm";
    m_placement.jobId = job.id;
    if (m_hooks.placed)
        m_hooks.placed(m_node, m_placement);
}

SlurmStepExecutor::Waited SlurmStepExecutor::wait(const Job& job, int restartsAllowed, StepRunner& runner)
{
    Waited waited;
    const auto lostAfter = std::max(10.0, 3 * m_context.monitor.pollS());
    std::optional<Clock::time_point> endedAt, unknownSince;
    int restarts = 0;
    for (;;) {
        if (const auto text = readWholeFile(job.dir / "result.json")) {
            try {
                waited.result = jobResultFromJson(*text);
                return waited;
            } catch (const std::exception& error) {
                waited.state = { SlurmJobState::Kind::Failed, std::string("wrote an unreadable result (") + error.what() + ")", "" };
                return waited;
            }
        }
        const bool stop = m_hooks.cancel && m_hooks.cancel->load();
        const bool withdrawn = !stop && m_hooks.withdrawn && m_hooks.withdrawn(m_node);
        if (stop || withdrawn) {
            m_context.client.cancel(job.id);
            waited.stopped = stop;
            waited.withdrawn = withdrawn;
            return waited;
        }
        waited.state = m_context.monitor.state(job.id);
        if (waited.state.restarts > restarts) {
            // SLURM requeued the job itself: the same id runs the steps again from the start.
            restarts = waited.state.restarts;
            if (restarts > restartsAllowed) {
                // How its last run ended, before scancel adds a record of its own.
                const auto last = m_context.client.accounted({ job.id });
                m_context.client.cancel(job.id);
                const auto it = last.find(job.id);
                waited.state = it == last.end() ? SlurmJobState {} : it->second;
                waited.requeuedTooOften = true;
                return waited;
            }
            runner.note("# SLURM job " + job.id + " requeued by SLURM (" + std::to_string(restarts) + " time"
                + (restarts == 1 ? "" : "s") + "): the same job is followed");
        }
        if (waited.state.finished()) {
            // The result may reach a shared file system a moment after the job ends.
            if (!endedAt)
                endedAt = Clock::now();
            if (secondsSince(*endedAt) > 3)
                return waited;
        } else {
            endedAt.reset(); // not ended after all (requeued by SLURM, or an answer from another source)
            if (waited.state.kind == SlurmJobState::Kind::Unknown) {
                if (!unknownSince)
                    unknownSince = Clock::now();
                if (secondsSince(*unknownSince) > lostAfter)
                    return waited;
            } else {
                unknownSince.reset();
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

std::string SlurmStepExecutor::outputTail(const Job& job) const
{
    const auto text = readWholeFile(job.dir / ("slurm-" + job.id + ".out")).value_or("");
    return text.size() > 4096 ? text.substr(text.size() - 4096) : text;
}

void SlurmStepExecutor::cleanUp(const Job& job) const
{
    if (m_context.keepJobDirs)
        return;
    std::error_code ec;
    fs::remove_all(job.dir, ec);
}

} // namespace phylo
