// SPDX-License-Identifier: GPL-3.0-or-later
// The node inspector: the Qt-free line/character diff, and the inspector's Diff, Metrics, Agent and Log
// tabs as a user sees them (markers and indicators read back from the QScintilla editors).
#include "eval/statistics.h"
#include "inspector/agent_view.h"
#include "inspector/code_editor.h"
#include "inspector/code_view.h"
#include "inspector/diff_view.h"
#include "inspector/node_inspector.h"
#include "report/text_diff.h"
#include "report/report_data.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTabWidget>
#include <QtTest>

#include <random>

using namespace phylo;
using namespace phylo::ui;

Q_DECLARE_METATYPE(phylo::ui::ComparisonKind)

namespace {

using Marks = std::vector<std::pair<int, CharRange>>;

std::string joinLines(std::initializer_list<const char*> lines)
{
    std::string out;
    for (const char* line : lines)
        out += std::string(line) + "\n";
    return out;
}

/// Length of the longest common subsequence (dynamic programming), to check the diff is minimal.
int lcsLength(const std::vector<int>& a, const std::vector<int>& b)
{
    std::vector<std::vector<int>> t(a.size() + 1, std::vector<int>(b.size() + 1, 0));
    for (size_t i = 1; i <= a.size(); ++i) {
        for (size_t j = 1; j <= b.size(); ++j)
            t[i][j] = a[i - 1] == b[j - 1] ? t[i - 1][j - 1] + 1 : std::max(t[i - 1][j], t[i][j - 1]);
    }
    return t[a.size()][b.size()];
}

const std::string kParentKernel = joinLines({
    "// SPDX-License-Identifier: MIT",
    "#include <cuda_runtime.h>",
    "__global__ void scale(float* x, int n) {",
    "    int tile = 16;",
    "    int i = blockIdx.x * blockDim.x + threadIdx.x;",
    "    if (i < n) x[i] *= 2.0f;",
    "}",
});

// Line 3 changed (16 -> 32), a line inserted after line 4, the last line unchanged.
const std::string kChildKernel = joinLines({
    "// SPDX-License-Identifier: MIT",
    "#include <cuda_runtime.h>",
    "__global__ void scale(float* x, int n) {",
    "    int tile = 32;",
    "    int i = blockIdx.x * blockDim.x + threadIdx.x;",
    "    #pragma unroll",
    "    if (i < n) x[i] *= 2.0f;",
    "}",
});

Node makeNode(NodeId id, std::vector<NodeId> parents, std::optional<double> speedup)
{
    Node node;
    node.id = id;
    node.parents = std::move(parents);
    node.op = node.parents.empty() ? "baseline" : "mutation";
    node.generation = node.parents.empty() ? 0 : 1;
    node.geneKey = node.parents.empty() ? "" : "tile=32,unroll";
    node.status = NodeStatus::Succeeded;
    node.samples = { 10, 11, 12, 9, 10.5, 11.5, 10.2, 9.8, 10.1, 13 };
    node.metric = phylo::median(node.samples);
    node.speedup = speedup;
    node.log = "build ok\nMETRIC 10.3\n";
    return node;
}

} // namespace

