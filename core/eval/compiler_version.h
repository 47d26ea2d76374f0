// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace phylo {

/// The compiler a build command starts with, as its `--version` says it: the line naming the
/// release for nvcc ("Cuda compilation tools, release 13.0, V13.0.88"), else the first line.
/// Empty if COMMAND is empty or the program does not answer. Used for build-cache keys and reports.
std::string describeCompiler(const std::string& command);

} // namespace phylo
