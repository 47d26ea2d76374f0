// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/code_fingerprint.h"

#include "util/hash.h"

#include <array>
#include <cctype>

namespace phylo {

namespace {

    bool isWordChar(char c)
    {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    }

    bool isSpace(char c)
    {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    }

    /// Characters that can join with a neighbour into a longer token (punctuation, not brackets or ';' ',').
    bool isJoiningPunct(char c)
    {
        switch (c) {
        case '+':
        case '-':
        case '*':
        case '/':
        case '%':
        case '=':
        case '<':
        case '>':
        case '&':
        case '|':
        case '!':
        case '^':
        case ':':
        case '.':
        case '#':
        case '~':
        case '?':
            return true;
        default:
            return false;
        }
    }

    bool isLiteralPrefix(std::string_view word)
    {
        static constexpr std::array<std::string_view, 9> prefixes { "L", "u", "U", "u8", "R", "LR", "uR", "UR", "u8R" };
        for (auto p : prefixes) {
            if (word == p)
                return true;
        }
        return false;
    }

    class Normalizer
    {
    public:
        explicit Normalizer(std::string_view src)
            : m_src(src)
        {
        }

        std::string run()
        {
            while (m_pos < m_src.size())
                step();
            if (m_inDirective) // a directive on the last line ends like any other
                m_out += '\n';
            return std::move(m_out);
        }

    private:
        std::string_view m_src;
        size_t m_pos = 0;
        std::string m_out;
        bool m_pendingSpace = false; ///< whitespace or a comment was skipped since the last output
        bool m_lineStart = true; ///< only whitespace/comments since the last newline (outside a directive)
        bool m_inDirective = false;

        char at(size_t i) const { return i < m_src.size() ? m_src[i] : '\0'; }

        /// Appends TEXT, with one space first if skipped whitespace separated two joining characters.
        void emit(std::string_view text)
        {
            if (text.empty())
                return;
            if (m_pendingSpace && !m_out.empty() && m_out.back() != '\n') {
                const char a = m_out.back();
                const char b = text.front();
                if ((isWordChar(a) && isWordChar(b)) || (isJoiningPunct(a) && isJoiningPunct(b))
                    || ((a == '"' || a == '\'') && isWordChar(b)) // a literal, then a word
                    || (m_inDirective && isWordChar(a) && b == '(')) // "#define M (x)" is not "#define M(x)"
                    m_out += ' ';
            }
            m_pendingSpace = false;
            m_out += text;
            m_lineStart = false;
        }

        void newline()
        {
            if (m_inDirective) {
                m_out += '\n';
                m_inDirective = false;
                m_pendingSpace = false;
            } else {
                m_pendingSpace = true;
            }
            m_lineStart = true;
        }

        void step()
        {
            const char c = m_src[m_pos];
            if (c == '\\' && at(m_pos + 1) == '\n') { // line continuation
                m_pos += 2;
                return;
            }
            if (c == '\\' && at(m_pos + 1) == '\r' && at(m_pos + 2) == '\n') {
                m_pos += 3;
                return;
            }
            if (c == '\n') {
                ++m_pos;
                newline();
                return;
            }
            if (isSpace(c)) {
                ++m_pos;
                m_pendingSpace = true;
                return;
            }
            if (c == '/' && at(m_pos + 1) == '/') {
                while (m_pos < m_src.size() && m_src[m_pos] != '\n') {
                    if (m_src[m_pos] == '\\' && at(m_pos + 1) == '\n') // a continued // comment
                        ++m_pos;
                    ++m_pos;
                }
                m_pendingSpace = true;
                return;
            }
            if (c == '/' && at(m_pos + 1) == '*') {
                const auto end = m_src.find("*/", m_pos + 2);
                const auto stop = end == std::string_view::npos ? m_src.size() : end + 2;
                // Newlines inside a block comment do not end a directive (the comment is one space).
                m_pos = stop;
                m_pendingSpace = true;
                return;
            }
            if (c == '#' && m_lineStart) {
                m_inDirective = true;
                if (!m_out.empty() && m_out.back() != '\n')
                    m_out += '\n';
                m_pendingSpace = false;
                m_out += '#';
                m_lineStart = false;
                ++m_pos;
                return;
            }
            if (c == '"' || c == '\'') {
                literal(m_pos, false);
                return;
            }
            if (isWordChar(c)) {
                word();
                return;
            }
            emit(m_src.substr(m_pos, 1));
            ++m_pos;
        }

