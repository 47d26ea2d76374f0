// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/output_tail.h"

#include <algorithm>
#include <cstring>

namespace phylo {

OutputTail::OutputTail(std::size_t capacity)
    : m_capacity(capacity)
{
}

void OutputTail::append(const char* data, std::size_t size)
{
    m_total += size;
    if (m_capacity == 0 || size == 0)
        return;
    if (size >= m_capacity) {
        // Only the end of this chunk survives; everything kept so far is pushed out.
        m_ring.resize(m_capacity);
        std::memcpy(m_ring.data(), data + (size - m_capacity), m_capacity);
        m_start = 0;
        m_size = m_capacity;
        return;
    }
    if (m_ring.size() < m_capacity) {
        // Still filling: the ring has not wrapped yet (m_start == 0), grow it geometrically.
        const std::size_t needed = m_size + size;
        if (needed <= m_capacity) {
            if (m_ring.size() < needed)
                m_ring.resize(std::min(m_capacity, std::max(needed, m_ring.size() * 2)));
            std::memcpy(m_ring.data() + m_size, data, size);
            m_size = needed;
            return;
        }
        m_ring.resize(m_capacity);
    }
    // Full-size ring: write after the newest byte, wrapping, and drop the oldest on overflow.
    std::size_t writePos = (m_start + m_size) % m_capacity;
    const std::size_t first = std::min(size, m_capacity - writePos);
    std::memcpy(m_ring.data() + writePos, data, first);
    std::memcpy(m_ring.data(), data + first, size - first);
    const std::size_t newSize = m_size + size;
    if (newSize > m_capacity) {
        m_start = (m_start + (newSize - m_capacity)) % m_capacity;
        m_size = m_capacity;
    } else {
        m_size = newSize;
    }
}

void OutputTail::clear()
{
    m_ring.clear();
    m_ring.shrink_to_fit();
    m_start = 0;
    m_size = 0;
    m_total = 0;
}

std::string OutputTail::str() const
{
    std::string out;
    out.reserve(m_size);
    const std::size_t first = std::min(m_size, m_ring.size() - m_start);
    out.append(m_ring.data() + m_start, first);
    out.append(m_ring.data(), m_size - first);
    return out;
}

} // namespace phylo
