// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QStringList>

#include <memory>

class QMenu;
class QSettings;

namespace phylo::ui {

/**
 * The session files opened or created lately, most recent first (QSettings key "recentSessions"): at most
 * kMaxEntries, each path once (compared as clean absolute paths). Files that no longer exist are dropped
 * whenever the list is read. fillMenu() turns the list into an "Open Recent" menu whose actions emit
 * sessionChosen().
 */
class RecentSessions : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMaxEntries = 10;

    /** The application's settings (QSettings() with the organization and application names). */
    explicit RecentSessions(QObject* parent = nullptr);
    /** Settings kept in the INI file INI_FILE (tests, or a portable set-up). */
    explicit RecentSessions(const QString& iniFile, QObject* parent = nullptr);
    ~RecentSessions() override;

    /** Puts PATH first (moving it if it is listed already) and keeps the newest kMaxEntries. */
    void add(const QString& path);
    void remove(const QString& path);
    void clear();
    /** The existing files, most recent first; entries whose file is gone are removed from the settings. */
    QStringList paths();

    /**
     * Replaces MENU's actions with one per session (its file name; the full path as tool tip and status tip),
     * then a separator and "Clear Menu"; a disabled "No Recent Sessions" when the list is empty.
     */
    void fillMenu(QMenu* menu);
    /** Fills MENU now and again each time it is about to show. */
    void attachMenu(QMenu* menu);

Q_SIGNALS:
    /** A recent session's menu action was triggered. */
    void sessionChosen(const QString& path);
    /** The list changed (added, removed, cleared, or missing files dropped). */
    void changed();

private:
    QStringList stored() const;
    void store(const QStringList& paths);

    std::unique_ptr<QSettings> m_settings;
};

} // namespace phylo::ui
