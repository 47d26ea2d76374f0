// SPDX-License-Identifier: GPL-3.0-or-later
// The phylogenetic tree view (ui/tree): the Qt-free tidy layout, and the view's items, edges,
// decorations, live updates, selection, search, tooltips and context menu (offscreen).
#include "tree/phylo_tree_view.h"
#include "tree/tidy_tree_layout.h"
#include "tree/tree_edges_item.h"
#include "tree/tree_layout_runner.h"
#include "tree/tree_legend.h"
#include "tree/tree_model.h"
#include "tree/tree_node_item.h"

#include <QAction>
#include <QImage>
#include <QMenu>
#include <QPainter>
#include <QScrollBar>
#include <QSignalSpy>
#include <QToolTip>
#include <QWheelEvent>
#include <QtTest>

#include <cmath>
#include <map>
#include <memory>
#include <random>

using namespace phylo;
using namespace phylo::ui;

namespace {

Node makeNode(NodeId id, std::vector<NodeId> parents, NodeStatus status, std::optional<double> speedup,
    const std::string& geneKey = {}, int era = 0)
{
    Node node;
    node.id = id;
    node.evalIndex = id;
    node.parents = std::move(parents);
    node.op = node.parents.empty() ? "baseline" : node.parents.size() > 1 ? "crossover" : "mutation";
    node.status = status;
    node.speedup = speedup;
    node.geneKey = geneKey;
    node.era = era;
    return node;
}

/**
 * 1 baseline; 2 (tile=32, 1.5x), 3 (failed build), 4 (vec, 0.8x) children of 1; 5 (tile=32,unroll, 2x)
 * child of 2; 6 crossover of 5 and 4 (2.5x, the best); 7 pending and 8 running children of 4.
 */
std::vector<Node> smallTree()
{
    std::vector<Node> nodes;
    nodes.push_back(makeNode(1, {}, NodeStatus::Succeeded, 1.0));
    nodes.push_back(makeNode(2, { 1 }, NodeStatus::Succeeded, 1.5, "tile=32"));
    Node failed = makeNode(3, { 1 }, NodeStatus::Failed, std::nullopt, "unroll");
    failed.failure = FailureReason::BuildFailed;
    failed.failureDetail = "kernel.cu:12: error: expected ';' before '<' token";
    nodes.push_back(failed);
    nodes.push_back(makeNode(4, { 1 }, NodeStatus::Succeeded, 0.8, "vec"));
    nodes.push_back(makeNode(5, { 2 }, NodeStatus::Succeeded, 2.0, "tile=32,unroll"));
    nodes.push_back(makeNode(6, { 5, 4 }, NodeStatus::Succeeded, 2.5, "tile=32,unroll,vec"));
    nodes.push_back(makeNode(7, { 4 }, NodeStatus::Pending, std::nullopt, "vec,unroll"));
    nodes.push_back(makeNode(8, { 4 }, NodeStatus::Running, std::nullopt, "vec,tile=64"));
    return nodes;
}

/// Layout invariants over PARENT: returns the first violation, or an empty string.
std::string layoutViolation(const std::vector<int>& parent, const TidyTreeLayout& layout, double separation)
{
    const int n = static_cast<int>(parent.size());
    if (static_cast<int>(layout.x.size()) != n || static_cast<int>(layout.level.size()) != n)
        return "wrong size";
    std::map<int, std::vector<double>> rows;
    std::map<int, std::vector<int>> children;
    for (int i = 0; i < n; ++i) {
        rows[layout.level[i]].push_back(layout.x[i]);
        if (parent[i] >= 0)
            children[parent[i]].push_back(i);
    }
    for (auto& [level, xs] : rows) {
        std::sort(xs.begin(), xs.end());
        for (size_t k = 1; k < xs.size(); ++k) {
            if (xs[k] - xs[k - 1] < separation - 1e-9)
                return "overlap on level " + std::to_string(level);
        }
    }
    for (const auto& [p, kids] : children) {
        const double centre = (layout.x[kids.front()] + layout.x[kids.back()]) / 2;
        if (std::abs(centre - layout.x[p]) > 1e-9)
            return "parent " + std::to_string(p) + " not centred";
        for (size_t k = 0; k < kids.size(); ++k) {
            if (layout.level[kids[k]] <= layout.level[p])
                return "child above its parent";
            if (k > 0 && layout.x[kids[k]] <= layout.x[kids[k - 1]])
                return "children out of order";
        }
    }
    return {};
}

std::vector<int> randomForest(std::mt19937& rng, int n)
{
    std::vector<int> parent(n);
    for (int i = 0; i < n; ++i)
        parent[i] = i == 0 || rng() % 12 == 0 ? -1 : static_cast<int>(rng() % i);
    return parent;
}

QAction* menuAction(QMenu* menu, const QString& name)
{
    for (QAction* action : menu->actions()) {
        if (action->objectName() == name)
            return action;
    }
    return nullptr;
}

} // namespace

