// SPDX-License-Identifier: GPL-3.0-or-later
#include "tree/phylo_tree_view.h"

#include "tree/tree_edges_item.h"
#include "tree/tree_layout_runner.h"
#include "tree/tree_legend.h"
#include "tree/tree_marker_item.h"
#include "tree/tree_node_item.h"
#include "tree/tree_text.h"

#include <QGraphicsPathItem>
#include <QScrollBar>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <limits>

namespace phylo::ui {

namespace {
    constexpr qreal kSceneMargin = 100000; ///< room around the tree: panning is never stopped by an edge

}

PhyloTreeView::PhyloTreeView(QWidget* parent)
    : QGraphicsView(parent)
    , m_layoutRunner(new TreeLayoutRunner(this))
{
    auto* scene = new QGraphicsScene(this);
    // The layout moves every node at once; a BSP index would be rebuilt each time, and culling 10,000
    // bounding rects linearly costs less than that (docs/benchmarks/ui.md).
    scene->setItemIndexMethod(QGraphicsScene::NoIndex);
    setScene(scene);
    setObjectName(QStringLiteral("phyloTreeView"));
    setRenderHint(QPainter::Antialiasing);
    setOptimizationFlags(QGraphicsView::DontSavePainterState | QGraphicsView::DontAdjustForAntialiasing);
    setViewportUpdateMode(QGraphicsView::MinimalViewportUpdate);
    setCacheMode(QGraphicsView::CacheNone);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setBackgroundBrush(Qt::white);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);

    m_legend = new TreeLegend(this);
    m_legend->setScale(m_scale);
    connect(m_layoutRunner, &TreeLayoutRunner::ready, this, &PhyloTreeView::applyLayout);
    resetScene();
}

PhyloTreeView::~PhyloTreeView() = default;

