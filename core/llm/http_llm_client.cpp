// SPDX-License-Identifier: GPL-3.0-or-later
#include "llm/http_llm_client.h"

#include "llm/retry_policy.h"

#include <chrono>
#include <exception>
#include <sstream>

namespace phylo::llm {

namespace {

    /// How the body of a response is read, decided at its first bytes.
    enum class BodyMode { Undecided, Error, Json, Stream };

    constexpr std::size_t kErrorBodyLimit = 64 * 1024;

    bool contains(std::string_view text, std::string_view part)
    {
        return text.find(part) != std::string_view::npos;
    }

    BodyMode modeFor(long status, std::string_view contentType, std::string_view firstBytes)
    {
        if (status < 200 || status > 299)
            return BodyMode::Error;
        if (contains(contentType, "text/event-stream"))
            return BodyMode::Stream;
        if (contains(contentType, "json"))
            return BodyMode::Json;
        for (char c : firstBytes) // no telling content type: sniff
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
                return c == '{' || c == '[' ? BodyMode::Json : BodyMode::Stream;
        return BodyMode::Json;
    }

    std::int64_t estimateTokens(std::size_t characters)
    {
        return static_cast<std::int64_t>((characters + 3) / 4);
    }

    std::size_t promptCharacters(const ChatRequest& request)
    {
        std::size_t total = request.system.size();
        for (const auto& message : request.messages)
            total += message.content.size();
        return total;
    }

