// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QGraphicsItem>
#include <QPainterPath>

#include <array>
#include <vector>

namespace phylo::ui {

/// How an edge is drawn.
enum class EdgeStyle {
    Tree, ///< main parent -> child
    Pruned, ///< inside a pruned subtree: washed out
    Crossover, ///< second parent -> crossover child: dashed
    CrossoverPruned,
};
inline constexpr int kEdgeStyleCount = 4;

/// One edge from FROM (the parent's centre) to TO (the child's centre).
struct TreeEdge {
    QPointF from;
    QPointF to;
    EdgeStyle style = EdgeStyle::Tree;
};

/**
 * Every edge of the tree in one item (the view draws the path to the best node over it). Main-parent
 * edges are combs: a stem down from the parent to half-way to the next level, a bar across its
 * children, a drop to each child (crisp, unantialiased lines). Crossover edges are straight dashed lines,
 * left out when zoomed so far out that nodes are plain squares (there they would only mesh the tree).
 * Edges are batched into chunks of a few hundred, in order of x, so that each chunk is a vertical strip
 * of the tree: a frame draws only the chunks it exposes, one path per chunk and style, cosmetic pens.
 */
class TreeEdgesItem : public QGraphicsItem {
public:
    /// LEVEL_GAP is the vertical distance between levels (the elbow turns half-way down it).
    explicit TreeEdgesItem(qreal levelGap);

    /// Replaces every edge.
    void setEdges(std::vector<TreeEdge> edges);
    /// Adds one edge (a node that arrived before its layout): O(1), drawn until the next setEdges().
    void addEdge(const TreeEdge& edge);
    void clear();
    /// Adds EDGE's line to PATH: an elbow for a main-parent edge, straight for a crossover edge.
    static void addToPath(QPainterPath& path, const TreeEdge& edge, qreal levelGap);
    /// Number of edges of STYLE (for tests).
    int edgeCount(EdgeStyle style) const { return m_counts[static_cast<int>(style)]; }

    QRectF boundingRect() const override { return m_bounds; }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    struct Chunk {
        std::array<QPainterPath, kEdgeStyleCount> paths;
        QRectF bounds;
    };
    void append(Chunk& chunk, const TreeEdge& edge) const;

    qreal m_levelGap;
    std::vector<Chunk> m_chunks;
    Chunk m_loose; ///< edges added since the last setEdges()
    std::array<int, kEdgeStyleCount> m_counts {};
    QRectF m_bounds;
};

} // namespace phylo::ui
