// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace phylo::llm {

/** One server-sent event. */
struct SseEvent {
    std::string event; ///< the "event:" field; empty when the server sent none
    std::string data; ///< the "data:" lines, joined with '\n'
    std::string id;
};

/**
 * Incremental parser of a text/event-stream (the WHATWG rules: "field: value" lines, LF, CRLF
 * or CR line ends, comments starting with ':', an event dispatched at each blank line).
 * Bytes may be fed in chunks split anywhere, even inside a CRLF.
 */
class SseParser {
public:
    using Sink = std::function<void(const SseEvent&)>;

    /// Parses CHUNK, calling SINK for every event it completes.
    void feed(std::string_view chunk, const Sink& sink);
    /// The stream ended: an unterminated last line is taken, and a pending event is dropped
    /// (an event counts only once its blank line arrived, as in browsers).
    void finish(const Sink& sink);
    /// Bytes held for an event not yet complete (to bound memory against a server that never ends one).
    std::size_t pendingBytes() const { return m_line.size() + m_current.data.size() + m_current.event.size(); }

private:
    void takeLine(std::string_view line, const Sink& sink);

    std::string m_line; ///< the current, unterminated line
    bool m_afterCr = false; ///< the last byte was a CR (a following LF belongs to it)
    bool m_hasData = false;
    SseEvent m_current;
};

} // namespace phylo::llm
