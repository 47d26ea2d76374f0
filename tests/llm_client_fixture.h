// SPDX-License-Identifier: GPL-3.0-or-later
// What the LLM client tests share: a config that reaches the loopback server quickly, a request, and a
// consumer of streamed deltas (tst_llm_client: wire formats and retries; tst_llm_spend: costs and limits).
#pragma once

#include "llm/llm_client.h"
#include "llm/llm_config.h"
#include "loopback_llm_server.h"

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

namespace phylo::test {

inline constexpr const char* kKeyEnv = "PHYLO_TEST_LLM_KEY";
inline constexpr const char* kKey = "sk-test-SECRET-0123456789";

inline double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// A config that reaches SERVER quickly: short backoffs, a short timeout.
inline llm::LlmConfig configFor(const LoopbackLlmServer& server, llm::Provider provider)
{
    llm::LlmConfig config;
    config.provider = provider;
    config.model = "test-model";
    config.baseUrl = server.baseUrl();
    config.keyEnv = kKeyEnv;
    config.temperature = 0.25;
    config.maxTokens = 321;
    config.timeoutS = 10;
    config.backoffBaseS = 0.01;
    config.backoffMaxS = 0.05;
    return config;
}

inline llm::ChatRequest helloRequest()
{
    llm::ChatRequest request;
    request.system = "You are a test.";
    request.messages = { { "user", "Say hello." } };
    request.purpose = "test";
    return request;
}

/// Collects streamed deltas the way a consumer should: an empty delta starts over.
struct Deltas {
    std::string text;
    int pieces = 0;
    int restarts = 0;
    std::function<void(std::string_view)> sink()
    {
        return [this](std::string_view delta) {
            if (delta.empty()) {
                text.clear();
                ++restarts;
            } else {
                text += delta;
                ++pieces;
            }
        };
    }
};

} // namespace phylo::test
