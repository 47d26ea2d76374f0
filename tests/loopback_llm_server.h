// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace phylo::test {

/** One HTTP request the loopback server received. */
struct LoopbackRequest {
    std::string method;
    std::string path; ///< "/v1/chat/completions" (OpenAI) or "/v1/messages" (Anthropic)
    std::map<std::string, std::string> headers; ///< names lower-cased
    std::string body;
    double receivedS = 0; ///< when it arrived, in seconds since the server started

    /// The value of header NAME (any case), empty if absent.
    std::string header(const std::string& name) const;
    bool isAnthropic() const;
    /// The body's "stream" is true.
    bool wantsStream() const;
};

/**
 * How the loopback server answers one request, in the wire format the request's path asks for
 * (chat completions or messages). The defaults give a good streamed (or not, as asked) reply.
 */
struct LoopbackReply {
    int status = 200;
    std::string text = "Hello from the loopback server.";
    std::optional<bool> stream; ///< nullopt: stream iff the request asked to
    std::string body; ///< non-empty: sent verbatim with STATUS and CONTENT_TYPE (malformed JSON, ...)
    std::string contentType = "application/json"; ///< of BODY
    std::string errorMessage; ///< for a non-2xx STATUS without BODY: the message of the provider's error JSON
    std::vector<std::pair<std::string, std::string>> headers; ///< extra headers, e.g. {"Retry-After", "1"}
    std::int64_t inputTokens = 12, outputTokens = 34;
    bool usage = true; ///< send usage fields
    bool emptyChoices = false; ///< OpenAI: choices []; Anthropic: no content
    std::string finishReason; ///< empty: "stop" (OpenAI) / "end_turn" (Anthropic)
    std::string model = "loopback-model";
    double delayS = 0; ///< wait before the status line
    double chunkDelayS = 0; ///< wait between streamed events
    std::size_t chunkChars = 8; ///< text per streamed delta
    std::size_t splitBytes = 0; ///< > 0: write each event in HTTP chunks of this many bytes (events split anywhere)
    int dropAfterEvents = -1; ///< >= 0: close the connection after this many streamed events, mid-stream
    bool dropBeforeReply = false; ///< close the connection without any answer
    std::string midStreamError; ///< non-empty: after the first text, a provider error event with this message

    static LoopbackReply ok(std::string text);
    /// An error STATUS with the provider's error JSON; RETRY_AFTER (if not empty) as Retry-After.
    static LoopbackReply error(int status, std::string message, std::string retryAfter = {});
    static LoopbackReply malformed(); ///< 200 with a body that is not JSON
};

/**
 * A fake LLM provider on 127.0.0.1 (a free port): HTTP/1.1, one request per connection, each
 * connection on its own thread. It speaks OpenAI chat completions and Anthropic messages,
 * streamed (chunked server-sent events) or not, with usage, and records every request.
 * Replies come from the queue (enqueue), else the responder, else the default reply.
 */
class LoopbackLlmServer {
public:
    using Responder = std::function<LoopbackReply(const LoopbackRequest&)>;

    LoopbackLlmServer();
    ~LoopbackLlmServer();
    LoopbackLlmServer(const LoopbackLlmServer&) = delete;
    LoopbackLlmServer& operator=(const LoopbackLlmServer&) = delete;

    int port() const { return m_port; }
    /// "http://127.0.0.1:PORT/v1": LlmConfig::baseUrl for either provider.
    std::string baseUrl() const;

    /// REPLY answers the next request that finds the queue non-empty (first in, first out).
    void enqueue(LoopbackReply reply);
    /// Answers the requests the queue does not (called on the connection's thread).
    void setResponder(Responder responder);
    /// The reply when there is neither a queued one nor a responder.
    void setDefault(LoopbackReply reply);

    std::vector<LoopbackRequest> requests() const;
    std::size_t requestCount() const;
    /// Waits up to TIMEOUT_S for COUNT requests to have arrived.
    bool waitForRequests(std::size_t count, double timeoutS) const;

private:
    void acceptLoop();
    void serve(int fd);
    LoopbackReply replyFor(const LoopbackRequest& request);
    bool pause(int fd, double seconds) const; ///< false if the server is stopping or the client hung up

    int m_listenFd = -1;
    int m_port = 0;
    std::atomic<bool> m_stop { false };
    std::thread m_acceptThread;
    std::mutex m_threadsMutex;
    std::vector<std::thread> m_connections;

    mutable std::mutex m_mutex;
    mutable std::condition_variable m_arrived;
    std::deque<LoopbackReply> m_queue;
    Responder m_responder;
    LoopbackReply m_default;
    std::vector<LoopbackRequest> m_requests;
    double m_startS = 0;
};

} // namespace phylo::test
