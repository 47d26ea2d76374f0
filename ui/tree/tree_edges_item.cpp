// SPDX-License-Identifier: GPL-3.0-or-later
#include "tree/tree_edges_item.h"

#include "tree/speedup_color_scale.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>

namespace phylo::ui {

namespace {
    constexpr size_t kChunkSize = 256;

    QPen edgePen(EdgeStyle style)
    {
        QPen pen;
        pen.setCosmetic(true);
        switch (style) {
        case EdgeStyle::Tree:
            pen = QPen(QColor(0x8c, 0x8c, 0x8c), 1);
            break;
        case EdgeStyle::Pruned:
            pen = QPen(QColor(0xdd, 0xdd, 0xdd), 1);
            break;
        case EdgeStyle::Crossover:
            pen = QPen(QColor(0x6a, 0x6a, 0xa8), 1, Qt::CustomDashLine);
            pen.setDashPattern({ 4, 3 });
            break;
        case EdgeStyle::CrossoverPruned:
            pen = QPen(QColor(0xe0, 0xe0, 0xe8), 1, Qt::CustomDashLine);
            pen.setDashPattern({ 4, 3 });
            break;
        }
        pen.setCosmetic(true);
        return pen;
    }

    // Drawn bottom to top: washed-out edges first.
    constexpr std::array<EdgeStyle, kEdgeStyleCount> kPaintOrder { EdgeStyle::Pruned, EdgeStyle::CrossoverPruned,
        EdgeStyle::Tree, EdgeStyle::Crossover };
}

TreeEdgesItem::TreeEdgesItem(qreal levelGap)
    : m_levelGap(levelGap)
{
    setAcceptedMouseButtons(Qt::NoButton);
    setFlag(ItemUsesExtendedStyleOption); // exposedRect: draw only the chunks in view
    setZValue(0);
}

void TreeEdgesItem::addToPath(QPainterPath& path, const TreeEdge& edge, qreal levelGap)
{
    path.moveTo(edge.from);
    if (edge.style == EdgeStyle::Crossover || edge.style == EdgeStyle::CrossoverPruned) {
        path.lineTo(edge.to);
    } else {
        // Down to half-way to the next level, across, down: the columns of the levels an edge skips
        // are kept free by the layout, so the last leg crosses no node.
        const qreal turn = std::min(edge.from.y() + levelGap / 2, edge.to.y());
        path.lineTo(edge.from.x(), turn);
        path.lineTo(edge.to.x(), turn);
        path.lineTo(edge.to);
    }
}

void TreeEdgesItem::append(Chunk& chunk, const TreeEdge& edge) const
{
    addToPath(chunk.paths[static_cast<int>(edge.style)], edge, m_levelGap);
    const QRectF rect = QRectF(edge.from, edge.to).normalized().adjusted(-2, -2, 2, 2);
    chunk.bounds = chunk.bounds.isNull() ? rect : chunk.bounds.united(rect);
}

void TreeEdgesItem::setEdges(std::vector<TreeEdge> edges)
{
    prepareGeometryChange();
    m_chunks.clear();
    m_loose = Chunk();
    m_counts.fill(0);
    std::sort(edges.begin(), edges.end(), [](const TreeEdge& a, const TreeEdge& b) { return a.to.x() < b.to.x(); });
    m_chunks.resize((edges.size() + kChunkSize - 1) / kChunkSize);
    QRectF bounds;
    for (size_t i = 0; i < edges.size(); ++i) {
        Chunk& chunk = m_chunks[i / kChunkSize];
        append(chunk, edges[i]);
        ++m_counts[static_cast<int>(edges[i].style)];
    }
    for (const Chunk& chunk : m_chunks)
        bounds = bounds.isNull() ? chunk.bounds : bounds.united(chunk.bounds);
    m_bounds = bounds;
    update();
}

void TreeEdgesItem::addEdge(const TreeEdge& edge)
{
    prepareGeometryChange();
    append(m_loose, edge);
    ++m_counts[static_cast<int>(edge.style)];
    m_bounds = m_bounds.isNull() ? m_loose.bounds : m_bounds.united(m_loose.bounds);
    update(m_loose.bounds);
}

void TreeEdgesItem::clear()
{
    setEdges({});
}

void TreeEdgesItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const QRectF exposed = option->exposedRect;
    painter->setBrush(Qt::NoBrush);
    for (EdgeStyle style : kPaintOrder) {
        const int s = static_cast<int>(style);
        if (m_counts[s] == 0)
            continue;
        painter->setPen(edgePen(style));
        for (const Chunk& chunk : m_chunks) {
            if (!chunk.paths[s].isEmpty() && chunk.bounds.intersects(exposed))
                painter->drawPath(chunk.paths[s]);
        }
        if (!m_loose.paths[s].isEmpty() && m_loose.bounds.intersects(exposed))
            painter->drawPath(m_loose.paths[s]);
    }
}

} // namespace phylo::ui
