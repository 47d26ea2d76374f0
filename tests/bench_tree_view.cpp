// SPDX-License-Identifier: GPL-3.0-or-later
// Benchmark of the phylogenetic tree view (ui/tree) on a synthetic session: open + layout, frame time
// while panning and zooming (the viewport rendered into an image, offscreen), and the GUI thread's cost
// of a live update. Prints a markdown table; scripts/bench-ui.sh builds and runs it, docs/benchmarks/ui.md
// keeps the numbers. Not a ctest test: timings depend on the machine.
#include "tree/phylo_tree_view.h"
#include "tree/tidy_tree_layout.h"
#include "tree/tree_model.h"
#include "tree/tree_node_item.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QGraphicsScene>
#include <QImage>
#include <QPainter>
#include <QScrollBar>
#include <QSysInfo>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

using namespace phylo;
using namespace phylo::ui;

namespace {

struct Options {
    int nodes = 10000;
    int repeat = 7;
    int frames = 40;
    int adds = 300;
    int width = 1280;
    int height = 800;
    bool bsp = false;
};

/**
 * A GA-like session: a baseline, then generations of 40 individuals bred from the previous two
 * generations (fitter parents more often), 40% crossovers, 20% failures with reasons, speedups around
 * their parents', a new era every quarter, and the last generation still pending or running.
 */
std::vector<Node> syntheticSession(int count, unsigned seed = 1)
{
    static const char* kIdeas[] = { "tile", "unroll", "vec", "prefetch", "fuse", "smem", "warp", "block",
        "ilp", "layout", "streams", "fastmath" };
    static const FailureReason kReasons[] = { FailureReason::BuildFailed, FailureReason::WrongResult,
        FailureReason::RunTimeout, FailureReason::CudaError, FailureReason::CheckFailed };
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> unit(0, 1);
    std::normal_distribution<double> noise(0, 0.3);
    std::vector<Node> nodes;
    nodes.reserve(count);
    Node base;
    base.id = 1;
    base.op = "baseline";
    base.status = NodeStatus::Succeeded;
    base.speedup = 1.0;
    nodes.push_back(base);
    std::vector<double> logSpeed { 0.0 };
    const int population = 40;
    size_t previousStart = 0;
    size_t currentStart = 1;
    int generation = 1;
    while (static_cast<int>(nodes.size()) < count) {
        const size_t poolEnd = nodes.size();
        for (int k = 0; k < population && static_cast<int>(nodes.size()) < count; ++k) {
            // Tournament of three over the last two generations' successes.
            const auto pick = [&] {
                size_t best = previousStart + rng() % (poolEnd - previousStart);
                for (int t = 0; t < 2; ++t) {
                    const size_t c = previousStart + rng() % (poolEnd - previousStart);
                    if (nodes[c].status == NodeStatus::Succeeded
                        && (nodes[best].status != NodeStatus::Succeeded || logSpeed[c] > logSpeed[best]))
                        best = c;
                }
                return best;
            };
            Node node;
            node.id = static_cast<NodeId>(nodes.size()) + 1;
            node.evalIndex = node.id;
            node.generation = generation;
            node.era = std::min(3, static_cast<int>(nodes.size() * 4 / count));
            const size_t a = pick();
            node.parents.push_back(nodes[a].id);
            double parentLog = logSpeed[a];
            if (unit(rng) < 0.4) {
                const size_t b = pick();
                if (b != a) {
                    node.parents.push_back(nodes[b].id);
                    parentLog = std::max(parentLog, logSpeed[b]);
                }
            }
            node.op = node.parents.size() > 1 ? "crossover" : "mutation";
            std::string key;
            for (const char* idea : kIdeas) {
                if (unit(rng) < 0.3)
                    key += (key.empty() ? "" : ",") + std::string(idea);
            }
            node.geneKey = key;
            // Mean-reverting: speedups mostly between 1/2x and 5x, the best few beyond.
            const double log = 0.8 * parentLog + noise(rng) - 0.22;
            logSpeed.push_back(log);
            const bool lastGeneration = static_cast<int>(nodes.size()) >= count - population;
            if (lastGeneration) {
                node.status = unit(rng) < 0.7 ? NodeStatus::Pending : NodeStatus::Running;
            } else if (unit(rng) < 0.2) {
                node.status = NodeStatus::Failed;
                node.failure = kReasons[rng() % 5];
                node.failureDetail = "synthetic failure detail";
            } else {
                node.status = NodeStatus::Succeeded;
                node.speedup = std::exp(log);
                node.suspicious = unit(rng) < 0.01;
            }
            nodes.push_back(node);
        }
        previousStart = currentStart;
        currentStart = poolEnd;
        ++generation;
    }
    return nodes;
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(std::ceil(p * v.size())) - 1)];
}

