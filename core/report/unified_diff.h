// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>
#include <string>

namespace phylo {

/**
 * BEFORE -> AFTER as a unified diff with a/ and b/ prefixes and CONTEXT lines around each change,
 * which `git apply` and `patch -p1` apply in the target dir. Files only in AFTER are created (from
 * /dev/null); a missing final newline is marked the way diff(1) marks it. Identical files add nothing.
 */
std::string unifiedDiff(const std::map<std::string, std::string>& before, const std::map<std::string, std::string>& after,
    int context = 3);

} // namespace phylo
