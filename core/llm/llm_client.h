// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "llm/llm_config.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace phylo::llm {

struct ChatMessage {
    std::string role; ///< "user" / "assistant"
    std::string content;
};

struct ChatRequest {
    std::string system; ///< the system prompt (may be empty)
    std::vector<ChatMessage> messages;
    std::string purpose; ///< what the call is for ("mutate", "rethink", ...): for the caller's records, never sent
};

/** The outcome of one complete() call, after all its attempts. */
struct ChatReply {
    bool ok = false;
    std::string text;
    /// One line, never the key: "HTTP 500 after 5 attempts", "HTTP 401: <server's message>",
    /// "malformed JSON in reply", "empty reply", "cancelled", "timed out after 2 attempts",
    /// "reply too large", "connection dropped (...)", "budget reached".
    std::string error;
    std::int64_t inputTokens = 0, outputTokens = 0; ///< what the server reported over all attempts (estimated when it reported nothing)
    bool usageEstimated = false; ///< the server sent no usage: tokens were estimated as characters / 4
    double costUsd = 0; ///< tokens times the configured prices
    int attempts = 0; ///< HTTP requests made (0: none, e.g. cancelled before the first)
    double seconds = 0; ///< wall time of the whole call, waits and retries included
    std::string finishReason; ///< as the server said: "stop", "length", "end_turn", "max_tokens", ...
    std::string model; ///< as the server named it (the configured model when it did not)
};

/**
 * One model behind one provider. Thread-safe: at most LlmConfig::concurrency calls are in
 * flight at once; further callers wait their turn (cancellable).
 */
class LlmClient {
public:
    virtual ~LlmClient() = default;

    /**
     * Sends REQUEST and blocks until the reply is complete, failed, or cancelled. Never throws
     * for a network or server problem: that is ChatReply::error. Retries 429, 5xx, timeouts and
     * dropped connections with exponential backoff and jitter (Retry-After honoured up to
     * LlmConfig::retryAfterCapS). ON_DELTA (may be empty) gets the streamed text as it arrives, on
     * the calling thread; when an attempt fails after text was streamed and a retry starts over,
     * ON_DELTA gets one EMPTY delta, meaning "discard what you got so far" (deltas are otherwise
     * never empty). CANCEL (may be null) stops the call within about 100 ms, error "cancelled".
     * An exception thrown by ON_DELTA ends the transfer and propagates.
     */
    virtual ChatReply complete(const ChatRequest& request, const std::function<void(std::string_view)>& onDelta,
        const std::atomic<bool>* cancel)
        = 0;
};

/**
 * The client for CONFIG's provider. Reads the key from getenv(keyEnv) now (the key stays in the
 * client, never in an error or log). Throws UserError naming the variable if keyEnv is set but
 * the variable is unset or empty, and if no model is configured.
 */
std::unique_ptr<LlmClient> makeClient(const LlmConfig& config);

/// The cost of TOKENS at CONFIG's prices, in US dollars.
double costUsd(const LlmConfig& config, std::int64_t inputTokens, std::int64_t outputTokens);

} // namespace phylo::llm