    std::string secondsText(double seconds)
    {
        std::ostringstream out;
        out << seconds;
        return out.str();
    }

} // namespace

HttpLlmClient::HttpLlmClient(LlmConfig config, std::string apiKey)
    : m_config(std::move(config))
    , m_key(std::move(apiKey))
    , m_wire(makeWireFormat(m_config.provider))
    , m_gate(m_config.concurrency)
{
    if (m_config.baseUrl.empty())
        m_config.baseUrl = defaultBaseUrl(m_config.provider);
    while (!m_config.baseUrl.empty() && m_config.baseUrl.back() == '/')
        m_config.baseUrl.pop_back();
}

std::string HttpLlmClient::clean(std::string text) const
{
    if (!m_key.empty())
        for (auto at = text.find(m_key); at != std::string::npos; at = text.find(m_key, at))
            text.replace(at, m_key.size(), "[key]");
    for (char& c : text)
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
    if (text.size() > 300)
        text = text.substr(0, 297) + "...";
    return text;
}

HttpLlmClient::Attempt HttpLlmClient::attempt(const HttpRequest& http,
    const std::function<void(std::string_view)>& onDelta, const std::atomic<bool>* cancel, bool& textStreamed) const
{
    Attempt result;
    WireReply& reply = result.reply;
    BodyMode mode = BodyMode::Undecided;
    std::string raw; // the body of an error or of a JSON reply
    SseParser parser;
    WireStatus wire;
    bool tooLarge = false;
    std::exception_ptr deltaError;
    const std::size_t textLimit = m_config.maxReplyBytes;
    const std::size_t rawLimit = 4 * textLimit + (std::size_t(1) << 20); // JSON escapes, SSE framing

    auto onEvent = [&](const SseEvent& event) {
        if (!wire.ok() || tooLarge || deltaError)
            return;
        std::string delta;
        try {
            wire = m_wire->onEvent(event, reply, delta);
        } catch (const std::exception&) { // a JSON value of an unexpected type
            wire = { WireStatus::Kind::Malformed, {} };
        }
        if (reply.text.size() > textLimit) {
            tooLarge = true;
            return;
        }
        if (!delta.empty() && onDelta) {
            textStreamed = true;
            try {
                onDelta(delta);
            } catch (...) {
                deltaError = std::current_exception();
            }
        }
    };
    auto sink = [&](long status, std::string_view contentType, std::string_view bytes) {
        if (mode == BodyMode::Undecided)
            mode = modeFor(status, contentType, bytes);
        switch (mode) {
        case BodyMode::Error:
            raw.append(bytes.substr(0, kErrorBodyLimit - std::min(kErrorBodyLimit, raw.size())));
            return true;
        case BodyMode::Stream:
            parser.feed(bytes, onEvent);
            tooLarge = tooLarge || parser.pendingBytes() > rawLimit;
            return wire.ok() && !tooLarge && !deltaError;
        default:
            raw.append(bytes);
            tooLarge = raw.size() > rawLimit;
            return !tooLarge;
        }
    };

    const HttpOutcome outcome = httpPost(http, sink, cancel);
    if (deltaError)
        std::rethrow_exception(deltaError);
    result.retryAfterS = outcome.retryAfterS;
    using Kind = Attempt::Kind;
    auto fail = [&](Kind kind, std::string error, std::string detail = {}) {
        result.kind = kind;
        result.error = std::move(error);
        result.detail = std::move(detail);
        return result;
    };
    if (tooLarge)
        return fail(Kind::Final, "reply too large", " (over " + std::to_string(textLimit) + " bytes)");
    if (wire.kind == WireStatus::Kind::Malformed)
        return fail(Kind::Malformed, "malformed JSON in reply");
    if (wire.kind == WireStatus::Kind::ServerError)
        return fail(Kind::Retryable, "server error in reply", ": " + clean(wire.message));

    switch (outcome.kind) {
    case HttpOutcome::Kind::Cancelled:
        return fail(Kind::Cancelled, "cancelled");
    case HttpOutcome::Kind::TimedOut:
        return fail(Kind::Retryable, "timed out", " (limit " + secondsText(m_config.timeoutS) + " s per attempt)");
    case HttpOutcome::Kind::Fatal:
        return fail(Kind::Final, "request failed", ": " + clean(outcome.detail));
    case HttpOutcome::Kind::Aborted: // only the checks above abort
        return fail(Kind::Final, "request aborted");
    case HttpOutcome::Kind::NetworkError:
        return fail(Kind::Retryable, outcome.status ? "connection dropped" : "connection failed", " (" + clean(outcome.detail) + ")");
    case HttpOutcome::Kind::Completed:
        break;
    }

    if (outcome.status < 200 || outcome.status > 299) {
        const std::string message = clean(errorMessageOf(raw));
        return fail(isRetryableStatus(outcome.status) ? Kind::Retryable : Kind::Final,
            "HTTP " + std::to_string(outcome.status), message.empty() ? std::string() : ": " + message);
    }
    if (mode == BodyMode::Stream) {
        parser.finish(onEvent);
        if (deltaError)
            std::rethrow_exception(deltaError);
        if (tooLarge)
            return fail(Kind::Final, "reply too large", " (over " + std::to_string(textLimit) + " bytes)");
        if (wire.kind == WireStatus::Kind::Malformed)
            return fail(Kind::Malformed, "malformed JSON in reply");
        if (wire.kind == WireStatus::Kind::ServerError)
            return fail(Kind::Retryable, "server error in reply", ": " + clean(wire.message));
        // Some servers end a stream without [DONE]; a finish reason says the reply is whole.
        if (!reply.done && reply.finishReason.empty())
            return fail(Kind::Retryable, "connection dropped", " (the stream ended before its end marker)");
    } else {
        if (raw.find_first_not_of(" \t\r\n") == std::string::npos)
            return fail(Kind::Retryable, "connection dropped", " (an empty response body)");
        try {
            wire = m_wire->parseBody(raw, reply);
        } catch (const std::exception&) {
            wire = { WireStatus::Kind::Malformed, {} };
        }
        if (wire.kind == WireStatus::Kind::Malformed)
            return fail(Kind::Malformed, "malformed JSON in reply");
        if (wire.kind == WireStatus::Kind::ServerError)
            return fail(Kind::Retryable, "server error in reply", ": " + clean(wire.message));
        if (reply.text.size() > textLimit)
            return fail(Kind::Final, "reply too large", " (over " + std::to_string(textLimit) + " bytes)");
    }
    if (reply.text.empty())
        return fail(Kind::Final, "empty reply", reply.finishReason.empty() ? std::string() : " (finish reason " + clean(reply.finishReason) + ")");
    result.kind = Kind::Ok;
    return result;
}

ChatReply HttpLlmClient::complete(const ChatRequest& request, const std::function<void(std::string_view)>& onDelta,
    const std::atomic<bool>* cancel)
{
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    ChatReply out;
    out.model = m_config.model;
    auto finish = [&]() {
        out.costUsd = costUsd(m_config, out.inputTokens, out.outputTokens);
        out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
        return out;
    };
    auto cancelled = [&]() {
        out.error = "cancelled";
        return finish();
    };
    if (cancel && cancel->load())
        return cancelled();
    ConcurrencyGate::Slot slot(m_gate, cancel);
    if (!slot)
        return cancelled();

    HttpRequest http;
    http.url = m_wire->url(m_config.baseUrl);
    http.headers = m_wire->headers(m_key);
    http.headers.push_back(m_config.stream ? "Accept: text/event-stream" : "Accept: application/json");
    http.body = m_wire->body(m_config, request);
    http.timeoutS = m_config.timeoutS;

    bool textStreamed = false;
    int malformed = 0;
    for (int attemptNumber = 1;; ++attemptNumber) {
        out.attempts = attemptNumber;
        Attempt result = attempt(http, onDelta, cancel, textStreamed);
        if (result.reply.hasUsage) {
            out.inputTokens += result.reply.inputTokens;
            out.outputTokens += result.reply.outputTokens;
        }
        if (!result.reply.model.empty())
            out.model = result.reply.model;
        if (result.kind == Attempt::Kind::Ok) {
            if (!result.reply.hasUsage) {
                out.inputTokens += estimateTokens(promptCharacters(request));
                out.outputTokens += estimateTokens(result.reply.text.size());
                out.usageEstimated = true;
            }
            out.ok = true;
            out.text = std::move(result.reply.text);
            out.finishReason = std::move(result.reply.finishReason);
            return finish();
        }
        if (result.kind == Attempt::Kind::Cancelled)
            return cancelled();
        // A malformed reply is retried once (a proxy or server hiccup); twice means the server speaks another format.
        const bool worthRetrying = result.kind == Attempt::Kind::Retryable
            || (result.kind == Attempt::Kind::Malformed && ++malformed == 1);
        if (!worthRetrying || attemptNumber > m_config.maxRetries) {
            out.error = result.error + (attemptNumber > 1 ? " after " + std::to_string(attemptNumber) + " attempts" : "") + result.detail;
            return finish();
        }
        const double wait = retryDelay(m_config, attemptNumber, result.retryAfterS);
        if (textStreamed && onDelta) {
            textStreamed = false;
            onDelta(std::string_view()); // start over
        }
        if (!sleepUnlessCancelled(wait, cancel))
            return cancelled();
    }
}

} // namespace phylo::llm
