// SPDX-License-Identifier: GPL-3.0-or-later
#include "loopback_llm_server.h"

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <stdexcept>

namespace phylo::test {

namespace {

    using nlohmann::json;

    double nowS()
    {
        return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    }

    std::string lower(std::string text)
    {
        std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
        return text;
    }

    bool sendAll(int fd, std::string_view data)
    {
        while (!data.empty()) {
            const ssize_t sent = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
            if (sent <= 0)
                return false;
            data.remove_prefix(static_cast<std::size_t>(sent));
        }
        return true;
    }

    std::string reasonPhrase(int status)
    {
        switch (status) {
        case 200:
            return "OK";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 429:
            return "Too Many Requests";
        case 500:
            return "Internal Server Error";
        case 502:
            return "Bad Gateway";
        case 503:
            return "Service Unavailable";
        case 529:
            return "Overloaded";
        default:
            return "Status";
        }
    }

    /// Reads one request (headers and a Content-Length body); false if the client went away.
    bool readRequest(int fd, LoopbackRequest& request)
    {
        std::string data;
        char buffer[65536];
        std::size_t headerEnd = std::string::npos;
        while ((headerEnd = data.find("\r\n\r\n")) == std::string::npos) {
            const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
            if (got <= 0)
                return false;
            data.append(buffer, static_cast<std::size_t>(got));
        }
        const std::string head = data.substr(0, headerEnd);
        std::size_t lineEnd = head.find("\r\n");
        const std::string requestLine = head.substr(0, lineEnd);
        const auto firstSpace = requestLine.find(' ');
        const auto secondSpace = requestLine.find(' ', firstSpace + 1);
        request.method = requestLine.substr(0, firstSpace);
        request.path = requestLine.substr(firstSpace + 1, secondSpace - firstSpace - 1);
        while (lineEnd != std::string::npos && lineEnd < head.size()) {
            const std::size_t start = lineEnd + 2;
            lineEnd = head.find("\r\n", start);
            const std::string line = head.substr(start, lineEnd == std::string::npos ? std::string::npos : lineEnd - start);
            const auto colon = line.find(':');
            if (colon == std::string::npos)
                continue;
            std::string value = line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(' '));
            request.headers[lower(line.substr(0, colon))] = value;
        }
        if (lower(request.header("expect")) == "100-continue" && !sendAll(fd, "HTTP/1.1 100 Continue\r\n\r\n"))
            return false;
        const std::size_t length = request.header("content-length").empty() ? 0 : std::stoul(request.header("content-length"));
        request.body = data.substr(headerEnd + 4);
        while (request.body.size() < length) {
            const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
            if (got <= 0)
                return false;
            request.body.append(buffer, static_cast<std::size_t>(got));
        }
        return true;
    }

    std::string errorBody(bool anthropic, int status, const std::string& message)
    {
        if (anthropic)
            return json { { "type", "error" }, { "error", { { "type", status == 429 ? "rate_limit_error" : "api_error" }, { "message", message } } } }.dump();
        return json { { "error", { { "message", message }, { "type", "loopback_error" }, { "code", status } } } }.dump();
    }

    std::string finishOf(const LoopbackReply& reply, bool anthropic)
    {
        if (!reply.finishReason.empty())
            return reply.finishReason;
        return anthropic ? "end_turn" : "stop";
    }

    std::string completeBody(const LoopbackReply& reply, bool anthropic)
    {
        if (anthropic) {
            json body { { "id", "msg_loopback" }, { "type", "message" }, { "role", "assistant" }, { "model", reply.model },
                { "content", json::array() }, { "stop_reason", finishOf(reply, true) }, { "stop_sequence", nullptr } };
            if (!reply.emptyChoices)
                body["content"].push_back({ { "type", "text" }, { "text", reply.text } });
            if (reply.usage)
                body["usage"] = { { "input_tokens", reply.inputTokens }, { "output_tokens", reply.outputTokens } };
            return body.dump();
        }
        json body { { "id", "chatcmpl-loopback" }, { "object", "chat.completion" }, { "created", 1 }, { "model", reply.model },
            { "choices", json::array() } };
        if (!reply.emptyChoices)
            body["choices"].push_back({ { "index", 0 }, { "message", { { "role", "assistant" }, { "content", reply.text } } },
                { "finish_reason", finishOf(reply, false) } });
        if (reply.usage)
            body["usage"] = { { "prompt_tokens", reply.inputTokens }, { "completion_tokens", reply.outputTokens },
                { "total_tokens", reply.inputTokens + reply.outputTokens } };
        return body.dump();
    }

