// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "llm/llm_client.h"
#include "llm/sse_parser.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace phylo::llm {

/** What one attempt's reply has said so far (streamed) or in all (one JSON body). */
struct WireReply {
    std::string text;
    std::int64_t inputTokens = 0, outputTokens = 0;
    bool hasUsage = false;
    std::string finishReason;
    std::string model;
    bool done = false; ///< the stream's own end marker arrived ([DONE], message_stop)
};

/** How a piece of a reply parsed. */
struct WireStatus {
    enum class Kind {
        Ok,
        Malformed, ///< not the JSON the format promises
        ServerError, ///< the server reported an error inside a 200 reply (e.g. "overloaded" mid-stream)
    };
    Kind kind = Kind::Ok;
    std::string message; ///< for ServerError: the server's message
    bool ok() const { return kind == Kind::Ok; }
};

/**
 * One provider's wire format: the endpoint, headers and request body, and how to read a streamed
 * (server-sent events) or a complete JSON reply.
 */
class WireFormat {
public:
    virtual ~WireFormat() = default;
    /// The endpoint under BASE_URL (".../v1" -> ".../v1/chat/completions").
    virtual std::string url(const std::string& baseUrl) const = 0;
    /// The authentication and version headers ("Name: value"); none for an empty API_KEY.
    virtual std::vector<std::string> headers(const std::string& apiKey) const = 0;
    /// The JSON request body.
    virtual std::string body(const LlmConfig& config, const ChatRequest& request) const = 0;
    /// Applies one event of a streamed reply to REPLY; new text is also appended to DELTA.
    virtual WireStatus onEvent(const SseEvent& event, WireReply& reply, std::string& delta) const = 0;
    /// Parses a complete (not streamed) JSON reply into REPLY.
    virtual WireStatus parseBody(std::string_view body, WireReply& reply) const = 0;
};

std::unique_ptr<WireFormat> makeWireFormat(Provider provider);
std::unique_ptr<WireFormat> makeOpenAiWire(); ///< openai_wire.cpp
std::unique_ptr<WireFormat> makeAnthropicWire(); ///< anthropic_wire.cpp

/// The message of an error body ({"error":{"message":..}}, {"error":".."}, {"message":..}); empty if none.
std::string errorMessageOf(std::string_view body);

} // namespace phylo::llm
