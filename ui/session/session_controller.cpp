// SPDX-License-Identifier: GPL-3.0-or-later
#include "session_controller.h"

#include "session/session_observer.h"
#include "session/session_runner.h"

#include <QMetaObject>
#include <QThread>

#include <exception>

namespace phylo::ui {

namespace {

    /// Turns the core's callbacks (on the run thread) into queued calls on the controller's thread.
    class QueuedObserver : public SessionObserver {
    public:
        QueuedObserver(SessionController* controller, SessionWorker* worker)
            : m_controller(controller)
            , m_worker(worker)
        {
        }
        void onMessage(const std::string& text) override
        {
            QMetaObject::invokeMethod(m_controller, "message", Qt::QueuedConnection,
                Q_ARG(QString, QString::fromStdString(text)));
        }
        // The file changed: read it now rather than at the next poll.
        void onNodeStarted(const Node&, const SessionProgress&) override { poke(); }
        void onNodeFinished(const Node&, const SessionProgress&) override { poke(); }

    private:
        void poke() { QMetaObject::invokeMethod(m_worker, &SessionWorker::pollNow, Qt::QueuedConnection); }

        SessionController* m_controller;
        SessionWorker* m_worker;
    };

} // namespace

SessionController::SessionController(QObject* parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new SessionWorker)
{
    qRegisterMetaType<SnapshotPtr>();
    qRegisterMetaType<NodeDetailPtr>();
    qRegisterMetaType<CodePtr>();
    m_thread->setObjectName(QStringLiteral("session reader"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SessionWorker::snapshotReady, this, [this](SnapshotPtr snapshot) {
        m_snapshot = snapshot;
        Q_EMIT snapshotReady(std::move(snapshot));
    });
    connect(m_worker, &SessionWorker::detailReady, this, &SessionController::detailReady);
    connect(m_worker, &SessionWorker::codeReady, this, &SessionController::codeReady);
    connect(m_worker, &SessionWorker::steeringRecorded, this, &SessionController::steeringRecorded);
    connect(m_worker, &SessionWorker::failed, this, &SessionController::failed);
    m_thread->start();
}

SessionController::~SessionController()
{
    m_stop = true;
    joinRun();
    m_thread->quit();
    m_thread->wait();
}

void SessionController::joinRun()
{
    if (m_runThread.joinable())
        m_runThread.join();
}

void SessionController::openSession(const QString& path)
{
    m_path = path;
    m_snapshot.reset();
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, path] { worker->open(path); }, Qt::QueuedConnection);
}

bool SessionController::startRun(const RunRequest& request)
{
    if (isRunningHere()) {
        Q_EMIT failed(tr("A session is already running in this window; stop it first."));
        return false;
    }
    RunOptions options;
    options.targetDir = request.targetDir.toStdString();
    options.db = request.sessionPath.toStdString();
    options.maxEvals = request.maxEvals;
    options.jobs = request.jobs;
    options.seed = request.seed;
    options.offline = request.offline;
    options.llm = request.llm.toStdString();
    options.commandLine = "phyloevolve (in-app run)";
    m_stop = false;
    // Follow the file the run writes; the reader waits for its schema.
    openSession(request.sessionPath);
    m_runThread = std::thread([this, options] {
        QueuedObserver observer(this, m_worker);
        RunResult result;
        try {
            result = runSession(options, observer, m_stop);
        } catch (const std::exception& e) {
            result = { 2, e.what() };
        }
        QMetaObject::invokeMethod(this, [this, result] {
            joinRun();
            QMetaObject::invokeMethod(m_worker, &SessionWorker::pollNow, Qt::QueuedConnection);
            Q_EMIT runFinished(QString::fromStdString(result.endReason), result.exitCode);
        }, Qt::QueuedConnection);
    });
    Q_EMIT runStarted();
    return true;
}

bool SessionController::resumeRun(int maxEvals)
{
    if (!m_snapshot || m_snapshot->targetDir.empty()) {
        Q_EMIT failed(tr("Open a session first."));
        return false;
    }
    if (m_snapshot->live && !isRunningHere()) {
        Q_EMIT failed(tr("Another process is writing this session; it can be steered but not started twice."));
        return false;
    }
    RunRequest request;
    request.targetDir = QString::fromStdString(m_snapshot->targetDir);
    request.sessionPath = m_path;
    request.maxEvals = maxEvals;
    return startRun(request);
}

void SessionController::stop()
{
    if (isRunningHere())
        m_stop = true;
    else if (isLive())
        steer(QStringLiteral("stop"));
}

void SessionController::steer(const QString& command, const QString& argument)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, command, argument] { worker->steer(command, argument); }, Qt::QueuedConnection);
}

void SessionController::requestDetail(NodeId id)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, id] { worker->requestDetail(id); }, Qt::QueuedConnection);
}

void SessionController::requestCode(NodeId id, int tag)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, id, tag] { worker->requestCode(id, tag); }, Qt::QueuedConnection);
}

} // namespace phylo::ui
