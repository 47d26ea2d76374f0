// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/evaluation_pool.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

namespace phylo {

EvaluationPool::EvaluationPool(EvaluationBackend& backend, int jobs)
    : m_backend(backend)
    , m_jobs(std::max(1, jobs))
{
}

void EvaluationPool::run(const std::vector<Task>& tasks, const std::atomic<bool>& cancel, const EvaluationHooks& hooks,
    const Started& started, const Finished& finished, const Hold& hold, const Tick& tick, const Placed& placed)
{
    EvaluationHooks taskHooks = hooks;
    taskHooks.cancel = &cancel;
    struct Event {
        NodeId id;
        std::optional<EvaluationOutcome> outcome; ///< empty: the evaluation started (or, with placement, was placed)
        std::optional<Placement> placement;
    };
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<Event> events;
    taskHooks.placed = [&](NodeId id, const Placement& placement) {
        {
            std::lock_guard lock(mutex);
            events.push_back({ id, std::nullopt, placement });
        }
        ready.notify_one();
    };
    size_t next = 0;
    size_t skipped = 0;

    auto worker = [&] {
        for (;;) {
            size_t index;
            {
                std::lock_guard lock(mutex);
                if (next >= tasks.size() || cancel.load())
                    return;
                index = next++;
                if (hold && hold(tasks[index].id)) {
                    ++skipped;
                    continue;
                }
                events.push_back({ tasks[index].id, std::nullopt, std::nullopt });
            }
            ready.notify_one();
            const auto& task = tasks[index];
            auto outcome = m_backend.evaluate({ task.id, &task.genes, task.code.get(), task.previous }, taskHooks);
            {
                std::lock_guard lock(mutex);
                events.push_back({ task.id, std::move(outcome), std::nullopt });
            }
            ready.notify_one();
        }
    };

    std::vector<std::jthread> workers;
    const auto count = std::min(static_cast<size_t>(m_jobs), tasks.size());
    for (size_t i = 0; i < count; ++i)
        workers.emplace_back(worker);

    size_t startedCount = 0, finishedCount = 0;
    for (;;) {
        std::unique_lock lock(mutex);
        ready.wait_for(lock, std::chrono::milliseconds(200), [&] { return !events.empty(); });
        while (!events.empty()) {
            auto event = std::move(events.front());
            events.pop_front();
            lock.unlock();
            if (event.placement) {
                if (placed)
                    placed(event.id, *event.placement);
            } else if (event.outcome) {
                ++finishedCount;
                finished(event.id, std::move(*event.outcome));
            } else {
                ++startedCount;
                started(event.id);
            }
            lock.lock();
        }
        // Done when every started evaluation has reported and no more will start.
        const bool noMoreStarts = next >= tasks.size() || cancel.load();
        if (noMoreStarts && finishedCount == startedCount && startedCount + skipped == next)
            break;
        if (tick) {
            lock.unlock();
            tick();
        }
    }
}

} // namespace phylo
