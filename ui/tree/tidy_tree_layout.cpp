// SPDX-License-Identifier: GPL-3.0-or-later
#include "tree/tidy_tree_layout.h"

#include <algorithm>
#include <limits>

namespace phylo::ui {

namespace {

    /// A forest in compressed form: the children of node v are child[first[v]] .. child[first[v + 1] - 1],
    /// in the order they were added.
    struct Children {
        std::vector<int> first;
        std::vector<int> child;

        /// PARENT[i] for i in ORDER (-1 entries skipped); children keep ORDER's order.
        static Children build(const std::vector<int>& parent, const std::vector<int>& order, int count)
        {
            Children out;
            out.first.assign(count + 1, 0);
            for (int i : order) {
                if (parent[i] >= 0)
                    ++out.first[parent[i] + 1];
            }
            for (int v = 0; v < count; ++v)
                out.first[v + 1] += out.first[v];
            out.child.resize(out.first[count]);
            std::vector<int> next(out.first.begin(), out.first.end() - 1);
            for (int i : order) {
                if (parent[i] >= 0)
                    out.child[next[parent[i]]++] = i;
            }
            return out;
        }
        int count(int v) const { return first[v + 1] - first[v]; }
        bool leaf(int v) const { return first[v + 1] == first[v]; }
        int leftmost(int v) const { return leaf(v) ? -1 : child[first[v]]; }
        int rightmost(int v) const { return leaf(v) ? -1 : child[first[v + 1] - 1]; }
    };

    /// Breadth-first order from ROOTS: every parent comes before its children.
    std::vector<int> breadthFirst(const Children& children, const std::vector<int>& roots, int count)
    {
        std::vector<int> order;
        order.reserve(count);
        order.insert(order.end(), roots.begin(), roots.end());
        for (size_t k = 0; k < order.size(); ++k) {
            const int v = order[k];
            for (int c = children.first[v]; c < children.first[v + 1]; ++c)
                order.push_back(children.child[c]);
        }
        return order;
    }

    /// Valid parents: out-of-range indices become roots, and each cycle is cut where it is found.
    std::vector<int> sanitizedParents(const std::vector<int>& parent)
    {
        const int n = static_cast<int>(parent.size());
        std::vector<int> out(parent);
        for (int i = 0; i < n; ++i) {
            if (out[i] < 0 || out[i] >= n || out[i] == i)
                out[i] = -1;
        }
        enum : char { Unseen, OnPath, Done };
        std::vector<char> state(n, Unseen);
        std::vector<int> path;
        for (int i = 0; i < n; ++i) {
            path.clear();
            int v = i;
            while (v >= 0 && state[v] == Unseen) {
                state[v] = OnPath;
                path.push_back(v);
                v = out[v];
            }
            if (v >= 0 && state[v] == OnPath)
                out[v] = -1; // V's ancestors lead back to V: make it a root
            for (int p : path)
                state[p] = Done;
        }
        return out;
    }

    /// Buchheim–Jünger–Leipert's tidy tree over a tree whose nodes all have a width, run without recursion.
    class Buchheim {
    public:
        Buchheim(const Children& children, const std::vector<int>& parent, const std::vector<double>& width,
            double separation, double subtreeGap)
            : m_children(children)
            , m_parent(parent)
            , m_width(width)
            , m_separation(separation)
            , m_subtreeGap(subtreeGap)
        {
            const size_t n = parent.size();
            m_prelim.assign(n, 0);
            m_mod.assign(n, 0);
            m_shift.assign(n, 0);
            m_change.assign(n, 0);
            m_mid.assign(n, 0);
            m_thread.assign(n, -1);
            m_ancestor.resize(n);
            m_number.assign(n, 0);
            for (size_t v = 0; v < n; ++v) {
                m_ancestor[v] = static_cast<int>(v);
                for (int c = children.first[v]; c < children.first[v + 1]; ++c)
                    m_number[children.child[c]] = c - children.first[v] + 1;
            }
        }

