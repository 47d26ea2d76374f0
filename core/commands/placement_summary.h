// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/node.h"

#include <string>
#include <vector>

namespace phylo {

/// `phylo show`'s "where nodes ran": evaluations per backend and host, then each node's job and GPU.
/// Empty when no node records a placement (sessions from before backends).
std::string describePlacements(const std::vector<Node>& nodes);

/// Adds each node's "placement" ({backend, host, job_id, gpu}, null when unknown) to the nodes of an
/// exported session (EXPORTED: `phylo export`'s JSON text); returns the new text.
std::string withPlacements(const std::string& exported, const std::vector<Node>& nodes);

} // namespace phylo
