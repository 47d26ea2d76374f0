// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/compiler_version.h"

#include "eval/process_runner.h"

#include <filesystem>
#include <sstream>

namespace phylo {

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