        /// X of every node of the tree at ROOT; BFS is its breadth-first order.
        std::vector<double> run(int root, const std::vector<int>& bfs)
        {
            // First walk, children before parents. Each child is placed next to its left sibling (and its
            // subtree pushed right of its left siblings' subtrees) by its parent, just as the recursive
            // version does on return from the child.
            for (auto it = bfs.rbegin(); it != bfs.rend(); ++it) {
                const int v = *it;
                if (m_children.leaf(v))
                    continue;
                int defaultAncestor = m_children.leftmost(v);
                int left = -1;
                for (int c = m_children.first[v]; c < m_children.first[v + 1]; ++c) {
                    const int w = m_children.child[c];
                    if (left >= 0) {
                        m_prelim[w] = m_prelim[left] + distance(left, w);
                        if (!m_children.leaf(w))
                            m_mod[w] = m_prelim[w] - m_mid[w];
                        defaultAncestor = apportion(w, left, defaultAncestor);
                    } else {
                        m_prelim[w] = m_mid[w];
                    }
                    left = w;
                }
                executeShifts(v);
                m_mid[v] = (m_prelim[m_children.leftmost(v)] + m_prelim[m_children.rightmost(v)]) / 2;
            }
            m_prelim[root] = m_mid[root];
            // Second walk, parents before children: sum the modifiers down the tree.
            std::vector<double> x(m_parent.size(), 0);
            std::vector<double> sum(m_parent.size(), 0);
            sum[root] = -m_prelim[root];
            for (int v : bfs) {
                x[v] = m_prelim[v] + sum[v];
                for (int c = m_children.first[v]; c < m_children.first[v + 1]; ++c)
                    sum[m_children.child[c]] = sum[v] + m_mod[v];
            }
            return x;
        }

    private:
        double distance(int left, int right) const
        {
            const double d = m_separation * (m_width[left] + m_width[right]) / 2;
            return m_parent[left] == m_parent[right] ? d : d + m_subtreeGap;
        }
        int nextLeft(int v) const { return m_children.leaf(v) ? m_thread[v] : m_children.leftmost(v); }
        int nextRight(int v) const { return m_children.leaf(v) ? m_thread[v] : m_children.rightmost(v); }

        /// Pushes V's subtree right of its left siblings' subtrees, following the contours level by level.
        int apportion(int v, int leftSibling, int defaultAncestor)
        {
            int vir = v;
            int vor = v;
            int vil = leftSibling;
            int vol = m_children.leftmost(m_parent[v]);
            double sir = m_mod[vir];
            double sor = m_mod[vor];
            double sil = m_mod[vil];
            double sol = m_mod[vol];
            while (nextRight(vil) >= 0 && nextLeft(vir) >= 0) {
                vil = nextRight(vil);
                vir = nextLeft(vir);
                vol = nextLeft(vol);
                vor = nextRight(vor);
                m_ancestor[vor] = v;
                const double shift = (m_prelim[vil] + sil) - (m_prelim[vir] + sir) + distance(vil, vir);
                if (shift > 0) {
                    const int a = m_parent[m_ancestor[vil]] == m_parent[v] ? m_ancestor[vil] : defaultAncestor;
                    moveSubtree(a, v, shift);
                    sir += shift;
                    sor += shift;
                }
                sil += m_mod[vil];
                sir += m_mod[vir];
                sol += m_mod[vol];
                sor += m_mod[vor];
            }
            if (nextRight(vil) >= 0 && nextRight(vor) < 0) {
                m_thread[vor] = nextRight(vil);
                m_mod[vor] += sil - sor;
            }
            if (nextLeft(vir) >= 0 && nextLeft(vol) < 0) {
                m_thread[vol] = nextLeft(vir);
                m_mod[vol] += sir - sol;
                defaultAncestor = v;
            }
            return defaultAncestor;
        }

        void moveSubtree(int wl, int wr, double shift)
        {
            const double subtrees = m_number[wr] - m_number[wl];
            m_change[wr] -= shift / subtrees;
            m_shift[wr] += shift;
            m_change[wl] += shift / subtrees;
            m_prelim[wr] += shift;
            m_mod[wr] += shift;
        }

        /// Spreads the shifts recorded by moveSubtree over the children between the moved ones.
        void executeShifts(int v)
        {
            double shift = 0;
            double change = 0;
            for (int c = m_children.first[v + 1] - 1; c >= m_children.first[v]; --c) {
                const int w = m_children.child[c];
                m_prelim[w] += shift;
                m_mod[w] += shift;
                change += m_change[w];
                shift += m_shift[w] + change;
            }
        }

        const Children& m_children;
        const std::vector<int>& m_parent;
        const std::vector<double>& m_width;
        double m_separation;
        double m_subtreeGap;
        std::vector<double> m_prelim, m_mod, m_shift, m_change, m_mid;
        std::vector<int> m_thread, m_ancestor, m_number;
    };

