// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace phylo::llm {

/** Lets at most N callers in at once; the others wait (cancellably) for a free slot. */
class ConcurrencyGate {
public:
    explicit ConcurrencyGate(int slots);

    /// Holds one slot for its lifetime; false (no slot held) if the wait was cancelled.
    class Slot {
    public:
        Slot(ConcurrencyGate& gate, const std::atomic<bool>* cancel);
        ~Slot();
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;
        explicit operator bool() const { return m_held; }

    private:
        ConcurrencyGate& m_gate;
        bool m_held = false;
    };

private:
    std::mutex m_mutex;
    std::condition_variable m_freed;
    int m_free;
};

} // namespace phylo::llm
