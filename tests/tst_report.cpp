// SPDX-License-Identifier: GPL-3.0-or-later
// `phylo report`: the report's numbers against the session file, and the winning patch applied for real;
// an agents' session (report_fixture): each step of the path with its ideas' rationale and its diff.
#include "report/html_report.h"
#include "report/markdown_report.h"
#include "report/node_code.h"
#include "report/report_charts.h"
#include "report/report_path.h"
#include "report/unified_diff.h"
#include "report/report_data.h"
#include "report/winning_patch.h"
#include "search/search_history.h"
#include "session/session_observer.h"
#include "session/session_runner.h"
#include "store/session_store.h"
#include "report_fixture.h"
#include "testsupport.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <sstream>

using namespace phylo;
namespace fs = std::filesystem;

namespace {

class QuietObserver : public SessionObserver {
public:
    void onMessage(const std::string&) override { }
    void onNodeFinished(const Node&, const SessionProgress&) override { }
};

// time = 120 - 40 fast - 20 (tile 32) / - 8 (tile 16) + 15 slow; broken exits 3. Best: fast, tile=32 = 60.
const char* const kKernel = R"cpp(// SPDX-License-Identifier: GPL-3.0-or-later
// A kernel whose time is a known function of its macros.
#include <cstdio>
int main()
{
    int t = 120;
#ifdef FAST
    t -= 40;
#endif
#if defined(TILE) && TILE == 32
    t -= 20;
#elif defined(TILE)
    t -= 8;
#endif
#ifdef SLOW
    t += 15;
#endif
#ifdef BROKEN
    return 3;
#endif
    std::printf("METRIC time_ms=%d\n", t);
    return 0;
}
)cpp";

const char* const kToml = R"toml([target]
name = "macro-kernel"
files = ["k.cpp"]
[build]
command = "g++ -O0 {defines} -o {bin} k.cpp"
timeout_s = 60
[run]
command = "{bin}"
timeout_s = 20
repeat = 3
[metric]
name = "time_ms"
direction = "minimize"
[[idea]]
name = "fast"
description = "take the <fast> path & skip work"
[[idea]]
name = "tile"
values = ["16", "32"]
[[idea]]
name = "slow"
[[idea]]
name = "broken"
)toml";

RunResult runIt(const fs::path& target, const fs::path& db, int maxEvals, const std::string& strategy)
{
    RunOptions options;
    options.targetDir = target;
    options.db = db;
    options.maxEvals = maxEvals;
    options.seed = 1;
    options.jobs = 2;
    options.strategy = strategy;
    options.buildCache = false;
    QuietObserver observer;
    std::atomic<bool> stop { false };
    return runSession(options, observer, stop);
}

struct Shell {
    int exitCode;
    QString out;
};

Shell sh(const QString& dir, const QString& command)
{
    QProcess process;
    process.setWorkingDirectory(dir);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("/bin/sh"), { QStringLiteral("-c"), command });
    process.waitForFinished(120000);
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
        QString::fromLocal8Bit(process.readAll()) };
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

int count(const std::string& text, const std::string& part)
{
    int n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
        ++n;
    return n;
}

/// Every opening tag of TAG is closed (counts "<tag>" and "<tag " against "</tag>").
bool balanced(const std::string& html, const std::string& tag)
{
    return count(html, "<" + tag + ">") + count(html, "<" + tag + " ") == count(html, "</" + tag + ">");
}

/// Applies DIFF with `patch -p1` to FILES written in a fresh dir and returns the files afterwards.
std::map<std::string, std::string> patched(const std::map<std::string, std::string>& files, const std::string& diff)
{
    QTemporaryDir dir;
    for (const auto& [path, content] : files)
        test::writeFile(dir.path().toStdString() + "/t/" + path, content);
    test::writeFile(dir.path().toStdString() + "/d.diff", diff);
    const auto applied = sh(dir.path() + "/t", "patch -p1 --no-backup-if-mismatch < ../d.diff");
    if (applied.exitCode != 0)
        qWarning("patch failed: %s\n%s", qPrintable(applied.out), diff.c_str());
    std::map<std::string, std::string> out;
    for (const auto& [path, content] : files)
        out[path] = test::readFile(dir.path().toStdString() + "/t/" + path);
    return out;
}

} // namespace

