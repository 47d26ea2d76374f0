// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "llm/llm_client.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>

namespace phylo::llm {

/**
 * Adds up what the calls cost and says when a budget (LlmConfig::budgetUsd, budgetTokens) is
 * reached. Thread-safe. Calls already in flight when the budget is reached still finish, so a
 * budget can be overshot by at most `concurrency` calls.
 */
class SpendMeter {
public:
    explicit SpendMeter(const LlmConfig& config);

    /// False once the dollars or the tokens recorded reach their budget.
    bool mayCall() const;
    /// Adds REPLY's tokens and cost (failed calls too: what a server reported, it bills).
    void record(const ChatReply& reply);
    double usd() const;
    std::int64_t tokens() const; ///< input plus output
    int calls() const;
    /// "$0.0123 of $2.00, 4100 tokens, 3 calls" (the budget parts only when set).
    std::string summary() const;

private:
    std::optional<double> m_budgetUsd;
    std::optional<std::int64_t> m_budgetTokens;
    mutable std::mutex m_mutex;
    double m_usd = 0;
    std::int64_t m_tokens = 0;
    int m_calls = 0;
};

/**
 * An LlmClient that asks METER before every call (error "budget reached", no request made, once it
 * says no) and records every reply in it.
 */
class MeteredClient : public LlmClient {
public:
    MeteredClient(std::unique_ptr<LlmClient> inner, std::shared_ptr<SpendMeter> meter);
    ChatReply complete(const ChatRequest& request, const std::function<void(std::string_view)>& onDelta,
        const std::atomic<bool>* cancel) override;
    const SpendMeter& meter() const { return *m_meter; }

private:
    std::unique_ptr<LlmClient> m_inner;
    std::shared_ptr<SpendMeter> m_meter;
};

} // namespace phylo::llm
