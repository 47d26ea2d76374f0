// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/host_probe.h"


#include <fstream>
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

} // namespace phylo