void PhyloTreeView::resetScene()
{
    scene()->clear();
    m_items.clear();
    m_edges = new TreeEdgesItem(kLevelSpacing);
    scene()->addItem(m_edges);
    // Every node is a child of one layer item: the scene's top level stays a handful of items. (Qt re-sorts
    // the top level by insertion order on the first addItem() after a paint: 1.4 ms with 10,000 nodes.)
    m_nodeLayer = new QGraphicsRectItem;
    m_nodeLayer->setFlag(QGraphicsItem::ItemHasNoContents);
    m_nodeLayer->setAcceptedMouseButtons(Qt::NoButton);
    m_nodeLayer->setZValue(2);
    scene()->addItem(m_nodeLayer);
    m_bestPathItem = new QGraphicsPathItem;
    QPen gold(SpeedupColorScale::bestColor(), 3, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    gold.setCosmetic(true);
    m_bestPathItem->setPen(gold);
    m_bestPathItem->setZValue(1);
    m_bestPathItem->setAcceptedMouseButtons(Qt::NoButton);
    scene()->addItem(m_bestPathItem);
    // The selected node's crossover edges (to its second parent, and to the children it is a second parent
    // of) stand out of the faint mesh of all the others.
    m_selectionEdgesItem = new QGraphicsPathItem;
    QPen dashed(SpeedupColorScale::selectionColor(), 2, Qt::CustomDashLine);
    dashed.setDashPattern({ 3, 2 });
    dashed.setCosmetic(true);
    m_selectionEdgesItem->setPen(dashed);
    m_selectionEdgesItem->setZValue(1);
    m_selectionEdgesItem->setAcceptedMouseButtons(Qt::NoButton);
    scene()->addItem(m_selectionEdgesItem);
    m_bestMarker = new TreeMarkerItem(SpeedupColorScale::bestColor(), 2.5);
    m_selectionMarker = new TreeMarkerItem(SpeedupColorScale::selectionColor(), 2.5);
    m_compareMarker = new TreeMarkerItem(SpeedupColorScale::selectionColor(), 2, Qt::DashLine);
    for (TreeMarkerItem* marker : { m_bestMarker, m_selectionMarker, m_compareMarker })
        scene()->addItem(marker);
    m_treeBounds = QRectF();
    m_bands.clear();
    m_bestPath.clear();
    m_bestPathLength = 0;
    updateSceneRect();
}

// ---- nodes in -----------------------------------------------------------------------------------------

void PhyloTreeView::clear()
{
    setNodes({}, {});
}

void PhyloTreeView::setNodes(const std::vector<phylo::Node>& nodes, const TreeDecorations& decorations)
{
    m_layoutRunner->cancel();
    m_model.clear();
    m_pruned.clear();
    m_onBestPath.clear();
    m_childCount.clear();
    m_best = 0;
    m_selected = 0;
    m_compareSource = 0;
    m_lastQuery.clear();
    viewport()->unsetCursor();
    resetScene();
    std::vector<double> speedups;
    for (const Node& node : nodes) {
        m_model.upsert(node);
        if (node.speedup)
            speedups.push_back(*node.speedup);
    }
    m_scale.setMaxFactor(SpeedupColorScale::fittingMaxFactor(speedups));
    m_legend->setScale(m_scale);
    m_pruned.assign(m_model.size(), 0);
    m_onBestPath.assign(m_model.size(), 0);
    m_childCount.assign(m_model.size(), 0);
    for (int i = 0; i < m_model.size(); ++i) {
        const int p = m_model.mainParentIndex(i);
        if (p >= 0)
            ++m_childCount[p];
    }
    m_decorations = decorations;
    m_pruned = m_model.prunedMask(decorations.pruned);
    recomputeBest();
    // The items wait, hidden, at the origin for the first layout: nothing jumps around while it runs.
    for (int i = 0; i < m_model.size(); ++i) {
        auto* item = new TreeNodeItem(m_model.at(i).id, lookFor(i));
        item->setVisible(false);
        item->setParentItem(m_nodeLayer);
        m_items.push_back(item);
    }
    m_fitOnLayout = true;
    if (!nodes.empty())
        requestLayout();
    updateMarkers();
}

void PhyloTreeView::addNodeItem(int index)
{
    m_pruned.push_back(m_model.inheritsPruned(index, m_decorations.pruned, m_pruned));
    m_onBestPath.push_back(0);
    m_childCount.push_back(0);
    auto* item = new TreeNodeItem(m_model.at(index).id, lookFor(index));
    if (m_fitOnLayout) {
        // The first layout is still running: the node waits for it with the others.
        item->setVisible(false);
        item->setParentItem(m_nodeLayer);
        m_items.push_back(item);
        return;
    }
    // Until the next layout: below the parent, right of its other children.
    const int p = m_model.mainParentIndex(index);
    QPointF pos;
    if (p >= 0) {
        pos = m_items[p]->pos() + QPointF(kNodeSpacing * m_childCount[p] * 0.5, kLevelSpacing);
        ++m_childCount[p];
    } else {
        pos = QPointF(m_treeBounds.isNull() ? 0 : m_treeBounds.right() + kNodeSpacing, 0);
    }
    item->setPos(pos);
    item->setParentItem(m_nodeLayer);
    m_items.push_back(item);
    const auto& parents = m_model.at(index).parents;
    for (size_t k = 0; k < parents.size(); ++k) {
        const int q = m_model.indexOf(parents[k]);
        if (q < 0)
            continue;
        EdgeStyle style = k == 0 ? EdgeStyle::Tree : EdgeStyle::Crossover;
        if (m_pruned[index])
            style = k == 0 ? EdgeStyle::Pruned : EdgeStyle::CrossoverPruned;
        m_edges->addEdge({ m_items[q]->pos(), pos, style });
    }
}

void PhyloTreeView::updateNodes(const std::vector<phylo::Node>& changedOrNew, const TreeDecorations& decorations)
{
    bool structural = false;
    std::vector<int> changed;
    changed.reserve(changedOrNew.size());
    for (const Node& node : changedOrNew) {
        const int before = m_model.indexOf(node.id);
        if (before >= 0) {
            const TreeNodeRecord old = m_model.at(before);
            m_model.upsert(node);
            if (old.parents != node.parents || old.era != node.era)
                structural = true;
            changed.push_back(before);
        } else {
            const int index = m_model.upsert(node).first;
            addNodeItem(index);
            structural = true;
            changed.push_back(index);
        }
    }
    const bool full = widenColorScale(changed);
    applyDecorations(decorations, changed, full);
    if (structural)
        scheduleLayout();
}

bool PhyloTreeView::widenColorScale(const std::vector<int>& indices)
{
    double extreme = 1;
    for (int i : indices) {
        if (const auto& s = m_model.at(i).speedup; s && *s > 0 && std::isfinite(*s))
            extreme = std::max(extreme, *s >= 1 ? *s : 1 / *s);
    }
    if (extreme <= m_scale.maxFactor() || m_scale.maxFactor() >= 64)
        return false;
    std::vector<double> all;
    for (int i = 0; i < m_model.size(); ++i) {
        if (m_model.at(i).speedup)
            all.push_back(*m_model.at(i).speedup);
    }
    m_scale.setMaxFactor(SpeedupColorScale::fittingMaxFactor(all));
    m_legend->setScale(m_scale);
    return true;
}

void PhyloTreeView::applyDecorations(const TreeDecorations& decorations, const std::vector<int>& changed, bool full)
{
    const bool prunedChanged = decorations.pruned != m_decorations.pruned;
    const bool namesChanged = decorations.eraNames != m_decorations.eraNames;
    const bool bestRequestChanged = decorations.bestId != m_decorations.bestId;
    m_decorations = decorations;
    if (prunedChanged) {
        m_pruned = m_model.prunedMask(decorations.pruned);
        full = true;
    }
    const NodeId oldBest = m_best;
    const std::vector<int> oldPath = m_bestPath;
    recomputeBest(bestRequestChanged ? nullptr : &changed);
    if (full) {
        refreshAllLooks();
        if (prunedChanged)
            rebuildEdges();
    } else {
        std::vector<int> touched = changed;
        if (m_best != oldBest) {
            touched.insert(touched.end(), oldPath.begin(), oldPath.end());
            touched.insert(touched.end(), m_bestPath.begin(), m_bestPath.end());
        }
        refreshLooks(touched);
    }
    if (namesChanged)
        viewport()->update();
    updateMarkers();
}

void PhyloTreeView::recomputeBest(const std::vector<int>* changed)
{
    const NodeId best = m_decorations.bestId != 0 || !changed ? m_model.bestNode(m_decorations.bestId)
                                                              : m_model.bestAfterChanges(m_best, *changed);
    if (best == m_best && !m_bestPath.empty() == (best != 0))
        return;
    for (int i : m_bestPath)
        m_onBestPath[i] = 0;
    m_best = best;
    m_bestPath = m_model.pathFromRoot(m_model.indexOf(best));
    for (int i : m_bestPath)
        m_onBestPath[i] = 1;
    rebuildBestPath();
}

TreeNodeLook PhyloTreeView::lookFor(int index) const
{
    const TreeNodeRecord& record = m_model.at(index);
    TreeNodeLook look;
    look.status = record.status;
    switch (record.status) {
    case NodeStatus::Succeeded:
        look.fill = record.speedup ? m_scale.color(*record.speedup) : SpeedupColorScale::neutralColor();
        look.caption = record.speedup ? speedupText(*record.speedup) : QString();
        break;
    case NodeStatus::Failed:
        look.fill = SpeedupColorScale::failedColor();
        look.caption = QString::fromStdString(reasonText(record.failure));
        break;
    case NodeStatus::Pending:
        look.fill = SpeedupColorScale::pendingColor();
        look.caption = QStringLiteral("pending");
        break;
    case NodeStatus::Running:
        look.fill = SpeedupColorScale::runningColor();
        look.caption = QStringLiteral("running");
        break;
    }
    look.pruned = index < static_cast<int>(m_pruned.size()) && m_pruned[index];
    look.best = record.id == m_best;
    look.onBestPath = index < static_cast<int>(m_onBestPath.size()) && m_onBestPath[index];
    look.suspicious = record.suspicious;
    return look;
}

void PhyloTreeView::refreshLooks(const std::vector<int>& indices)
{
    for (int i : indices) {
        if (i >= 0 && i < static_cast<int>(m_items.size()))
            m_items[i]->setLook(lookFor(i));
    }
}

void PhyloTreeView::refreshAllLooks()
{
    for (int i = 0; i < static_cast<int>(m_items.size()); ++i)
        m_items[i]->setLook(lookFor(i));
}

// ---- layout -------------------------------------------------------------------------------------------

void PhyloTreeView::scheduleLayout()
{
    // Live updates arrive in bursts: one layout for all the updates of one pass of the event loop.
    if (m_layoutScheduled)
        return;
    m_layoutScheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_layoutScheduled = false;
        requestLayout();
    });
}