double ms(const QElapsedTimer& timer)
{
    return timer.nsecsElapsed() / 1e6;
}

/// Runs the event loop until VIEW's layout is applied; returns the GUI thread's time spent in the event
/// loop iteration that applied it (the layout's apply cost), or -1 on a timeout.
double waitForLayout(PhyloTreeView& view)
{
    if (!view.isLayoutPending())
        return -1;
    bool applied = false;
    const auto connection = QObject::connect(&view, &PhyloTreeView::layoutApplied, [&] { applied = true; });
    double applyMs = -1;
    QElapsedTimer total;
    total.start();
    while (!applied && total.elapsed() < 30000) {
        QElapsedTimer step;
        step.start();
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        if (applied)
            applyMs = ms(step);
        else
            QThread::usleep(50);
    }
    QObject::disconnect(connection);
    return applyMs;
}

struct Row {
    std::string what;
    std::string median;
    std::string spread;
    std::string target;
};

std::string fmt(double value, const char* unit = " ms")
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, value >= 100 ? "%.0f%s" : value >= 10 ? "%.1f%s" : value >= 1 ? "%.2f%s" : "%.3f%s", value, unit);
    return buffer;
}

std::string spread(const std::vector<double>& v)
{
    return fmt(*std::min_element(v.begin(), v.end()), "") + " – " + fmt(*std::max_element(v.begin(), v.end()), " ms");
}

/// Renders the viewport FRAMES times, panning between frames, and returns each frame's time.
std::vector<double> panFrames(PhyloTreeView& view, QImage& image, int frames)
{
    std::vector<double> times;
    for (int f = 0; f < frames; ++f) {
        // A circle of 24-pixel steps: every frame shows new parts of the tree.
        const double angle = f * 2 * M_PI / frames;
        view.horizontalScrollBar()->setValue(view.horizontalScrollBar()->value() + static_cast<int>(24 * std::cos(angle)));
        view.verticalScrollBar()->setValue(view.verticalScrollBar()->value() + static_cast<int>(24 * std::sin(angle)));
        QElapsedTimer timer;
        timer.start();
        view.viewport()->render(&image);
        times.push_back(ms(timer));
    }
    return times;
}

} // namespace

