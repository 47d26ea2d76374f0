// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace phylo::llm {

/** One HTTP POST. */
struct HttpRequest {
    std::string url;
    std::vector<std::string> headers; ///< "Name: value"
    std::string body;
    double timeoutS = 120; ///< the whole transfer, connection to last byte
};

/** How a POST ended. */
struct HttpOutcome {
    enum class Kind {
        Completed, ///< a whole response arrived (any status)
        TimedOut,
        Cancelled, ///< the cancel flag was raised
        Aborted, ///< the body sink asked to stop
        NetworkError, ///< refused, reset, dropped mid-body, ...: worth retrying
        Fatal, ///< a bad URL, an unsupported protocol, a TLS certificate problem: not worth retrying
    };
    Kind kind = Kind::Fatal;
    long status = 0; ///< the HTTP status (0 when none arrived)
    std::string contentType;
    std::optional<double> retryAfterS; ///< Retry-After (delta seconds or an HTTP date), if sent
    std::string detail; ///< libcurl's description of a failure
};

/// Gets the response body as it arrives, with the status and content type; returns false to abort.
using HttpBodySink = std::function<bool(long status, std::string_view contentType, std::string_view bytes)>;

/**
 * POSTs REQUEST with libcurl on the calling thread. Body bytes go to SINK as they arrive.
 * CANCEL (may be null) is polled at least every 100 ms. Thread-safe (one easy handle per call).
 */
HttpOutcome httpPost(const HttpRequest& request, const HttpBodySink& sink, const std::atomic<bool>* cancel);

/// Parses a Retry-After value: delta seconds or an HTTP date (seconds from now, at least 0).
std::optional<double> parseRetryAfter(std::string_view value);

} // namespace phylo::llm
