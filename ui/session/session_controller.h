// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "session_worker.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>
#include <thread>

class QThread;

namespace phylo::ui {

/// What the app needs to start (or resume) a session in this process.
struct RunRequest {
    QString targetDir;
    QString sessionPath;
    int maxEvals = 30;
    int jobs = 0; ///< 0: one per core
    std::optional<quint64> seed;
    bool offline = true;
    QString llm; ///< the --llm override ("key=value,..."), empty for none
};

/**
 * The GUI's handle on a session, and the only object the panels talk to. Reading the session file
 * and writing steering happen on a worker thread (SessionWorker); a session started here runs on
 * its own core thread (runSession). A session another process is writing is followed the same way:
 * the file is the contract, and stop/pause/steering go through it. No call here blocks the GUI thread
 * (the destructor excepted, which ends an in-process run first).
 */
class SessionController : public QObject
{
    Q_OBJECT

public:
    explicit SessionController(QObject* parent = nullptr);
    ~SessionController() override;

    /// Follows PATH (stops following the previous session; a run in this process goes on).
    void openSession(const QString& path);
    QString sessionPath() const { return m_path; }
    /// Starts or resumes REQUEST.sessionPath in this process, and follows it. False (and error()) if a run is going on.
    bool startRun(const RunRequest& request);
    /// Resumes the open session in this process with the target it recorded.
    bool resumeRun(int maxEvals);
    bool isRunningHere() const { return m_runThread.joinable(); }
    /// True if some process (this one or a headless `phylo run`) is writing the open session.
    bool isLive() const { return m_snapshot && m_snapshot->live; }
    /// Ends the run cleanly: here through the stop flag, elsewhere through a `stop` steering command.
    void stop();
    void steer(const QString& command, const QString& argument = {});
    void requestDetail(NodeId id);
    void requestCode(NodeId id, int tag);
    SnapshotPtr snapshot() const { return m_snapshot; }

Q_SIGNALS:
    void snapshotReady(phylo::ui::SnapshotPtr snapshot);
    void detailReady(phylo::ui::NodeDetailPtr detail);
    void codeReady(qint64 id, int tag, phylo::ui::CodePtr code);
    void steeringRecorded(const QString& command, const QString& argument, const QString& error);
    /// A line from the running session (resuming, paused, pruned, ...) or an error.
    void message(const QString& text);
    void failed(const QString& error);
    void runStarted();
    /// The in-process run ended; REASON says why (a bad target's message included).
    void runFinished(const QString& reason, int exitCode);

private:
    void joinRun();

    QThread* m_thread = nullptr;
    SessionWorker* m_worker = nullptr;
    QString m_path;
    SnapshotPtr m_snapshot;
    std::thread m_runThread;
    std::atomic<bool> m_stop { false };
};

} // namespace phylo::ui
