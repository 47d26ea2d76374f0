// SPDX-License-Identifier: GPL-3.0-or-later
#include "llm/spend_meter.h"

#include <sstream>

namespace phylo::llm {

SpendMeter::SpendMeter(const LlmConfig& config)
    : m_budgetUsd(config.budgetUsd)
    , m_budgetTokens(config.budgetTokens)
{
}

bool SpendMeter::mayCall() const
{
    std::lock_guard lock(m_mutex);
    if (m_budgetUsd && m_usd >= *m_budgetUsd)
        return false;
    if (m_budgetTokens && m_tokens >= *m_budgetTokens)
        return false;
    return true;
}

void SpendMeter::record(const ChatReply& reply)
{
    std::lock_guard lock(m_mutex);
    m_usd += reply.costUsd;
    m_tokens += reply.inputTokens + reply.outputTokens;
    ++m_calls;
}

double SpendMeter::usd() const
{
    std::lock_guard lock(m_mutex);
    return m_usd;
}

std::int64_t SpendMeter::tokens() const
{
    std::lock_guard lock(m_mutex);
    return m_tokens;
}

int SpendMeter::calls() const
{
    std::lock_guard lock(m_mutex);
    return m_calls;
}

std::string SpendMeter::summary() const
{
    std::lock_guard lock(m_mutex);
    std::ostringstream out;
    out.setf(std::ios::fixed);
    out.precision(4);
    out << '$' << m_usd;
    if (m_budgetUsd)
        out << " of $" << *m_budgetUsd;
    out << ", " << m_tokens << " tokens";
    if (m_budgetTokens)
        out << " of " << *m_budgetTokens;
    out << ", " << m_calls << (m_calls == 1 ? " call" : " calls");
    return out.str();
}

MeteredClient::MeteredClient(std::unique_ptr<LlmClient> inner, std::shared_ptr<SpendMeter> meter)
    : m_inner(std::move(inner))
    , m_meter(std::move(meter))
{
}

ChatReply MeteredClient::complete(const ChatRequest& request, const std::function<void(std::string_view)>& onDelta,
    const std::atomic<bool>* cancel)
{
    if (!m_meter->mayCall()) {
        ChatReply reply;
        reply.error = "budget reached";
        return reply;
    }
    ChatReply reply = m_inner->complete(request, onDelta, cancel);
    m_meter->record(reply);
    return reply;
}

} // namespace phylo::llm
