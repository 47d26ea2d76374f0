// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace phylo {

class SessionStore;

/**
 * The whole session as JSON: the session's settings, its ideas and every node in
 * evaluation order (id, parents, era, genes, status, failure reason, metric, speedup,
 * eval_index, samples, times). Stable keys: scripts and later tools read it.
 */
std::string exportSessionJson(const SessionStore& store, bool withLogs = false);

} // namespace phylo