class TestTreeView : public QObject {
    Q_OBJECT

private:
    /// A shown view with the small tree laid out.
    std::unique_ptr<PhyloTreeView> makeView(const std::vector<Node>& nodes = smallTree(), const TreeDecorations& d = {})
    {
        auto view = std::make_unique<PhyloTreeView>();
        view->resize(800, 600);
        view->show();
        view->setNodes(nodes, d);
        return view;
    }

    static bool settle(PhyloTreeView& view)
    {
        return QTest::qWaitFor([&] { return !view.isLayoutPending(); }, 5000);
    }

private Q_SLOTS:
    // ---- the Qt-free layout ----

    void layoutOfAKnownTree()
    {
        // 0 with children 1, 2, 3; 1 with children 4, 5.
        const std::vector<int> parent { -1, 0, 0, 0, 1, 1 };
        const TidyTreeLayout layout = layoutTidyTree(parent);
        QCOMPARE(layout.level, (std::vector<int> { 0, 1, 1, 1, 2, 2 }));
        QCOMPARE(layout.x[4], 0.0);
        QCOMPARE(layout.x[5], 1.0);
        QCOMPARE(layout.x[1], 0.5);
        QCOMPARE(layout.x[2], 1.5);
        QCOMPARE(layout.x[3], 2.5);
        QCOMPARE(layout.x[0], 1.5);
        QCOMPARE(layout.width, 2.5);
        QCOMPARE(layout.levels, 3);
        QVERIFY(layout.bands.empty());
    }

    void layoutInvariantsOnRandomForests()
    {
        std::mt19937 rng(7);
        for (int round = 0; round < 300; ++round) {
            const std::vector<int> parent = randomForest(rng, 1 + static_cast<int>(rng() % 150));
            TidyTreeOptions options;
            options.nodeSeparation = 1 + (round % 3);
            const TidyTreeLayout layout = layoutTidyTree(parent, options);
            const std::string violation = layoutViolation(parent, layout, options.nodeSeparation);
            QVERIFY2(violation.empty(), violation.c_str());
            QCOMPARE(*std::min_element(layout.x.begin(), layout.x.end()), 0.0);
        }
    }

    void layoutIsSymmetric()
    {
        // Walker's property: a tree and its mirror image are drawn as mirror images.
        std::mt19937 rng(3);
        for (int round = 0; round < 100; ++round) {
            const int n = 2 + static_cast<int>(rng() % 60);
            std::vector<int> parent(n, -1);
            for (int i = 1; i < n; ++i)
                parent[i] = static_cast<int>(rng() % i);
            // The mirror: the same tree with every node's children in reverse order. Children keep input
            // order, so reverse the input (a parent then comes after its children: allowed).
            std::vector<int> mirrored(n);
            for (int i = 0; i < n; ++i)
                mirrored[n - 1 - i] = parent[i] < 0 ? -1 : n - 1 - parent[i];
            const TidyTreeLayout a = layoutTidyTree(parent);
            const TidyTreeLayout b = layoutTidyTree(mirrored);
            QCOMPARE(a.width, b.width);
            for (int i = 0; i < n; ++i)
                QVERIFY(std::abs(a.x[i] - (b.width - b.x[n - 1 - i])) < 1e-9);
        }
    }

