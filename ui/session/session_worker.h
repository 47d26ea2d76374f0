// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "session_snapshot.h"

#include <QObject>
#include <QString>

#include <map>
#include <memory>
#include <string>

class QTimer;

namespace phylo::ui {

class SessionReader;

using SnapshotPtr = std::shared_ptr<const SessionSnapshot>;
using NodeDetailPtr = std::shared_ptr<const NodeDetail>;
using CodePtr = std::shared_ptr<const std::map<std::string, std::string>>;

/**
 * Lives on the session controller's worker thread and does everything that touches the session
 * file: polls it for changes (a few times a second), reads a node's log and code, and writes
 * steering commands. Every result goes back as a signal; nothing here ever runs on the GUI thread.
 */
class SessionWorker : public QObject
{
    Q_OBJECT

public:
    explicit SessionWorker(QObject* parent = nullptr);
    ~SessionWorker() override;

public Q_SLOTS:
    void open(const QString& path);
    void close();
    void pollNow();
    /// Validates and records one steering command (source "app"); steeringRecorded() says how it went.
    void steer(const QString& command, const QString& argument);
    void requestDetail(qint64 id);
    /// The code of node ID (0: the original); TAG comes back with it.
    void requestCode(qint64 id, int tag);

Q_SIGNALS:
    void snapshotReady(phylo::ui::SnapshotPtr snapshot);
    void detailReady(phylo::ui::NodeDetailPtr detail);
    void codeReady(qint64 id, int tag, phylo::ui::CodePtr code);
    /// ERROR is empty when the command was recorded.
    void steeringRecorded(const QString& command, const QString& argument, const QString& error);
    void failed(const QString& error);

private:
    std::unique_ptr<SessionReader> m_reader;
    QTimer* m_timer = nullptr;
    QString m_lastError;
};

} // namespace phylo::ui

Q_DECLARE_METATYPE(phylo::ui::SnapshotPtr)
Q_DECLARE_METATYPE(phylo::ui::NodeDetailPtr)
Q_DECLARE_METATYPE(phylo::ui::CodePtr)