class TestInspector : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<ComparisonKind>(); }

    // ---- The Qt-free diff ----

    void identicalTextsHaveNoChanges()
    {
        const TextDiff diff = diffText(kParentKernel, kParentKernel);
        QVERIFY(diff.identical());
        QCOMPARE(diff.blocks.size(), size_t(1));
        QCOMPARE(diff.blocks[0], (DiffBlock { DiffOp::Equal, 0, 7, 0, 7 }));
        QVERIFY(diff.pairs.empty());
    }

    void insertedLine()
    {
        const TextDiff diff = diffText("a\nb\nc\n", "a\nb\nX\nc\n");
        QCOMPARE(diff.removedLines, std::vector<int> {});
        QCOMPARE(diff.addedLines, std::vector<int> { 2 });
        const std::vector<DiffBlock> expected { { DiffOp::Equal, 0, 2, 0, 2 }, { DiffOp::Insert, 2, 0, 2, 1 },
            { DiffOp::Equal, 2, 1, 3, 1 } };
        QCOMPARE(diff.blocks, expected);
        QVERIFY(diff.pairs.empty());
        // The old side gets one blank line under line 1, so "c" lines up with "c".
        QCOMPARE(alignmentPadding(diff).oldPadding, (std::map<int, int> { { 1, 1 } }));
        QVERIFY(alignmentPadding(diff).newPadding.empty());
        QCOMPARE(correspondingLine(diff, 2, true), 3); // old "c" -> new "c"
        QCOMPARE(correspondingLine(diff, 2, false), 2); // the inserted line -> the old line at its place
    }

    void deletedLines()
    {
        const TextDiff diff = diffText("a\nb\nc\nd\n", "a\nd\n");
        QCOMPARE(diff.removedLines, (std::vector<int> { 1, 2 }));
        QVERIFY(diff.addedLines.empty());
        const std::vector<DiffBlock> expected { { DiffOp::Equal, 0, 1, 0, 1 }, { DiffOp::Delete, 1, 2, 1, 0 },
            { DiffOp::Equal, 3, 1, 1, 1 } };
        QCOMPARE(diff.blocks, expected);
        QCOMPARE(alignmentPadding(diff).newPadding, (std::map<int, int> { { 0, 2 } }));
        QCOMPARE(correspondingLine(diff, 3, true), 1);
    }

    void replacedLineMarksTheChangedCharacters()
    {
        const TextDiff diff = diffText("int x = 1;\nreturn x;\n", "int x = 42;\nreturn x;\n");
        QCOMPARE(diff.removedLines, std::vector<int> { 0 });
        QCOMPARE(diff.addedLines, std::vector<int> { 0 });
        QCOMPARE(diff.blocks.front(), (DiffBlock { DiffOp::Replace, 0, 1, 0, 1 }));
        QCOMPARE(diff.pairs.size(), size_t(1));
        QCOMPARE(diff.pairs[0].oldChars, (std::vector<CharRange> { { 8, 1 } }));
        QCOMPARE(diff.pairs[0].newChars, (std::vector<CharRange> { { 8, 2 } }));
    }

    void replaceOfUnequalLengthPairsInOrder()
    {
        const TextDiff diff = diffText("a\nX1\nY2\nb\n", "a\nX3\nb\n");
        QCOMPARE(diff.blocks[1], (DiffBlock { DiffOp::Replace, 1, 2, 1, 1 }));
        QCOMPARE(diff.removedLines, (std::vector<int> { 1, 2 }));
        QCOMPARE(diff.addedLines, std::vector<int> { 1 });
        QCOMPARE(diff.pairs.size(), size_t(1)); // "Y2" has no partner: the whole line is removed
        QCOMPARE(diff.pairs[0].oldLine, 1);
        QCOMPARE(diff.pairs[0].newLine, 1);
        QCOMPARE(diff.pairs[0].oldChars, (std::vector<CharRange> { { 0, 2 } })); // the word "X1" became "X3"
        QCOMPARE(diff.pairs[0].newChars, (std::vector<CharRange> { { 0, 2 } }));
        QCOMPARE(alignmentPadding(diff).newPadding, (std::map<int, int> { { 1, 1 } }));
    }

    void emptyFiles()
    {
        QVERIFY(diffText("", "").identical());
        QCOMPARE(diffText("", "").oldLineCount, 0);
        QVERIFY(diffText("", "").blocks.empty());

        const TextDiff added = diffText("", "a\nb\n");
        QCOMPARE(added.addedLines, (std::vector<int> { 0, 1 }));
        QCOMPARE(added.blocks, (std::vector<DiffBlock> { { DiffOp::Insert, 0, 0, 0, 2 } }));
        QCOMPARE(correspondingLine(added, 1, false), 0);
        QCOMPARE(alignmentPadding(added).oldPadding, (std::map<int, int> { { 0, 2 } }));

        const TextDiff removed = diffText("a\n", "");
        QCOMPARE(removed.removedLines, std::vector<int> { 0 });
        QCOMPARE(removed.blocks, (std::vector<DiffBlock> { { DiffOp::Delete, 0, 1, 0, 0 } }));
    }

    void insertAtTheTopPadsUnderTheFirstLine()
    {
        const TextDiff diff = diffText("b\nc\n", "a\nb\nc\n");
        QCOMPARE(diff.addedLines, std::vector<int> { 0 });
        QCOMPARE(alignmentPadding(diff).oldPadding, (std::map<int, int> { { 0, 1 } }));
    }

    void unrelatedLinesAreMarkedWhole()
    {
        std::vector<CharRange> oldChars, newChars;
        diffChars("  abcdef  ", "  uvwxyz", oldChars, newChars);
        // Only the indentation is common (2 + 2 of 18 bytes): each line's text is one range, blanks excluded.
        QCOMPARE(oldChars, (std::vector<CharRange> { { 2, 6 } }));
        QCOMPARE(newChars, (std::vector<CharRange> { { 2, 6 } }));
        // With a third in common, the character diff stands: "    abcdef  " vs "    uvwxyz".
        diffChars("    abcdef  ", "    uvwxyz", oldChars, newChars);
        QCOMPARE(oldChars, (std::vector<CharRange> { { 4, 8 } }));
        QCOMPARE(newChars, (std::vector<CharRange> { { 4, 6 } }));
    }

    void nearbyChangesMergeIntoOneRange()
    {
        std::vector<CharRange> oldChars, newChars;
        diffChars("value = a+b;", "value = x+y;", oldChars, newChars);
        // 'a' and 'b' are one byte apart: one range over "a+b".
        QCOMPARE(oldChars, (std::vector<CharRange> { { 8, 3 } }));
        QCOMPARE(newChars, (std::vector<CharRange> { { 8, 3 } }));
    }

    void changedWordsAreMarkedWhole()
    {
        std::vector<CharRange> oldChars, newChars;
        diffChars("float acc = load(ptr, i);", "double acc = load(ptr, i + 1);", oldChars, newChars);
        QCOMPARE(oldChars, (std::vector<CharRange> { { 0, 5 } })); // "float"
        // "double" and " + 1" (the blank before "+", "+", the blank, "1").
        QCOMPARE(newChars, (std::vector<CharRange> { { 0, 6 }, { 24, 4 } }));
    }

    void characterRangesCoverWholeUtf8Characters()
    {
        std::vector<CharRange> oldChars, newChars;
        // "é" is C3 A9 and "è" is C3 A8: only the second byte differs, the range covers both.
        diffChars("a \xc3\xa9 b = 1", "a \xc3\xa8 b = 1", oldChars, newChars);
        QCOMPARE(oldChars, (std::vector<CharRange> { { 2, 2 } }));
        QCOMPARE(newChars, (std::vector<CharRange> { { 2, 2 } }));
    }

    void myersIsMinimalAndConsistent()
    {
        std::mt19937 random(7);
        for (int round = 0; round < 400; ++round) {
            std::vector<int> a(random() % 25), b(random() % 25);
            for (int& t : a)
                t = static_cast<int>(random() % 3);
            for (int& t : b)
                t = static_cast<int>(random() % 3);
            const auto blocks = diffTokens(a, b);
            int edits = 0, i = 0, j = 0;
            for (const auto& block : blocks) {
                QCOMPARE(block.oldStart, i);
                QCOMPARE(block.newStart, j);
                if (block.op == DiffOp::Equal) {
                    QCOMPARE(block.oldCount, block.newCount);
                    for (int k = 0; k < block.oldCount; ++k)
                        QCOMPARE(a[static_cast<size_t>(i + k)], b[static_cast<size_t>(j + k)]);
                } else {
                    edits += block.oldCount + block.newCount;
                }
                i += block.oldCount;
                j += block.newCount;
            }
            QCOMPARE(i, static_cast<int>(a.size()));
            QCOMPARE(j, static_cast<int>(b.size()));
            QCOMPARE(edits, static_cast<int>(a.size() + b.size()) - 2 * lcsLength(a, b));
        }
    }

    void largeFilesDiffQuickly()
    {
        std::string oldText, newText;
        for (int i = 0; i < 20000; ++i) {
            const std::string line = "    value[" + std::to_string(i) + "] = compute(" + std::to_string(i % 97) + ");\n";
            oldText += line;
            newText += i % 7 == 0 ? "    value[" + std::to_string(i) + "] = faster(" + std::to_string(i % 97) + ");\n" : line;
        }
        QElapsedTimer timer;
        timer.start();
        const TextDiff diff = diffText(oldText, newText);
        const qint64 ms = timer.elapsed();
        qInfo("diff of 20000 lines with 2858 changed: %lld ms", static_cast<long long>(ms));
        QCOMPARE(diff.removedLines.size(), size_t(2858));
        QCOMPARE(diff.addedLines.size(), size_t(2858));
        QCOMPARE(diff.pairs.size(), size_t(2858));
        QCOMPARE(diff.pairs[1].oldChars, (std::vector<CharRange> { { 15, 7 } })); // "compute" -> "faster", whole words
        QCOMPARE(diff.pairs[1].newChars, (std::vector<CharRange> { { 15, 6 } }));
        QVERIFY2(ms < 2000, "the diff must be fast enough for the GUI thread");
    }

    // ---- The inspector ----

    void diffTabMarksChangedLinesAgainstTheParent()
    {
        NodeInspector inspector;
        QSignalSpy requests(&inspector, &NodeInspector::comparisonRequested);
        const std::map<std::string, std::string> childCode { { "kernel.cu", kChildKernel } };
        inspector.showNode(makeNode(2, { 1 }, 1.5), childCode, std::nullopt);
        QCOMPARE(requests.count(), 1);
        QCOMPARE(requests.at(0).at(0).value<ComparisonKind>(), ComparisonKind::Parent);
        QVERIFY(inspector.diffView()->showingHint()); // waiting for the parent's code

        inspector.setComparison(ComparisonKind::Parent, QStringLiteral("Parent · node 1"),
            { { "kernel.cu", kParentKernel } }, 1.2);
        DiffView* diff = inspector.diffView();
        QVERIFY(!diff->showingHint());
        QCOMPARE(diff->markedLines(DiffSide::Old), std::vector<int> { 3 });
        QCOMPARE(diff->markedLines(DiffSide::New), (std::vector<int> { 3, 5 }));
        // The markers as QScintilla reports them, symbol marker included.
        const unsigned both = (1u << DiffView::kChangedLineMarker) | (1u << DiffView::kChangeSymbolMarker);
        QCOMPARE(diff->editor(DiffSide::New)->markersAtLine(5) & both, both);
        QCOMPARE(diff->editor(DiffSide::New)->markersAtLine(4) & both, 0u);
        QCOMPARE(diff->editor(DiffSide::Old)->markersAtLine(3) & both, both);
        // Only "16" / "32" of the changed line carry the character indicator.
        QCOMPARE(diff->markedChars(DiffSide::Old), (Marks { { 3, { 15, 2 } } }));
        QCOMPARE(diff->markedChars(DiffSide::New), (Marks { { 3, { 15, 2 } } }));
        // The old side is padded with one blank line under line 4 so that the sides stay aligned.
        QCOMPARE(diff->editor(DiffSide::Old)->annotation(4), QStringLiteral(" "));
        QVERIFY(diff->editor(DiffSide::New)->annotation(4).isEmpty());
        QVERIFY(diff->editor(DiffSide::Old)->isReadOnly());
        QCOMPARE(diff->editor(DiffSide::Old)->text(), QString::fromStdString(kParentKernel));
        QCOMPARE(diff->summaryText(), QStringLiteral("kernel.cu: 1 line removed, 2 added"));
        QCOMPARE(inspector.comparisonSummary(), QStringLiteral("Node 2 vs Parent · node 1: 1.250x"));
        // The parent's speedup also reaches the Metrics tab.
        QCOMPARE(inspector.findChild<QLabel*>(QStringLiteral("speedupParent"))->text(), QStringLiteral("1.250x"));
    }

    void fileSelectorOpensTheFirstChangedFile()
    {
        NodeInspector inspector;
        const std::map<std::string, std::string> parent { { "a.h", "same\n" }, { "b.cu", kParentKernel } };
        const std::map<std::string, std::string> child { { "a.h", "same\n" }, { "b.cu", kChildKernel },
            { "c.cu", "new\n" } };
        inspector.showNode(makeNode(2, { 1 }, 1.5), child, std::nullopt);
        inspector.setComparison(ComparisonKind::Parent, QStringLiteral("Parent"), parent, 1.0);
        DiffView* diff = inspector.diffView();
        QCOMPARE(diff->files(), (QStringList { QStringLiteral("a.h"), QStringLiteral("b.cu"), QStringLiteral("c.cu") }));
        QCOMPARE(diff->changedFiles(), (QStringList { QStringLiteral("b.cu"), QStringLiteral("c.cu") }));
        QCOMPARE(diff->currentFile(), QStringLiteral("b.cu"));
        QCOMPARE(diff->markedLines(DiffSide::New), (std::vector<int> { 3, 5 }));

        QVERIFY(diff->setCurrentFile(QStringLiteral("c.cu")));
        QCOMPARE(diff->markedLines(DiffSide::New), std::vector<int> { 0 });
        QVERIFY(diff->markedLines(DiffSide::Old).empty());
        QCOMPARE(diff->summaryText(), QStringLiteral("c.cu: new file, 1 line"));

        QVERIFY(diff->setCurrentFile(QStringLiteral("a.h")));
        QVERIFY(diff->markedLines(DiffSide::New).empty());
        QVERIFY(diff->markedChars(DiffSide::New).empty());
        QVERIFY(!diff->setCurrentFile(QStringLiteral("missing.cu")));

        // The Code tab shows the node's own files.
        QCOMPARE(inspector.codeView()->files().size(), 3);
        QCOMPARE(inspector.codeView()->editor()->text(), QStringLiteral("same\n"));
    }

    void comparisonKindsAreRequestedAndCached()
    {
        NodeInspector inspector;
        QSignalSpy requests(&inspector, &NodeInspector::comparisonRequested);
        const std::map<std::string, std::string> child { { "k.cu", kChildKernel } };
        inspector.showNode(makeNode(5, { 4 }, 2.0), child, std::nullopt);
        inspector.setComparison(ComparisonKind::Parent, QStringLiteral("Parent"), { { "k.cu", kParentKernel } }, 1.0);
        inspector.selectComparison(ComparisonKind::Original);
        QCOMPARE(requests.count(), 2);
        QCOMPARE(requests.at(1).at(0).value<ComparisonKind>(), ComparisonKind::Original);
        QVERIFY(inspector.diffView()->showingHint());
        inspector.setComparison(ComparisonKind::Original, QStringLiteral("Original"), { { "k.cu", "x\n" } }, 1.0);
        QCOMPARE(inspector.diffView()->markedLines(DiffSide::Old), std::vector<int> { 0 });

        // Back to the parent: already known, no new request.
        inspector.selectComparison(ComparisonKind::Parent);
        QCOMPARE(requests.count(), 2);
        QCOMPARE(inspector.diffView()->markedLines(DiffSide::Old), std::vector<int> { 3 });

        // A node picked in the tree is selected by giving it.
        inspector.setComparison(ComparisonKind::OtherNode, QStringLiteral("Node 9"), { { "k.cu", kChildKernel } }, 3.0);
        QCOMPARE(inspector.comparison(), ComparisonKind::OtherNode);
        QVERIFY(inspector.diffView()->markedLines(DiffSide::New).empty());
        QCOMPARE(inspector.comparisonSummary(), QStringLiteral("Node 5 vs Node 9: 0.667x"));

        // Another node forgets the comparisons and asks again for the selected kind.
        inspector.showNode(makeNode(6, { 4 }, 2.0), child, std::nullopt);
        QCOMPARE(requests.count(), 3);
        QCOMPARE(requests.at(2).at(0).value<ComparisonKind>(), ComparisonKind::OtherNode);
    }

    void baselineHasNoParentToCompareWith()
    {
        NodeInspector inspector;
        QSignalSpy requests(&inspector, &NodeInspector::comparisonRequested);
        inspector.showNode(makeNode(1, {}, 1.0), { { "k.cu", kParentKernel } }, std::nullopt);
        QCOMPARE(requests.count(), 0);
        QVERIFY(inspector.diffView()->showingHint());
        QCOMPARE(inspector.findChild<QLabel*>(QStringLiteral("speedupParent"))->text(), QStringLiteral("—"));
    }

    void scrollingOneSideScrollsTheOther()
    {
        DiffView view;
        std::string oldText, newText;
        for (int i = 0; i < 300; ++i) {
            oldText += "line " + std::to_string(i) + "\n";
            if (i == 10)
                newText += "inserted a\ninserted b\ninserted c\n";
            if (i != 200)
                newText += "line " + std::to_string(i) + "\n";
        }
        view.setFiles({ { "f.c", oldText } }, QStringLiteral("old"), { { "f.c", newText } }, QStringLiteral("new"));
        view.resize(900, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QScrollBar* left = view.editor(DiffSide::Old)->verticalScrollBar();
        QScrollBar* right = view.editor(DiffSide::New)->verticalScrollBar();
        QVERIFY(left->maximum() > 100);
        QCOMPARE(left->maximum(), right->maximum()); // the padding evens out the display lines
        left->setValue(120);
        QCOMPARE(right->value(), 120);
        right->setValue(250);
        QCOMPARE(left->value(), 250);
        // Display line 250 shows the same source line on both sides (below the insertion, above the deletion:
        // "line 247" on both).
        auto docLine = [](CodeEditor* e, int display) {
            return static_cast<int>(e->SendScintilla(QsciScintillaBase::SCI_DOCLINEFROMVISIBLE, display));
        };
        QCOMPARE(view.editor(DiffSide::Old)->text(docLine(view.editor(DiffSide::Old), 250)), QStringLiteral("line 247\n"));
        QCOMPARE(view.editor(DiffSide::New)->text(docLine(view.editor(DiffSide::New), 250)), QStringLiteral("line 247\n"));
    }

    void metricsShowMedianAndConfidence()
    {
        NodeInspector inspector;
        Node node = makeNode(3, { 1 }, 1.5);
        node.suspicious = true;
        node.buildCached = true;
        node.startedAt = 1000;
        node.finishedAt = 1002.5;
        SpeedupReferences refs;
        refs.parent = 1.2;
        refs.eraBaseline = 0.75;
        inspector.showNode(node, { { "k.cu", kChildKernel } }, std::nullopt, refs);
        const SampleStats stats = summarize(node.samples);
        auto label = [&](const char* name) {
            auto* l = inspector.findChild<QLabel*>(QString::fromLatin1(name));
            return l ? l->text() : QStringLiteral("<missing>");
        };
        QCOMPARE(label("metricMedian"), QString::fromStdString(formatMetric(*node.metric)));
        QCOMPARE(label("metricConfidence"), QString::fromStdString(formatConfidence(stats)));
        QVERIFY(label("metricConfidence").startsWith(QStringLiteral("95% CI [")));
        QVERIFY(label("metricConfidence").endsWith(QStringLiteral("10 samples")));
        QCOMPARE(label("speedupParent"), QStringLiteral("1.250x"));
        QCOMPARE(label("speedupEra"), QStringLiteral("2.000x"));
        QCOMPARE(label("speedupOriginal"), QStringLiteral("1.500x"));
        QVERIFY(label("metricFlags").contains(QStringLiteral("suspicious")));
        QVERIFY(label("metricFlags").contains(QStringLiteral("build cached")));
        QVERIFY(label("metricTiming").startsWith(QStringLiteral("took 2.5 s")));
        QCOMPARE(inspector.metricsView()->histogramBinCount(), 4); // ceil(sqrt(10))
        QVERIFY(inspector.metricsView()->summaryText().contains(QStringLiteral("Median: ")
            + QString::fromStdString(formatMetric(*node.metric))));
        QCOMPARE(inspector.logView()->toPlainText(), QStringLiteral("build ok\nMETRIC 10.3\n"));
        QVERIFY(inspector.failureText().isEmpty());
    }

    /// Where a node ran (backend, job id, host, GPU) is in the metrics view.
    void metricsShowWhereTheNodeRan()
    {
        NodeInspector inspector;
        Node node = makeNode(4, { 1 }, 1.2);
        inspector.showNode(node, { { "k.cu", kChildKernel } }, std::nullopt, {});
        auto label = [&] {
            auto* l = inspector.findChild<QLabel*>(QStringLiteral("metricPlacement"));
            return l ? l->text() : QStringLiteral("<missing>");
        };
        QCOMPARE(label(), QStringLiteral("—"));
        node.placement = { "slurm", "node7", "4242", "1" };
        inspector.showNode(node, { { "k.cu", kChildKernel } }, std::nullopt, {});
        QCOMPARE(label(), QStringLiteral("SLURM job 4242 on node7, GPU 1"));
        QVERIFY(inspector.metricsView()->summaryText().contains(QStringLiteral("Ran on: SLURM job 4242")));
    }

    void failedNodeShowsItsReasonProminently()
    {
        NodeInspector inspector;
        Node node = makeNode(4, { 1 }, std::nullopt);
        node.status = NodeStatus::Failed;
        node.samples.clear();
        node.metric.reset();
        node.failure = FailureReason::BuildFailed;
        node.failureDetail = "kernel.cu:12: error: expected ';'";
        inspector.showNode(node, { { "k.cu", kChildKernel } }, std::nullopt);
        QCOMPARE(inspector.failureText(), QStringLiteral("Failed: build failed\nkernel.cu:12: error: expected ';'"));
        QCOMPARE(inspector.findChild<QLabel*>(QStringLiteral("nodeSpeedup"))->text(), QStringLiteral("failed"));
        QCOMPARE(inspector.findChild<QLabel*>(QStringLiteral("metricConfidence"))->text(), QStringLiteral("no samples"));
        QCOMPARE(inspector.metricsView()->histogramBinCount(), 0);
        QVERIFY(inspector.findChild<QLabel*>(QStringLiteral("metricStatus"))->text().contains(QStringLiteral("build failed")));

        // The next node, a success, hides the banner again.
        inspector.showNode(makeNode(5, { 1 }, 1.1), { { "k.cu", kChildKernel } }, std::nullopt);
        QVERIFY(inspector.failureText().isEmpty());
    }

    void agentTabOnlyForLlmNodes()
    {
        NodeInspector inspector;
        inspector.showNode(makeNode(2, { 1 }, 1.5), { { "k.cu", kChildKernel } }, std::nullopt);
        QVERIFY(!inspector.isAgentTabVisible());
        QVERIFY(!inspector.tabs()->isTabVisible(NodeInspector::AgentTab));

        AgentRecord record;
        record.agent = QStringLiteral("mutator");
        record.model = QStringLiteral("model-x");
        record.prompt = QStringLiteral("Make the kernel faster.");
        record.response = QStringLiteral("<<<edit>>>");
        record.rationale = QStringLiteral("A larger tile reuses loads.");
        record.inputTokens = 12345;
        record.outputTokens = 678;
        record.costUsd = 0.0123;
        inspector.showNode(makeNode(3, { 1 }, 1.6), { { "k.cu", kChildKernel } }, record);
        QVERIFY(inspector.isAgentTabVisible());
        AgentView* agent = inspector.agentView();
        QCOMPARE(agent->headerText(), QStringLiteral("mutator · model-x"));
        const QLocale locale;
        QCOMPARE(agent->usageText(),
            locale.toString(qint64(12345)) + QStringLiteral(" input + ") + locale.toString(qint64(678))
                + QStringLiteral(" output tokens · $0.0123"));
        QCOMPARE(agent->promptText(), record.prompt);
        QCOMPARE(agent->responseText(), record.response);
        QCOMPARE(agent->rationaleText(), record.rationale);
        QCOMPARE(AgentView::formatCost(2.5), QStringLiteral("$2.50"));

        // A non-LLM node after it hides the tab again and forgets the record.
        inspector.showNode(makeNode(4, { 1 }, 1.1), { { "k.cu", kChildKernel } }, std::nullopt);
        QVERIFY(!inspector.isAgentTabVisible());
        QVERIFY(agent->promptText().isEmpty());
    }

    void clearShowsTheEmptyState()
    {
        NodeInspector inspector;
        QVERIFY(!inspector.hasNode());
        inspector.showNode(makeNode(2, { 1 }, 1.5), { { "k.cu", kChildKernel } }, std::nullopt);
        QCOMPARE(inspector.nodeId(), std::optional<NodeId>(2));
        QCOMPARE(inspector.findChild<QLabel*>(QStringLiteral("nodeTitle"))->text(), QStringLiteral("Node 2"));
        QCOMPARE(inspector.findChild<QLabel*>(QStringLiteral("nodeGenes"))->text(), QStringLiteral("tile=32, unroll"));
        inspector.clear();
        QVERIFY(!inspector.hasNode());
        QVERIFY(inspector.logView()->toPlainText().isEmpty());
        QVERIFY(inspector.codeView()->files().isEmpty());
    }
};

QTEST_MAIN(TestInspector)
#include "tst_inspector.moc"
