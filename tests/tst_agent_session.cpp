// SPDX-License-Identifier: GPL-3.0-or-later
// A session whose LLM is the loopback server: the proposer's ideas are code edits, the mutator grows
// lineages with prompts that hold the trajectory and a target return, the repairer fixes a build, every
// fault ends in a retry or a recorded failure, the budget stops the calls, and the key never reaches the file.
#include "loopback_llm_server.h"
#include "report/html_report.h"
#include "report/markdown_report.h"
#include "report/node_code.h"
#include "report/report_data.h"
#include "report/winning_patch.h"
#include "session/session_observer.h"
#include "session/session_runner.h"
#include "store/session_store.h"
#include "testsupport.h"
#include "util/user_error.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <atomic>
#include <fstream>
#include <regex>
#include <sstream>

using namespace phylo;
namespace fs = std::filesystem;

namespace {

const char* const kKey = "sk-loopback-SECRET-4711";
const char* const kMergerMarker = "Write the code that has BOTH ideas applied";

// time = the sum of the "cost" lines of kernel.c; a BROKEN line fails the build with a compiler-like error.
void makeEditTarget(const fs::path& dir, const std::string& llmTable = "")
{
    test::makeTarget(dir,
        "[target]\nname = \"edit-target\"\nfiles = [\"kernel.c\"]\n"
        "[build]\ncommand = \"sh build.sh {bin}\"\ntimeout_s = 10\n"
        "[run]\ncommand = \"sh bench.sh {bin}\"\ntimeout_s = 10\nrepeat = 1\n"
        "[metric]\nname = \"time_ms\"\ndirection = \"minimize\"\n"
        "[[idea]]\nname = \"flag\"\n"
            + llmTable,
        { { "kernel.c", "// kernel\ncost a 40\ncost b 40\ncost c 20\ncost d 16\ncost e 12\n" },
            { "build.sh",
                "if grep -q BROKEN kernel.c; then echo 'kernel.c:3: error: unknown type name BROKEN' >&2; exit 1; fi\n"
                "cp kernel.c \"$1\"\n" },
            { "bench.sh", "awk '$1 == \"cost\" { s += $3 } END { print \"METRIC time_ms=\" s }' \"$1\"\n" } });
}

std::string userText(const test::LoopbackRequest& request)
{
    const auto body = nlohmann::json::parse(request.body);
    std::string text;
    for (const auto& m : body.at("messages"))
        text += m.at("content").is_string() ? m.at("content").get<std::string>() : m.at("content").dump();
    return text;
}

std::string block(const std::string& file, const std::string& search, const std::string& replace)
{
    return file + "\n<<<<<<< SEARCH\n" + search + "=======\n" + replace + ">>>>>>> REPLACE\n";
}

/// A deterministic fake LLM that reads the prompt like an agent would.
class FakeAgents {
public:
    std::atomic<int> mutations { 0 };
    std::atomic<int> merges { 0 };
    std::atomic<int> rethinks { 0 };

