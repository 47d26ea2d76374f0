// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/node.h"
#include "tree/speedup_color_scale.h"
#include "tree/tidy_tree_layout.h"
#include "tree/tree_model.h"

#include <QGraphicsView>

#include <map>
#include <set>
#include <vector>

class QGraphicsPathItem;
class QMenu;

namespace phylo::ui {

class TreeEdgesItem;
class TreeLayoutRunner;
class TreeLegend;
class TreeMarkerItem;
class TreeNodeItem;
struct TreeNodeLook;

/// What the view draws over the nodes themselves; the main window derives it from the session.
struct TreeDecorations {
    /// Roots of pruned subtrees (Steering::prunedRoots): they and every node descending from them,
    /// through any parent, are greyed.
    std::set<NodeId> pruned;
    /// The best node: it is ringed and the path from the root to it drawn in gold. 0: the view takes
    /// the succeeded, unsuspicious node with the highest speedup.
    NodeId bestId = 0;
    /// Names for the era bands ("Era N" when an era has none).
    std::map<int, QString> eraNames;

    bool operator==(const TreeDecorations&) const = default;
};

/// One era's band in the scene: its nodes lie between top and bottom.
struct EraBand {
    int era = 0;
    qreal top = 0;
    qreal bottom = 0;
};

/**
 * The search's phylogenetic tree, live. Nodes are laid out as a tidy tree (layoutTidyTree, computed on
 * a worker thread and applied when ready; a result made stale by newer nodes is dropped), coloured by
 * speedup on a log scale (see the legend in the upper right), with failures drawn as crosses, pending
 * nodes hollow, running nodes amber, pruned subtrees greyed, the best node and its path from the root
 * in gold, crossover second parents as faint dashed edges (the selected node's in bold), and one
 * background band per era.
 *
 * Mouse: wheel zooms under the cursor, drag pans, click selects, double click activates, right click
 * opens the node's menu. Keys: Ctrl+= / Ctrl++ and Ctrl+- zoom, F fits the whole tree, Return
 * activates the selection, Escape cancels a comparison pick.
 *
 * Made for 10,000 nodes: one item per node painting by level of detail (a plain square when zoomed
 * out), every edge in one chunked item, no scene index (the layout moves every node; see
 * docs/benchmarks/ui.md), and a live update that costs the GUI thread O(changed nodes) until the next
 * layout lands.
 */
class PhyloTreeView : public QGraphicsView {
    Q_OBJECT

public:
    /// Scene distance between neighbouring nodes, and between levels.
    static constexpr qreal kNodeSpacing = 36;
    static constexpr qreal kLevelSpacing = 64;

    explicit PhyloTreeView(QWidget* parent = nullptr);
    ~PhyloTreeView() override;

    /// Replaces every node; the view fits the whole tree once its layout is ready.
    void setNodes(const std::vector<phylo::Node>& nodes, const TreeDecorations& decorations = {});
    /**
     * Adds the new nodes of CHANGED_OR_NEW and updates the others, and applies DECORATIONS. New nodes
     * appear at once under their parent and move to their place when the new layout is ready. Never
     * changes the zoom; the scroll position changes only to keep the node in view (the selection, or
     * the one nearest the centre) where it was on screen when the layout moves it.
     */
    void updateNodes(const std::vector<phylo::Node>& changedOrNew, const TreeDecorations& decorations);
    /// Removes every node.
    void clear();

    /// Selects node ID (0: none) and scrolls it into view; emits nodeSelected if the selection changed.
    void selectNode(NodeId id);
    NodeId selectedNode() const { return m_selected; }
    /**
     * Selects and centres the node QUERY names: "#42" or "42", or an idea ("tile", "tile=32"): the
     * matching node with the highest speedup, then the next one on each repeated call. False if none.
     */
    bool findNode(const QString& query);
    /// Zooms to show the whole tree.
    void fitAll();
    /// Multiplies the zoom by FACTOR around the viewport's centre (within the zoom limits).
    void zoomBy(qreal factor);
    qreal zoom() const;

