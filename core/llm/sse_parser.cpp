// SPDX-License-Identifier: GPL-3.0-or-later
#include "llm/sse_parser.h"

namespace phylo::llm {

void SseParser::feed(std::string_view chunk, const Sink& sink)
{
    for (char c : chunk) {
        if (m_afterCr) {
            m_afterCr = false;
            if (c == '\n')
                continue; // the LF of a CRLF whose CR ended the line already
        }
        if (c == '\r' || c == '\n') {
            m_afterCr = c == '\r';
            std::string line;
            line.swap(m_line);
            takeLine(line, sink);
        } else {
            m_line.push_back(c);
        }
    }
}

void SseParser::finish(const Sink& sink)
{
    if (!m_line.empty()) {
        std::string line;
        line.swap(m_line);
        takeLine(line, sink);
    }
    m_current = {};
    m_hasData = false;
    m_afterCr = false;
}

void SseParser::takeLine(std::string_view line, const Sink& sink)
{
    if (line.empty()) {
        // An event with no data line is not dispatched, only reset (as the standard says).
        SseEvent event = std::move(m_current);
        m_current = {};
        if (m_hasData) {
            m_hasData = false;
            sink(event);
        }
        return;
    }
    if (line.front() == ':')
        return; // a comment (keep-alive)
    std::string_view field = line;
    std::string_view value;
    if (auto colon = line.find(':'); colon != std::string_view::npos) {
        field = line.substr(0, colon);
        value = line.substr(colon + 1);
        if (!value.empty() && value.front() == ' ')
            value.remove_prefix(1);
    }
    if (field == "data") {
        if (m_hasData)
            m_current.data.push_back('\n');
        m_current.data.append(value);
        m_hasData = true;
    } else if (field == "event") {
        m_current.event = value;
    } else if (field == "id") {
        m_current.id = value;
    } // "retry" and unknown fields are ignored
}

} // namespace phylo::llm
