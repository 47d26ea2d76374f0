// SPDX-License-Identifier: GPL-3.0-or-later
#include "tree/phylo_tree_view.h"

#include "tree/tree_edges_item.h"
#include "tree/tree_layout_runner.h"
#include "tree/tree_legend.h"
#include "tree/tree_marker_item.h"
#include "tree/tree_node_item.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QGraphicsPathItem>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QScrollBar>
#include <QTimer>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>

namespace phylo::ui {

namespace {
    constexpr qreal kMinZoom = 0.002;
    constexpr qreal kMaxZoom = 8;
    constexpr qreal kMaxFitZoom = 1.5; ///< fitting a small tree does not blow it up
    constexpr qreal kSceneMargin = 100000; ///< room around the tree: panning is never stopped by an edge

    QString speedupText(double speedup)
    {
        const QString number = speedup < 10 ? QString::number(speedup, 'f', 2)
            : speedup < 100                  ? QString::number(speedup, 'f', 1)
            : speedup < 10000                ? QString::number(speedup, 'f', 0)
                                             : QString::number(speedup, 'g', 3);
        return number + QStringLiteral("×");
    }

    QString html(const std::string& text)
    {
        return QString::fromStdString(text).toHtmlEscaped();
    }
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

// ---- selection, search, zoom ------------------------------------------------------------------------

TreeNodeItem* PhyloTreeView::nodeItem(NodeId id) const
{
    const int i = m_model.indexOf(id);
    return i >= 0 ? m_items[i] : nullptr;
}

void PhyloTreeView::selectNode(NodeId id)
{
    const int index = m_model.indexOf(id);
    if (index < 0)
        id = 0;
    if (id == m_selected)
        return;
    m_selected = id;
    updateMarkers();
    rebuildSelectionEdges();
    if (index >= 0 && m_items[index]->isVisible())
        ensureVisible(m_items[index], 60, 60);
    Q_EMIT nodeSelected(id);
}

bool PhyloTreeView::findNode(const QString& query)
{
    const std::vector<NodeId> hits = m_model.find(query.toStdString());
    if (hits.empty())
        return false;
    if (query != m_lastQuery) {
        m_lastQuery = query;
        m_lastMatch = -1;
    }
    m_lastMatch = (m_lastMatch + 1) % static_cast<int>(hits.size());
    const NodeId id = hits[m_lastMatch];
    selectNode(id);
    if (TreeNodeItem* item = nodeItem(id); item && item->isVisible())
        centerOn(item);
    return true;
}

void PhyloTreeView::fitAll()
{
    if (m_treeBounds.isNull())
        return;
    fitInView(m_treeBounds, Qt::KeepAspectRatio);
    const qreal z = zoom();
    if (z > kMaxFitZoom || z < kMinZoom) {
        const qreal target = std::clamp(z, kMinZoom, kMaxFitZoom);
        setTransform(QTransform::fromScale(target, target));
        centerOn(m_treeBounds.center());
    }
    updateMarkers();
}

qreal PhyloTreeView::zoom() const
{
    return transform().m11();
}

void PhyloTreeView::zoomBy(qreal factor)
{
    const qreal target = std::clamp(zoom() * factor, kMinZoom, kMaxZoom);
    const ViewportAnchor anchor = transformationAnchor();
    setTransformationAnchor(AnchorViewCenter);
    scale(target / zoom(), target / zoom());
    setTransformationAnchor(anchor);
    updateMarkers();
}

// ---- comparison and the context menu ------------------------------------------------------------------

void PhyloTreeView::beginCompare(NodeId a)
{
    if (m_model.indexOf(a) < 0)
        return;
    m_compareSource = a;
    viewport()->setCursor(Qt::CrossCursor);
    updateMarkers();
}

void PhyloTreeView::completeCompare(NodeId b)
{
    const NodeId a = m_compareSource;
    m_compareSource = 0;
    viewport()->setCursor(Qt::OpenHandCursor);
    updateMarkers();
    if (a != 0 && b != 0 && a != b)
        Q_EMIT compareRequested(a, b);
}

QMenu* PhyloTreeView::createContextMenu(NodeId id, QWidget* parent)
{
    const int index = m_model.indexOf(id);
    if (index < 0)
        return nullptr;
    const TreeNodeRecord& record = m_model.at(index);
    auto* menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("treeNodeMenu"));
    menu->addSection(QStringLiteral("#%1").arg(id));
    const auto add = [&](const QString& name, const QString& text, bool enabled, auto&& slot) {
        QAction* action = menu->addAction(text);
        action->setObjectName(name);
        action->setEnabled(enabled);
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    add(QStringLiteral("prune"), tr("Prune Subtree"), !m_pruned[index], [this, id] { Q_EMIT pruneRequested(id); });
    add(QStringLiteral("backtrack"), tr("Backtrack Here"), record.status == NodeStatus::Succeeded && !m_pruned[index],
        [this, id] { Q_EMIT backtrackRequested(id); });
    menu->addSeparator();
    if (m_compareSource != 0 && m_compareSource != id) {
        add(QStringLiteral("compareWithPicked"), tr("Compare #%1 With This").arg(m_compareSource), true,
            [this, id] { completeCompare(id); });
    }
    add(QStringLiteral("compare"), tr("Compare With…"), true, [this, id] { beginCompare(id); });
    menu->addSeparator();
    add(QStringLiteral("pinIdeas"), tr("Pin This Node's Ideas"), !record.geneKey.empty(),
        [this, id] { Q_EMIT pinIdeasRequested(id); });
    add(QStringLiteral("copyCode"), tr("Copy Code"), true, [this, id] { Q_EMIT copyCodeRequested(id); });
    return menu;
}

QString PhyloTreeView::toolTipFor(NodeId id) const
{
    const int index = m_model.indexOf(id);
    if (index < 0)
        return {};
    const TreeNodeRecord& r = m_model.at(index);
    QString parents;
    for (NodeId p : r.parents)
        parents += (parents.isEmpty() ? QString() : QStringLiteral(" × ")) + QStringLiteral("#%1").arg(p);
    QString text = QStringLiteral("<b>#%1</b> %2").arg(id).arg(html(r.op));
    if (!parents.isEmpty())
        text += QStringLiteral(" of ") + parents;
    text += QStringLiteral("<br>generation %1, era %2").arg(r.generation).arg(r.era);
    text += QStringLiteral("<br>ideas: ") + (r.geneKey.empty() ? QStringLiteral("none (baseline)") : html(r.geneKey));
    switch (r.status) {
    case NodeStatus::Succeeded:
        text += QStringLiteral("<br>speedup: <b>")
            + (r.speedup ? speedupText(*r.speedup) : QStringLiteral("unknown")) + QStringLiteral("</b>");
        break;
    case NodeStatus::Failed:
        text += QStringLiteral("<br><b>failed: ") + html(reasonText(r.failure)) + QStringLiteral("</b>");
        if (!r.failureDetail.empty())
            text += QStringLiteral("<br>") + html(r.failureDetail);
        break;
    case NodeStatus::Pending:
        text += QStringLiteral("<br>pending");
        break;
    case NodeStatus::Running:
        text += QStringLiteral("<br>running");
        break;
    }
    if (r.suspicious)
        text += QStringLiteral("<br>suspicious: re-checked before it may be best");
    if (m_pruned[index])
        text += QStringLiteral("<br>in a pruned subtree");
    if (id == m_best)
        text += QStringLiteral("<br><b>best node</b>");
    return text;
}

// ---- events -------------------------------------------------------------------------------------------

NodeId PhyloTreeView::nodeAt(const QPoint& pos) const
{
    // The node whose centre is nearest, within a few pixels: zoomed far out a node is smaller than a pixel.
    constexpr int kReach = 6;
    NodeId nearest = 0;
    int nearestDistance = std::numeric_limits<int>::max();
    const QRect area(pos - QPoint(kReach, kReach), QSize(2 * kReach + 1, 2 * kReach + 1));
    for (QGraphicsItem* item : items(area, Qt::IntersectsItemShape)) {
        if (item->type() != TreeNodeItem::Type)
            continue;
        const QPoint d = mapFromScene(item->scenePos()) - pos;
        const int distance = d.x() * d.x() + d.y() * d.y();
        const bool inside = item->shape().contains(item->mapFromScene(mapToScene(pos)));
        if (inside || distance < nearestDistance) {
            nearest = static_cast<TreeNodeItem*>(item)->id();
            nearestDistance = inside ? -1 : distance;
            if (inside)
                break;
        }
    }
    return nearest;
}

void PhyloTreeView::wheelEvent(QWheelEvent* event)
{
    const qreal steps = event->angleDelta().y() / 120.0;
    if (steps == 0) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    const qreal target = std::clamp(zoom() * std::pow(1.25, steps), kMinZoom, kMaxZoom);
    scale(target / zoom(), target / zoom()); // around the cursor (AnchorUnderMouse)
    updateMarkers();
    event->accept();
}

void PhyloTreeView::keyPressEvent(QKeyEvent* event)
{
    const bool ctrl = event->modifiers() & Qt::ControlModifier;
    if (ctrl && (event->key() == Qt::Key_Equal || event->key() == Qt::Key_Plus)) {
        zoomBy(1.25);
    } else if (ctrl && (event->key() == Qt::Key_Minus || event->key() == Qt::Key_Underscore)) {
        zoomBy(1 / 1.25);
    } else if (!ctrl && event->key() == Qt::Key_F) {
        fitAll();
    } else if (event->key() == Qt::Key_Escape && m_compareSource != 0) {
        completeCompare(0);
    } else if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && m_selected != 0) {
        Q_EMIT nodeActivated(m_selected);
    } else {
        QGraphicsView::keyPressEvent(event);
        return;
    }
    event->accept();
}

void PhyloTreeView::mousePressEvent(QMouseEvent* event)
{
    m_pressed = event->button() == Qt::LeftButton;
    m_pressPos = event->position().toPoint();
    QGraphicsView::mousePressEvent(event); // starts a pan: nodes take no mouse input
}

void PhyloTreeView::mouseReleaseEvent(QMouseEvent* event)
{
    QGraphicsView::mouseReleaseEvent(event);
    if (!m_pressed || event->button() != Qt::LeftButton)
        return;
    m_pressed = false;
    if ((event->position().toPoint() - m_pressPos).manhattanLength() >= QApplication::startDragDistance())
        return; // a pan, not a click
    const NodeId id = nodeAt(event->position().toPoint());
    if (m_compareSource != 0) {
        if (id != 0)
            completeCompare(id);
    } else if (id != 0) {
        selectNode(id);
    }
    if (m_compareSource != 0)
        viewport()->setCursor(Qt::CrossCursor); // the hand drag reset it
}

void PhyloTreeView::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (const NodeId id = nodeAt(event->position().toPoint()); id != 0) {
        selectNode(id);
        Q_EMIT nodeActivated(id);
        event->accept();
        return;
    }
    QGraphicsView::mouseDoubleClickEvent(event);
}

