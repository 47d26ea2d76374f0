// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tree/tidy_tree_layout.h"

#include <QFutureWatcher>
#include <QObject>

#include <optional>

namespace phylo::ui {

/**
 * Runs layoutTidyTree() on Qt's thread pool, one job at a time, and hands back only the result of the
 * latest request: requests made while a job runs replace each other (only the last one runs next), and
 * a finished job whose request has since been superseded is dropped. Lives on the GUI thread.
 */
class TreeLayoutRunner : public QObject {
    Q_OBJECT

public:
    explicit TreeLayoutRunner(QObject* parent = nullptr);

    /// Asks for the layout of PARENT with OPTIONS; returns the request's number.
    quint64 request(std::vector<int> parent, TidyTreeOptions options);
    /// Drops every request made so far: none of them will be reported.
    void cancel();
    /// True while a requested layout has not been reported or dropped yet.
    bool pending() const { return m_running || m_next.has_value(); }

Q_SIGNALS:
    /// The layout for request NUMBER, the latest one.
    void ready(const phylo::ui::TidyTreeLayout& layout, quint64 number);

private:
    struct Job {
        quint64 number = 0;
        std::vector<int> parent;
        TidyTreeOptions options;
    };
    void startNext();
    void finished();

    QFutureWatcher<TidyTreeLayout> m_watcher;
    std::optional<Job> m_next;
    quint64 m_latest = 0;
    quint64 m_runningNumber = 0;
    bool m_running = false;
};

} // namespace phylo::ui