    void layoutBandsStackByEra()
    {
        std::mt19937 rng(11);
        for (int round = 0; round < 200; ++round) {
            const int n = 1 + static_cast<int>(rng() % 120);
            const std::vector<int> parent = randomForest(rng, n);
            TidyTreeOptions options;
            options.band.resize(n);
            for (int i = 0; i < n; ++i)
                options.band[i] = static_cast<int>(rng() % 4) * 10; // bands need not be consecutive
            const TidyTreeLayout layout = layoutTidyTree(parent, options);
            // Nodes never come closer than the separation, even next to the columns of skipped levels.
            const std::string violation = layoutViolation(parent, layout, options.nodeSeparation);
            QVERIFY2(violation.empty(), violation.c_str());
            for (size_t b = 1; b < layout.bands.size(); ++b) {
                QVERIFY(layout.bands[b].band > layout.bands[b - 1].band);
                QCOMPARE(layout.bands[b].firstLevel, layout.bands[b - 1].lastLevel + 1);
            }
            // A node's band is its own, or its parent's when that is lower down.
            for (int i = 0; i < n; ++i) {
                const auto band = std::find_if(layout.bands.begin(), layout.bands.end(),
                    [&](const TidyTreeBand& b) { return layout.level[i] >= b.firstLevel && layout.level[i] <= b.lastLevel; });
                QVERIFY(band != layout.bands.end());
                QVERIFY(band->band >= options.band[i]);
            }
        }
    }

    void layoutSurvivesBadInput()
    {
        QVERIFY(layoutTidyTree({}).x.empty());
        const TidyTreeLayout one = layoutTidyTree({ -1 });
        QCOMPARE(one.x, std::vector<double> { 0.0 });
        // A cycle (0 -> 1 -> 2 -> 0), a self-parent and an out-of-range parent: all become roots somewhere.
        const TidyTreeLayout odd = layoutTidyTree({ 1, 2, 0, 3, 99 });
        QCOMPARE(odd.x.size(), size_t(5));
        // A 100,000-deep chain: no recursion, so no stack overflow.
        std::vector<int> chain(100000);
        for (int i = 0; i < 100000; ++i)
            chain[i] = i - 1;
        const TidyTreeLayout deep = layoutTidyTree(chain);
        QCOMPARE(deep.levels, 100000);
        QCOMPARE(deep.width, 0.0);
    }

    void runnerReportsOnlyTheLatestRequest()
    {
        TreeLayoutRunner runner;
        QSignalSpy ready(&runner, &TreeLayoutRunner::ready);
        std::mt19937 rng(5);
        runner.request(randomForest(rng, 20000), {});
        runner.request(randomForest(rng, 300), {});
        const quint64 last = runner.request(randomForest(rng, 42), {});
        QTRY_VERIFY(!runner.pending());
        QCOMPARE(ready.count(), 1);
        QCOMPARE(ready.at(0).at(1).value<quint64>(), last);
        QCOMPARE(ready.at(0).at(0).value<TidyTreeLayout>().x.size(), size_t(42));
        runner.request(randomForest(rng, 10), {});
        runner.cancel();
        QTRY_VERIFY(!runner.pending());
        QCOMPARE(ready.count(), 1);
    }

    void modelTracksTheBestIncrementally()
    {
        // The live view keeps the best node in O(changed nodes); it must always agree with a full scan.
        std::mt19937 rng(17);
        TreeModel model;
        NodeId best = 0;
        for (int step = 0; step < 2000; ++step) {
            std::vector<int> changed;
            for (int k = 0, n = 1 + static_cast<int>(rng() % 3); k < n; ++k) {
                const NodeId id = 1 + static_cast<NodeId>(rng() % 300);
                const NodeStatus status = rng() % 3 ? NodeStatus::Succeeded : NodeStatus::Failed;
                Node node = makeNode(id, {}, status, std::nullopt);
                if (status == NodeStatus::Succeeded && rng() % 5)
                    node.speedup = 0.5 + static_cast<int>(rng() % 20) * 0.25; // ties happen
                node.suspicious = rng() % 10 == 0;
                changed.push_back(model.upsert(node).first);
            }
            best = model.bestAfterChanges(best, changed);
            QCOMPARE(best, model.bestNode(0));
        }
    }

    // ---- the view ----