int main(int argc, char** argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    Options options;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString a = args[i];
        const auto next = [&] { return i + 1 < args.size() ? args[++i].toInt() : 0; };
        if (a == QStringLiteral("--nodes"))
            options.nodes = next();
        else if (a == QStringLiteral("--repeat"))
            options.repeat = next();
        else if (a == QStringLiteral("--frames"))
            options.frames = next();
        else if (a == QStringLiteral("--adds"))
            options.adds = next();
        else if (a == QStringLiteral("--bsp"))
            options.bsp = true;
        else {
            std::fprintf(stderr,
                "usage: bench_tree_view [--nodes N] [--repeat R] [--frames F] [--adds A] [--bsp]\n");
            return 2;
        }
    }
    const std::vector<Node> session = syntheticSession(options.nodes);
    std::vector<Row> rows;

    // ---- open + layout ----
    std::vector<double> open, setNodesMs, applyMs, firstFrame;
    for (int r = 0; r < options.repeat; ++r) {
        PhyloTreeView view;
        if (options.bsp)
            view.scene()->setItemIndexMethod(QGraphicsScene::BspTreeIndex);
        view.resize(options.width, options.height);
        view.show();
        QCoreApplication::processEvents();
        QImage image(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
        QElapsedTimer timer;
        timer.start();
        QElapsedTimer call;
        call.start();
        view.setNodes(session);
        setNodesMs.push_back(ms(call));
        applyMs.push_back(waitForLayout(view));
        open.push_back(ms(timer));
        QElapsedTimer frame;
        frame.start();
        view.viewport()->render(&image);
        firstFrame.push_back(ms(frame));
        if (view.nodeItemCount() != options.nodes) {
            std::fprintf(stderr, "expected %d items, got %d\n", options.nodes, view.nodeItemCount());
            return 1;
        }
    }
    // The layout alone, as the worker thread runs it (parents and eras from the same nodes).
    std::vector<double> layoutMs;
    {
        TreeModel model;
        for (const Node& node : session)
            model.upsert(node);
        TidyTreeOptions layoutOptions;
        layoutOptions.band = model.eras();
        const std::vector<int> parents = model.mainParentIndices();
        for (int r = 0; r < options.repeat; ++r) {
            QElapsedTimer timer;
            timer.start();
            const TidyTreeLayout layout = layoutTidyTree(parents, layoutOptions);
            layoutMs.push_back(ms(timer));
            if (layout.x.size() != session.size())
                return 1;
        }
    }
    const std::string n = std::to_string(options.nodes);
    rows.push_back({ "open: setNodes() → layout applied (" + n + " nodes)", fmt(median(open)), spread(open), "< 1000 ms" });
    rows.push_back({ "  of which layoutTidyTree() (worker thread)", fmt(median(layoutMs)), spread(layoutMs), "" });
    rows.push_back({ "  of which setNodes() on the GUI thread", fmt(median(setNodesMs)), spread(setNodesMs), "" });
    rows.push_back({ "  of which applying the layout (GUI thread)", fmt(median(applyMs)), spread(applyMs), "" });
    rows.push_back({ "  then the first frame (whole tree)", fmt(median(firstFrame)), spread(firstFrame), "" });

    // ---- frames ----
    PhyloTreeView view;
    if (options.bsp)
        view.scene()->setItemIndexMethod(QGraphicsScene::BspTreeIndex);
    view.resize(options.width, options.height);
    view.show();
    QCoreApplication::processEvents();
    view.setNodes(session);
    waitForLayout(view);
    QImage image(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    view.fitAll();
    const qreal fit = view.zoom();
    const NodeId centre = view.bestNode();
    struct Level {
        std::string name;
        qreal zoom;
    };
    const std::vector<Level> levels { { "whole tree (fit, squares)", fit }, { "zoom 0.15 (squares)", 0.15 },
        { "zoom 0.5 (symbols)", 0.5 }, { "zoom 1 (symbols)", 1.0 }, { "zoom 2 (symbols + labels)", 2.0 } };
    for (const Level& level : levels) {
        std::vector<double> medians, p95s;
        for (int r = 0; r < options.repeat; ++r) {
            view.setTransform(QTransform::fromScale(level.zoom, level.zoom));
            view.centerOn(view.nodeItem(centre));
            view.viewport()->render(&image); // warm
            const std::vector<double> times = panFrames(view, image, options.frames);
            medians.push_back(median(times));
            p95s.push_back(percentile(times, 0.95));
        }
        char zoom[32];
        std::snprintf(zoom, sizeof zoom, " [%.3f]", level.zoom);
        rows.push_back({ "pan frame, " + level.name + (level.zoom == fit ? zoom : ""), fmt(median(medians)),
            "p95 " + fmt(median(p95s)), "< 16 ms" });
    }
    {
        // Zooming: wheel-sized steps (x1.25) from the fitted view in to 2x and back, a frame each.
        std::vector<double> medians, p95s;
        for (int r = 0; r < options.repeat; ++r) {
            view.fitAll();
            view.centerOn(view.nodeItem(centre));
            std::vector<double> times;
            for (int direction : { 1, -1 }) {
                for (int step = 0; step < 40; ++step) {
                    const qreal z = view.zoom();
                    if ((direction > 0 && z >= 2.0) || (direction < 0 && z <= fit))
                        break;
                    view.zoomBy(direction > 0 ? 1.25 : 0.8);
                    QElapsedTimer timer;
                    timer.start();
                    view.viewport()->render(&image);
                    times.push_back(ms(timer));
                }
            }
            medians.push_back(median(times));
            p95s.push_back(percentile(times, 0.95));
        }
        rows.push_back({ "zoom frame, fit ↔ 2x in ×1.25 steps", fmt(median(medians)), "p95 " + fmt(median(p95s)), "< 16 ms" });
    }

    // ---- live updates ----
    {
        view.fitAll();
        const QTransform before = view.transform();
        std::vector<double> add, status, latency, apply;
        NodeId next = static_cast<NodeId>(session.size()) + 1;
        std::mt19937 rng(99);
        for (int k = 0; k < options.adds; ++k) {
            Node node;
            node.id = next++;
            node.parents = { session[session.size() - 200 + rng() % 150].id };
            node.op = "mutation";
            node.status = NodeStatus::Pending;
            node.geneKey = "tile,unroll";
            node.era = 3;
            QElapsedTimer timer;
            timer.start();
            view.updateNodes({ node }, {});
            add.push_back(ms(timer));
            node.status = NodeStatus::Succeeded;
            node.speedup = 1.5;
            QElapsedTimer change;
            change.start();
            view.updateNodes({ node }, {});
            status.push_back(ms(change));
            if (k % 10 == 0) {
                // Every tenth add waits for its layout: end-to-end latency and the apply cost.
                apply.push_back(waitForLayout(view));
                latency.push_back(ms(timer));
            }
        }
        waitForLayout(view);
        if (view.nodeItemCount() != options.nodes + options.adds) {
            std::fprintf(stderr, "expected %d items after the adds, got %d\n", options.nodes + options.adds, view.nodeItemCount());
            return 1;
        }
        if (view.transform() != before)
            std::fprintf(stderr, "warning: the live updates changed the zoom\n");
        rows.push_back({ "add one node: updateNodes() (GUI thread)", fmt(median(add)), "p95 " + fmt(percentile(add, 0.95)), "< 1 ms" });
        rows.push_back({ "status change: updateNodes() (GUI thread)", fmt(median(status)), "p95 " + fmt(percentile(status, 0.95)), "< 1 ms" });
        rows.push_back({ "  relayout applied after adds (GUI thread, once per burst)", fmt(median(apply)), "p95 " + fmt(percentile(apply, 0.95)), "" });
        rows.push_back({ "  add → node at its laid-out place (end to end)", fmt(median(latency)), "p95 " + fmt(percentile(latency, 0.95)), "" });
    }

    std::printf("| %s | median | spread | target |\n|---|---:|---:|---|\n", "measurement");
    for (const Row& row : rows)
        std::printf("| %s | %s | %s | %s |\n", row.what.c_str(), row.median.c_str(), row.spread.c_str(), row.target.c_str());
    std::printf("\n%d nodes (%d repeats; %d frames per pan; %d adds), viewport %dx%d, scene index %s, Qt %s, %s, %d logical CPUs\n",
        options.nodes, options.repeat, options.frames, options.adds, view.viewport()->width(), view.viewport()->height(),
        options.bsp ? "BSP" : "none", qVersion(), qPrintable(QGuiApplication::platformName()), QThread::idealThreadCount());
    return 0;
}
