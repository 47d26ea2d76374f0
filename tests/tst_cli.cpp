// SPDX-License-Identifier: GPL-3.0-or-later
// The `phylo` command line: its contract for users, scripts, CI and the app.
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace fs = std::filesystem;
using namespace phylo;

namespace {
struct Result {
    int exitCode = -1;
    QString out;
    QString err;
};

Result runCli(const QStringList& args)
{
    QProcess process;
    process.start(QString::fromStdString(test::cliPath()), args);
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
    }
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
        QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError()) };
}

QString str(const fs::path& path)
{
    return QString::fromStdString(path.string());
}
}

class TestCli : public QObject {
    Q_OBJECT

private slots:
    void versionAndHelp()
    {
        auto version = runCli({ "--version" });
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith(QStringLiteral("phylo ")));
        auto help = runCli({ "--help" });
        QCOMPARE(help.exitCode, 0);
        for (const char* sub : { "run", "export", "show" }) {
            QVERIFY(help.out.contains(QLatin1String(sub)));
            auto subHelp = runCli({ QLatin1String(sub), "--help" });
            QCOMPARE(subHelp.exitCode, 0);
            QVERIFY(subHelp.out.contains(QStringLiteral("--db")));
        }
        QVERIFY(runCli({ "run", "--help" }).out.contains(QStringLiteral("--max-evals")));
        QCOMPARE(runCli({}).exitCode, 2);
        QCOMPARE(runCli({ "frobnicate" }).exitCode, 2);
    }

    void runShowExport()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        test::makeSyntheticTarget(target);
        auto run = runCli({ "run", str(target), "--db", str(db), "--max-evals", "12", "--seed", "4", "--jobs", "2", "--offline" });
        QCOMPARE(run.exitCode, 0);
        // Not a terminal: plain lines, one per evaluation.
        QVERIFY(run.err.contains(QStringLiteral("[12/12]")));
        QVERIFY(!run.err.contains(QStringLiteral("\r")));

        auto show = runCli({ "show", "--db", str(db) });
        QCOMPARE(show.exitCode, 0);
        QVERIFY(show.out.contains(QStringLiteral("Evaluations: 12")));
        QVERIFY(show.out.contains(QStringLiteral("Best:")));
        QVERIFY(show.out.contains(QStringLiteral("speedup")));

        auto exported = runCli({ "export", "--db", str(db), "--format", "json" });
        QCOMPARE(exported.exitCode, 0);
        QJsonParseError error;
        const auto doc = QJsonDocument::fromJson(exported.out.toUtf8(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const auto nodes = doc.object().value(QStringLiteral("nodes")).toArray();
        QCOMPARE(nodes.size(), 12);
        for (int i = 0; i < nodes.size(); ++i) {
            const auto node = nodes[i].toObject();
            QCOMPARE(node.value(QStringLiteral("eval_index")).toInt(), i);
            for (const char* key : { "id", "parents", "era", "genes", "status", "failure_reason", "metric", "speedup" })
                QVERIFY2(node.contains(QLatin1String(key)), key);
        }
        QCOMPARE(nodes[0].toObject().value(QStringLiteral("speedup")).toDouble(), 1.0);
        QVERIFY(nodes[1].toObject().value(QStringLiteral("parents")).toArray().size() >= 1);
    }

    void badInput_data()
    {
        QTest::addColumn<QString>("toml"); // empty: no phylo.toml at all
        QTest::addColumn<QString>("expected"); // part of the message
        QTest::newRow("missing phylo.toml") << QString() << "phylo.toml: missing";
        QTest::newRow("malformed") << "[target\nname = " << "not valid TOML";
        QTest::newRow("unknown key") << QString::fromStdString(test::syntheticToml() + "[run2]\nx = 1\n") << "unknown key 'run2'";
        QTest::newRow("wrong type") << QString::fromStdString(test::syntheticToml("sh bench.sh", 1)).replace(
            QStringLiteral("repeat = 1"), QStringLiteral("repeat = \"five\""))
                                    << "[run] repeat: expected an integer from 1 to 10000";
        QTest::newRow("missing file") << QString::fromStdString(test::syntheticToml()).replace(
            QStringLiteral("kernel.txt"), QStringLiteral("nothere.cpp"))
                                      << "\"nothere.cpp\" does not exist";
    }

    void badInput()
    {
        QFETCH(QString, toml);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        test::makeSyntheticTarget(target);
        if (toml.isEmpty())
            fs::remove(target / "phylo.toml");
        else
            test::writeFile(target / "phylo.toml", toml.toStdString());
        auto run = runCli({ "run", str(target), "--db", str(db) });
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(expected), qPrintable(run.err));
        QVERIFY2(run.err.contains(QStringLiteral("phylo.toml")), qPrintable(run.err)); // names the file
        QCOMPARE(run.err.count(QLatin1Char('\n')), 1); // one message
        QVERIFY(!fs::exists(db)); // nothing written
    }

    void badTargetDirAndDb()
    {
        QTemporaryDir dir;
        const fs::path db = dir.path().toStdString() + "/s.db";
        auto missing = runCli({ "run", dir.path() + "/nope", "--db", str(db) });
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains(QStringLiteral("does not exist")));
        QVERIFY(!fs::exists(db));

        const fs::path target = dir.path().toStdString() + "/target";
        test::makeSyntheticTarget(target);
        const fs::path notes = dir.path().toStdString() + "/notes.txt";
        test::writeFile(notes, "important notes\n");
        auto notSession = runCli({ "run", str(target), "--db", str(notes) });
        QCOMPARE(notSession.exitCode, 2);
        QVERIFY2(notSession.err.contains(QStringLiteral("not a PhyloEvolve session file")), qPrintable(notSession.err));
        QCOMPARE(test::readFile(notes), std::string("important notes\n"));
        QCOMPARE(runCli({ "show", "--db", str(notes) }).exitCode, 2);
        QCOMPARE(runCli({ "export", "--db", str(notes) }).exitCode, 2);
        QCOMPARE(runCli({ "show", "--db", dir.path() + "/missing.db" }).exitCode, 2);
        QCOMPARE(runCli({ "run", str(target), "--db", str(db), "--max-evals", "0" }).exitCode, 2);
        QCOMPARE(runCli({ "run", str(target), "--db", str(db), "--strategy", "random" }).exitCode, 2);
        QVERIFY(!fs::exists(db));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
