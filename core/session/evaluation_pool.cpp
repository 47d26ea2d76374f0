// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/evaluation_pool.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

namespace phylo {

EvaluationPool::EvaluationPool(const Evaluator& evaluator, int jobs)
    : m_evaluator(evaluator)
    , m_jobs(std::max(1, jobs))
{
}

void EvaluationPool::run(const std::vector<Task>& tasks, const std::atomic<bool>& cancel, const EvaluationHooks& hooks,
    const Started& started, const Finished& finished, const Hold& hold, const Tick& tick)
{
    EvaluationHooks taskHooks = hooks;
    taskHooks.cancel = &cancel;
    struct Event {
        NodeId id;
        std::optional<EvaluationOutcome> outcome; ///< empty: the evaluation started
    };
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<Event> events;
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
                events.push_back({ tasks[index].id, std::nullopt });
            }
            ready.notify_one();
            auto outcome = m_evaluator.evaluate(tasks[index].id, tasks[index].genes, taskHooks, tasks[index].code.get());
            {
                std::lock_guard lock(mutex);
                events.push_back({ tasks[index].id, std::move(outcome) });
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
            if (event.outcome) {
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
