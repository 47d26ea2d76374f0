// SPDX-License-Identifier: GPL-3.0-or-later
#include "recent_sessions.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace phylo::ui {

namespace {
    const QString kKey = QStringLiteral("recentSessions");

    QString normalized(const QString& path)
    {
        return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    }
} // namespace

RecentSessions::RecentSessions(QObject* parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>())
{
}

RecentSessions::RecentSessions(const QString& iniFile, QObject* parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>(iniFile, QSettings::IniFormat))
{
}

RecentSessions::~RecentSessions() = default;

QStringList RecentSessions::stored() const
{
    return m_settings->value(kKey).toStringList();
}

void RecentSessions::store(const QStringList& paths)
{
    m_settings->setValue(kKey, paths);
    m_settings->sync();
    Q_EMIT changed();
}

void RecentSessions::add(const QString& path)
{
    if (path.isEmpty())
        return;
    const QString entry = normalized(path);
    QStringList paths = stored();
    paths.removeAll(entry);
    paths.prepend(entry);
    while (paths.size() > kMaxEntries)
        paths.removeLast();
    store(paths);
}

void RecentSessions::remove(const QString& path)
{
    QStringList paths = stored();
    if (paths.removeAll(normalized(path)) > 0)
        store(paths);
}

void RecentSessions::clear()
{
    if (!stored().isEmpty())
        store({});
}

QStringList RecentSessions::paths()
{
    const QStringList all = stored();
    QStringList existing;
    for (const QString& path : all) {
        if (QFileInfo(path).isFile())
            existing << path;
    }
    if (existing.size() != all.size())
        store(existing);
    return existing;
}

void RecentSessions::fillMenu(QMenu* menu)
{
    menu->clear();
    const QStringList sessions = paths();
    if (sessions.isEmpty()) {
        menu->addAction(tr("No Recent Sessions"))->setEnabled(false);
        return;
    }
    for (int i = 0; i < sessions.size(); ++i) {
        const QString path = sessions[i];
        // "&1 name.db" … "1&0 name.db": the first nine (and the tenth) get a keyboard accelerator.
        const QString number = i < 9 ? QStringLiteral("&") + QString::number(i + 1) : QStringLiteral("1&0");
        QString name = QFileInfo(path).fileName();
        name.replace(QLatin1Char('&'), QStringLiteral("&&"));
        QAction* action = menu->addAction(number + QLatin1Char(' ') + name);
        action->setToolTip(path);
        action->setStatusTip(path);
        action->setData(path);
        connect(action, &QAction::triggered, this, [this, path] { Q_EMIT sessionChosen(path); });
    }
    menu->addSeparator();
    connect(menu->addAction(tr("Clear Menu")), &QAction::triggered, this, &RecentSessions::clear);
}

void RecentSessions::attachMenu(QMenu* menu)
{
    fillMenu(menu);
    connect(menu, &QMenu::aboutToShow, this, [this, menu] { fillMenu(menu); });
}

} // namespace phylo::ui
