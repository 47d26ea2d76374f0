// SPDX-License-Identifier: GPL-3.0-or-later
// The app's remembered settings (never an API key, nothing out of range handed back) and the recent
// sessions list and menu. Settings go to a temporary INI directory, never the user's.
#include "wizard/app_settings.h"
#include "wizard/recent_sessions.h"

#include <QAction>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace phylo;
using namespace phylo::ui;

class TestAppSettings : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

    /** Each test function its own INI file (QSettings caches files by name within the process). */
    QString settingsFile() const
    {
        return m_tmp.filePath(QStringLiteral("settings/") + QString::fromLatin1(QTest::currentTestFunction())
            + QStringLiteral(".ini"));
    }
    /** An existing file (a stand-in session) under the temporary dir. */
    QString newFile(const QString& name)
    {
        const QString path = m_tmp.filePath(QStringLiteral("files/") + name);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write("x") == 1 ? path : QString();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("PhyloEvolveTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_app_settings"));
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_tmp.filePath(QStringLiteral("settings")));
    }
    void settingsNeverKeepAKey();
    void recentSessionsOrderDedupAndLimit();
    void recentSessionsDropMissingFiles();
    void recentSessionsMenu();
};

void TestAppSettings::settingsNeverKeepAKey()
{
    AppSettings settings(settingsFile());
    QVERIFY(settings.setLastKeyEnv(QStringLiteral("OPENAI_API_KEY")));
    QVERIFY(!settings.setLastKeyEnv(QStringLiteral("sk-proj-AbC123")));
    QVERIFY(!settings.setLastKeyEnv(QStringLiteral("has space")));
    QCOMPARE(settings.lastKeyEnv(), QStringLiteral("OPENAI_API_KEY"));
    QVERIFY(settings.setLastKeyEnv(QString()));
    QVERIFY(settings.lastKeyEnv().isEmpty());
    settings.sync();
    QFile file(settingsFile());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("sk-proj"));

    // A value planted in the file by hand is not handed back either.
    {
        QSettings raw(settingsFile(), QSettings::IniFormat);
        raw.setValue(QStringLiteral("wizard/keyEnv"), QStringLiteral("sk-live-xyz"));
        raw.setValue(QStringLiteral("wizard/llmPreset"), QStringLiteral("unknown-provider"));
        raw.setValue(QStringLiteral("wizard/maxEvals"), -4);
    }
    AppSettings reread(settingsFile());
    QVERIFY(reread.lastKeyEnv().isEmpty());
    QCOMPARE(reread.lastLlmPreset(), QStringLiteral("offline"));
    QCOMPARE(reread.defaultMaxEvals(), 30);

    // The default constructor uses the application's settings, which the test redirected.
    AppSettings appSettings;
    appSettings.setLastModel(QStringLiteral("model-in-default-settings"));
    appSettings.sync();
    QVERIFY(QFileInfo(m_tmp.filePath(QStringLiteral("settings/PhyloEvolveTests/tst_app_settings.ini"))).isFile());
}

void TestAppSettings::recentSessionsOrderDedupAndLimit()
{
    RecentSessions recent(settingsFile());
    QSignalSpy changed(&recent, &RecentSessions::changed);
    QVERIFY(recent.paths().isEmpty());

    QStringList files;
    for (int i = 0; i < 12; ++i)
        files << newFile(QStringLiteral("s%1.db").arg(i));
    for (const QString& file : files)
        recent.add(file);
    QCOMPARE(changed.count(), 12);

    QStringList expected;
    for (int i = 11; i >= 2; --i)
        expected << files[i];
    QCOMPARE(recent.paths(), expected); // newest first, the two oldest gone
    QCOMPARE(recent.paths().size(), RecentSessions::kMaxEntries);

    // Adding a listed one moves it to the front, once; a relative or unclean spelling is the same file.
    recent.add(files[5]);
    QCOMPARE(recent.paths().first(), files[5]);
    QCOMPARE(recent.paths().count(files[5]), 1);
    QCOMPARE(recent.paths().size(), 10);
    const QString unclean = QFileInfo(files[8]).absolutePath() + QStringLiteral("/./../files/s8.db");
    recent.add(unclean);
    QCOMPARE(recent.paths().first(), files[8]);
    QCOMPARE(recent.paths().count(files[8]), 1);
    const QString cwd = QDir::currentPath();
    QVERIFY(QDir::setCurrent(QFileInfo(files[9]).absolutePath()));
    recent.add(QStringLiteral("s9.db"));
    QDir::setCurrent(cwd);
    QCOMPARE(recent.paths().first(), files[9]);
    QCOMPARE(recent.paths().count(files[9]), 1);
    QCOMPARE(recent.paths().mid(0, 3), QStringList({ files[9], files[8], files[5] }));

    // The list is in the settings: another instance sees it.
    RecentSessions other(settingsFile());
    QCOMPARE(other.paths(), recent.paths());

    recent.remove(files[8]);
    QVERIFY(!recent.paths().contains(files[8]));
    recent.clear();
    QVERIFY(recent.paths().isEmpty());
    QVERIFY(other.paths().isEmpty());
}