    std::string sse(const json& data, const std::string& event = {})
    {
        return (event.empty() ? std::string() : "event: " + event + "\n") + "data: " + data.dump() + "\n\n";
    }

    /// Every event of a streamed reply, in order.
    std::vector<std::string> streamEvents(const LoopbackReply& reply, bool anthropic)
    {
        std::vector<std::string> pieces;
        if (!reply.emptyChoices)
            for (std::size_t at = 0; at < reply.text.size(); at += std::max<std::size_t>(1, reply.chunkChars))
                pieces.push_back(reply.text.substr(at, std::max<std::size_t>(1, reply.chunkChars)));
        std::vector<std::string> events;
        auto errorEvent = [&]() {
            if (anthropic)
                events.push_back(sse({ { "type", "error" }, { "error", { { "type", "overloaded_error" }, { "message", reply.midStreamError } } } }, "error"));
            else
                events.push_back(sse({ { "error", { { "message", reply.midStreamError }, { "type", "server_error" } } } }));
        };
        if (anthropic) {
            json start { { "type", "message_start" },
                { "message", { { "id", "msg_loopback" }, { "type", "message" }, { "role", "assistant" }, { "model", reply.model },
                                 { "content", json::array() }, { "stop_reason", nullptr } } } };
            if (reply.usage)
                start["message"]["usage"] = { { "input_tokens", reply.inputTokens }, { "output_tokens", 1 } };
            events.push_back(sse(start, "message_start"));
            if (!pieces.empty())
                events.push_back(sse({ { "type", "content_block_start" }, { "index", 0 }, { "content_block", { { "type", "text" }, { "text", "" } } } }, "content_block_start"));
            events.push_back(sse({ { "type", "ping" } }, "ping"));
            for (std::size_t i = 0; i < pieces.size(); ++i) {
                events.push_back(sse({ { "type", "content_block_delta" }, { "index", 0 }, { "delta", { { "type", "text_delta" }, { "text", pieces[i] } } } }, "content_block_delta"));
                if (i == 0 && !reply.midStreamError.empty())
                    errorEvent();
            }
            if (!pieces.empty())
                events.push_back(sse({ { "type", "content_block_stop" }, { "index", 0 } }, "content_block_stop"));
            json delta { { "type", "message_delta" }, { "delta", { { "stop_reason", finishOf(reply, true) }, { "stop_sequence", nullptr } } } };
            if (reply.usage)
                delta["usage"] = { { "output_tokens", reply.outputTokens } };
            events.push_back(sse(delta, "message_delta"));
            events.push_back(sse({ { "type", "message_stop" } }, "message_stop"));
            return events;
        }
        auto chunk = [&](json choices) {
            return json { { "id", "chatcmpl-loopback" }, { "object", "chat.completion.chunk" }, { "created", 1 },
                { "model", reply.model }, { "choices", std::move(choices) } };
        };
        if (reply.emptyChoices)
            events.push_back(sse(chunk(json::array())));
        for (std::size_t i = 0; i < pieces.size(); ++i) {
            json delta { { "content", pieces[i] } };
            if (i == 0)
                delta["role"] = "assistant";
            events.push_back(sse(chunk(json::array({ { { "index", 0 }, { "delta", delta }, { "finish_reason", nullptr } } }))));
            if (i == 0 && !reply.midStreamError.empty())
                errorEvent();
        }
        if (!reply.emptyChoices)
            events.push_back(sse(chunk(json::array({ { { "index", 0 }, { "delta", json::object() }, { "finish_reason", finishOf(reply, false) } } }))));
        if (reply.usage) {
            json usage = chunk(json::array());
            usage["usage"] = { { "prompt_tokens", reply.inputTokens }, { "completion_tokens", reply.outputTokens },
                { "total_tokens", reply.inputTokens + reply.outputTokens } };
            events.push_back(sse(usage));
        }
        events.push_back("data: [DONE]\n\n");
        return events;
    }