    void setNodesMakesItemsAndEdges()
    {
        auto view = makeView();
        QCOMPARE(view->nodeItemCount(), 8);
        QVERIFY(settle(*view));
        const TreeEdgesItem* edges = view->edgesItem();
        QCOMPARE(edges->edgeCount(EdgeStyle::Tree), 7); // every node but the root, to its main parent
        QCOMPARE(edges->edgeCount(EdgeStyle::Crossover), 1); // 4 -> 6, dashed
        QCOMPARE(edges->edgeCount(EdgeStyle::Pruned), 0);

        // Laid out: no two nodes of a level closer than the spacing, parents centred over their children.
        std::map<qreal, std::vector<qreal>> rows;
        for (NodeId id = 1; id <= 8; ++id) {
            QVERIFY(view->nodeItem(id)->isVisible());
            rows[view->nodeItem(id)->pos().y()].push_back(view->nodeItem(id)->pos().x());
        }
        for (auto& [y, xs] : rows) {
            std::sort(xs.begin(), xs.end());
            for (size_t k = 1; k < xs.size(); ++k)
                QVERIFY(xs[k] - xs[k - 1] >= PhyloTreeView::kNodeSpacing - 1e-6);
        }
        const auto x = [&](NodeId id) { return view->nodeItem(id)->pos().x(); };
        const auto y = [&](NodeId id) { return view->nodeItem(id)->pos().y(); };
        QCOMPARE(x(1), (x(2) + x(4)) / 2);
        QCOMPARE(x(4), (x(7) + x(8)) / 2);
        QCOMPARE(x(2), x(5)); // a single child right below
        QVERIFY(y(5) > y(2) && y(2) > y(1));
        QCOMPARE(y(6) - y(5), PhyloTreeView::kLevelSpacing);

        // The best node is the fastest; its path from the root is 1 -> 2 -> 5 -> 6.
        QCOMPARE(view->bestNode(), NodeId(6));
        QCOMPARE(view->bestPathEdgeCount(), 3);
        QVERIFY(view->nodeItem(5)->look().onBestPath);
        QVERIFY(!view->nodeItem(4)->look().onBestPath);
        QVERIFY(view->nodeItem(6)->look().best);
    }

    void nodesShowTheirState()
    {
        auto view = makeView();
        QVERIFY(settle(*view));
        QCOMPARE(view->nodeItem(3)->look().status, NodeStatus::Failed);
        QCOMPARE(view->nodeItem(3)->look().caption, QStringLiteral("build failed"));
        QCOMPARE(view->nodeItem(7)->look().status, NodeStatus::Pending);
        QCOMPARE(view->nodeItem(8)->look().status, NodeStatus::Running);
        QVERIFY(view->nodeItem(7)->look().fill != view->nodeItem(8)->look().fill);
        // Speedup colours: slower reddish, faster bluish, 1x grey.
        const QColor slow = view->nodeItem(4)->look().fill;
        const QColor fast = view->nodeItem(6)->look().fill;
        QVERIFY(slow.red() > slow.blue());
        QVERIFY(fast.blue() > fast.red());
        QCOMPARE(view->nodeItem(1)->look().fill, SpeedupColorScale::neutralColor());
        QCOMPARE(view->nodeItem(5)->look().caption, QStringLiteral("2.00×"));
    }

    void prunedSubtreesAreGreyed()
    {
        TreeDecorations decorations;
        decorations.pruned = { 4 };
        auto view = makeView(smallTree(), decorations);
        QVERIFY(settle(*view));
        // 4 and its children 7, 8, and 6 through its second parent, as the search counts it.
        for (NodeId id : { 4, 6, 7, 8 })
            QVERIFY2(view->nodeItem(id)->look().pruned, qPrintable(QString::number(id)));
        for (NodeId id : { 1, 2, 3, 5 })
            QVERIFY(!view->nodeItem(id)->look().pruned);
        QCOMPARE(view->edgesItem()->edgeCount(EdgeStyle::Pruned), 4);
        QCOMPARE(view->edgesItem()->edgeCount(EdgeStyle::CrossoverPruned), 1);

        // Unpruning through a live update brings the colours back without a new layout.
        view->updateNodes({}, {});
        QVERIFY(!view->nodeItem(6)->look().pruned);
        QCOMPARE(view->edgesItem()->edgeCount(EdgeStyle::Pruned), 0);
        QVERIFY(!view->isLayoutPending());
    }

