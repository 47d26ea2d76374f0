// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "llm/concurrency_gate.h"
#include "llm/http_transport.h"
#include "llm/llm_client.h"
#include "llm/wire_format.h"

#include <memory>
#include <optional>
#include <string>

namespace phylo::llm {

/**
 * The LlmClient of both providers over libcurl: one WireFormat for the provider, retries with
 * backoff around single attempts, at most `concurrency` calls at once. Use makeClient().
 */
class HttpLlmClient : public LlmClient {
public:
    HttpLlmClient(LlmConfig config, std::string apiKey);

    ChatReply complete(const ChatRequest& request, const std::function<void(std::string_view)>& onDelta,
        const std::atomic<bool>* cancel) override;

private:
    /// One HTTP request's outcome.
    struct Attempt {
        enum class Kind { Ok, Retryable, Malformed, Final, Cancelled };
        Kind kind = Kind::Final;
        std::string error; ///< "HTTP 500", "timed out", ...
        std::string detail; ///< appended after the attempt count: ": server's message", " (...)"
        std::optional<double> retryAfterS;
        WireReply reply;
    };

    Attempt attempt(const HttpRequest& http, const std::function<void(std::string_view)>& onDelta,
        const std::atomic<bool>* cancel, bool& textStreamed) const;
    /// One line, at most 300 characters, with the key (should a server echo it) masked.
    std::string clean(std::string text) const;

    LlmConfig m_config;
    std::string m_key;
    std::unique_ptr<WireFormat> m_wire;
    mutable ConcurrencyGate m_gate;
};

} // namespace phylo::llm