    std::string hex(std::size_t value)
    {
        char text[32];
        std::snprintf(text, sizeof text, "%zx", value);
        return text;
    }

} // namespace

std::string LoopbackRequest::header(const std::string& name) const
{
    auto found = headers.find(lower(name));
    return found == headers.end() ? std::string() : found->second;
}

bool LoopbackRequest::isAnthropic() const
{
    return path.size() >= 9 && path.compare(path.size() - 9, 9, "/messages") == 0;
}

bool LoopbackRequest::wantsStream() const
{
    auto parsed = json::parse(body, nullptr, false);
    return parsed.is_object() && parsed.value("stream", false);
}

LoopbackReply LoopbackReply::ok(std::string text)
{
    LoopbackReply reply;
    reply.text = std::move(text);
    return reply;
}

LoopbackReply LoopbackReply::error(int status, std::string message, std::string retryAfter)
{
    LoopbackReply reply;
    reply.status = status;
    reply.errorMessage = std::move(message);
    if (!retryAfter.empty())
        reply.headers.emplace_back("Retry-After", std::move(retryAfter));
    return reply;
}

LoopbackReply LoopbackReply::malformed()
{
    LoopbackReply reply;
    reply.stream = false;
    reply.body = "{\"choices\": [ this is not JSON";
    return reply;
}

