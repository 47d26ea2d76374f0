// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/job_spec.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace phylo {

namespace {
    using json = nlohmann::json;

    std::string dump(const json& value)
    {
        // Output tails may hold bytes that are not UTF-8: replaced, never an error.
        return value.dump(1, ' ', false, json::error_handler_t::replace);
    }

    const char* kindName(ExitKind kind)
    {
        switch (kind) {
        case ExitKind::Exited:
            return "exited";
        case ExitKind::Signaled:
            return "signaled";
        case ExitKind::TimedOut:
            return "timed out";
        case ExitKind::Cancelled:
            return "cancelled";
        case ExitKind::SpawnFailed:
            break;
        }
        return "spawn failed";
    }

    ExitKind kindFromName(const std::string& name)
    {
        for (auto kind : { ExitKind::Exited, ExitKind::Signaled, ExitKind::TimedOut, ExitKind::Cancelled, ExitKind::SpawnFailed })
            if (name == kindName(kind))
                return kind;
        throw std::runtime_error("unknown exit kind '" + name + "'");
    }

    template <typename Parse>
    auto parsed(const std::string& text, const char* what, Parse parse)
    {
        try {
            return parse(json::parse(text));
        } catch (const json::exception& error) {
            throw std::runtime_error(std::string(what) + ": " + error.what());
        }
    }
}

std::string jobSpecToJson(const JobSpec& spec)
{
    json steps = json::array();
    for (const auto& step : spec.steps)
        steps.push_back({ { "label", step.label }, { "command", step.command }, { "timeout_s", step.timeoutS }, { "env", step.env } });
    return dump({ { "work_dir", spec.workDir.string() }, { "env", spec.env }, { "memory_bytes", spec.memoryBytes },
        { "log_bytes", spec.logBytes }, { "steps", steps } });
}

JobSpec jobSpecFromJson(const std::string& text)
{
    return parsed(text, "job spec", [](const json& j) {
        JobSpec spec;
        spec.workDir = j.at("work_dir").get<std::string>();
        spec.env = j.at("env").get<Environment>();
        spec.memoryBytes = j.at("memory_bytes").get<std::uint64_t>();
        spec.logBytes = j.at("log_bytes").get<size_t>();
        for (const auto& step : j.at("steps"))
            spec.steps.push_back({ step.at("label").get<std::string>(), step.at("command").get<std::string>(),
                step.at("timeout_s").get<double>(), step.at("env").get<Environment>() });
        return spec;
    });
}

std::string jobResultToJson(const JobResult& result)
{
    json results = json::array();
    for (const auto& r : result.results)
        results.push_back({ { "kind", kindName(r.kind) }, { "exit_code", r.exitCode }, { "signal", r.signal },
            { "output_tail", r.outputTail }, { "output_bytes", r.outputBytes }, { "wall_ms", r.wallTime.count() },
            { "timeout_ms", r.timeout.count() }, { "spawn_error", r.spawnError } });
    return dump({ { "host", result.host }, { "job_id", result.jobId }, { "gpu", result.gpu }, { "results", results },
        { "log", result.log } });
}

JobResult jobResultFromJson(const std::string& text)
{
    return parsed(text, "job result", [](const json& j) {
        JobResult result;
        result.host = j.at("host").get<std::string>();
        result.jobId = j.at("job_id").get<std::string>();
        result.gpu = j.at("gpu").get<std::string>();
        result.log = j.at("log").get<std::string>();
        for (const auto& r : j.at("results")) {
            ProcessResult p;
            p.kind = kindFromName(r.at("kind").get<std::string>());
            p.exitCode = r.at("exit_code").get<int>();
            p.signal = r.at("signal").get<int>();
            p.outputTail = r.at("output_tail").get<std::string>();
            p.outputBytes = r.at("output_bytes").get<std::uint64_t>();
            p.wallTime = std::chrono::milliseconds(r.at("wall_ms").get<long long>());
            p.timeout = std::chrono::milliseconds(r.at("timeout_ms").get<long long>());
            p.spawnError = r.at("spawn_error").get<std::string>();
            result.results.push_back(std::move(p));
        }
        return result;
    });
}

std::optional<std::string> readWholeFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void writeFileAtomically(const std::filesystem::path& path, const std::string& text)
{
    const auto temp = path.string() + ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out)
            throw std::runtime_error(temp + ": cannot be written");
    }
    std::filesystem::rename(temp, path);
}

} // namespace phylo
