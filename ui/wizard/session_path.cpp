// SPDX-License-Identifier: GPL-3.0-or-later
#include "session_path.h"

#include <QDir>
#include <QRegularExpression>
#include <QStandardPaths>

namespace phylo::ui {

QString defaultSessionsDir()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(QStringLiteral("sessions"));
}

QString defaultSessionPath(const QString& targetName, const QDateTime& when, const QString& sessionsDir)
{
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._-]+"));
    QString name = targetName;
    name.replace(unsafe, QStringLiteral("_"));
    if (name.isEmpty() || name.startsWith(QLatin1Char('.')))
        name.prepend(QStringLiteral("session"));
    return QDir(sessionsDir).filePath(name + QLatin1Char('-') + when.toString(QStringLiteral("yyyyMMdd-HHmmss"))
        + QStringLiteral(".db"));
}

} // namespace phylo::ui