void TestAppSettings::recentSessionsDropMissingFiles()
{
    RecentSessions recent(settingsFile());
    const QString a = newFile(QStringLiteral("a.db"));
    const QString b = newFile(QStringLiteral("b.db"));
    const QString c = newFile(QStringLiteral("c.db"));
    recent.add(a);
    recent.add(b);
    recent.add(c);
    QVERIFY(QFile::remove(b));
    QSignalSpy changed(&recent, &RecentSessions::changed);
    QCOMPARE(recent.paths(), QStringList({ c, a }));
    QCOMPARE(changed.count(), 1); // dropped from the settings, not only from this answer
    QSettings raw(settingsFile(), QSettings::IniFormat);
    QCOMPARE(raw.value(QStringLiteral("recentSessions")).toStringList(), QStringList({ c, a }));
    QCOMPARE(recent.paths(), QStringList({ c, a }));
    QCOMPARE(changed.count(), 1); // nothing more to drop
    // A directory is not a session file.
    recent.add(m_tmp.path());
    QCOMPARE(recent.paths(), QStringList({ c, a }));
}

void TestAppSettings::recentSessionsMenu()
{
    RecentSessions recent(settingsFile());
    QMenu menu;
    recent.attachMenu(&menu);
    QCOMPARE(menu.actions().size(), 1);
    QCOMPARE(menu.actions().first()->text(), QStringLiteral("No Recent Sessions"));
    QVERIFY(!menu.actions().first()->isEnabled());

    const QString first = newFile(QStringLiteral("first & one.db"));
    const QString second = newFile(QStringLiteral("second.db"));
    recent.add(first);
    recent.add(second);
    recent.fillMenu(&menu);
    const QList<QAction*> actions = menu.actions();
    QCOMPARE(actions.size(), 4); // two sessions, a separator, Clear Menu
    QCOMPARE(actions[0]->text(), QStringLiteral("&1 second.db"));
    QCOMPARE(actions[1]->text(), QStringLiteral("&2 first && one.db"));
    QCOMPARE(actions[1]->toolTip(), first);
    QVERIFY(actions[2]->isSeparator());
    QCOMPARE(actions[3]->text(), QStringLiteral("Clear Menu"));

    QSignalSpy chosen(&recent, &RecentSessions::sessionChosen);
    actions[1]->trigger();
    QCOMPARE(chosen.count(), 1);
    QCOMPARE(chosen.first().first().toString(), first);

    // The menu is refilled each time it is about to show: a file that went away is no longer offered.
    QVERIFY(QFile::remove(second));
    Q_EMIT menu.aboutToShow();
    QCOMPARE(menu.actions().size(), 3);
    QCOMPARE(menu.actions()[0]->data().toString(), first);

    menu.actions().last()->trigger(); // Clear Menu
    QVERIFY(recent.paths().isEmpty());
    Q_EMIT menu.aboutToShow();
    QCOMPARE(menu.actions().size(), 1);
    QVERIFY(!menu.actions().first()->isEnabled());
}

QTEST_MAIN(TestAppSettings)
#include "tst_app_settings.moc"
