// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace phylo {

class SessionStore;

/// A readable summary for `phylo show`: evaluations, the best node with its genes and
/// speedup, the baseline, failures by reason, and the runs that wrote the session.
std::string summarizeSession(const SessionStore& store);

} // namespace phylo