    void explicitBestNodeAndEraBands()
    {
        std::vector<Node> nodes = smallTree();
        nodes.push_back(makeNode(9, { 6 }, NodeStatus::Succeeded, 1.9, "tile=32,unroll,vec,tile", 1));
        nodes.push_back(makeNode(10, { 1 }, NodeStatus::Succeeded, 1.1, "tile=64", 1)); // era 1 from the root
        TreeDecorations decorations;
        decorations.bestId = 5;
        decorations.eraNames[1] = QStringLiteral("Era 1: rethink");
        auto view = makeView(nodes, decorations);
        QVERIFY(settle(*view));
        QCOMPARE(view->bestNode(), NodeId(5));
        QCOMPARE(view->bestPathEdgeCount(), 2);
        const std::vector<EraBand> bands = view->eraBands();
        QCOMPARE(bands.size(), size_t(2));
        QCOMPARE(bands[0].era, 0);
        QCOMPARE(bands[1].era, 1);
        QVERIFY(bands[0].bottom <= bands[1].top);
        for (NodeId id = 1; id <= 10; ++id) {
            const qreal y = view->nodeItem(id)->pos().y();
            const EraBand& band = bands[id >= 9 ? 1 : 0];
            QVERIFY(y > band.top && y < band.bottom);
        }
        // The era-1 child of the root skips the rest of era 0: its column is kept free of other nodes.
        const qreal x10 = view->nodeItem(10)->pos().x();
        for (NodeId id = 2; id <= 8; ++id)
            QVERIFY(std::abs(view->nodeItem(id)->pos().x() - x10) >= PhyloTreeView::kNodeSpacing * 0.35 - 1e-6);
        QImage image(view->viewport()->size(), QImage::Format_ARGB32_Premultiplied);
        view->viewport()->render(&image); // draws the bands and their labels
    }

    void updateNodesKeepsZoomAndScroll()
    {
        auto view = makeView();
        QVERIFY(settle(*view));
        view->zoomBy(2.0);
        view->selectNode(3);
        view->centerOn(view->nodeItem(3));
        view->horizontalScrollBar()->setValue(view->horizontalScrollBar()->value() - 40);
        const QTransform transform = view->transform();
        const int h = view->horizontalScrollBar()->value();
        const int v = view->verticalScrollBar()->value();
        const QPoint anchorOnScreen = view->mapFromScene(view->nodeItem(3)->pos());

        // A new child of the rightmost node and a status change: live, no reset.
        std::vector<Node> update { makeNode(9, { 8 }, NodeStatus::Pending, std::nullopt, "vec,tile=64,unroll") };
        update.push_back(makeNode(7, { 4 }, NodeStatus::Running, std::nullopt, "vec,unroll"));
        view->updateNodes(update, {});
        QCOMPARE(view->nodeItemCount(), 9);
        QCOMPARE(view->transform(), transform);
        QCOMPARE(view->horizontalScrollBar()->value(), h);
        QCOMPARE(view->verticalScrollBar()->value(), v);
        QCOMPARE(view->nodeItem(7)->look().status, NodeStatus::Running);
        QVERIFY(view->nodeItem(9)->isVisible()); // at once, below its parent
        QVERIFY(view->nodeItem(9)->pos().y() > view->nodeItem(8)->pos().y());

        QSignalSpy applied(view.get(), &PhyloTreeView::layoutApplied);
        QVERIFY(settle(*view));
        QCOMPARE(applied.count(), 1);
        QCOMPARE(view->transform(), transform);
        // Node 3 (left of the new node) did not move, so neither did the view.
        QCOMPARE(view->mapFromScene(view->nodeItem(3)->pos()), anchorOnScreen);
        QCOMPARE(view->horizontalScrollBar()->value(), h);
        QCOMPARE(view->verticalScrollBar()->value(), v);
        QCOMPARE(view->nodeItem(9)->pos().y() - view->nodeItem(8)->pos().y(), PhyloTreeView::kLevelSpacing);
        QCOMPARE(view->edgesItem()->edgeCount(EdgeStyle::Tree), 8);
        QCOMPARE(view->selectedNode(), NodeId(3));
    }

    void relayoutKeepsTheSelectionStillOnScreen()
    {
        auto view = makeView();
        QVERIFY(settle(*view));
        view->zoomBy(1.5);
        view->selectNode(8);
        view->centerOn(view->nodeItem(8));
        const QTransform transform = view->transform();
        const QPoint before = view->mapFromScene(view->nodeItem(8)->pos());
        const QPointF scenePos = view->nodeItem(8)->pos();
        // New children of 2 push the subtree of 4 (and node 8) to the right.
        view->updateNodes({ makeNode(9, { 2 }, NodeStatus::Pending, std::nullopt),
                              makeNode(10, { 2 }, NodeStatus::Pending, std::nullopt),
                              makeNode(11, { 2 }, NodeStatus::Pending, std::nullopt) },
            {});
        QVERIFY(settle(*view));
        QVERIFY(view->nodeItem(8)->pos() != scenePos);
        QCOMPARE(view->transform(), transform);
        QVERIFY((view->mapFromScene(view->nodeItem(8)->pos()) - before).manhattanLength() <= 2);
    }

