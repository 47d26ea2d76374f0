// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>

namespace phylo {

/// Runs BODY and turns what it throws into one message on stderr and an exit status
/// (UserError: 2; anything else: 1). Nothing escapes as a crash.
int reportErrors(const std::function<int()>& body);

} // namespace phylo
