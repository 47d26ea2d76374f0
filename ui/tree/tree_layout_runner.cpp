// SPDX-License-Identifier: GPL-3.0-or-later
#include "tree/tree_layout_runner.h"

#include <QtConcurrent/QtConcurrentRun>

namespace phylo::ui {

TreeLayoutRunner::TreeLayoutRunner(QObject* parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<TidyTreeLayout>::finished, this, &TreeLayoutRunner::finished);
}

quint64 TreeLayoutRunner::request(std::vector<int> parent, TidyTreeOptions options)
{
    m_next = Job { ++m_latest, std::move(parent), std::move(options) };
    if (!m_running)
        startNext();
    return m_latest;
}

void TreeLayoutRunner::cancel()
{
    ++m_latest; // the running job's number is now stale
    m_next.reset();
}

void TreeLayoutRunner::startNext()
{
    if (!m_next)
        return;
    // The job owns its input, so it never touches the GUI thread's data (nor outlives it).
    auto job = std::make_shared<Job>(std::move(*m_next));
    m_next.reset();
    m_runningNumber = job->number;
    m_running = true;
    m_watcher.setFuture(QtConcurrent::run([job] { return layoutTidyTree(job->parent, job->options); }));
}

void TreeLayoutRunner::finished()
{
    m_running = false;
    const quint64 number = m_runningNumber;
    if (number == m_latest) {
        const TidyTreeLayout layout = m_watcher.result();
        Q_EMIT ready(layout, number);
    }
    startNext(); // a newer request, if any (the result above was then dropped)
}

} // namespace phylo::ui