    int nodeItemCount() const { return static_cast<int>(m_items.size()); }
    /// The item of node ID, or nullptr.
    TreeNodeItem* nodeItem(NodeId id) const;
    const TreeEdgesItem* edgesItem() const { return m_edges; }
    /// Number of edges on the gold path from the root to the best node.
    int bestPathEdgeCount() const { return m_bestPathLength; }
    NodeId bestNode() const { return m_best; }
    /// The tooltip of node ID: id, operator and parents, genes, status, speedup or failure reason + detail.
    QString toolTipFor(NodeId id) const;
    /// The node's context menu (prune subtree, backtrack here, compare with..., pin ideas, copy code); the
    /// caller owns it. Its actions emit the signals below; their object names are "prune", "backtrack",
    /// "compare", "compareWithPicked", "pinIdeas" and "copyCode".
    QMenu* createContextMenu(NodeId id, QWidget* parent = nullptr);
    /// Starts a comparison with A: the next node clicked (or "Compare #A With This") completes it.
    void beginCompare(NodeId a);
    NodeId compareSource() const { return m_compareSource; }
    /// True while a layout is being computed for the latest nodes.
    bool isLayoutPending() const;
    /// The era bands of the current layout (none when the tree has one era).
    std::vector<EraBand> eraBands() const;
    TreeLegend* legend() const { return m_legend; }
    const SpeedupColorScale& colorScale() const { return m_scale; }
    const TreeModel& model() const { return m_model; }

Q_SIGNALS:
    void nodeSelected(phylo::NodeId id);
    void nodeActivated(phylo::NodeId id);
    void pruneRequested(phylo::NodeId id);
    void backtrackRequested(phylo::NodeId id);
    void compareRequested(phylo::NodeId a, phylo::NodeId b);
    void pinIdeasRequested(phylo::NodeId id);
    void copyCodeRequested(phylo::NodeId id);
    /// A layout was applied: nodes are at their places.
    void layoutApplied();

protected:
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void drawBackground(QPainter* painter, const QRectF& rect) override;
    void drawForeground(QPainter* painter, const QRectF& rect) override;

private:
    void resetScene();
    void addNodeItem(int index);
    void applyDecorations(const TreeDecorations& decorations, const std::vector<int>& changed, bool full);
    /// The best node and its path; CHANGED (the indices just updated) makes it O(changed), else a full scan.
    void recomputeBest(const std::vector<int>* changed = nullptr);
    TreeNodeLook lookFor(int index) const;
    void refreshLooks(const std::vector<int>& indices);
    void refreshAllLooks();
    bool widenColorScale(const std::vector<int>& indices);
    void scheduleLayout();
    void requestLayout();
    void applyLayout(const TidyTreeLayout& layout, quint64 number);
    void rebuildEdges();
    void rebuildBestPath();
    void rebuildSelectionEdges();
    void updateSceneRect();
    void updateMarkers();
    void placeLegend();
    /// Node under the viewport point POS, or 0.
    NodeId nodeAt(const QPoint& pos) const;
    /// The node to keep still on screen across a relayout: the selection if visible, else the nearest to the centre.
    int anchorIndex() const;
    void completeCompare(NodeId b);

    TreeModel m_model;
    std::vector<TreeNodeItem*> m_items; ///< by model index
    std::vector<char> m_pruned; ///< by model index
    std::vector<char> m_onBestPath; ///< by model index
    std::vector<int> m_childCount; ///< children through the main parent, by model index (placing new nodes)
    TreeDecorations m_decorations;
    SpeedupColorScale m_scale;
    NodeId m_best = 0;
    std::vector<int> m_bestPath; ///< indices root .. best
    int m_bestPathLength = 0;
    NodeId m_selected = 0;
    NodeId m_compareSource = 0;
    QString m_lastQuery;
    int m_lastMatch = -1;

    TreeEdgesItem* m_edges = nullptr;
    QGraphicsItem* m_nodeLayer = nullptr; ///< parent of every node item
    QGraphicsPathItem* m_bestPathItem = nullptr;
    QGraphicsPathItem* m_selectionEdgesItem = nullptr; ///< the selected node's crossover edges, highlighted
    TreeMarkerItem* m_bestMarker = nullptr;
    TreeMarkerItem* m_selectionMarker = nullptr;
    TreeMarkerItem* m_compareMarker = nullptr;
    TreeLegend* m_legend = nullptr;

    TreeLayoutRunner* m_layoutRunner = nullptr;
    bool m_layoutScheduled = false;
    bool m_fitOnLayout = false; ///< the first layout after setNodes() fits the tree
    std::vector<TidyTreeBand> m_bands;
    QRectF m_treeBounds;
    QPoint m_pressPos;
    bool m_pressed = false;
};

} // namespace phylo::ui
