// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace phylo {

/**
 * The last N bytes of a stream, plus a count of everything that went through it.
 * A ring buffer: memory stays at N bytes however much is appended, so a command that
 * floods its output costs us a counter, not a growing string.
 */
class OutputTail
{
public:
    explicit OutputTail(std::size_t capacity);

    void append(const char* data, std::size_t size);
    void clear();

    /// The kept bytes, oldest first: at most capacity() of them.
    std::string str() const;
    std::size_t size() const { return m_size; }
    std::size_t capacity() const { return m_capacity; }
    /// Every byte ever appended, kept or not.
    std::uint64_t totalBytes() const { return m_total; }
    bool truncated() const { return m_total > m_size; }

private:
    std::size_t m_capacity;
    std::vector<char> m_ring; ///< grows up to m_capacity, then wraps
    std::size_t m_start = 0; ///< index of the oldest kept byte
    std::size_t m_size = 0;
    std::uint64_t m_total = 0;
};

} // namespace phylo
