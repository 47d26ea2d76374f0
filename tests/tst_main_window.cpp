// SPDX-License-Identifier: GPL-3.0-or-later
// The desktop window: opening a session and exporting its report (HTML, Markdown, PDF) off the GUI thread.
#include "main_window.h"
#include "session/session_observer.h"
#include "session/session_runner.h"
#include "testsupport.h"

#include <QAction>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace phylo;

class TestMainWindow : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_db;

    QAction* exportAction(ui::MainWindow& window)
    {
        for (QAction* menu : window.menuBar()->actions()) {
            for (QAction* action : menu->menu()->actions()) {
                if (action->text().contains(QStringLiteral("Export Report")))
                    return action;
            }
        }
        return nullptr;
    }

private slots:
    void initTestCase()
    {
        const std::filesystem::path target = m_dir.path().toStdString() + "/target";
        test::makeSyntheticTarget(target);
        RunOptions options;
        options.targetDir = target;
        options.db = m_dir.path().toStdString() + "/s.db";
        options.maxEvals = 10;
        options.seed = 2;
        options.jobs = 2;
        SessionObserver quiet;
        std::atomic<bool> stop { false };
        QCOMPARE(runSession(options, quiet, stop).exitCode, 0);
        m_db = QString::fromStdString(options.db.string());
    }

    void exportIsEnabledOnlyWithASession()
    {
        ui::MainWindow window;
        QAction* action = exportAction(window);
        QVERIFY(action);
        QVERIFY(!action->isEnabled());
        window.setSessionPath(m_db);
        QVERIFY(action->isEnabled());
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("s.db")));
    }

    void exportsEachFormat_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("html") << QStringLiteral("r.html") << QByteArray("<svg");
        QTest::newRow("markdown") << QStringLiteral("r.md") << QByteArray("# PhyloEvolve report: synthetic");
        QTest::newRow("pdf") << QStringLiteral("r.pdf") << QByteArray("%PDF");
    }

    void exportsEachFormat()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, expected);
        ui::MainWindow window;
        window.setSessionPath(m_db);
        QSignalSpy done(&window, &ui::MainWindow::reportExported);
        const QString path = m_dir.path() % QLatin1Char('/') % name;
        window.exportReportTo(path);
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QCOMPARE(done.at(0).at(1).toString(), QString());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QVERIFY2(content.contains(expected), content.left(200).constData());
        if (!name.endsWith(QLatin1String(".pdf")))
            QVERIFY(content.contains("Failures") || content.contains("failed") || content.contains("Best"));
    }

    void badTargetsAreReportedNotThrown()
    {
        ui::MainWindow window;
        window.setSessionPath(m_db);
        QSignalSpy done(&window, &ui::MainWindow::reportExported);
        window.exportReportTo(m_dir.path() + QStringLiteral("/r.docx"));
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QVERIFY(done.at(0).at(1).toString().contains(QStringLiteral("docx")));

        window.setSessionPath(m_dir.path() + QStringLiteral("/missing.db"));
        window.exportReportTo(m_dir.path() + QStringLiteral("/r2.html"));
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 2, 20000);
        QVERIFY(done.at(1).at(1).toString().contains(QStringLiteral("no such session file")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
