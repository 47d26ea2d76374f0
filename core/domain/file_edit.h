// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace phylo {

/// One SEARCH/REPLACE edit of one file: replace the lines SEARCH with the lines REPLACE (see agents/edit_blocks.h).
struct FileEdit
{
    std::string file; ///< path relative to the target directory, as the reply wrote it ("./" removed)
    std::string search; ///< the lines to find, each ending in "\n"; empty when the SEARCH section was empty
    std::string replace; ///< the lines to put instead, each ending in "\n"
    bool operator==(const FileEdit&) const = default;
};

} // namespace phylo
