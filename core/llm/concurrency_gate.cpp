// SPDX-License-Identifier: GPL-3.0-or-later
#include "llm/concurrency_gate.h"

#include <algorithm>
#include <chrono>

namespace phylo::llm {

ConcurrencyGate::ConcurrencyGate(int slots)
    : m_free(std::max(1, slots))
{
}

ConcurrencyGate::Slot::Slot(ConcurrencyGate& gate, const std::atomic<bool>* cancel)
    : m_gate(gate)
{
    std::unique_lock lock(gate.m_mutex);
    while (gate.m_free == 0) {
        if (cancel && cancel->load())
            return;
        gate.m_freed.wait_for(lock, std::chrono::milliseconds(50));
    }
    --gate.m_free;
    m_held = true;
}

ConcurrencyGate::Slot::~Slot()
{
    if (!m_held)
        return;
    {
        std::lock_guard lock(m_gate.m_mutex);
        ++m_gate.m_free;
    }
    m_gate.m_freed.notify_one();
}

} // namespace phylo::llm