    void selectingEmitsNodeSelected()
    {
        auto view = makeView();
        QVERIFY(settle(*view));
        QSignalSpy selected(view.get(), &PhyloTreeView::nodeSelected);
        view->selectNode(5);
        QCOMPARE(selected.count(), 1);
        QCOMPARE(selected.at(0).at(0).value<NodeId>(), NodeId(5));
        QCOMPARE(view->selectedNode(), NodeId(5));
        view->selectNode(5);
        QCOMPARE(selected.count(), 1); // no change, no signal
        view->selectNode(12345);
        QCOMPARE(view->selectedNode(), NodeId(0));
        QCOMPARE(selected.count(), 2);

        // A click on a node selects it; a double click activates it.
        QSignalSpy activated(view.get(), &PhyloTreeView::nodeActivated);
        const QPoint at = view->mapFromScene(view->nodeItem(4)->pos());
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(view->selectedNode(), NodeId(4));
        QCOMPARE(selected.last().at(0).value<NodeId>(), NodeId(4));
        // Zoomed far out a node is a dot: a click a few pixels off still reaches the nearest one.
        const QTransform before = view->transform();
        view->setTransform(QTransform::fromScale(0.1, 0.1));
        view->centerOn(view->nodeItem(7));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->mapFromScene(view->nodeItem(7)->pos()) + QPoint(-1, -2));
        QCOMPARE(view->selectedNode(), NodeId(7));
        view->setTransform(before);
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, view->mapFromScene(view->nodeItem(2)->pos()));
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.at(0).at(0).value<NodeId>(), NodeId(2));
    }

    void findNodeByIdAndIdea()
    {
        auto view = makeView();
        QVERIFY(settle(*view));
        QVERIFY(view->findNode(QStringLiteral("#5")));
        QCOMPARE(view->selectedNode(), NodeId(5));
        QVERIFY(view->findNode(QStringLiteral("3")));
        QCOMPARE(view->selectedNode(), NodeId(3));
        // An idea: the fastest node carrying it first, then the next on each call.
        QVERIFY(view->findNode(QStringLiteral("unroll")));
        QCOMPARE(view->selectedNode(), NodeId(6));
        QVERIFY(view->findNode(QStringLiteral("unroll")));
        QCOMPARE(view->selectedNode(), NodeId(5));
        QVERIFY(view->findNode(QStringLiteral("TILE=64")));
        QCOMPARE(view->selectedNode(), NodeId(8));
        QVERIFY(!view->findNode(QStringLiteral("#99")));
        QVERIFY(!view->findNode(QStringLiteral("no-such-idea")));
        QVERIFY(!view->findNode(QString()));
        QCOMPARE(view->selectedNode(), NodeId(8));
    }

    void failedNodeTooltipHasReasonAndDetail()
    {
        auto view = makeView();
        QVERIFY(settle(*view));
        const QString tip = view->toolTipFor(3);
        QVERIFY2(tip.contains(QStringLiteral("build failed")), qPrintable(tip));
        QVERIFY(tip.contains(QStringLiteral("kernel.cu:12: error: expected")));
        QVERIFY(tip.contains(QStringLiteral("&lt;"))); // the detail is escaped, not markup
        QVERIFY(view->toolTipFor(6).contains(QStringLiteral("2.50×")));
        QVERIFY(view->toolTipFor(6).contains(QStringLiteral("#5 × #4")));
        QVERIFY(view->toolTipFor(99).isEmpty());

        // The real path: a tooltip event over the node shows it.
        const QPoint at = view->mapFromScene(view->nodeItem(3)->pos());
        QHelpEvent help(QEvent::ToolTip, at, view->viewport()->mapToGlobal(at));
        QApplication::sendEvent(view->viewport(), &help);
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY(QToolTip::text().contains(QStringLiteral("build failed")));
        QToolTip::hideText();
    }

    void contextMenuActionsEmitSignals()
    {
        auto view = makeView();
        QVERIFY(settle(*view));
        QSignalSpy prune(view.get(), &PhyloTreeView::pruneRequested);
        QSignalSpy backtrack(view.get(), &PhyloTreeView::backtrackRequested);
        QSignalSpy pin(view.get(), &PhyloTreeView::pinIdeasRequested);
        QSignalSpy copy(view.get(), &PhyloTreeView::copyCodeRequested);
        QSignalSpy compare(view.get(), &PhyloTreeView::compareRequested);

        std::unique_ptr<QMenu> menu(view->createContextMenu(5));
        QVERIFY(menu);
        menuAction(menu.get(), QStringLiteral("prune"))->trigger();
        menuAction(menu.get(), QStringLiteral("backtrack"))->trigger();
        menuAction(menu.get(), QStringLiteral("pinIdeas"))->trigger();
        menuAction(menu.get(), QStringLiteral("copyCode"))->trigger();
        QCOMPARE(prune.count(), 1);
        QCOMPARE(prune.at(0).at(0).value<NodeId>(), NodeId(5));
        QCOMPARE(backtrack.count(), 1);
        QCOMPARE(backtrack.at(0).at(0).value<NodeId>(), NodeId(5));
        QCOMPARE(pin.at(0).at(0).value<NodeId>(), NodeId(5));
        QCOMPARE(copy.at(0).at(0).value<NodeId>(), NodeId(5));
        QVERIFY(!menuAction(menu.get(), QStringLiteral("compareWithPicked")));

        // Compare with...: the second pick from another node's menu.
        menuAction(menu.get(), QStringLiteral("compare"))->trigger();
        QCOMPARE(view->compareSource(), NodeId(5));
        std::unique_ptr<QMenu> second(view->createContextMenu(6));
        QAction* pick = menuAction(second.get(), QStringLiteral("compareWithPicked"));
        QVERIFY(pick);
        QVERIFY(pick->text().contains(QStringLiteral("#5")));
        pick->trigger();
        QCOMPARE(compare.count(), 1);
        QCOMPARE(compare.at(0).at(0).value<NodeId>(), NodeId(5));
        QCOMPARE(compare.at(0).at(1).value<NodeId>(), NodeId(6));
        QCOMPARE(view->compareSource(), NodeId(0));

        // ... or by clicking the second node; Escape cancels a pick.
        view->beginCompare(2);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->mapFromScene(view->nodeItem(4)->pos()));
        QCOMPARE(compare.count(), 2);
        QCOMPARE(compare.at(1).at(0).value<NodeId>(), NodeId(2));
        QCOMPARE(compare.at(1).at(1).value<NodeId>(), NodeId(4));
        view->beginCompare(2);
        QTest::keyClick(view.get(), Qt::Key_Escape);
        QCOMPARE(view->compareSource(), NodeId(0));
        QCOMPARE(compare.count(), 2);

        // What makes no sense is disabled: backtracking to a failed node, pruning a pruned one.
        std::unique_ptr<QMenu> failed(view->createContextMenu(3));
        QVERIFY(!menuAction(failed.get(), QStringLiteral("backtrack"))->isEnabled());
        TreeDecorations pruned;
        pruned.pruned = { 2 };
        view->updateNodes({}, pruned);
        std::unique_ptr<QMenu> under(view->createContextMenu(5));
        QVERIFY(!menuAction(under.get(), QStringLiteral("prune"))->isEnabled());
        QVERIFY(!view->createContextMenu(99));
    }

    void zoomKeysAndFit()
    {
        auto view = makeView();
        QVERIFY(settle(*view));
        const qreal fitted = view->zoom();
        QTest::keyClick(view.get(), Qt::Key_Equal, Qt::ControlModifier);
        QVERIFY(view->zoom() > fitted * 1.2);
        QTest::keyClick(view.get(), Qt::Key_Minus, Qt::ControlModifier);
        QTest::keyClick(view.get(), Qt::Key_Minus, Qt::ControlModifier);
        QVERIFY(view->zoom() < fitted);
        QTest::keyClick(view.get(), Qt::Key_F);
        QVERIFY(std::abs(view->zoom() - fitted) < 1e-9);
        // The wheel zooms too: one notch in, one notch out.
        const QPointF centre = view->viewport()->rect().center();
        const auto wheel = [&](int delta) {
            QWheelEvent event(centre, view->viewport()->mapToGlobal(centre), QPoint(), QPoint(0, delta), Qt::NoButton,
                Qt::NoModifier, Qt::NoScrollPhase, false);
            QApplication::sendEvent(view->viewport(), &event);
        };
        wheel(120);
        QVERIFY(std::abs(view->zoom() - fitted * 1.25) < 1e-9);
        wheel(-120);
        QVERIFY(std::abs(view->zoom() - fitted) < 1e-9);
        // The whole tree is in view after a fit.
        for (NodeId id = 1; id <= 8; ++id)
            QVERIFY(view->viewport()->rect().contains(view->mapFromScene(view->nodeItem(id)->pos())));
    }

    void staleLayoutIsDropped()
    {
        // A big tree replaced at once by a small one: only the small one's layout lands.
        std::vector<Node> big;
        big.push_back(makeNode(1, {}, NodeStatus::Succeeded, 1.0));
        for (NodeId id = 2; id <= 5000; ++id)
            big.push_back(makeNode(id, { 1 + (id * 7919) % (id - 1) }, NodeStatus::Succeeded, 1.0 + id % 5 * 0.1));
        auto view = makeView(big);
        QSignalSpy applied(view.get(), &PhyloTreeView::layoutApplied);
        view->setNodes(smallTree());
        QVERIFY(settle(*view));
        QCOMPARE(applied.count(), 1);
        QCOMPARE(view->nodeItemCount(), 8);
        QVERIFY(view->nodeItem(8)->isVisible());
    }

    void updatesDuringTheFirstLayoutWait()
    {
        // Live updates that arrive before the first layout lands join it: nothing drawn at the origin.
        auto view = makeView();
        TreeDecorations decorations;
        decorations.pruned = { 4 };
        view->updateNodes({ makeNode(9, { 8 }, NodeStatus::Pending, std::nullopt) }, decorations);
        QVERIFY(!view->nodeItem(9)->isVisible());
        QCOMPARE(view->edgesItem()->edgeCount(EdgeStyle::Pruned), 0);
        QVERIFY(settle(*view));
        QVERIFY(view->nodeItem(9)->isVisible());
        QVERIFY(view->nodeItem(9)->look().pruned);
        QCOMPARE(view->edgesItem()->edgeCount(EdgeStyle::Pruned), 5); // into 4, 6, 7, 8, 9
        QCOMPARE(view->edgesItem()->edgeCount(EdgeStyle::Tree), 3);
        QCOMPARE(view->bestPathEdgeCount(), 3);
    }

    void legendAndLevelOfDetail()
    {
        auto view = makeView();
        QVERIFY(settle(*view));
        QVERIFY(view->legend()->isVisible());
        QCOMPARE(view->legend()->tickLabels(),
            QStringList({ QStringLiteral("1/4×"), QStringLiteral("1/2×"), QStringLiteral("1×"), QStringLiteral("2×"),
                QStringLiteral("4×") }));
        // A 40x speedup widens the scale to 64x (powers of two), and recolours.
        view->updateNodes({ makeNode(9, { 6 }, NodeStatus::Succeeded, 40.0) }, {});
        QCOMPARE(view->colorScale().maxFactor(), 64.0);
        QCOMPARE(view->legend()->tickLabels().last(), QStringLiteral("64×"));
        QCOMPARE(view->bestNode(), NodeId(9));
        QCOMPARE(view->bestPathEdgeCount(), 4);
        QVERIFY(view->nodeItem(6)->look().onBestPath);
        // Flagged suspicious, it cannot be best any more: 6 is again.
        Node flagged = makeNode(9, { 6 }, NodeStatus::Succeeded, 40.0);
        flagged.suspicious = true;
        view->updateNodes({ flagged }, {});
        QCOMPARE(view->bestNode(), NodeId(6));
        QCOMPARE(view->bestPathEdgeCount(), 3);
        QVERIFY(!view->nodeItem(9)->look().best);
        QVERIFY(view->nodeItem(9)->look().suspicious);

        // Far out, in between and close up: every level of detail paints something.
        QVERIFY(settle(*view));
        for (qreal zoom : { 0.1, 0.6, 3.0 }) {
            view->setTransform(QTransform::fromScale(zoom, zoom));
            view->centerOn(view->nodeItem(6));
            QImage image(view->viewport()->size(), QImage::Format_ARGB32_Premultiplied);
            image.fill(Qt::black);
            view->viewport()->render(&image);
            int coloured = 0;
            for (int y = 0; y < image.height(); ++y) {
                for (int x = 0; x < image.width(); ++x) {
                    const QColor c = image.pixelColor(x, y);
                    coloured += c.saturation() > 60;
                }
            }
            QVERIFY2(coloured > 0, qPrintable(QString::number(zoom)));
        }
    }
};

QTEST_MAIN(TestTreeView)
#include "tst_tree_view.moc"
