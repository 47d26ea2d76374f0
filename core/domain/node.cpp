// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/node.h"

#include <array>
#include <stdexcept>
#include <utility>

namespace phylo {

namespace {
    constexpr std::array<std::pair<NodeStatus, const char*>, 4> kStatusNames { {
        { NodeStatus::Pending, "pending" },
        { NodeStatus::Running, "running" },
        { NodeStatus::Succeeded, "ok" },
        { NodeStatus::Failed, "failed" },
    } };

    constexpr std::array<std::pair<FailureReason, const char*>, 32> kReasonNames { {
        { FailureReason::None, "" },
        { FailureReason::SpawnFailed, "spawn failed" },
        { FailureReason::BuildFailed, "build failed" },
        { FailureReason::BuildTimeout, "build timeout" },
        { FailureReason::CheckFailed, "check failed" },
        { FailureReason::CheckCrashed, "check crashed" },
        { FailureReason::CheckTimeout, "check timeout" },
        { FailureReason::RunFailed, "run failed" },
        { FailureReason::RunCrashed, "run crashed" },
        { FailureReason::RunTimeout, "run timeout" },
        { FailureReason::NoMetric, "no metric" },
        { FailureReason::BadMetric, "bad metric" },
        { FailureReason::NoCudaDevice, "no CUDA device" },
        { FailureReason::CudaError, "cuda error" },
        { FailureReason::WrongResult, "wrong result" },
        { FailureReason::UnwrittenOutput, "unwritten output" },
        { FailureReason::NonFiniteOutput, "non-finite output" },
        { FailureReason::InputModified, "input modified" },
        { FailureReason::TimingMismatch, "timing mismatch" },
        { FailureReason::HarnessError, "harness error" },
        { FailureReason::MemcheckFailed, "memcheck failed" },
        { FailureReason::Implausible, "implausible" },
        { FailureReason::Pruned, "pruned" },
        { FailureReason::EditDidNotApply, "edit did not apply" },
        { FailureReason::FileNotEditable, "file not editable" },
        { FailureReason::MergeConflict, "merge conflict" },
        { FailureReason::JobCancelled, "job cancelled" },
        { FailureReason::JobTimeout, "job timeout" },
        { FailureReason::JobPreempted, "job preempted" },
        { FailureReason::NodeFailure, "node failure" },
        { FailureReason::JobLost, "job lost" },
        { FailureReason::JobFailed, "job failed" },
    } };
}

std::string statusText(NodeStatus status)
{
    for (const auto& [value, name] : kStatusNames) {
        if (value == status)
            return name;
    }
    return "unknown";
}

NodeStatus nodeStatusFromString(const std::string& text)
{
    for (const auto& [value, name] : kStatusNames) {
        if (text == name)
            return value;
    }
    throw std::runtime_error("unknown node status '" + text + "'");
}

std::string reasonText(FailureReason reason)
{
    for (const auto& [value, name] : kReasonNames) {
        if (value == reason)
            return name;
    }
    return "unknown";
}

FailureReason failureReasonFromString(const std::string& text)
{
    for (const auto& [value, name] : kReasonNames) {
        if (text == name)
            return value;
    }
    throw std::runtime_error("unknown failure reason '" + text + "'");
}

std::string Placement::describe() const
{
    std::string text = backend;
    if (!jobId.empty())
        text += (text.empty() ? "" : " ") + std::string("job ") + jobId;
    if (!host.empty())
        text += (text.empty() ? "" : " on ") + host;
    if (!gpu.empty())
        text += (text.empty() ? "" : ", ") + std::string("GPU ") + gpu;
    return text;
}

} // namespace phylo
