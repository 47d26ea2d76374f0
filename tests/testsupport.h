// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/node.h"

#include <QtTest/qtestcase.h>

#include <filesystem>
#include <map>
#include <string>

namespace phylo::test {

/// Writes CONTENT to PATH, creating parent dirs.
void writeFile(const std::filesystem::path& path, const std::string& content);
std::string readFile(const std::filesystem::path& path);

/// Creates a target in DIR: phylo.toml with TOML, plus FILES (relative path -> content).
void makeTarget(const std::filesystem::path& dir, const std::string& toml,
    const std::map<std::string, std::string>& files = {});

/**
 * A synthetic target whose metric is a known function of five ideas, computed by a shell
 * script (no compiler, milliseconds per evaluation). EXTRA_RUN is shell code run before the
 * metric is printed (e.g. a sleep or a log line).
 *   time = 100 - 10a - 8b(=fast) + 4c - 6d + 0e, with a synergy: c and e together -25.
 */
std::string syntheticToml(const std::string& runCommand = "sh bench.sh", int repeat = 1,
    const std::string& extraSections = "");
std::string syntheticBench(const std::string& extraRun = "");
void makeSyntheticTarget(const std::filesystem::path& dir, const std::string& extraRun = "", int repeat = 1);

/// Path of the built `phylo` CLI.
std::string cliPath();

} // namespace phylo::test

// Readable QCOMPARE failures for the domain's enums and strings.
namespace QTest {
template <>
inline char* toString(const phylo::NodeStatus& status)
{
    return qstrdup(phylo::statusText(status).c_str());
}
template <>
inline char* toString(const phylo::FailureReason& reason)
{
    return qstrdup(phylo::reasonText(reason).c_str());
}
template <>
inline char* toString(const std::string& text)
{
    return qstrdup(text.c_str());
}
} // namespace QTest
