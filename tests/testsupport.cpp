// SPDX-License-Identifier: GPL-3.0-or-later
#include "testsupport.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace phylo::test {

void writeFile(const std::filesystem::path& path, const std::string& content)
{
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out)
        throw std::runtime_error("cannot write " + path.string());
}

std::string readFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void makeTarget(const std::filesystem::path& dir, const std::string& toml, const std::map<std::string, std::string>& files)
{
    writeFile(dir / "phylo.toml", toml);
    for (const auto& [path, content] : files)
        writeFile(dir / path, content);
}

std::string syntheticToml(const std::string& runCommand, int repeat, const std::string& extraSections)
{
    return "[target]\nname = \"synthetic\"\nfiles = [\"kernel.txt\"]\n"
           "[build]\ncommand = \"echo {defines} > defines.txt\"\ntimeout_s = 10\n"
           "[run]\ncommand = \""
        + runCommand + "\"\ntimeout_s = 20\nrepeat = " + std::to_string(repeat)
        + "\n[metric]\nname = \"time_ms\"\ndirection = \"minimize\"\n"
          "[[idea]]\nname = \"a\"\n"
          "[[idea]]\nname = \"b\"\nvalues = [\"slow\", \"fast\"]\n"
          "[[idea]]\nname = \"c\"\n"
          "[[idea]]\nname = \"d\"\nvalues = [\"1\", \"2\", \"3\"]\n"
          "[[idea]]\nname = \"e\"\n"
        + extraSections;
}

std::string syntheticBench(const std::string& extraRun)
{
    return "t=100\n"
           "[ -n \"$PHYLO_A\" ] && t=$((t - 10))\n"
           "[ \"$PHYLO_B\" = fast ] && t=$((t - 8))\n"
           "[ \"$PHYLO_B\" = slow ] && t=$((t + 3))\n"
           "[ -n \"$PHYLO_C\" ] && t=$((t + 4))\n"
           "[ \"$PHYLO_D\" = 2 ] && t=$((t - 6))\n"
           "[ -n \"$PHYLO_C\" ] && [ -n \"$PHYLO_E\" ] && t=$((t - 25))\n"
        + extraRun + "\necho \"METRIC time_ms=$t\"\n";
}

void makeSyntheticTarget(const std::filesystem::path& dir, const std::string& extraRun, int repeat)
{
    makeTarget(dir, syntheticToml("sh bench.sh", repeat), { { "kernel.txt", "kernel\n" }, { "bench.sh", syntheticBench(extraRun) } });
}

std::string cliPath()
{
    return PHYLO_CLI;
}

} // namespace phylo::test
