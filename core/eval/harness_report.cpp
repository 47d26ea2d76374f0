// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/harness_report.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <map>

namespace phylo {

namespace {

    FailureReason reasonFor(const std::string& name)
    {
        static const std::map<std::string, FailureReason> reasons {
            { "no CUDA device", FailureReason::NoCudaDevice },
            { "cuda error", FailureReason::CudaError },
            { "wrong result", FailureReason::WrongResult },
            { "unwritten output", FailureReason::UnwrittenOutput },
            { "non-finite output", FailureReason::NonFiniteOutput },
            { "input modified", FailureReason::InputModified },
            { "timing mismatch", FailureReason::TimingMismatch },
        };
        const auto it = reasons.find(name);
        return it == reasons.end() ? FailureReason::HarnessError : it->second;
    }

    std::vector<double> numbers(const nlohmann::json& array)
    {
        std::vector<double> out;
        if (!array.is_array())
            return out;
        for (const auto& item : array)
            out.push_back(item.is_number() ? item.get<double>() : std::nan(""));
        return out;
    }

    bool allFinitePositive(const std::vector<double>& values)
    {
        for (double v : values) {
            if (!std::isfinite(v) || v <= 0)
                return false;
        }
        return !values.empty();
    }

} // namespace

std::optional<HarnessReport> parseHarnessReport(const std::string& output)
{
    size_t end = output.size();
    while (end > 0) {
        const size_t begin = output.rfind('\n', end - 1);
        const size_t start = begin == std::string::npos ? 0 : begin + 1;
        const std::string line = output.substr(start, end - start);
        end = begin == std::string::npos ? 0 : begin;
        if (line.find("\"phylo_harness\"") == std::string::npos)
            continue;
        const auto json = nlohmann::json::parse(line, nullptr, false);
        if (!json.is_object())
            continue;
        HarnessReport report;
        report.ok = json.value("ok", false);
        const auto failure = json.contains("failure") && json["failure"].is_string() ? json["failure"].get<std::string>() : "";
        report.detail = json.contains("detail") && json["detail"].is_string() ? json["detail"].get<std::string>() : "";
        report.samplesMs = numbers(json.value("samples_ms", nlohmann::json::array()));
        report.hostMs = numbers(json.value("host_ms", nlohmann::json::array()));
        report.bytesMoved = json.value("bytes_moved", 0.0);
        if (json.contains("device") && json["device"].is_object()) {
            const auto& device = json["device"];
            report.deviceName = device.value("name", "");
            report.peakGBps = device.value("peak_gbps", 0.0);
            report.driver = device.value("driver", "");
        }
        if (!report.ok)
            report.failure = failure.empty() ? FailureReason::HarnessError : reasonFor(failure);
        else if (json.value("mode", "") == "run" && !allFinitePositive(report.samplesMs)) {
            report.ok = false;
            report.failure = FailureReason::HarnessError;
            report.detail = "the harness reported success without finite positive samples";
        }
        return report;
    }
    return std::nullopt;
}

double rooflineFloorMs(const HarnessReport& report)
{
    if (report.bytesMoved <= 0 || report.peakGBps <= 0)
        return 0;
    return report.bytesMoved / (report.peakGBps * 1e9) * 1e3;
}

} // namespace phylo
