// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "device_info.h"

#include <string>
#include <vector>

namespace phylo::gpu {

/** Quotes and escapes a string for JSON (RFC 8259): quotes, backslashes and control characters. */
std::string jsonQuote(const std::string& text);

/** The devices as one pretty-printed JSON object: { "tool": ..., "devices": [ ... ] }, newline-terminated. */
std::string devicesToJson(const std::vector<DeviceInfo>& devices);

} // namespace phylo::gpu