        /// An identifier or a number; a literal's prefix (u8"..." R"(...)") takes the literal with it.
        void word()
        {
            const size_t start = m_pos;
            const bool number = std::isdigit(static_cast<unsigned char>(m_src[m_pos]));
            while (m_pos < m_src.size()) {
                const char c = m_src[m_pos];
                if (isWordChar(c) || (number && c == '.')) {
                    ++m_pos;
                } else if (number && c == '\'' && isWordChar(at(m_pos + 1))) { // digit separator 1'000
                    ++m_pos;
                } else if (number && (c == '+' || c == '-')
                    && (m_src[m_pos - 1] == 'e' || m_src[m_pos - 1] == 'E' || m_src[m_pos - 1] == 'p'
                        || m_src[m_pos - 1] == 'P')) {
                    ++m_pos;
                } else {
                    break;
                }
            }
            const auto text = m_src.substr(start, m_pos - start);
            if (!number && (at(m_pos) == '"' || at(m_pos) == '\'') && isLiteralPrefix(text)) {
                literal(start, text.back() == 'R' && at(m_pos) == '"');
                return;
            }
            emit(text);
        }

        /// A string or character literal starting at START (its prefix included), copied verbatim.
        void literal(size_t start, bool raw)
        {
            while (m_src[m_pos] != '"' && m_src[m_pos] != '\'')
                ++m_pos;
            const char quote = m_src[m_pos];
            ++m_pos;
            if (raw) {
                const auto open = m_src.find('(', m_pos);
                if (open != std::string_view::npos && open - m_pos <= 16) {
                    const std::string close = ")" + std::string(m_src.substr(m_pos, open - m_pos)) + "\"";
                    const auto end = m_src.find(close, open + 1);
                    m_pos = end == std::string_view::npos ? m_src.size() : end + close.size();
                    emit(m_src.substr(start, m_pos - start));
                    return;
                }
            }
            while (m_pos < m_src.size()) {
                const char c = m_src[m_pos];
                if (c == '\\' && m_pos + 1 < m_src.size()) {
                    m_pos += 2;
                    continue;
                }
                ++m_pos;
                if (c == quote || c == '\n') // an unterminated literal ends at its line
                    break;
            }
            emit(m_src.substr(start, m_pos - start));
            if (m_src[m_pos - 1] == '\n')
                newline();
        }
    };

    std::string normalizedOther(std::string_view content)
    {
        std::string out;
        out.reserve(content.size());
        size_t start = 0;
        while (start < content.size()) {
            size_t nl = content.find('\n', start);
            const bool hasNewline = nl != std::string_view::npos;
            auto line = content.substr(start, (hasNewline ? nl : content.size()) - start);
            while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
                line.remove_suffix(1);
            out += line;
            if (hasNewline)
                out += '\n';
            start = hasNewline ? nl + 1 : content.size();
        }
        return out;
    }

} // namespace

std::string normalizedCode(std::string_view source)
{
    return Normalizer(source).run();
}

bool isCFamilyFile(std::string_view path)
{
    const auto dot = path.rfind('.');
    if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos)
        return false;
    std::string ext(path.substr(dot + 1));
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (std::string_view known :
        { "c", "cc", "cpp", "cxx", "c++", "h", "hh", "hpp", "hxx", "cu", "cuh", "inl", "ipp", "tpp" }) {
        if (ext == known)
            return true;
    }
    return false;
}

std::string codeFingerprint(const std::map<std::string, std::string>& files)
{
    std::map<std::string, std::string> normalized;
    for (const auto& [path, content] : files)
        normalized[path] = isCFamilyFile(path) ? normalizedCode(content) : normalizedOther(content);
    return codeHash(normalized);
}

} // namespace phylo