void PhyloTreeView::requestLayout()
{
    TidyTreeOptions options;
    options.band = m_model.eras();
    m_layoutRunner->request(m_model.mainParentIndices(), std::move(options));
}

bool PhyloTreeView::isLayoutPending() const
{
    return m_layoutScheduled || m_layoutRunner->pending();
}

void PhyloTreeView::applyLayout(const TidyTreeLayout& layout, quint64)
{
    if (layout.x.size() != m_items.size())
        return; // not for these nodes (cannot happen: every change of the node set asks for a new layout)
    const bool first = m_fitOnLayout; // the first layout after setNodes(): fit it
    m_fitOnLayout = false;
    const int anchor = first ? -1 : anchorIndex();
    const QPoint anchorBefore = anchor >= 0 ? mapFromScene(m_items[anchor]->pos()) : QPoint();

    for (size_t i = 0; i < m_items.size(); ++i) {
        const QPointF pos(layout.x[i] * kNodeSpacing, layout.level[i] * kLevelSpacing);
        if (m_items[i]->pos() != pos)
            m_items[i]->setPos(pos);
        if (!m_items[i]->isVisible())
            m_items[i]->setVisible(true);
    }
    m_bands = layout.bands;
    m_treeBounds = m_items.empty()
        ? QRectF()
        : QRectF(0, 0, layout.width * kNodeSpacing, (layout.levels - 1) * kLevelSpacing).adjusted(-30, -20, 30, 40);
    for (size_t i = 0; i < m_childCount.size(); ++i)
        m_childCount[i] = 0;
    for (int i = 0; i < m_model.size(); ++i) {
        const int p = m_model.mainParentIndex(i);
        if (p >= 0)
            ++m_childCount[p];
    }
    rebuildEdges();
    rebuildBestPath();
    rebuildSelectionEdges();
    updateSceneRect();
    updateMarkers();
    if (first) {
        fitAll();
    } else if (anchor >= 0) {
        // Keep what the user is looking at where it was.
        const QPoint delta = mapFromScene(m_items[anchor]->pos()) - anchorBefore;
        if (!delta.isNull()) {
            horizontalScrollBar()->setValue(horizontalScrollBar()->value() + delta.x());
            verticalScrollBar()->setValue(verticalScrollBar()->value() + delta.y());
        }
    }
    viewport()->update();
    Q_EMIT layoutApplied();
}

