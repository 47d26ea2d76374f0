// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/slurm_client.h"

#include "eval/process_runner.h"
#include "domain/genes.h"

#include <sstream>
#include <stdexcept>

namespace phylo {

namespace {
    ProcessResult runCommand(const std::vector<std::string>& argv, double timeoutS = 60)
    {
        ProcessSpec spec;
        for (const auto& arg : argv)
            spec.command += (spec.command.empty() ? "" : " ") + shellQuote(arg);
        spec.workDir = "/";
        spec.timeout = std::chrono::milliseconds(static_cast<long long>(timeoutS * 1000));
        return runProcess(spec);
    }

    std::string joined(const std::vector<std::string>& ids)
    {
        std::string text;
        for (const auto& id : ids)
            text += (text.empty() ? "" : ",") + id;
        return text;
    }

    /// Lines of "id|state|nodes[|restarts]" into STATES; a later line for the same job (its later run) wins.
    void readStates(const std::string& output, std::map<std::string, SlurmJobState>& states)
    {
        std::istringstream lines(output);
        for (std::string line; std::getline(lines, line);) {
            std::istringstream fields(line);
            std::string id, state, nodes, restarts;
            if (!std::getline(fields, id, '|') || !std::getline(fields, state, '|'))
                continue;
            std::getline(fields, nodes, '|');
            std::getline(fields, restarts, '|');
            if (id.find('.') != std::string::npos || state.empty())
                continue; // a job step (12.batch), not the job
            SlurmJobState read { slurmStateKind(state), state, nodes };
            if (!restarts.empty() && restarts.find_first_not_of("0123456789") == std::string::npos && restarts.size() < 9)
                read.restarts = std::stoi(restarts);
            states[id] = read;
        }
    }
}

SlurmJobState::Kind slurmStateKind(const std::string& text)
{
    using Kind = SlurmJobState::Kind;
    const auto word = text.substr(0, text.find(' '));
    if (word == "RUNNING" || word == "COMPLETING" || word == "STAGE_OUT" || word == "SIGNALING")
        return Kind::Running;
    if (word == "PENDING" || word == "CONFIGURING" || word == "REQUEUED" || word == "REQUEUE_HOLD" || word == "REQUEUE_FED"
        || word == "RESIZING" || word == "SUSPENDED" || word == "STOPPED" || word == "RESV_DEL_HOLD")
        return Kind::Waiting;
    if (word == "COMPLETED")
        return Kind::Completed;
    if (word == "CANCELLED")
        return Kind::Cancelled;
    if (word == "TIMEOUT")
        return Kind::Timeout;
    if (word == "PREEMPTED")
        return Kind::Preempted;
    if (word == "NODE_FAIL" || word == "BOOT_FAIL")
        return Kind::NodeFailure;
    if (word.empty())
        return Kind::Unknown;
    return Kind::Failed; // FAILED, OUT_OF_MEMORY, DEADLINE, SPECIAL_EXIT, REVOKED
}

std::vector<std::string> SlurmClient::sbatchArguments(const SbatchRequest& request)
{
    std::vector<std::string> args { "--parsable", "--job-name=" + request.jobName,
        "--chdir=" + request.workDir.string(), "--output=" + (request.workDir / "slurm-%j.out").string() };
    if (!request.partition.empty())
        args.push_back("--partition=" + request.partition);
    if (!request.account.empty())
        args.push_back("--account=" + request.account);
    if (!request.timeLimit.empty())
        args.push_back("--time=" + request.timeLimit);
    if (request.gpus > 0)
        args.push_back("--gres=gpu:" + std::to_string(request.gpus));
    args.insert(args.end(), request.extraArgs.begin(), request.extraArgs.end());
    args.push_back(request.script.string());
    return args;
}

std::string SlurmClient::submit(const SbatchRequest& request) const
{
    std::vector<std::string> argv { "sbatch" };
    const auto args = sbatchArguments(request);
    argv.insert(argv.end(), args.begin(), args.end());
    const auto result = runCommand(argv);
    if (!result.succeeded()) {
        auto message = result.outputTail;
        while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
            message.pop_back();
        throw std::runtime_error("sbatch " + result.describe() + (message.empty() ? "" : ": " + message));
    }
    // --parsable: "jobid" or "jobid;cluster", possibly after warnings on other lines.
    std::istringstream lines(result.outputTail);
    std::string id;
    for (std::string line; std::getline(lines, line);) {
        const auto digits = line.substr(0, line.find(';'));
        if (!digits.empty() && digits.find_first_not_of("0123456789_") == std::string::npos)
            id = digits;
    }
    if (id.empty())
        throw std::runtime_error("sbatch printed no job id: " + result.outputTail);
    return id;
}

std::optional<std::map<std::string, SlurmJobState>> SlurmClient::states(const std::vector<std::string>& ids) const
{
    std::map<std::string, SlurmJobState> states;
    if (ids.empty())
        return states;
    // squeue knows jobs until MinJobAge after they end; it fails ("Invalid job id specified") if it
    // knows none of them. -O with a "|" suffix and no width: fields neither padded nor cut.
    const auto queue = runCommand(
        { "squeue", "-h", "--states=all", "-j", joined(ids), "-O", "JobID:|,State:|,NodeList:|,RestartCnt:|" });
    if (!queue.succeeded() && queue.outputTail.find("Invalid job id") == std::string::npos)
        return std::nullopt; // the scheduler did not answer
    readStates(queue.outputTail, states);
    std::vector<std::string> forgotten;
    for (const auto& id : ids)
        if (!states.count(id))
            forgotten.push_back(id);
    if (!forgotten.empty())
        states.merge(accounted(forgotten));
    return states;
}

std::map<std::string, SlurmJobState> SlurmClient::accounted(const std::vector<std::string>& ids) const
{
    std::map<std::string, SlurmJobState> states;
    if (ids.empty())
        return states;
    const auto accounting = runCommand({ "sacct", "-n", "-P", "-X", "-j", joined(ids), "-o", "JobIDRaw,State,NodeList" });
    if (accounting.succeeded())
        readStates(accounting.outputTail, states);
    else // no accounting database: the job completion log, if the cluster keeps one
        readStates(runCommand({ "sacct", "-c", "-n", "-P", "-j", joined(ids), "-o", "JobID,State,NodeList" }).outputTail,
            states);
    return states;
}

void SlurmClient::cancel(const std::string& id) const
{
    runCommand({ "scancel", id });
}

} // namespace phylo