class TestReport : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    fs::path m_target, m_db;

    void copyTarget(const fs::path& to)
    {
        fs::create_directories(to);
        fs::copy_file(m_target / "k.cpp", to / "k.cpp");
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (QStandardPaths::findExecutable(QStringLiteral("g++")).isEmpty())
            QSKIP("g++ is not installed");
        m_target = m_dir.path().toStdString() + "/target";
        m_db = m_dir.path().toStdString() + "/macro.db";
        test::makeTarget(m_target, kToml, { { "k.cpp", kKernel } });
        QCOMPARE(runIt(m_target, m_db, 16, "greedy").exitCode, 0);
    }

    void dataMatchesTheSession()
    {
        const auto store = SessionStore::open(m_db, SessionStore::Access::ReadOnly);
        SearchHistory history(store->ideas(), store->loadNodes());
        const Node* best = history.best();
        const Node* base = history.baseline();
        QVERIFY(best && base);
        QCOMPARE(*base->metric, 120.0);
        QCOMPARE(*best->metric, 60.0);
        QCOMPARE(best->geneKey, std::string("fast,tile=32"));

        const auto data = computeReportData(*store);
        QCOMPARE(data.targetName, std::string("macro-kernel"));
        QCOMPARE(data.metricName, std::string("time_ms"));
        QCOMPARE(data.direction, std::string("minimize"));
        QVERIFY(data.hardware.empty());
        // The run recorded where and with what it built: the g++ of the build command, this host.
        QVERIFY2(data.compiler.find("g++") != std::string::npos || data.compiler.find("GCC") != std::string::npos,
            data.compiler.c_str());
        QVERIFY(data.host.find("cores") != std::string::npos);
        QVERIFY(data.baseline && data.best);
        QCOMPARE(data.baseline->metric, 120.0);
        QCOMPARE(data.baseline->stats.count, 3);
        QCOMPARE(data.baseline->stats.ciLow, 120.0);
        QCOMPARE(data.best->id, best->id);
        QCOMPARE(data.best->metric, 60.0);
        QCOMPARE(data.best->speedup, 2.0);
        QCOMPARE(settingsText(data.best->genes), std::string("fast, tile=32"));
        QVERIFY(data.bestSpeedupRange);
        QCOMPARE(data.bestSpeedupRange->first, 2.0);

        int evaluated = 0, failed = 0;
        for (const auto& n : history.nodes()) {
            evaluated += n.evaluated();
            failed += n.status == NodeStatus::Failed;
        }
        QCOMPARE(data.evaluations, evaluated);
        QCOMPARE(data.failed, failed);
        QVERIFY(failed > 0); // "broken" was tried
        QCOMPARE(data.failures.front().reason, std::string("run failed"));
        QCOMPARE(data.failures.front().count, failed);
        QCOMPARE(data.points.size(), size_t(evaluated));
        QCOMPARE(data.points.back().bestSoFar, 2.0);

        // The path runs from the baseline to the best; its step gains multiply to the best speedup.
        QVERIFY(data.path.size() >= 2);
        QCOMPARE(data.path.front().id, base->id);
        QCOMPARE(data.path.back().id, best->id);
        double product = 1;
        for (const auto& step : data.path)
            product *= step.stepGain.value_or(1);
        QVERIFY(std::abs(product - 2.0) < 1e-9);

        // fast: every node with it is faster than every node without it.
        bool sawFast = false;
        for (const auto& e : data.effects) {
            if (e.setting.label() == "fast") {
                sawFast = true;
                QVERIFY(e.withCount > 0 && e.withoutCount > 0);
                QVERIFY(e.meanWith > e.meanWithout);
            }
        }
        QVERIFY(sawFast);
        QCOMPARE(data.runs.size(), size_t(1));
        QVERIFY(data.runs.front().finishedAt.has_value());
    }

    void htmlHoldsTheNumbers()
    {
        const auto store = SessionStore::open(m_db, SessionStore::Access::ReadOnly);
        const auto html = renderHtmlReport(computeReportData(*store));
        QVERIFY(html.rfind("<!DOCTYPE html>", 0) == 0);
        QVERIFY(contains(html, "</html>"));
        for (const char* tag : { "table", "tr", "td", "th", "svg", "div", "p", "code", "h2", "style" })
            QCOMPARE(count(html, std::string("<") + tag + ">") + count(html, std::string("<") + tag + " "),
                count(html, std::string("</") + tag + ">"));
        QVERIFY(!contains(html, "<script"));
        QVERIFY(!contains(html, "<link"));
        QVERIFY(contains(html, ">" + formatMetric(120) + "<"));
        QVERIFY(contains(html, ">" + formatMetric(60) + "<"));
        QVERIFY(contains(html, "2.000x"));
        QVERIFY(contains(html, "fast, tile=32"));
        QVERIFY(contains(html, "run failed"));
        QVERIFY(contains(html, "<circle"));
        // Text is escaped.
        QVERIFY(contains(html, "take the &lt;fast&gt; path &amp; skip work"));
        QVERIFY(!contains(html, "<fast>"));
        QCOMPARE(
            htmlEscape("<a href=\"x\">'&'</a>"), std::string("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"));
    }

    void markdownHoldsTheNumbers()
    {
        const auto store = SessionStore::open(m_db, SessionStore::Access::ReadOnly);
        const auto md = renderMarkdownReport(computeReportData(*store));
        QVERIFY(md.rfind("# PhyloEvolve report: macro-kernel", 0) == 0);
        QVERIFY(contains(md, "| Baseline | 1 | 120 |"));
        QVERIFY(contains(md, "| 60 |"));
        QVERIFY(contains(md, "**2.000x**"));
        QVERIFY(contains(md, "`fast, tile=32`"));
        QVERIFY(contains(md, "| `run failed` |"));
        QVERIFY(contains(md, "|---|"));
        QVERIFY(contains(md, "## Synergies"));
        QVERIFY(!contains(md, "<fast>"));
    }

    void patchReproducesTheBest()
    {
        const auto store = SessionStore::open(m_db, SessionStore::Access::ReadOnly);
        const auto patch = winningPatch(*store);
        QCOMPARE(patch.speedup, 2.0);
        QCOMPARE(patch.defines, (std::vector<std::string> { "#define FAST 1", "#define TILE 32" }));
        QVERIFY(contains(patch.diff, "--- a/k.cpp\n+++ b/k.cpp\n@@ -1,5 +1,8 @@\n"));
        QVERIFY(contains(patch.diff, "+// PhyloEvolve: winning settings (session macro.db, node "));
        const auto diffPath = m_dir.path().toStdString() + "/winning.diff";
        test::writeFile(diffPath, patch.diff);

        // Without the patch, a plain build is the baseline.
        const auto plain = m_dir.path() + "/plain";
        copyTarget(plain.toStdString());
        auto base = sh(plain, "g++ -O0 -o bin k.cpp && ./bin");
        QCOMPARE(base.exitCode, 0);
        QCOMPARE(base.out.trimmed(), QStringLiteral("METRIC time_ms=120"));

        const auto withPatch = m_dir.path() + "/patched";
        copyTarget(withPatch.toStdString());
        auto applied = sh(withPatch, QStringLiteral("patch -p1 < ") + QString::fromStdString(diffPath));
        QVERIFY2(applied.exitCode == 0, qPrintable(applied.out));
        auto run = sh(withPatch, "g++ -O0 -o bin k.cpp && ./bin");
        QVERIFY2(run.exitCode == 0, qPrintable(run.out));
        QCOMPARE(run.out.trimmed(), QStringLiteral("METRIC time_ms=60"));
        // The SPDX line stays first.
        QVERIFY(test::readFile(withPatch.toStdString() + "/k.cpp").rfind("// SPDX-License-Identifier", 0) == 0);

        if (!QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty()) {
            const auto withGit = m_dir.path() + "/git-applied";
            copyTarget(withGit.toStdString());
            auto gitApplied = sh(withGit, QStringLiteral("git apply ") + QString::fromStdString(diffPath));
            QVERIFY2(gitApplied.exitCode == 0, qPrintable(gitApplied.out));
            QCOMPARE(
                test::readFile(withGit.toStdString() + "/k.cpp"), test::readFile(withPatch.toStdString() + "/k.cpp"));
        }
    }

    void patchHandlesOddFiles()
    {
        const std::map<std::string, std::string> files {
            { "empty.c", "" },
            { "no_newline.c", "int x;" },
            { "comments_only.h", "// one\n// two\n" },
            { "sub/dir/long.c", "// SPDX\n// a\n// b\n// c\n// d\nint a;\nint b;\nint c;\nint d;\n" },
        };
        QVERIFY(definesPatch(files, "h", {}).empty());
        const auto diff = definesPatch(files, "PhyloEvolve: test", { "#define A 1" });
        QTemporaryDir dir;
        for (const auto& [path, content] : files)
            test::writeFile(dir.path().toStdString() + "/p/" + path, content);
        test::writeFile(dir.path().toStdString() + "/d.diff", diff);
        auto applied = sh(dir.path() + "/p", "patch -p1 < ../d.diff");
        QVERIFY2(applied.exitCode == 0, qPrintable(applied.out + QString::fromStdString("\n" + diff)));
        const auto p = dir.path().toStdString() + "/p/";
        QCOMPARE(test::readFile(p + "empty.c"), std::string("// PhyloEvolve: test\n#define A 1\n"));
        QCOMPARE(test::readFile(p + "no_newline.c"), std::string("// PhyloEvolve: test\n#define A 1\nint x;"));
        QCOMPARE(
            test::readFile(p + "comments_only.h"), std::string("// one\n// two\n// PhyloEvolve: test\n#define A 1\n"));
        QCOMPARE(test::readFile(p + "sub/dir/long.c"),
            std::string("// SPDX\n// a\n// b\n// c\n// d\n// PhyloEvolve: test\n#define A 1\nint a;\nint b;\nint "
                        "c;\nint d;\n"));
        if (!QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty()) {
            for (const auto& [path, content] : files)
                test::writeFile(dir.path().toStdString() + "/g/" + path, content);
            auto gitApplied = sh(dir.path() + "/g", "git apply ../d.diff");
            QVERIFY2(gitApplied.exitCode == 0, qPrintable(gitApplied.out));
            for (const auto& [path, content] : files)
                QCOMPARE(test::readFile(dir.path().toStdString() + "/g/" + path), test::readFile(p + path));
        }
        // What the app shows as a node's code is what the patch makes of the files.
        Genes genes(1);
        genes.setState(0, 0);
        const auto code = nodeCode(files, genes, { Idea { "a", "", {} } }, "PhyloEvolve: test");
        for (const auto& [path, content] : files)
            QCOMPARE(code.at(path), test::readFile(p + path));
        QCOMPARE(nodeCode(files, Genes(1), { Idea { "a", "", {} } }), files); // the baseline: unchanged
    }

    void unifiedDiff_appliesWithPatchAndGit()
    {
        std::string many;
        for (int i = 0; i < 40; ++i)
            many += "line " + std::to_string(i) + "\n";
        std::string manyChanged = many;
        manyChanged.replace(manyChanged.find("line 2\n"), 7, "line two\n");
        manyChanged.replace(manyChanged.find("line 30\n"), 8, "");
        manyChanged += "appended\n";
        const std::map<std::string, std::string> before {
            { "a.c", "int a;\nint b;\nint c;\n" },
            { "many.txt", many },
            { "tail.c", "x\ny" },
            { "same.c", "same\n" },
            { "gone_newline.c", "p\nq\n" },
        };
        const std::map<std::string, std::string> after {
            { "a.c", "// new first\nint a;\nint c;\nint d;\n" },
            { "many.txt", manyChanged },
            { "tail.c", "x\ny\nz\n" },
            { "same.c", "same\n" },
            { "gone_newline.c", "p\nq" },
            { "sub/new.h", "#pragma once\n" },
        };
        const auto diff = unifiedDiff(before, after);
        QVERIFY(diff.find("same.c") == std::string::npos); // unchanged files add nothing
        QVERIFY(diff.find("--- /dev/null\n+++ b/sub/new.h") != std::string::npos);
        QVERIFY(unifiedDiff(before, before).empty());
        QTemporaryDir dir;
        test::writeFile(dir.path().toStdString() + "/d.diff", diff);
        for (const char* tool : { "patch", "git" }) {
            if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
                continue;
            const auto root = dir.path().toStdString() + "/" + tool + "/";
            for (const auto& [path, content] : before)
                test::writeFile(root + path, content);
            auto applied = sh(QString::fromStdString(root),
                std::string(tool) == "patch" ? "patch -p1 < ../d.diff" : "git apply ../d.diff");
            QVERIFY2(applied.exitCode == 0, qPrintable(applied.out + QString::fromStdString("\n" + diff)));
            for (const auto& [path, content] : after)
                QCOMPARE(test::readFile(root + path), content);
        }
    }

    void synergyFindsTheBuiltInPair()
    {
        // The synthetic target's c and e are worth -25 together, +4 and 0 apart.
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        test::makeSyntheticTarget(target);
        QCOMPARE(runIt(target, db, 40, "evolve").exitCode, 0);
        const auto data = computeReportData(*SessionStore::open(db, SessionStore::Access::ReadOnly));
        QVERIFY(!data.synergies.empty());
        const auto& top = data.synergies.front();
        QCOMPARE(top.a.label() + "+" + top.b.label(), std::string("c+e"));
        QVERIFY(std::abs(top.synergy - (top.logBoth - top.logA - top.logB)) < 1e-12);
        QVERIFY(top.synergy > 0);
    }

    void baselineBestGivesAnEmptyPatch()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        test::makeTarget(target, test::syntheticToml(),
            { { "kernel.txt", "kernel\n" },
                { "bench.sh",
                    "t=100\nfor v in \"$PHYLO_A\" \"$PHYLO_B\" \"$PHYLO_C\" \"$PHYLO_D\" \"$PHYLO_E\"; do "
                    "[ -n \"$v\" ] && t=$((t + 5)); done\necho \"METRIC time_ms=$t\"\n" } });
        QCOMPARE(runIt(target, db, 6, "evolve").exitCode, 0);
        const auto store = SessionStore::open(db, SessionStore::Access::ReadOnly);
        const auto patch = winningPatch(*store);
        QCOMPARE(patch.nodeId, 1LL);
        QVERIFY(patch.diff.empty());
        const auto data = computeReportData(*store);
        QVERIFY(data.best && data.best->genes.empty());
        QVERIFY(contains(renderHtmlReport(data), "The best node is the baseline"));

        // The CLI says so too, and writes an empty file.
        QProcess cli;
        const auto diffPath = dir.path() + "/w.diff";
        cli.start(QString::fromStdString(test::cliPath()),
            { "report", "--db", QString::fromStdString(db.string()), "--patch", diffPath });
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);
        QVERIFY(QString::fromLocal8Bit(cli.readAllStandardOutput())
                    .contains(QStringLiteral("the best node is the baseline")));
        QCOMPARE(QFileInfo(diffPath).size(), qint64(0));
    }

    void codeIdeaPath_stepsCarryRationaleAndDiff()
    {
        QTemporaryDir dir;
        const fs::path db = dir.path().toStdString() + "/s.db";
        const auto files = test::makeCodeIdeaSession(db);
        const auto store = SessionStore::open(db, SessionStore::Access::ReadOnly);
        const auto data = computeReportData(*store);

        std::vector<NodeId> ids;
        for (const auto& step : data.path)
            ids.push_back(step.id);
        QCOMPARE(ids, (std::vector<NodeId> { 1, 2, 3, 4, 7, 8 }));
        const auto& root = data.path[0];
        QVERIFY(root.diff.empty() && root.ideas.empty());

        // A setting: its description, and the #define it adds.
        const auto& tile = data.path[1];
        QCOMPARE(tile.ideas.size(), size_t(1));
        QCOMPARE(tile.ideas[0].change, std::string("+tile=32"));
        QVERIFY(!tile.ideas[0].isCode);
        QCOMPARE(tile.ideas[0].description, std::string("tile size <T> for the loop"));
        QVERIFY2(contains(tile.diff, "+#define TILE 32\n"), tile.diff.c_str());
        QCOMPARE(*tile.stepGain, 1.25);

        // A code idea: the proposer's rationale and exactly its edit.
        const auto& vectorize = data.path[2];
        QCOMPARE(vectorize.ideas.size(), size_t(1));
        QCOMPARE(vectorize.ideas[0].name, std::string("vectorize"));
        QVERIFY(vectorize.ideas[0].isCode);
        QCOMPARE(vectorize.ideas[0].origin, std::string("proposer"));
        QCOMPARE(vectorize.ideas[0].rationale,
            std::string("The loop is bound by <issue> width & one lane per iteration; four per iteration cut the loop overhead."));
        QVERIFY(contains(vectorize.diff, "--- a/kernel.c\n+++ b/kernel.c\n"));
        QVERIFY(contains(vectorize.diff, "-    for (int i = 0; i < n; ++i)\n"));
        QVERIFY(contains(vectorize.diff, "+    for (; i + 4 <= n; i += 4) { /* 4 lanes & <no> tail */\n"));
        QVERIFY(!contains(vectorize.diff, "kernel.h")); // the edit touched one file
        QVERIFY(!contains(vectorize.diff, "TILE")); // the setting did not change in this step
        QCOMPARE(*vectorize.stepGain, 80.0 / 50.0);

        const auto& restrict_ = data.path[3];
        QCOMPARE(restrict_.ideas.at(0).origin, std::string("mutator"));
        QVERIFY(contains(restrict_.diff, "+void saxpy(int n, float a, const float* __restrict x, float* __restrict y)\n"));

        // The era's commit is the same code, measured again.
        const auto& commit = data.path[4];
        QCOMPARE(commit.op, std::string("era-commit"));
        QVERIFY(commit.ideas.empty() && commit.diff.empty());

        // The merger's code: the diff is against it, and the settings block stays (it is not in the merged files).
        const auto& merged = data.path[5];
        QVERIFY(merged.mergedCode);
        QCOMPARE(merged.ideas.size(), size_t(1));
        QCOMPARE(merged.ideas[0].change, std::string("+prefetch"));
        QVERIFY(merged.ideas[0].rationale.empty());
        QVERIFY(contains(merged.diff, "+    __builtin_prefetch(x + 64);\n"));
        QVERIFY2(!contains(merged.diff, "TILE"), merged.diff.c_str());
        QCOMPARE(*merged.stepGain, 40.0 / 32.0);

        // The steps' diffs, applied one after the other to the original, give the best node's code, which is
        // also what the winning patch makes of the target.
        auto code = files;
        for (const auto& step : data.path) {
            if (!step.diff.empty())
                code = patched(code, step.diff);
        }
        const auto best = withSettingsBlock(test::codeIdeaSessionMergedCode(), store->loadNode(8)->genes, store->ideas());
        QCOMPARE(code, best);
        QVERIFY(contains(best.at("kernel.c"), "#define TILE 32\n"));
        const auto patch = winningPatch(*store);
        QCOMPARE(patch.nodeId, 8LL);
        const auto fromPatch = patched(files, patch.diff);
        QCOMPARE(fromPatch, withSettingsBlock(test::codeIdeaSessionMergedCode(), store->loadNode(8)->genes, store->ideas(),
                                "PhyloEvolve: winning settings (session s.db, node 8, speedup 3.125x)"));
    }

    void codeIdeaPath_html()
    {
        QTemporaryDir dir;
        const fs::path db = dir.path().toStdString() + "/s.db";
        test::makeCodeIdeaSession(db);
        const auto store = SessionStore::open(db, SessionStore::Access::ReadOnly);
        const auto html = renderHtmlReport(computeReportData(*store));
        for (const char* tag : { "table", "tr", "td", "th", "svg", "div", "p", "code", "h2", "h3", "pre", "span", "ul", "li", "b" })
            QVERIFY2(balanced(html, tag), tag);
        QVERIFY(!contains(html, "<script") && !contains(html, "<link") && !contains(html, "<img"));

        // Each step: its node, operator and change; its speedup and step gain as the session file has them.
        SearchHistory history(store->ideas(), store->loadNodes());
        int k = 0;
        for (NodeId id : { 2, 3, 4, 7, 8 }) {
            const Node* node = history.byId(id);
            const Node* parent = history.byId(node->parents.front());
            const auto heading = "<h3>Step " + std::to_string(++k) + ": node " + std::to_string(id) + " (" + node->op + ")";
            const auto at = html.find(heading);
            QVERIFY2(at != std::string::npos, heading.c_str());
            const auto next = html.find("</div>", at);
            const auto step = html.substr(at, next - at);
            QVERIFY2(contains(step, "Speedup <b>" + formatSpeedup(*node->speedup) + "</b>"), step.c_str());
            QVERIFY2(contains(step, formatSpeedup(*node->speedup / *parent->speedup) + "</b> over node " + std::to_string(parent->id)),
                step.c_str());
        }
        QVERIFY(contains(html, "<h3>Step 2: node 3 (llm-proposal) <code>+vectorize</code></h3>"));
        // The rationale and the diff, escaped; diff lines marked by kind.
        QVERIFY(contains(html,
            "<br><span class=\"rationale\">Rationale: The loop is bound by &lt;issue&gt; width &amp; one lane per iteration;"));
        QVERIFY(contains(html, "<span class=\"add\">+    for (; i + 4 &lt;= n; i += 4) { /* 4 lanes &amp; &lt;no&gt; tail */</span>\n"));
        QVERIFY(contains(html, "<span class=\"del\">-    for (int i = 0; i &lt; n; ++i)</span>\n"));
        QVERIFY(contains(html, "<span class=\"file\">--- a/kernel.c</span>\n"));
        QVERIFY(contains(html, "<span class=\"add\">+#define TILE 32</span>"));
        QVERIFY(contains(html, "<code>+prefetch</code> <span class=\"muted\">(code idea, by the mutator)</span>"));
        QVERIFY(contains(html, "No rationale was recorded."));
        QVERIFY(contains(html, "merger agent's combination of colliding edits"));
        QVERIFY(contains(html, "No code change from node 4."));
        for (const char* raw : { "<issue>", "<no>", "<T>", "<code> & co", "'BROKEN'" })
            QVERIFY2(!contains(html, raw), raw);

        // The rest of the story: hardware, intervals, failures, eras, charts, spend, steering.
        QVERIFY(contains(html, "PhyloEvolve report: saxpy &lt;code&gt; &amp; co</h1>"));
        QVERIFY(contains(html, "hardware: NVIDIA H100 80GB HBM3 (driver 550.54.15)"));
        QVERIFY(contains(html, "compiler: gcc (Debian 12.2.0-14) 12.2.0"));
        QVERIFY(contains(html, ">100<") && contains(html, "95% CI [98, 102], 5 samples"));
        QVERIFY(contains(html, ">32<") && contains(html, "95% CI [31, 33], 5 samples"));
        QVERIFY(contains(html, "3.125x"));
        QVERIFY(contains(html, "from the CIs: " + formatSpeedup(98.0 / 33) + " &ndash; " + formatSpeedup(102.0 / 31)));
        QVERIFY(contains(html, "<td><code>build failed</code></td><td class=\"num\">1</td><td>node 6: kernel.c:3: error: unknown type name &#39;BROKEN&#39;</td>"));
        QVERIFY(contains(html, "commits node 4 [tile=32,vectorize,restrict]"));
        QVERIFY(contains(html, "<code>pin tile=32</code>") && contains(html, "<code>ban broken</code>"));
        QVERIFY(contains(html, "3 calls (0 failed), 3000 input and 600 output tokens, $0.0750."));
        QVERIFY(contains(html, "<tr><td>merger</td><td class=\"num\">1</td><td class=\"num\">$0.0375</td></tr>"));
        // Three charts inline: progress (with the era boundary), idea effects, spend.
        QCOMPARE(count(html, "<svg "), 3);
        QVERIFY(contains(html, "aria-label=\"best speedup vs evaluation index\""));
        QVERIFY(contains(html, ">era 1</text>"));
        QVERIFY(contains(html, "aria-label=\"mean speedup with each setting vs. with its idea off\""));
        QVERIFY(contains(html, "<title>vectorize, with: "));
        QVERIFY(contains(html, "aria-label=\"LLM spend (running total) vs minutes since the first call\""));
        QVERIFY(contains(html, ">$0.0750</text>"));

        // With chartsAsImages (the app's PDF) the charts become <img> in the same places.
        HtmlReportOptions images;
        images.chartsAsImages = true;
        const auto data = computeReportData(*store);
        const auto withImages = renderHtmlReport(data, images);
        QCOMPARE(count(withImages, "<svg"), 0);
        for (const auto& chart : reportCharts(data))
            QVERIFY(contains(withImages, "<img src=\"" + chartImageName(chart) + "\" width=\""));
        QCOMPARE(count(withImages, "<img "), 3);
    }

    void codeIdeaPath_markdown()
    {
        QTemporaryDir dir;
        const fs::path db = dir.path().toStdString() + "/s.db";
        test::makeCodeIdeaSession(db);
        const auto store = SessionStore::open(db, SessionStore::Access::ReadOnly);
        const auto data = computeReportData(*store);
        const auto md = renderMarkdownReport(data);
        QVERIFY(contains(md, "### Step 2: node 3 (llm-proposal) `+vectorize`\n\nSpeedup **2.000x**, step gain **1.600x** over node 2.\n\n"));
        QVERIFY(contains(md, "- `+vectorize` (code idea, by the proposer): four elements per iteration\n"
                             "  - Rationale: The loop is bound by \\<issue\\> width & one lane per iteration;"));
        QVERIFY(contains(md, "- `+tile=32` (setting from phylo.toml): tile size \\<T\\> for the loop\n"));
        // Each step's diff in a fenced diff block, exactly the step's diff.
        for (size_t k = 1; k < data.path.size(); ++k) {
            if (!data.path[k].diff.empty())
                QVERIFY2(contains(md, "```diff\n" + data.path[k].diff + "```\n"), data.path[k].diff.c_str());
        }
        QCOMPARE(count(md, "```diff\n"), 4); // tile, vectorize, restrict, prefetch; the era commit changed nothing
        QVERIFY(contains(md, "No code change from node 4."));
        QVERIFY(contains(md, "| 1 | baseline | (root) |") && contains(md, "| 7 | era-commit | (no change) |"));
        QVERIFY(contains(md, "| merger | 1 | $0.0375 |"));
        QVERIFY(contains(md, "- Hardware: NVIDIA H100 80GB HBM3 (driver 550.54.15)"));
        // Outside code, nothing raw: no HTML a code host would interpret.
        std::string prose;
        bool inFence = false;
        std::istringstream lines(md);
        for (std::string line; std::getline(lines, line);) {
            if (line.rfind("```", 0) == 0)
                inFence = !inFence;
            else if (!inFence)
                prose += line + "\n";
        }
        QVERIFY(!inFence);
        QVERIFY(!contains(prose, "<issue>") && !contains(prose, "<T>") && !contains(prose, "<no>"));
    }

    void stepDiffs_fencedAndBounded()
    {
        // A diff holding a fence of its own gets a longer fence; a long diff is cut and the cut is said.
        ReportData data;
        data.path.resize(3);
        data.path[0].id = 1;
        data.path[1].id = 2;
        data.path[1].op = "mutation";
        data.path[1].diff = "--- a/README.md\n+++ b/README.md\n@@ -1,1 +1,2 @@\n ```\n+````c\n";
        data.path[2].id = 3;
        data.path[2].op = "mutation";
        std::string longDiff = "--- a/k.c\n+++ b/k.c\n@@ -1,0 +1,1000 @@\n";
        for (int i = 0; i < 997; ++i)
            longDiff += "+line " + std::to_string(i) + " <x>\n";
        data.path[2].diff = longDiff;
        const auto md = renderMarkdownReport(data);
        QVERIFY(contains(md, "`````diff\n--- a/README.md"));
        QVERIFY(contains(md, "+````c\n`````\n"));
        QVERIFY(contains(md, "(600 more lines of this step's diff are not shown.)"));
        QVERIFY(contains(md, "+line 396 <x>\n```\n") && !contains(md, "+line 397 "));
        const auto html = renderHtmlReport(data);
        QVERIFY(contains(html, "(600 more lines of this step's diff are not shown.)"));
        QVERIFY(contains(html, "+line 396 &lt;x&gt;") && !contains(html, "+line 397 "));

        size_t omitted = 0;
        QCOMPARE(diffExcerpt("a\nb\nc\n", 2, omitted), std::string("a\nb\n"));
        QCOMPARE(omitted, size_t(1));
        QCOMPARE(diffExcerpt("a\nb\nc", 2, omitted), std::string("a\nb\n"));
        QCOMPARE(omitted, size_t(1));
        QCOMPARE(diffExcerpt("a\nb\n", 2, omitted), std::string("a\nb\n"));
        QCOMPARE(omitted, size_t(0));
    }

    void cli()
    {
        auto runCli = [](const QStringList& args) {
            QProcess process;
            process.start(QString::fromStdString(test::cliPath()), args);
            process.waitForFinished(60000);
            return process.exitCode();
        };
        const auto db = QString::fromStdString(m_db.string());
        const auto out = m_dir.path() + "/cli";
        QDir().mkpath(out);
        QCOMPARE(runCli({ "report", "--db", db, "--out", out + "/r.html", "--patch", out + "/w.diff" }), 0);
        QCOMPARE(runCli({ "report", "--db", db, "--out", out + "/r.md" }), 0);
        QCOMPARE(runCli({ "report", "--db", db, "--out", out + "/r.txt", "--format", "md" }), 0);
        QVERIFY(test::readFile((out + "/r.html").toStdString()).rfind("<!DOCTYPE html>", 0) == 0);
        QVERIFY(test::readFile((out + "/r.md").toStdString()).rfind("# PhyloEvolve report", 0) == 0);
        QCOMPARE(test::readFile((out + "/r.txt").toStdString()), test::readFile((out + "/r.md").toStdString()));
        QVERIFY(test::readFile((out + "/w.diff").toStdString()).rfind("--- a/k.cpp", 0) == 0);
        // Usage errors: exit 2, nothing written.
        QCOMPARE(runCli({ "report", "--db", db }), 2);
        QCOMPARE(runCli({ "report", "--db", db, "--out", out + "/r.pdf" }), 2);
        QVERIFY(!QFileInfo::exists(out + "/r.pdf"));
        QCOMPARE(runCli({ "report", "--db", db, "--out", out + "/x.html", "--format", "pdf" }), 2);
        QCOMPARE(runCli({ "report", "--db", out + "/missing.db", "--out", out + "/m.html" }), 2);
    }
};

QTEST_GUILESS_MAIN(TestReport)
#include "tst_report.moc"
