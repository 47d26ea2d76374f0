// SPDX-License-Identifier: GPL-3.0-or-later
// The session file: schema, round trips, resume bookkeeping, and refusing files that are not ours.
#include "session/session_lock.h"
#include "store/migrations.h"
#include "store/session_store.h"
#include "store/sqlite_handle.h"
#include "testsupport.h"
#include "util/user_error.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

using namespace phylo;
namespace fs = std::filesystem;

namespace {
std::vector<Idea> ideas()
{
    return { { "tile", "cache-block", { "16", "32" } }, { "unroll", "", {} } };
}

SessionSetup setup()
{
    SessionSetup s;
    s.targetName = "t";
    s.targetDir = "/tmp/t";
    s.targetToml = "[target]\n";
    s.metricName = "time_ms";
    s.metricDirection = "minimize";
    s.targetFiles = { { "k.cpp", std::string("int main(){}\0binary", 19) } };
    s.ideas = ideas();
    s.seed = 99;
    s.strategy = "evolve";
    return s;
}
}

class TestSessionStore : public QObject {
    Q_OBJECT

private slots:
    void createAndRoundTrip()
    {
        QTemporaryDir dir;
        const fs::path db = dir.path().toStdString() + "/s.db";
        {
            auto store = SessionStore::open(db, SessionStore::Access::Create);
            QVERIFY(!store->isInitialized());
            store->initialize(setup());
            QVERIFY(store->isInitialized());
            std::vector<Node> batch(2);
            batch[0].op = "baseline";
            batch[0].genes = Genes(2);
            batch[0].codeHash = "h0";
            batch[1].op = "crossover";
            batch[1].generation = 1;
            batch[1].genes = Genes(2);
            batch[1].genes.setState(0, 1);
            batch[1].genes.setState(1, 0);
            store->insertBatch(batch, ideas(), "{\"x\":1}");
            QCOMPARE(batch[0].id, NodeId(1));
            QCOMPARE(batch[1].evalIndex, std::int64_t(1));
            // A batch's parents reference nodes of an earlier batch.
            std::vector<Node> second(1);
            second[0].op = "crossover";
            second[0].generation = 2;
            second[0].genes = Genes(2);
            second[0].parents = { batch[0].id, batch[1].id };
            store->insertBatch(second, ideas(), "{\"x\":2}");

            Node done = batch[1];
            done.status = NodeStatus::Succeeded;
            done.samples = { 3.0, 1.0, 2.0 };
            done.metric = 2.0;
            done.speedup = 1.5;
            done.log = "log text";
            done.startedAt = 10;
            done.finishedAt = 11;
            store->recordOutcome(done);
            Node failed = batch[0];
            failed.status = NodeStatus::Failed;
            failed.failure = FailureReason::CheckFailed;
            failed.failureDetail = "exit status 1";
            store->recordOutcome(failed);
        }
        auto store = SessionStore::open(db, SessionStore::Access::ReadOnly);
        QCOMPARE(store->meta("seed").value_or(""), std::string("99"));
        QCOMPARE(store->meta("schema_version").value_or(""), std::to_string(latestSchemaVersion()));
        QCOMPARE(store->meta("strategy_state").value_or(""), std::string("{\"x\":2}"));
        QCOMPARE(store->ideas().size(), size_t(2));
        QCOMPARE(store->ideas()[0].values, (std::vector<std::string> { "16", "32" }));
        QCOMPARE(store->targetFiles().at("k.cpp").size(), size_t(19)); // binary-safe
        const auto nodes = store->loadNodes();
        QCOMPARE(nodes.size(), size_t(3));
        QCOMPARE(nodes[0].status, NodeStatus::Failed);
        QCOMPARE(nodes[0].failure, FailureReason::CheckFailed);
        QVERIFY(!nodes[0].metric.has_value());
        QCOMPARE(nodes[1].status, NodeStatus::Succeeded);
        QCOMPARE(nodes[1].samples, (std::vector<double> { 3.0, 1.0, 2.0 }));
        QCOMPARE(*nodes[1].speedup, 1.5);
        QCOMPARE(nodes[1].geneKey, std::string("tile=32,unroll"));
        QVERIFY(nodes[1].genes == batch1Genes());
        QCOMPARE(nodes[2].parents, (std::vector<NodeId> { 1, 2 }));
        QCOMPARE(nodes[2].status, NodeStatus::Pending);
        // One node alone reads the same, log included.
        const auto one = store->loadNode(nodes[2].id);
        QVERIFY(one.has_value());
        QCOMPARE(one->parents, nodes[2].parents);
        QCOMPARE(one->geneKey, nodes[2].geneKey);
        QCOMPARE(store->loadNode(nodes[0].id)->log, nodes[0].log);
        QVERIFY(!store->loadNode(999).has_value());
    }