    /// Levels: the depth, or with bands the depth pushed down so that bands do not share levels.
    std::vector<int> assignLevels(const std::vector<int>& parent, const std::vector<int>& bfs,
        const std::vector<int>& band, std::vector<TidyTreeBand>& bands)
    {
        const size_t n = parent.size();
        std::vector<int> level(n, 0);
        if (band.size() != n) {
            for (int v : bfs)
                level[v] = parent[v] < 0 ? 0 : level[parent[v]] + 1;
            return level;
        }
        // A child's band is at least its parent's, so walking bands in order meets parents first.
        std::vector<int> effective(n);
        for (int v : bfs)
            effective[v] = parent[v] < 0 ? band[v] : std::max(band[v], effective[parent[v]]);
        std::vector<int> values(effective);
        std::sort(values.begin(), values.end());
        values.erase(std::unique(values.begin(), values.end()), values.end());
        std::vector<std::vector<int>> members(values.size());
        for (int v : bfs)
            members[std::lower_bound(values.begin(), values.end(), effective[v]) - values.begin()].push_back(v);
        int start = 0;
        for (size_t b = 0; b < values.size(); ++b) {
            int last = start;
            for (int v : members[b]) {
                level[v] = parent[v] < 0 ? start : std::max(level[parent[v]] + 1, start);
                last = std::max(last, level[v]);
            }
            bands.push_back({ values[b], start, last });
            start = last + 1;
        }
        return level;
    }

} // namespace

TidyTreeLayout layoutTidyTree(const std::vector<int>& rawParent, const TidyTreeOptions& options)
{
    TidyTreeLayout out;
    const int n = static_cast<int>(rawParent.size());
    if (n == 0)
        return out;
    const std::vector<int> parent = sanitizedParents(rawParent);
    std::vector<int> identity(n);
    std::vector<int> roots;
    for (int i = 0; i < n; ++i) {
        identity[i] = i;
        if (parent[i] < 0)
            roots.push_back(i);
    }
    const Children children = Children::build(parent, identity, n);
    const std::vector<int> bfs = breadthFirst(children, roots, n);
    out.level = assignLevels(parent, bfs, options.band, out.bands);

    // The tree the algorithm sees: the nodes, one invisible root (index n) over the real roots, and a
    // chain of invisible nodes for every level an edge skips, so that depth there equals level here.
    int skips = 0;
    for (int i = 0; i < n; ++i)
        skips += parent[i] < 0 ? out.level[i] : out.level[i] - out.level[parent[i]] - 1;
    const int root = n;
    const int total = n + 1 + skips;
    std::vector<int> treeParent(total, -1);
    std::vector<double> width(total, 1.0);
    std::vector<int> order; // children's order: the real nodes' chains in input order
    order.reserve(total);
    std::vector<int> chainLinks;
    int next = n + 1;
    for (int i = 0; i < n; ++i) {
        const int above = parent[i] < 0 ? root : parent[i];
        const int gap = parent[i] < 0 ? out.level[i] : out.level[i] - out.level[parent[i]] - 1;
        int head = i;
        if (gap > 0) {
            head = next;
            int previous = -1;
            for (int k = 0; k < gap; ++k, ++next) {
                width[next] = options.skipWidth;
                if (previous >= 0) {
                    treeParent[next] = previous;
                    chainLinks.push_back(next);
                }
                previous = next;
            }
            treeParent[i] = previous;
            chainLinks.push_back(i);
        }
        treeParent[head] = above;
        order.push_back(head);
    }
    order.insert(order.end(), chainLinks.begin(), chainLinks.end());
    const Children tree = Children::build(treeParent, order, total);
    const std::vector<int> treeBfs = breadthFirst(tree, { root }, total);

    const std::vector<double> x
        = Buchheim(tree, treeParent, width, options.nodeSeparation, options.subtreeGap).run(root, treeBfs);
    double minX = std::numeric_limits<double>::max();
    double maxX = std::numeric_limits<double>::lowest();
    for (int i = 0; i < n; ++i) {
        minX = std::min(minX, x[i]);
        maxX = std::max(maxX, x[i]);
    }
    out.x.resize(n);
    for (int i = 0; i < n; ++i)
        out.x[i] = x[i] - minX;
    out.width = maxX - minX;
    out.levels = *std::max_element(out.level.begin(), out.level.end()) + 1;
    out.skipNodes = skips;
    return out;
}

} // namespace phylo::ui
