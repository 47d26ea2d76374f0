// SPDX-License-Identifier: GPL-3.0-or-later
// PhyloTreeView's interaction: selection, search, zoom, compare, the context menu, tool tips and input
// events. Building and laying out the tree is in phylo_tree_view.cpp.
#include "tree/phylo_tree_view.h"

#include "tree/tree_legend.h"
#include "tree/tree_marker_item.h"
#include "tree/tree_node_item.h"
#include "tree/tree_text.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace phylo::ui {

namespace {
    constexpr qreal kMinZoom = 0.002;
    constexpr qreal kMaxZoom = 8;
    constexpr qreal kMaxFitZoom = 1.5; ///< fitting a small tree does not blow it up
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