    void olderSchema_isMigratedWithItsNodes()
    {
        QTemporaryDir dir;
        const auto path = dir.path().toStdString() + "/old.db";
        {
            SqliteDb db(path, SqliteDb::OpenMode::ReadWriteCreate);
            migrateSchema(db, 0, 1); // a session file as the first release wrote it
            db.exec("INSERT INTO meta(key, value) VALUES ('target_name', 't')");
            db.exec("INSERT INTO ideas(position, name) VALUES (0, 'tile')");
            db.exec("INSERT INTO nodes(eval_index, generation, op, genes_json, gene_key, code_hash, status, metric, "
                    "speedup, created_at) VALUES (0, 0, 'baseline', '{}', 'baseline', 'h', 'ok', 5.0, 1.0, 1.0)");
        }
        auto store = SessionStore::open(path, SessionStore::Access::ReadWrite);
        QCOMPARE(store->meta("schema_version").value_or(""), std::to_string(latestSchemaVersion()));
        const auto nodes = store->loadNodes();
        QCOMPARE(nodes.size(), size_t(1));
        QCOMPARE(*nodes[0].metric, 5.0);
        QVERIFY(!nodes[0].suspicious);
        Node node = nodes[0];
        node.suspicious = true;
        node.buildCached = true;
        store->recordOutcome(node);
        QVERIFY(store->loadNodes()[0].suspicious);
        QVERIFY(store->loadNodes()[0].buildCached);
    }

    void olderSchema_opensForReading_too()
    {
        QTemporaryDir dir;
        const auto path = dir.path().toStdString() + "/old.db";
        {
            SqliteDb db(path, SqliteDb::OpenMode::ReadWriteCreate);
            migrateSchema(db, 0, 3); // before the LLM agents' columns
            db.exec("INSERT INTO meta(key, value) VALUES ('target_name', 't')");
            db.exec("INSERT INTO ideas(position, name) VALUES (0, 'tile')");
        }
        auto store = SessionStore::open(path, SessionStore::Access::ReadOnly); // `phylo show`, the app
        QCOMPARE(store->ideas().size(), size_t(1));
        QVERIFY(!store->ideas()[0].isCode());
        QCOMPARE(store->llmSpend().calls, 0);
    }

    void resetInFlight_returnsRunningToPending()
    {
        QTemporaryDir dir;
        auto store = SessionStore::open(dir.path().toStdString() + "/s.db", SessionStore::Access::Create);
        store->initialize(setup());
        std::vector<Node> batch(3);
        for (auto& n : batch) {
            n.op = "seed";
            n.genes = Genes(2);
        }
        batch[1].genes.setState(1, 0);
        batch[2].genes.setState(0, 0);
        store->insertBatch(batch, ideas(), "{}");
        store->markRunning(batch[0].id, 1.0);
        store->markRunning(batch[1].id, 1.0);
        QCOMPARE(store->resetInFlight(), 2);
        for (const auto& node : store->loadNodes())
            QCOMPARE(node.status, NodeStatus::Pending);
    }