    test::LoopbackReply operator()(const test::LoopbackRequest& request)
    {
        const auto text = userText(request);
        if (text.find("failed to build") != std::string::npos)
            return test::LoopbackReply::ok("The BROKEN line is not C.\n" + block("kernel.c", "BROKEN\n", ""));
        if (text.find("reviewing era") != std::string::npos) {
            ++rethinks;
            auto reply = mutate(text); // a new hypothesis against the committed code
            auto idea = reply.text;
            if (idea.find("### IDEA") != std::string::npos)
                idea.replace(idea.find("### IDEA mut_"), 13, "### IDEA era_idea_");
            return test::LoopbackReply::ok("RETIRE: flag - it never helped\n\n" + idea);
        }
        if (text.find("# This lineage") != std::string::npos)
            return mutate(text);
        if (text.find(kMergerMarker) != std::string::npos) {
            if (++merges == 1)
                return test::LoopbackReply::ok("These cannot be combined, sorry."); // unusable: a merge conflict
            return test::LoopbackReply::ok("### FILE kernel.c\n```\n// kernel\ncost a 20\ncost b 20\ncost c 10\ncost d 8\n"
                                           "cost e 6\n```\n");
        }
        // The proposer: two ideas that help, one whose SEARCH matches nothing.
        return test::LoopbackReply::ok("### IDEA halve_a\nDescription: a is half as expensive.\n"
            + block("kernel.c", "cost a 40\n", "cost a 20\n")
            + "\n### IDEA trim_b\nDescription: b costs less.\nVariant: 30\n" + block("kernel.c", "cost b 40\n", "cost b 30\n")
            + "Variant: 35\n" + block("kernel.c", "cost b 40\n", "cost b 35\n")
            + "\n### IDEA ghost\nDescription: edits a line that is not there.\n" + block("kernel.c", "cost zzz 1\n", "cost zzz 0\n"));
    }

private:
    test::LoopbackReply mutate(const std::string& prompt)
    {
        const int n = ++mutations;
        const std::string name = "mut_" + std::to_string(n);
        if (n % 5 == 0)
            return test::LoopbackReply::ok("I would rather not say."); // no idea, no blocks
        if (n % 7 == 0)
            return test::LoopbackReply::ok("### IDEA " + name + "\nDescription: touches the bench.\n"
                + block("bench.sh", "awk\n", "echo\n"));
        if (n == 3)
            return test::LoopbackReply::ok("### IDEA " + name + "\nDescription: cheaper e, but breaks the build.\n"
                + block("kernel.c", "cost e 12\n", "BROKEN\ncost e 6\n"));
        // Halve the largest cost the node's code (in the prompt) still has.
        static const std::regex line(R"(\ncost (\w+) (\d+)\n)");
        std::string best;
        int bestCost = 1;
        for (auto it = std::sregex_iterator(prompt.begin(), prompt.end(), line); it != std::sregex_iterator(); ++it) {
            const int cost = std::stoi((*it)[2]);
            if (cost > bestCost) {
                bestCost = cost;
                best = (*it)[1];
            }
        }
        if (best.empty())
            return test::LoopbackReply::ok("Nothing left to halve.");
        const auto from = "cost " + best + " " + std::to_string(bestCost) + "\n";
        const auto to = "cost " + best + " " + std::to_string(bestCost / 2) + "\n";
        return test::LoopbackReply::ok("### IDEA " + name + "\nDescription: halve " + best + ".\n" + block("kernel.c", from, to));
    }
};

class Quiet : public SessionObserver {
};

std::string fileBytes(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

RunOptions options(const fs::path& target, const fs::path& db, int maxEvals, const std::string& llm)
{
    RunOptions o;
    o.targetDir = target;
    o.db = db;
    o.maxEvals = maxEvals;
    o.seed = 11;
    o.jobs = 2;
    o.llm = llm;
    return o;
}

} // namespace

class TestAgentSession : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("PHYLO_TEST_KEY", kKey);
        qputenv("PHYLO_LLM_CONFIG", ""); // no user config: only what each test says
        qputenv("XDG_CONFIG_HOME", QByteArray("/nonexistent-phylo-test-config"));
    }

    void llmSession_growsLineages_records_andRepairs()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        makeEditTarget(target);
        test::LoopbackLlmServer server;
        FakeAgents agents;
        server.setResponder(std::ref(agents));
        // Transport faults first: a 429 with Retry-After and a 500, both retried.
        server.enqueue(test::LoopbackReply::error(429, "slow down", "1"));
        server.enqueue(test::LoopbackReply::error(500, "oops"));
        const std::string llm = "provider=openai,model=fake-coder,base_url=" + server.baseUrl()
            + ",key_env=PHYLO_TEST_KEY,mutations=2,input_usd_per_mtok=1,output_usd_per_mtok=2";
        Quiet quiet;
        std::atomic<bool> stop { false };
        const auto result = runSession(options(target, db, 30, llm), quiet, stop);
        QVERIFY2(result.exitCode == 0, result.endReason.c_str());

        auto store = SessionStore::open(db, SessionStore::Access::ReadOnly);
        const auto nodes = store->loadNodes(true);
        const auto ideas = store->ideas();
        const auto calls = store->llmCalls();
        auto byId = [&](NodeId id) { return &nodes.at(static_cast<size_t>(id - 1)); };

        // The proposer's ideas are code ideas in the session; the one that does not apply is a failed node with its block.
        auto idea = [&](const std::string& name) -> const Idea* {
            for (const auto& i : ideas)
                if (i.name == name)
                    return &i;
            return nullptr;
        };
        QVERIFY(idea("halve_a") && idea("halve_a")->isCode() && idea("halve_a")->origin == "proposer");
        QVERIFY(idea("trim_b") && idea("trim_b")->values == (std::vector<std::string> { "30", "35" }));
        QVERIFY(idea("ghost"));
        const auto ghostNode = std::find_if(nodes.begin(), nodes.end(), [&](const Node& n) {
            return n.failure == FailureReason::EditDidNotApply && n.failureDetail.find("ghost") != std::string::npos;
        });
        QVERIFY(ghostNode != nodes.end());
        QVERIFY(ghostNode->failureDetail.find("cost zzz 1") != std::string::npos); // the block kept for display
        QVERIFY(ghostNode->samples.empty() && !ghostNode->speedup);

        // Mutation children, whose recorded prompts hold their ancestors' trajectory and a target return.
        int mutationNodes = 0, deepPrompts = 0;
        for (const auto& call : calls) {
            if (call.agent != "mutator" || call.nodeId == 0)
                continue;
            const Node* child = byId(call.nodeId);
            QCOMPARE(child->op, std::string("llm-mutation"));
            ++mutationNodes;
            QVERIFY2(call.prompt.find("aim for") != std::string::npos, "no target return in the mutator prompt");
            // Every ancestor's change is a step of the trajectory in the prompt.
            int depth = 0;
            for (const Node* n = byId(child->parents.front()); n && !n->parents.empty(); n = byId(n->parents.front())) {
                ++depth;
                for (size_t i = 0; i < n->genes.size(); ++i) {
                    const Node* p = byId(n->parents.front());
                    if (n->genes.isOn(i) && (i >= p->genes.size() || !p->genes.isOn(i)))
                        QVERIFY2(call.prompt.find("+" + ideas[i].name) != std::string::npos,
                            ("prompt of #" + std::to_string(child->id) + " lacks ancestor step +" + ideas[i].name).c_str());
                }
            }
            deepPrompts += depth >= 2;
        }
        QVERIFY2(mutationNodes >= 4, std::to_string(mutationNodes).c_str());
        QVERIFY(deepPrompts >= 1);

        // Faults became recorded failures: a reply without an idea, an edit of a file that is not editable.
        QVERIFY(std::any_of(calls.begin(), calls.end(), [](const LlmCallRecord& c) {
            return c.agent == "mutator" && c.error.find("malformed reply") != std::string::npos && c.nodeId == 0;
        }));
        QVERIFY(std::any_of(nodes.begin(), nodes.end(), [](const Node& n) { return n.failure == FailureReason::FileNotEditable; }));

        // A broken build was repaired by a child of its own, which ran.
        QVERIFY(std::any_of(nodes.begin(), nodes.end(), [](const Node& n) { return n.failure == FailureReason::BuildFailed; }));
        const auto repairNode = std::find_if(nodes.begin(), nodes.end(), [&](const Node& n) {
            return n.op == "llm-repair" && byId(n.parents.front())->failure == FailureReason::BuildFailed
                && n.status == NodeStatus::Succeeded;
        });
        QVERIFY(repairNode != nodes.end());
        const auto repairCalls = store->llmCalls(repairNode->id);
        QCOMPARE(repairCalls.size(), size_t(1));
        QCOMPARE(repairCalls[0].agent, std::string("repairer"));
        QVERIFY(repairCalls[0].prompt.find("unknown type name BROKEN") != std::string::npos); // the compiler's errors

        // Colliding edits went to the merger: an unusable reply left a "merge conflict" saying so; a good one
        // gave the node its code, which ran.
        QVERIFY(agents.merges >= 2);
        QVERIFY(std::any_of(nodes.begin(), nodes.end(), [](const Node& n) {
            return n.failure == FailureReason::MergeConflict && n.failureDetail.find("merger's reply was unusable") != std::string::npos;
        }));
        const auto merged = std::find_if(calls.begin(), calls.end(),
            [](const LlmCallRecord& c) { return c.agent == "merger" && c.outcome.rfind("merged code", 0) == 0; });
        QVERIFY(merged != calls.end());
        QVERIFY(store->mergedCode(merged->nodeId).has_value());
        QCOMPARE(store->mergedCode(merged->nodeId)->at("kernel.c").find("cost a 20"), size_t(10));
        QVERIFY(byId(merged->nodeId)->status == NodeStatus::Succeeded || byId(merged->nodeId)->status == NodeStatus::Pending);

        // The agents' code made it faster: baseline 128, at best far less.
        double best = 0;
        for (const auto& n : nodes)
            best = std::max(best, n.speedup.value_or(0));
        QVERIFY2(best > 1.3, std::to_string(best).c_str()); // no declared idea helps: the agents did it

        // The winning patch is the agents' code change: applied to the target, it gives the best node's code.
        const auto patch = winningPatch(*store);
        QVERIFY(!patch.diff.empty());
        const Node* bestNode = byId(patch.nodeId);
        const auto bestCode = store->mergedCode(bestNode->id).value_or(nodeCode(store->targetFiles(), bestNode->genes, ideas));
        test::writeFile(dir.path().toStdString() + "/win.diff", patch.diff);
        QProcess apply;
        apply.setWorkingDirectory(QString::fromStdString(target.string()));
        apply.setStandardInputFile(dir.path() + QStringLiteral("/win.diff"));
        apply.start(QStringLiteral("patch"), { QStringLiteral("-p1") });
        QVERIFY(apply.waitForFinished(20000));
        QVERIFY2(apply.exitCode() == 0, apply.readAll().constData());
        QCOMPARE(test::readFile(target / "kernel.c"), bestCode.at("kernel.c"));

        // Spend: every call with tokens and cost; the retried faults counted as attempts.
        const auto spend = store->llmSpend();
        QCOMPARE(spend.calls, static_cast<int>(calls.size()));
        QVERIFY(spend.inputTokens > 0 && spend.costUsd > 0);
        QVERIFY(calls.front().attempts >= 3); // 429, 500, then the answer
        QCOMPARE(server.requests().front().header("authorization"), "Bearer " + std::string(kKey));
        store.reset();

        // `phylo show` reports the spend; the key is nowhere in the session file.
        QProcess show;
        show.start(QString::fromStdString(test::cliPath()), { QStringLiteral("show"), QStringLiteral("--db"), QString::fromStdString(db.string()) });
        QVERIFY(show.waitForFinished(20000));
        QVERIFY(show.readAllStandardOutput().contains("LLM spend:"));
        for (const auto& path : { db.string(), db.string() + "-wal" })
            QVERIFY2(fileBytes(path).find(kKey) == std::string::npos, ("the key is in " + path).c_str());
    }

    void eraEnd_rethinks_retiresAndAddsIdeas()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        makeEditTarget(target, "[search]\nera_evals = 8\n");
        test::LoopbackLlmServer server;
        FakeAgents agents;
        server.setResponder(std::ref(agents));
        const std::string llm = "provider=openai,model=fake,base_url=" + server.baseUrl() + ",key_env=PHYLO_TEST_KEY,mutations=1";
        Quiet quiet;
        std::atomic<bool> stop { false };
        const auto result = runSession(options(target, db, 26, llm), quiet, stop);
        QVERIFY2(result.exitCode == 0, result.endReason.c_str());
        QVERIFY(agents.rethinks >= 1);
        auto store = SessionStore::open(db, SessionStore::Access::ReadOnly);
        const auto ideas = store->ideas();
        const auto flag = std::find_if(ideas.begin(), ideas.end(), [](const Idea& i) { return i.name == "flag"; });
        QVERIFY(flag != ideas.end() && flag->retired);
        QVERIFY(std::any_of(ideas.begin(), ideas.end(), [](const Idea& i) { return i.origin == "rethinker"; }));
        const auto calls = store->llmCalls();
        const auto rethink = std::find_if(calls.begin(), calls.end(), [](const LlmCallRecord& c) { return c.agent == "rethinker"; });
        QVERIFY(rethink != calls.end());
        QVERIFY2(rethink->outcome.find("retired: flag") != std::string::npos, rethink->outcome.c_str());
        QVERIFY(rethink->prompt.find("flag") != std::string::npos); // the per-idea statistics
        // The rethinker's idea is a child of the era's commit, and no later individual turns the retired idea on.
        const auto nodes = store->loadNodes(false);
        const auto flagIndex = static_cast<size_t>(flag - ideas.begin());
        bool rethinkChild = false;
        for (const auto& n : nodes) {
            if (n.op == "llm-rethink")
                rethinkChild |= nodes.at(static_cast<size_t>(n.parents.front() - 1)).op == "era-commit";
            if (n.createdAt > rethink->finishedAt && n.op != "era-commit")
                QVERIFY2(!n.genes.isOn(flagIndex), ("node " + std::to_string(n.id) + " uses a retired idea").c_str());
        }
        QVERIFY(rethinkChild);

        // The report tells the eras and what the agents did and cost.
        const auto data = computeReportData(*store);
        QVERIFY(!data.eras.empty());
        QVERIFY(data.eras.front().second.find("evaluations in era 0") != std::string::npos);
        QVERIFY(data.llmCallsByAgent.at("rethinker") >= 1);
        QVERIFY(data.ideasByOrigin.at("rethinker") >= 1);
        const auto markdown = renderMarkdownReport(data);
        QVERIFY(markdown.find("## Eras") != std::string::npos && markdown.find("| rethinker |") != std::string::npos);
        QVERIFY(renderHtmlReport(data).find("<h2>LLM agents</h2>") != std::string::npos);
        QVERIFY(markdown.find(kKey) == std::string::npos);
    }

    void budget_stopsTheCalls_butNotTheSearch()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        makeEditTarget(target);
        test::LoopbackLlmServer server;
        FakeAgents agents;
        server.setResponder(std::ref(agents));
        // Each reply reports 12 + 34 tokens: a budget of 100 allows three calls at most (the third overshoots).
        const std::string llm = "provider=openai,model=fake,base_url=" + server.baseUrl() + ",key_env=PHYLO_TEST_KEY,budget_tokens=100";
        Quiet quiet;
        std::atomic<bool> stop { false };
        const auto result = runSession(options(target, db, 24, llm), quiet, stop);
        QVERIFY2(result.exitCode == 0, result.endReason.c_str());
        auto store = SessionStore::open(db, SessionStore::Access::ReadOnly);
        QVERIFY(server.requestCount() <= 4);
        QVERIFY(store->llmSpend().inputTokens + store->llmSpend().outputTokens <= 100 + 2 * 46);
        int evaluated = 0;
        for (const auto& n : store->loadNodes(false))
            evaluated += n.evaluated();
        QVERIFY2(evaluated >= 12, (std::to_string(evaluated) + ": " + result.endReason).c_str()); // the search went on with the ideas it had
    }

    void anthropic_works_too_and_offline_makesNoCall()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target";
        makeEditTarget(target);
        test::LoopbackLlmServer server;
        FakeAgents agents;
        server.setResponder(std::ref(agents));
        const std::string llm = "provider=anthropic,model=fake-claude,base_url=" + server.baseUrl() + ",key_env=PHYLO_TEST_KEY";
        Quiet quiet;
        std::atomic<bool> stop { false };
        const auto db = dir.path().toStdString() + "/a.db";
        QCOMPARE(runSession(options(target, db, 10, llm), quiet, stop).exitCode, 0);
        QVERIFY(server.requestCount() >= 2);
        QVERIFY(server.requests().front().isAnthropic());
        QCOMPARE(server.requests().front().header("x-api-key"), std::string(kKey));
        QVERIFY(SessionStore::open(db, SessionStore::Access::ReadOnly)->llmSpend().calls >= 2);

        const auto before = server.requestCount();
        auto offline = options(target, dir.path().toStdString() + "/o.db", 6, llm);
        offline.offline = true;
        QCOMPARE(runSession(offline, quiet, stop).exitCode, 0);
        QCOMPARE(server.requestCount(), before);
        QCOMPARE(SessionStore::open(offline.db, SessionStore::Access::ReadOnly)->llmSpend().calls, 0);
    }

    void aMissingKey_isAClearMessage_beforeAnythingIsWritten()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target";
        makeEditTarget(target, "[llm]\nprovider = \"openai\"\nmodel = \"m\"\nkey_env = \"PHYLO_NO_SUCH_KEY\"\n");
        Quiet quiet;
        std::atomic<bool> stop { false };
        const auto db = dir.path().toStdString() + "/k.db";
        try {
            runSession(options(target, db, 5, ""), quiet, stop);
            QFAIL("expected a UserError");
        } catch (const UserError& e) {
            QVERIFY2(std::string(e.what()).find("PHYLO_NO_SUCH_KEY") != std::string::npos, e.what());
        }
        QVERIFY(!fs::exists(db));
    }
};

QTEST_GUILESS_MAIN(TestAgentSession)
#include "tst_agent_session.moc"
