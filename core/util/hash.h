// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace phylo {

/// Hex SHA-256 of a byte string.
std::string sha256Hex(std::string_view data);

/// Content hash of a set of files (path -> content), independent of map order quirks.
std::string codeHash(const std::map<std::string, std::string>& files);

} // namespace phylo
