// SPDX-License-Identifier: GPL-3.0-or-later
#include "session_worker.h"

#include "agents/user_ideas.h"
#include "search/steering.h"
#include "session_reader.h"
#include "store/session_store.h"

#include <QTimer>

#include <exception>
#include <set>

namespace phylo::ui {

namespace {
    constexpr int kPollIntervalMs = 300;
}

SessionWorker::SessionWorker(QObject* parent)
    : QObject(parent)
{
}

SessionWorker::~SessionWorker() = default;

void SessionWorker::open(const QString& path)
{
    m_reader = std::make_unique<SessionReader>(path.toStdString());
    m_lastError.clear();
    if (!m_timer) {
        m_timer = new QTimer(this); // created here, so it lives on this thread
        m_timer->setInterval(kPollIntervalMs);
        connect(m_timer, &QTimer::timeout, this, &SessionWorker::pollNow);
    }
    m_timer->start();
    pollNow();
}

void SessionWorker::close()
{
    if (m_timer)
        m_timer->stop();
    m_reader.reset();
}

void SessionWorker::pollNow()
{
    if (!m_reader)
        return;
    try {
        if (auto snapshot = m_reader->poll())
            Q_EMIT snapshotReady(std::move(snapshot));
        m_lastError.clear();
    } catch (const std::exception& e) {
        // Say it once, not at every poll; a file that is not a session stops the polling.
        const QString error = QString::fromStdString(e.what());
        if (error != m_lastError)
            Q_EMIT failed(error);
        m_lastError = error;
    }
}

void SessionWorker::steer(const QString& command, const QString& argument)
{
    if (!m_reader) {
        Q_EMIT steeringRecorded(command, argument, tr("no session is open"));
        return;
    }
    try {
        auto store = SessionStore::open(m_reader->path(), SessionStore::Access::ReadWrite);
        std::set<NodeId> ids;
        for (const auto& node : store->loadNodes(false))
            ids.insert(node.id);
        auto problem = validateSteering(command.toStdString(), argument.toStdString(), store->ideas(), ids);
        if (!problem && command == QStringLiteral("add-idea"))
            problem = validateUserIdeas(argument.toStdString(), store->ideas());
        if (problem) {
            Q_EMIT steeringRecorded(command, argument, QString::fromStdString(*problem));
            return;
        }
        store->addSteering("app", command.toStdString(), argument.toStdString());
        Q_EMIT steeringRecorded(command, argument, QString());
    } catch (const std::exception& e) {
        Q_EMIT steeringRecorded(command, argument, QString::fromStdString(e.what()));
    }
    pollNow();
}

void SessionWorker::requestDetail(qint64 id)
{
    if (!m_reader)
        return;
    try {
        if (auto detail = m_reader->detail(id))
            Q_EMIT detailReady(std::make_shared<const NodeDetail>(std::move(*detail)));
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    }
}

void SessionWorker::requestCode(qint64 id, int tag)
{
    if (!m_reader)
        return;
    try {
        Q_EMIT codeReady(id, tag, std::make_shared<const std::map<std::string, std::string>>(m_reader->codeOf(id)));
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    }
}

} // namespace phylo::ui
