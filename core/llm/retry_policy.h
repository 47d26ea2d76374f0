// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "llm/llm_config.h"

#include <atomic>
#include <optional>

namespace phylo::llm {

/// 408, 409, 425, 429 and every 5xx: the server may well answer the same request next time.
bool isRetryableStatus(long status);

/**
 * Seconds to wait before retry number RETRY (1 = the first retry): exponential backoff,
 * min(backoffMaxS, backoffBaseS * 2^(RETRY-1)), times a jitter factor 0.5 + 0.5 * RANDOM01.
 */
double backoffDelay(const LlmConfig& config, int retry, double random01);

/// The wait before retry number RETRY: the server's Retry-After capped at retryAfterCapS when it
/// sent one, else backoffDelay with a random jitter.
double retryDelay(const LlmConfig& config, int retry, std::optional<double> retryAfterS);

/// Sleeps SECONDS in short slices; false (early) if CANCEL (may be null) was raised.
bool sleepUnlessCancelled(double seconds, const std::atomic<bool>* cancel);

} // namespace phylo::llm
