// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace phylo {

/// Seconds since the Unix epoch, with sub-second precision (what the session file stores).
double unixNow();

/// "2026-11-21T10:19:56Z" for a Unix time.
std::string isoTime(double unixSeconds);

/// "1:02:03" or "2:05" for a duration in seconds.
std::string formatDuration(double seconds);

} // namespace phylo