void PhyloTreeView::contextMenuEvent(QContextMenuEvent* event)
{
    const NodeId id = nodeAt(event->pos());
    if (id == 0) {
        QGraphicsView::contextMenuEvent(event);
        return;
    }
    selectNode(id);
    QMenu* menu = createContextMenu(id, this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(event->globalPos());
    event->accept();
}

bool PhyloTreeView::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        if (const NodeId id = nodeAt(help->pos()); id != 0)
            QToolTip::showText(help->globalPos(), toolTipFor(id), viewport());
        else
            QToolTip::hideText();
        return true;
    }
    return QGraphicsView::viewportEvent(event);
}

void PhyloTreeView::resizeEvent(QResizeEvent* event)
{
    QGraphicsView::resizeEvent(event);
    placeLegend();
}

void PhyloTreeView::placeLegend()
{
    const QRect area = viewport()->geometry();
    const QSize size = m_legend->sizeHint();
    m_legend->setGeometry(area.right() - size.width() - 8, area.top() + 8, size.width(), size.height());
}

void PhyloTreeView::drawBackground(QPainter* painter, const QRectF& rect)
{
    painter->fillRect(rect, Qt::white);
    const std::vector<EraBand> bands = eraBands();
    for (size_t k = 0; k < bands.size(); ++k) {
        const QRectF band(rect.left(), bands[k].top, rect.width(), bands[k].bottom - bands[k].top);
        if (band.intersects(rect))
            painter->fillRect(band & rect, k % 2 ? QColor(0xf4, 0xf1, 0xea) : QColor(0xeb, 0xf1, 0xf7));
    }
}

void PhyloTreeView::drawForeground(QPainter* painter, const QRectF&)
{
    // The era labels stay at the left edge of the viewport, each at the top of its band.
    const std::vector<EraBand> bands = eraBands();
    if (bands.empty())
        return;
    painter->save();
    painter->resetTransform();
    QFont font = painter->font();
    font.setPixelSize(11);
    font.setBold(true);
    painter->setFont(font);
    painter->setPen(QColor(0x70, 0x70, 0x70));
    const int height = viewport()->height();
    for (const EraBand& band : bands) {
        const int top = mapFromScene(QPointF(0, band.top)).y();
        const int bottom = mapFromScene(QPointF(0, band.bottom)).y();
        if (bottom < 0 || top > height)
            continue;
        const auto name = m_decorations.eraNames.find(band.era);
        const QString label = name != m_decorations.eraNames.end() ? name->second : tr("Era %1").arg(band.era);
        const int y = std::max(top, 0) + 4;
        if (y + 14 <= bottom)
            painter->drawText(QRect(8, y, 400, 14), Qt::AlignLeft | Qt::AlignVCenter, label);
    }
    painter->restore();
}

} // namespace phylo::ui