    void dataVersion_changesWhenAnotherConnectionCommits_andTheLockIsVisible()
    {
        QTemporaryDir dir;
        const auto db = dir.path().toStdString() + "/s.db";
        SessionStore::open(db, SessionStore::Access::Create)->initialize(setup());
        auto reader = SessionStore::open(db, SessionStore::Access::ReadOnly);
        const auto before = reader->dataVersion();
        QCOMPARE(reader->dataVersion(), before); // nothing new
        SessionStore::open(db, SessionStore::Access::ReadWrite)->addSteering("test", "pause", "");
        QVERIFY(reader->dataVersion() != before);

        QVERIFY(!SessionLock::isHeld(db));
        {
            SessionLock lock(db);
            QVERIFY(SessionLock::isHeld(db));
        }
        QVERIFY(!SessionLock::isHeld(db));
        QVERIFY(!SessionLock::isHeld(dir.path().toStdString() + "/missing.db"));
    }

    void usesWal()
    {
        QTemporaryDir dir;
        const auto db = dir.path().toStdString() + "/s.db";
        SessionStore::open(db, SessionStore::Access::Create)->initialize(setup());
        sqlite3* raw = nullptr;
        QCOMPARE(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
        sqlite3_stmt* stmt = nullptr;
        sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &stmt, nullptr);
        QCOMPARE(sqlite3_step(stmt), SQLITE_ROW);
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))), QByteArray("wal"));
        sqlite3_finalize(stmt);
        sqlite3_close(raw);
    }

    void refusesATextFile_andLeavesItAlone()
    {
        QTemporaryDir dir;
        const fs::path path = dir.path().toStdString() + "/notes.db";
        test::writeFile(path, "these are my notes, not a database\n");
        QVERIFY_THROWS_EXCEPTION(UserError, SessionStore::open(path, SessionStore::Access::Create));
        try {
            SessionStore::open(path, SessionStore::Access::Create);
        } catch (const UserError& error) {
            QVERIFY(std::string(error.what()).find("not a PhyloEvolve session file") != std::string::npos);
            QVERIFY(std::string(error.what()).find(path.string()) != std::string::npos);
        }
        QCOMPARE(test::readFile(path), std::string("these are my notes, not a database\n"));
        QVERIFY(!fs::exists(path.string() + "-wal"));
    }

    void refusesAnotherSqliteDatabase()
    {
        QTemporaryDir dir;
        const auto path = dir.path().toStdString() + "/other.db";
        sqlite3* raw = nullptr;
        sqlite3_open(path.c_str(), &raw);
        sqlite3_exec(raw, "CREATE TABLE songs(title TEXT); INSERT INTO songs VALUES ('x');", nullptr, nullptr, nullptr);
        sqlite3_close(raw);
        const auto before = test::readFile(path);
        QVERIFY_THROWS_EXCEPTION(UserError, SessionStore::open(path, SessionStore::Access::Create));
        QCOMPARE(test::readFile(path), before);
    }

    void refusesANewerSchema()
    {
        QTemporaryDir dir;
        const auto path = dir.path().toStdString() + "/s.db";
        SessionStore::open(path, SessionStore::Access::Create)->initialize(setup());
        SessionStore::open(path, SessionStore::Access::ReadWrite)->setMeta("schema_version", "999");
        QVERIFY_THROWS_EXCEPTION(UserError, SessionStore::open(path, SessionStore::Access::ReadWrite));
    }

    void readOnly_requiresAnExistingSession()
    {
        QTemporaryDir dir;
        const auto path = dir.path().toStdString() + "/missing.db";
        QVERIFY_THROWS_EXCEPTION(UserError, SessionStore::open(path, SessionStore::Access::ReadOnly));
        QVERIFY(!fs::exists(path));
    }

private:
    static Genes batch1Genes()
    {
        Genes g(2);
        g.setState(0, 1);
        g.setState(1, 0);
        return g;
    }
};

QTEST_APPLESS_MAIN(TestSessionStore)
#include "tst_session_store.moc"