LoopbackLlmServer::LoopbackLlmServer()
    : m_startS(nowS())
{
    m_listenFd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_listenFd < 0)
        throw std::runtime_error("loopback server: socket() failed");
    int yes = 1;
    ::setsockopt(m_listenFd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (::bind(m_listenFd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0
        || ::listen(m_listenFd, 64) != 0
        || ::getsockname(m_listenFd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        ::close(m_listenFd);
        throw std::runtime_error(std::string("loopback server: cannot listen: ") + std::strerror(errno));
    }
    m_port = ntohs(address.sin_port);
    m_acceptThread = std::thread([this] { acceptLoop(); });
}

LoopbackLlmServer::~LoopbackLlmServer()
{
    m_stop = true;
    m_acceptThread.join();
    ::close(m_listenFd);
    std::vector<std::thread> connections;
    {
        std::lock_guard lock(m_threadsMutex);
        connections.swap(m_connections);
    }
    for (auto& thread : connections)
        thread.join();
}

std::string LoopbackLlmServer::baseUrl() const
{
    return "http://127.0.0.1:" + std::to_string(m_port) + "/v1";
}

void LoopbackLlmServer::enqueue(LoopbackReply reply)
{
    std::lock_guard lock(m_mutex);
    m_queue.push_back(std::move(reply));
}

void LoopbackLlmServer::setResponder(Responder responder)
{
    std::lock_guard lock(m_mutex);
    m_responder = std::move(responder);
}

void LoopbackLlmServer::setDefault(LoopbackReply reply)
{
    std::lock_guard lock(m_mutex);
    m_default = std::move(reply);
}

std::vector<LoopbackRequest> LoopbackLlmServer::requests() const
{
    std::lock_guard lock(m_mutex);
    return m_requests;
}

std::size_t LoopbackLlmServer::requestCount() const
{
    std::lock_guard lock(m_mutex);
    return m_requests.size();
}

bool LoopbackLlmServer::waitForRequests(std::size_t count, double timeoutS) const
{
    std::unique_lock lock(m_mutex);
    return m_arrived.wait_for(lock, std::chrono::duration<double>(timeoutS), [&] { return m_requests.size() >= count; });
}

bool LoopbackLlmServer::pause(int fd, double seconds) const
{
    const double until = nowS() + seconds;
    while (nowS() < until) {
        if (m_stop)
            return false;
        pollfd peer { fd, POLLRDHUP, 0 };
        if (::poll(&peer, 1, 0) > 0 && (peer.revents & (POLLRDHUP | POLLHUP | POLLERR)))
            return false; // the client hung up (cancelled, timed out)
        std::this_thread::sleep_for(std::chrono::milliseconds(std::clamp(static_cast<int>((until - nowS()) * 1000), 1, 20)));
    }
    return !m_stop;
}

void LoopbackLlmServer::acceptLoop()
{
    while (!m_stop) {
        pollfd waiting { m_listenFd, POLLIN, 0 };
        if (::poll(&waiting, 1, 50) <= 0)
            continue;
        const int fd = ::accept4(m_listenFd, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0)
            continue;
        std::lock_guard lock(m_threadsMutex);
        m_connections.emplace_back([this, fd] {
            serve(fd);
            ::close(fd);
        });
    }
}

LoopbackReply LoopbackLlmServer::replyFor(const LoopbackRequest& request)
{
    Responder responder;
    {
        std::lock_guard lock(m_mutex);
        m_requests.push_back(request);
        m_arrived.notify_all();
        if (!m_queue.empty()) {
            LoopbackReply reply = std::move(m_queue.front());
            m_queue.pop_front();
            return reply;
        }
        if (!m_responder)
            return m_default;
        responder = m_responder;
    }
    return responder(request);
}

void LoopbackLlmServer::serve(int fd)
{
    LoopbackRequest request;
    if (!readRequest(fd, request))
        return;
    request.receivedS = nowS() - m_startS;
    const LoopbackReply reply = replyFor(request);
    const bool anthropic = request.isAnthropic();
    const bool known = anthropic || request.path.find("/chat/completions") != std::string::npos;

    if (reply.delayS > 0 && !pause(fd, reply.delayS))
        return;
    if (reply.dropBeforeReply) {
        ::shutdown(fd, SHUT_RDWR);
        return;
    }
    std::string extra;
    for (const auto& [name, value] : reply.headers)
        extra += name + ": " + value + "\r\n";
    const int status = known ? reply.status : 404;
    const bool stream = reply.stream.value_or(request.wantsStream());

    if (!reply.body.empty() || status < 200 || status > 299 || !stream) {
        std::string body = reply.body;
        if (body.empty())
            body = status >= 200 && status <= 299 ? completeBody(reply, anthropic)
                                                  : errorBody(anthropic, status, reply.errorMessage.empty() ? "loopback error " + std::to_string(status) : reply.errorMessage);
        const std::string type = reply.body.empty() ? std::string("application/json") : reply.contentType;
        sendAll(fd, "HTTP/1.1 " + std::to_string(status) + ' ' + reasonPhrase(status) + "\r\nContent-Type: " + type + "\r\nContent-Length: "
                + std::to_string(body.size()) + "\r\nConnection: close\r\n" + extra + "\r\n" + body);
        return;
    }

    if (!sendAll(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n" + extra + "\r\n"))
        return;
    const std::vector<std::string> events = streamEvents(reply, anthropic);
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (reply.dropAfterEvents >= 0 && static_cast<int>(i) >= reply.dropAfterEvents) {
            ::shutdown(fd, SHUT_RDWR); // no terminating chunk: the stream is cut
            return;
        }
        if (i > 0 && reply.chunkDelayS > 0 && !pause(fd, reply.chunkDelayS))
            return;
        const std::string& event = events[i];
        const std::size_t piece = reply.splitBytes > 0 ? reply.splitBytes : event.size();
        for (std::size_t at = 0; at < event.size(); at += piece) {
            const std::string part = event.substr(at, piece);
            if (!sendAll(fd, hex(part.size()) + "\r\n" + part + "\r\n"))
                return;
        }
    }
    sendAll(fd, "0\r\n\r\n");
}

} // namespace phylo::test
