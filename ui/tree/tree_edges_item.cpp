// SPDX-License-Identifier: GPL-3.0-or-later
#include "tree/tree_edges_item.h"

#include "tree/speedup_color_scale.h"
#include "tree/tree_node_item.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>

namespace phylo::ui {

namespace {
    constexpr size_t kChunkSize = 256;
    /// Below this level of detail (nodes drawn as squares of a few pixels) crossover lines are left out:
    /// second parents come from anywhere in the population, so they are long diagonals that would cover
    /// the tree in a mesh, and filling their pixels costs more than drawing every node.
    constexpr qreal kCrossoverDetail = TreeNodeItem::kSymbolDetail;

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
            pen = QPen(QColor(0xbc, 0xbc, 0xe0), 1, Qt::CustomDashLine); // light but opaque: blending costs 15%
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

namespace {
    bool isCrossover(EdgeStyle style)
    {
        return style == EdgeStyle::Crossover || style == EdgeStyle::CrossoverPruned;
    }
}

void TreeEdgesItem::setEdges(std::vector<TreeEdge> edges)
{
    prepareGeometryChange();
    m_chunks.clear();
    m_loose = Chunk();
    m_counts.fill(0);
    for (const TreeEdge& edge : edges)
        ++m_counts[static_cast<int>(edge.style)];

    // A parent's children of one style share a comb: one stem down from the parent, one bar across, one
    // drop per child. Far fewer and shorter strokes than an elbow per child, which overlap on the bar.
    std::sort(edges.begin(), edges.end(), [](const TreeEdge& a, const TreeEdge& b) {
        if (a.style != b.style)
            return a.style < b.style;
        if (a.from.x() != b.from.x())
            return a.from.x() < b.from.x();
        if (a.from.y() != b.from.y())
            return a.from.y() < b.from.y();
        return a.to.x() < b.to.x();
    });
    struct Group {
        size_t begin, end;
        qreal left;
    };
    std::vector<Group> groups;
    for (size_t i = 0; i < edges.size();) {
        size_t j = i + 1;
        if (!isCrossover(edges[i].style)) {
            while (j < edges.size() && edges[j].style == edges[i].style && edges[j].from == edges[i].from)
                ++j;
        }
        qreal left = std::min(edges[i].from.x(), edges[i].to.x());
        for (size_t k = i; k < j; ++k)
            left = std::min(left, edges[k].to.x());
        groups.push_back({ i, j, left });
        i = j;
    }
    // Chunks are vertical strips: groups in order of their left edge.
    std::sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) { return a.left < b.left; });
    size_t inChunk = kChunkSize;
    for (const Group& group : groups) {
        if (inChunk + (group.end - group.begin) > kChunkSize) {
            m_chunks.emplace_back();
            inChunk = 0;
        }
        inChunk += group.end - group.begin;
        Chunk& chunk = m_chunks.back();
        const TreeEdge& first = edges[group.begin];
        if (isCrossover(first.style)) {
            append(chunk, first);
            continue;
        }
        QPainterPath& path = chunk.paths[static_cast<int>(first.style)];
        const QPointF parent = first.from;
        const qreal turn = parent.y() + m_levelGap / 2;
        qreal right = parent.x();
        qreal left = parent.x();
        qreal bottom = turn;
        path.moveTo(parent);
        path.lineTo(parent.x(), turn);
        for (size_t k = group.begin; k < group.end; ++k) {
            const QPointF child = edges[k].to;
            left = std::min(left, child.x());
            right = std::max(right, child.x());
            bottom = std::max(bottom, child.y());
            path.moveTo(child.x(), turn);
            path.lineTo(child);
        }
        if (left < right) {
            path.moveTo(left, turn);
            path.lineTo(right, turn);
        }
        const QRectF rect = QRectF(QPointF(left, parent.y()), QPointF(right, bottom)).adjusted(-2, -2, 2, 2);
        chunk.bounds = chunk.bounds.isNull() ? rect : chunk.bounds.united(rect);
    }
    QRectF bounds;
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
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    painter->setBrush(Qt::NoBrush);
    for (EdgeStyle style : kPaintOrder) {
        const int s = static_cast<int>(style);
        if (m_counts[s] == 0 || (isCrossover(style) && lod < kCrossoverDetail))
            continue;
        // Combs are horizontal and vertical lines: crisp and several times cheaper without antialiasing.
        // Crossover lines are diagonal: smooth when there is room to see them.
        painter->setRenderHint(QPainter::Antialiasing, isCrossover(style));
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
