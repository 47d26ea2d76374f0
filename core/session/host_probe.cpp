// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/host_probe.h"

#include "eval/process_runner.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace phylo {

std::string describeHost()
{
    char name[256] = {};
    ::gethostname(name, sizeof name - 1);
    std::string cpu;
    std::ifstream info("/proc/cpuinfo");
    for (std::string line; cpu.empty() && std::getline(info, line);) {
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            if (colon != std::string::npos)
                cpu = line.substr(line.find_first_not_of(' ', colon + 1));
        }
    }
    std::string out = name;
    out += ": " + (cpu.empty() ? std::string("unknown CPU") : cpu);
    out += " (" + std::to_string(std::thread::hardware_concurrency()) + " cores)";
    return out;
}

std::string describeCompiler(const std::string& command)
{
    const auto begin = command.find_first_not_of(" \t");
    if (begin == std::string::npos)
        return {};
    const auto program = command.substr(begin, command.find_first_of(" \t;&|", begin) - begin);
    ProcessSpec spec;
    spec.command = program + " --version";
    spec.workDir = std::filesystem::temp_directory_path();
    spec.timeout = std::chrono::seconds(30);
    const auto result = runProcess(spec);
    if (!result.succeeded())
        return {};
    std::istringstream lines(result.outputTail);
    std::string first, release;
    for (std::string line; std::getline(lines, line);) {
        if (first.empty() && !line.empty())
            first = line;
        if (line.find("release") != std::string::npos)
            release = line;
    }
    return release.empty() ? first : release;
}

} // namespace phylo
