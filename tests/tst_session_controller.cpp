// SPDX-License-Identifier: GPL-3.0-or-later
// The app's handle on a session: follows a file another process writes, runs one in-process, and steers both.
#include "session/session_controller.h"
#include "session/session_observer.h"
#include "session/session_runner.h"
#include "store/session_store.h"
#include "testsupport.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace phylo;
using namespace phylo::ui;
namespace fs = std::filesystem;

namespace {

class Quiet : public SessionObserver {
};

SnapshotPtr lastSnapshot(const QSignalSpy& spy)
{
    return spy.isEmpty() ? nullptr : spy.last().at(0).value<SnapshotPtr>();
}

} // namespace

class TestSessionController : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void opensAFinishedSession_thenOnlyChangesArrive()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        test::makeSyntheticTarget(target);
        RunOptions options;
        options.targetDir = target;
        options.db = db;
        options.maxEvals = 6;
        options.seed = 1;
        options.jobs = 2;
        Quiet quiet;
        std::atomic<bool> stop { false };
        QCOMPARE(runSession(options, quiet, stop).exitCode, 0);

        SessionController controller;
        QSignalSpy snapshots(&controller, &SessionController::snapshotReady);
        controller.openSession(QString::fromStdString(db.string()));
        QTRY_COMPARE_WITH_TIMEOUT(snapshots.count(), 1, 5000);
        auto first = lastSnapshot(snapshots);
        QVERIFY(first->full);
        QCOMPARE(first->nodes.size(), size_t(6));
        QCOMPARE(first->changed.size(), size_t(6));
        QCOMPARE(first->evaluated, 6);
        QCOMPARE(first->maxEvals, 6);
        QVERIFY(!first->live);
        QVERIFY(first->bestId > 0);
        QCOMPARE(first->targetName, std::string("synthetic"));
        QVERIFY(!first->targetFiles.empty());

        // Nothing new: no snapshot. A steering command is new, but changes no node.
        QTest::qWait(700);
        QCOMPARE(snapshots.count(), 1);
        QSignalSpy recorded(&controller, &SessionController::steeringRecorded);
        controller.steer(QStringLiteral("pin"), QStringLiteral("b=fast"));
        QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 1, 5000);
        QCOMPARE(recorded.last().at(2).toString(), QString());
        QTRY_COMPARE_WITH_TIMEOUT(snapshots.count(), 2, 5000);
        auto second = lastSnapshot(snapshots);
        QVERIFY(!second->full);
        QVERIFY(second->changed.empty());
        QCOMPARE(second->commands.size(), size_t(1));
        QCOMPARE(second->commands[0].source, std::string("app"));
        QCOMPARE(second->steering.pinned.size(), size_t(1));

        // A command the session cannot apply is refused with the reason, and not written.
        controller.steer(QStringLiteral("prune"), QStringLiteral("999"));
        QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 2, 5000);
        QVERIFY(recorded.last().at(2).toString().contains(QStringLiteral("no node 999")));
        QCOMPARE(SessionStore::open(db, SessionStore::Access::ReadOnly)->steering().size(), size_t(1));

        // A node's detail carries its log and code.
        QSignalSpy details(&controller, &SessionController::detailReady);
        controller.requestDetail(first->bestId);
        QTRY_COMPARE_WITH_TIMEOUT(details.count(), 1, 5000);
        const auto detail = details.last().at(0).value<NodeDetailPtr>();
        QCOMPARE(detail->node.id, first->bestId);
        QVERIFY(!detail->code.empty());
    }

    void followsAHeadlessRun_live_andStopsItThroughTheFile()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        test::makeSyntheticTarget(target, "sleep 0.3");
        QProcess headless;
        headless.start(QString::fromStdString(test::cliPath()),
            { QStringLiteral("run"), QString::fromStdString(target.string()), QStringLiteral("--db"),
                QString::fromStdString(db.string()), QStringLiteral("--max-evals"), QStringLiteral("40"),
                QStringLiteral("--jobs"), QStringLiteral("2"), QStringLiteral("--seed"), QStringLiteral("2") });
        QVERIFY(headless.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(fs::exists(db), 10000);

        SessionController controller;
        QSignalSpy snapshots(&controller, &SessionController::snapshotReady);
        QSignalSpy failures(&controller, &SessionController::failed);
        controller.openSession(QString::fromStdString(db.string()));
        // Nodes arrive as the other process evaluates them.
        QTRY_VERIFY_WITH_TIMEOUT(lastSnapshot(snapshots) && lastSnapshot(snapshots)->evaluated >= 4, 20000);
        QVERIFY(lastSnapshot(snapshots)->live);
        QVERIFY(controller.isLive());
        QVERIFY(snapshots.count() >= 2);
        QVERIFY2(failures.isEmpty(), failures.isEmpty() ? "" : qPrintable(failures.first().at(0).toString()));

        controller.stop(); // not ours: a `stop` command in the file
        QVERIFY(headless.waitForFinished(20000));
        QCOMPARE(headless.exitCode(), 0);
        const auto runs = SessionStore::open(db, SessionStore::Access::ReadOnly)->runs();
        QVERIFY2(runs.back().endReason.find("stopped by steering (app)") != std::string::npos, runs.back().endReason.c_str());
        QTRY_VERIFY_WITH_TIMEOUT(!lastSnapshot(snapshots)->live, 5000);
        QVERIFY(lastSnapshot(snapshots)->evaluated < 40);
    }

    void runsASessionInProcess_andStopsIt()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target";
        test::makeSyntheticTarget(target, "sleep 0.2");
        SessionController controller;
        QSignalSpy snapshots(&controller, &SessionController::snapshotReady);
        QSignalSpy finished(&controller, &SessionController::runFinished);
        RunRequest request;
        request.targetDir = QString::fromStdString(target.string());
        request.sessionPath = dir.path() + QStringLiteral("/app.db");
        request.maxEvals = 50;
        request.jobs = 2;
        request.seed = 4;
        QVERIFY(controller.startRun(request));
        QVERIFY(controller.isRunningHere());
        QVERIFY(!controller.startRun(request)); // one at a time
        QTRY_VERIFY_WITH_TIMEOUT(lastSnapshot(snapshots) && lastSnapshot(snapshots)->evaluated >= 3, 20000);
        QVERIFY(lastSnapshot(snapshots)->live);
        controller.stop();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QCOMPARE(finished.last().at(1).toInt(), 130);
        QVERIFY(!controller.isRunningHere());
        QTRY_VERIFY_WITH_TIMEOUT(!lastSnapshot(snapshots)->live, 5000);
        const auto evaluated = lastSnapshot(snapshots)->evaluated;
        QVERIFY(evaluated >= 3 && evaluated < 50);
        for (const auto& node : lastSnapshot(snapshots)->nodes)
            QVERIFY(node.status != NodeStatus::Running);

        // Resume in-process with a small budget: it reaches it.
        QVERIFY(controller.resumeRun(evaluated + 2));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 20000);
        QCOMPARE(finished.last().at(1).toInt(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(lastSnapshot(snapshots)->evaluated, evaluated + 2, 5000);
    }

    void aBrokenTarget_isAMessage_notACrash()
    {
        QTemporaryDir dir;
        test::writeFile(dir.path().toStdString() + "/t/phylo.toml", "[target]\nname = 3\n");
        SessionController controller;
        QSignalSpy finished(&controller, &SessionController::runFinished);
        RunRequest request;
        request.targetDir = dir.path() + QStringLiteral("/t");
        request.sessionPath = dir.path() + QStringLiteral("/x.db");
        QVERIFY(controller.startRun(request));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QCOMPARE(finished.last().at(1).toInt(), 2);
        QVERIFY(finished.last().at(0).toString().contains(QStringLiteral("name")));
    }
};

QTEST_GUILESS_MAIN(TestSessionController)
#include "tst_session_controller.moc"