int PhyloTreeView::anchorIndex() const
{
    const QRect view = viewport()->rect();
    if (const int s = m_model.indexOf(m_selected); s >= 0 && view.contains(mapFromScene(m_items[s]->pos())))
        return s;
    const QPointF centre = mapToScene(view.center());
    int best = -1;
    qreal bestDistance = std::numeric_limits<qreal>::max();
    for (size_t i = 0; i < m_items.size(); ++i) {
        if (!m_items[i]->isVisible())
            continue;
        const QPointF d = m_items[i]->pos() - centre;
        const qreal distance = d.x() * d.x() + d.y() * d.y();
        if (distance < bestDistance) {
            bestDistance = distance;
            best = static_cast<int>(i);
        }
    }
    return best;
}

void PhyloTreeView::rebuildEdges()
{
    std::vector<TreeEdge> edges;
    if (m_fitOnLayout) {
        m_edges->setEdges({}); // the nodes wait for their first layout, which draws the edges
        return;
    }
    edges.reserve(m_items.size() + m_items.size() / 2);
    for (int i = 0; i < m_model.size(); ++i) {
        const auto& parents = m_model.at(i).parents;
        for (size_t k = 0; k < parents.size(); ++k) {
            const int q = m_model.indexOf(parents[k]);
            if (q < 0 || q == i)
                continue;
            EdgeStyle style = k == 0 ? EdgeStyle::Tree : EdgeStyle::Crossover;
            if (m_pruned[i])
                style = k == 0 ? EdgeStyle::Pruned : EdgeStyle::CrossoverPruned;
            edges.push_back({ m_items[q]->pos(), m_items[i]->pos(), style });
        }
    }
    m_edges->setEdges(std::move(edges));
}

