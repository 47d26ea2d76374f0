// SPDX-License-Identifier: GPL-3.0-or-later
#include "llm/retry_policy.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <thread>

namespace phylo::llm {

bool isRetryableStatus(long status)
{
    return status == 408 || status == 409 || status == 425 || status == 429 || (status >= 500 && status <= 599);
}

double backoffDelay(const LlmConfig& config, int retry, double random01)
{
    const double exponential = config.backoffBaseS * std::pow(2.0, std::clamp(retry - 1, 0, 30));
    return std::min(config.backoffMaxS, exponential) * (0.5 + 0.5 * std::clamp(random01, 0.0, 1.0));
}

double retryDelay(const LlmConfig& config, int retry, std::optional<double> retryAfterS)
{
    if (retryAfterS)
        return std::clamp(*retryAfterS, 0.0, config.retryAfterCapS);
    thread_local std::mt19937_64 random { std::random_device {}() };
    return backoffDelay(config, retry, std::uniform_real_distribution<double>(0, 1)(random));
}

bool sleepUnlessCancelled(double seconds, const std::atomic<bool>* cancel)
{
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(std::max(0.0, seconds)));
    for (;;) {
        if (cancel && cancel->load())
            return false;
        const auto now = Clock::now();
        if (now >= deadline)
            return true;
        std::this_thread::sleep_for(std::min<Clock::duration>(deadline - now, std::chrono::milliseconds(50)));
    }
}

} // namespace phylo::llm