void PhyloTreeView::rebuildSelectionEdges()
{
    QPainterPath path;
    const int selected = m_model.indexOf(m_selected);
    if (selected >= 0 && m_items.size() == static_cast<size_t>(m_model.size()) && m_items[selected]->isVisible()) {
        const auto addCrossover = [&](int from, int to) {
            TreeEdgesItem::addToPath(path, { m_items[from]->pos(), m_items[to]->pos(), EdgeStyle::Crossover }, kLevelSpacing);
        };
        const auto& parents = m_model.at(selected).parents;
        for (size_t k = 1; k < parents.size(); ++k) {
            if (const int q = m_model.indexOf(parents[k]); q >= 0)
                addCrossover(q, selected);
        }
        for (int i = 0; i < m_model.size(); ++i) {
            const auto& others = m_model.at(i).parents;
            if (others.size() > 1 && std::find(others.begin() + 1, others.end(), m_selected) != others.end())
                addCrossover(selected, i);
        }
    }
    m_selectionEdgesItem->setPath(path);
}

void PhyloTreeView::rebuildBestPath()
{
    QPainterPath path;
    if (m_fitOnLayout || m_items.size() != static_cast<size_t>(m_model.size())) {
        m_bestPathItem->setPath(path); // the nodes wait for their first layout, which draws it
        return;
    }
    for (size_t k = 1; k < m_bestPath.size(); ++k) {
        const TreeEdge edge { m_items[m_bestPath[k - 1]]->pos(), m_items[m_bestPath[k]]->pos(), EdgeStyle::Tree };
        TreeEdgesItem::addToPath(path, edge, kLevelSpacing);
    }
    m_bestPathLength = m_bestPath.empty() ? 0 : static_cast<int>(m_bestPath.size()) - 1;
    m_bestPathItem->setPath(path);
}

void PhyloTreeView::updateSceneRect()
{
    const QRectF tree = m_treeBounds.isNull() ? QRectF(0, 0, 1, 1) : m_treeBounds;
    const QRectF wanted = tree.adjusted(-kSceneMargin, -kSceneMargin, kSceneMargin, kSceneMargin);
    // Grow only: a scene rect that moved would move the scroll position under the user.
    const QRectF current = sceneRect();
    if (!current.contains(wanted))
        setSceneRect(m_items.empty() ? wanted : current.united(wanted));
}

void PhyloTreeView::updateMarkers()
{
    const qreal radius = TreeNodeItem::kRadius * zoom();
    const auto place = [&](TreeMarkerItem* marker, NodeId id) {
        const int i = m_model.indexOf(id);
        const bool show = i >= 0 && m_items[i]->isVisible();
        marker->setVisible(show);
        if (show) {
            marker->setNodeRadiusPixels(radius);
            marker->setPos(m_items[i]->pos());
        }
    };
    place(m_bestMarker, m_best);
    place(m_selectionMarker, m_selected);
    place(m_compareMarker, m_compareSource);
}

std::vector<EraBand> PhyloTreeView::eraBands() const
{
    std::vector<EraBand> out;
    if (m_bands.size() < 2)
        return out;
    for (const TidyTreeBand& band : m_bands)
        out.push_back({ band.band, (band.firstLevel - 0.5) * kLevelSpacing, (band.lastLevel + 0.5) * kLevelSpacing });
    return out;
}

} // namespace phylo::ui
