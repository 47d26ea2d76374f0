// SPDX-License-Identifier: GPL-3.0-or-later
// The charts panel (progress, idea effects, spend) and the ideas panel (table model, pin/ban requests),
// on a small hand-computed session.
#include "inspector/chart_data.h"
#include "inspector/charts_panel.h"
#include "inspector/ideas_model.h"
#include "inspector/ideas_panel.h"
#include "inspector/sample_histogram.h"
#include "report/report_data.h"
#include "session/session_observer.h"
#include "session/session_runner.h"
#include "store/session_store.h"
#include "testsupport.h"

#include <QBarSet>
#include <QElapsedTimer>
#include <QLineSeries>
#include <QMenu>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

using namespace phylo;
using namespace phylo::ui;

namespace {

constexpr size_t kUnroll = 0, kTile = 1;

std::vector<Idea> ideas()
{
    return { { "unroll", "unroll the inner loop", {} }, { "tile", "tile size", { "16", "32" } } };
}

/// GENES: unroll on/off, tile state (-1 off, 0 = 16, 1 = 32).
Node node(NodeId id, std::int64_t evalIndex, bool unroll, int tile, std::optional<double> speedup, int era = 0)
{
    Node n;
    n.id = id;
    n.evalIndex = evalIndex;
    n.era = era;
    n.genes = Genes(2);
    if (unroll)
        n.genes.setState(kUnroll, 0);
    n.genes.setState(kTile, tile);
    n.status = speedup ? NodeStatus::Succeeded : NodeStatus::Failed;
    n.speedup = speedup;
    if (!speedup)
        n.failure = FailureReason::RunFailed;
    return n;
}

/**
 * eval  unroll tile  speedup  era
 *   0     -     -     1.0      0   (baseline)
 *   1     on    -     1.5      0
 *   2     -     32    0.8      0
 *   3     on    16    failed   0
 *   4     on    32    2.0      1
 *   5     -     16    pruned   1   (never ran)
 *   6     -     -     pending  1
 *   7     -     16    1.2      1
 */
std::vector<Node> session()
{
    std::vector<Node> nodes { node(1, 0, false, -1, 1.0), node(2, 1, true, -1, 1.5), node(3, 2, false, 1, 0.8),
        node(4, 3, true, 0, std::nullopt), node(5, 4, true, 1, 2.0, 1), node(6, 5, false, 0, std::nullopt, 1),
        node(7, 6, false, -1, std::nullopt, 1), node(8, 7, false, 0, 1.2, 1) };
    nodes[5].failure = FailureReason::Pruned;
    nodes[6].status = NodeStatus::Pending;
    // Not in evaluation order: the charts sort.
    std::swap(nodes[0], nodes[4]);
    return nodes;
}

QList<qreal> values(const QBarSet* set)
{
    QList<qreal> out;
    for (int i = 0; i < set->count(); ++i)
        out << set->at(i);
    return out;
}

QString cell(const IdeasModel& model, int row, int column)
{
    return model.data(model.index(row, column)).toString();
}

QAction* findAction(QMenu* menu, const QString& text)
{
    for (QAction* action : menu->actions()) {
        if (action->text() == text)
            return action;
        if (action->menu()) {
            if (QAction* inner = findAction(action->menu(), text))
                return inner;
        }
    }
    return nullptr;
}

} // namespace

class TestChartsIdeas : public QObject {
    Q_OBJECT

private slots:
    // ---- Qt-free data ----

    void progressPointsFollowTheEvaluationOrder()
    {
        const auto points = progressPoints(session());
        QCOMPARE(points.size(), size_t(6)); // pruned and pending left out
        std::vector<std::int64_t> order;
        for (const auto& p : points)
            order.push_back(p.evalIndex);
        QCOMPARE(order, (std::vector<std::int64_t> { 0, 1, 2, 3, 4, 7 }));
        QVERIFY(!points[3].speedup);
        std::vector<double> best;
        for (const auto& p : points)
            best.push_back(p.bestSoFar);
        QCOMPARE(best, (std::vector<double> { 1.0, 1.5, 1.5, 1.5, 2.0, 2.0 }));
        QCOMPARE(eraBoundaries(session()), std::vector<std::int64_t> { 4 });
    }

    void settingEffectsMatchAHandComputation()
    {
        const auto effects = settingEffects(session(), ideas());
        QCOMPARE(effects.size(), size_t(3));
        // unroll: with {1.5, 2.0}, unroll off {1.0, 0.8, 1.2}.
        QCOMPARE(effects[0].setting.label(), std::string("unroll"));
        QCOMPARE(effects[0].withCount, 2);
        QCOMPARE(effects[0].meanWith, 1.75);
        QCOMPARE(effects[0].withoutCount, 3);
        QCOMPARE(effects[0].meanWithout, 1.0);
        // tile=16: with {1.2}; tile off {1.0, 1.5}.
        QCOMPARE(effects[1].setting.label(), std::string("tile=16"));
        QCOMPARE(effects[1].meanWith, 1.2);
        QCOMPARE(effects[1].meanWithout, 1.25);
        // tile=32: with {0.8, 2.0}; tile off {1.0, 1.5}.
        QCOMPARE(effects[2].setting.label(), std::string("tile=32"));
        QCOMPARE(effects[2].withCount, 2);
        QCOMPARE(effects[2].meanWith, 1.4);
        QCOMPARE(effects[2].meanWithout, 1.25);
    }

    void ideaSummariesCountTriesAndMeans()
    {
        const auto summaries = ideaSummaries(session(), ideas());
        QCOMPARE(summaries.size(), size_t(2));
        QCOMPARE(summaries[0].name, std::string("unroll"));
        QCOMPARE(summaries[0].tried, 3); // evals 1, 3 (failed) and 4
        QCOMPARE(summaries[0].meanWith, 1.75);
        QCOMPARE(summaries[0].meanWithout, 1.0);
        QCOMPARE(*summaries[0].effect(), 1.75);
        QCOMPARE(summaries[1].tried, 4); // evals 2, 3, 4, 7; the pruned one never ran
        QCOMPARE(summaries[1].withCount, 3);
        QVERIFY(qFuzzyCompare(summaries[1].meanWith, 4.0 / 3.0));
        QCOMPARE(summaries[1].meanWithout, 1.25);
        QVERIFY(qFuzzyCompare(*summaries[1].effect(), (4.0 / 3.0) / 1.25));
        QVERIFY(!IdeaSummary {}.effect());
    }

    void sameNumbersAsTheReport()
    {
        // A real session: the panel's Qt-free numbers must be the report's (core/report/report_data).
        QTemporaryDir dir;
        const std::filesystem::path target = dir.path().toStdString() + "/target";
        test::makeSyntheticTarget(target);
        RunOptions options;
        options.targetDir = target;
        options.db = dir.path().toStdString() + "/s.db";
        options.maxEvals = 16;
        options.seed = 3;
        options.jobs = 2;
        options.buildCache = false;
        SessionObserver quiet;
        std::atomic<bool> stop { false };
        QCOMPARE(runSession(options, quiet, stop).exitCode, 0);
        const auto store = SessionStore::open(options.db, SessionStore::Access::ReadOnly);
        const ReportData report = computeReportData(*store);
        const auto nodes = store->loadNodes(false);

        const auto effects = settingEffects(nodes, store->ideas());
        QVERIFY(!effects.empty());
        QCOMPARE(effects.size(), report.effects.size());
        for (size_t i = 0; i < effects.size(); ++i) {
            QCOMPARE(effects[i].setting, report.effects[i].setting);
            QCOMPARE(effects[i].withCount, report.effects[i].withCount);
            QCOMPARE(effects[i].withoutCount, report.effects[i].withoutCount);
            QCOMPARE(effects[i].meanWith, report.effects[i].meanWith);
            QCOMPARE(effects[i].meanWithout, report.effects[i].meanWithout);
        }
        const auto points = progressPoints(nodes);
        QCOMPARE(points.size(), report.points.size());
        for (size_t i = 0; i < points.size(); ++i) {
            QCOMPARE(points[i].evalIndex, report.points[i].evalIndex);
            QCOMPARE(points[i].id, report.points[i].id);
            QCOMPARE(points[i].speedup, report.points[i].speedup);
            QCOMPARE(points[i].bestSoFar, report.points[i].bestSoFar);
        }
    }

    void histogramBins()
    {
        QVERIFY(histogram({}).counts.empty());
        const Histogram same = histogram({ 5, 5, 5 });
        QCOMPARE(same.counts, std::vector<int> { 3 });
        QVERIFY(same.low < 5 && same.high() > 5);
        const Histogram h = histogram({ 1, 2, 3, 4, 5, 6, 7, 8, 9 });
        QCOMPARE(h.counts, (std::vector<int> { 3, 3, 3 })); // 3 bins over [1, 9], 9 in the last
        QCOMPARE(h.low, 1.0);
        QCOMPARE(h.high(), 9.0);
    }

    // ---- Charts panel ----

    void progressSeriesMatchTheNodes()
    {
        ChartsPanel panel;
        QVERIFY(panel.isProgressEmpty());
        panel.setData(session(), ideas());
        QVERIFY(!panel.isProgressEmpty());
        QCOMPARE(panel.evaluationSeries()->count(), 5); // the measured evaluations
        QCOMPARE(panel.failedSeries()->count(), 1); // the failed one; the pruned one never ran
        QCOMPARE(panel.failedSeries()->at(0), QPointF(3, 0));
        QCOMPARE(panel.evaluationSeries()->at(4), QPointF(7, 1.2));
        const QList<QPointF> best = panel.bestSeries()->points();
        // A step line: up at eval 1 (1.0 -> 1.5) and at eval 4 (1.5 -> 2.0), then flat to the last eval.
        const QList<QPointF> expected { { 0, 1.0 }, { 1, 1.0 }, { 1, 1.5 }, { 4, 1.5 }, { 4, 2.0 }, { 7, 2.0 } };
        QCOMPARE(best, expected);
        for (qsizetype i = 1; i < best.size(); ++i) {
            QVERIFY(best[i].y() >= best[i - 1].y());
            QVERIFY(best[i].x() >= best[i - 1].x());
        }
        QCOMPARE(panel.eraBoundaries(), std::vector<std::int64_t> { 4 });

        // Called again with more nodes: replaced, not appended.
        auto more = session();
        more.push_back(node(9, 8, true, 0, 3.0, 1));
        panel.setData(more, ideas());
        QCOMPARE(panel.evaluationSeries()->count(), 6);
        QCOMPARE(panel.bestSeries()->points().back(), QPointF(8, 3.0));
    }

    void effectBarsMatchTheHandComputation()
    {
        ChartsPanel panel;
        QVERIFY(panel.isEffectsEmpty());
        panel.setData(session(), ideas());
        QVERIFY(!panel.isEffectsEmpty());
        QCOMPARE(panel.effectCategories(),
            (QStringList { QStringLiteral("unroll"), QStringLiteral("tile=16"), QStringLiteral("tile=32") }));
        QCOMPARE(values(panel.withSet()), (QList<qreal> { 1.75, 1.2, 1.4 }));
        QCOMPARE(values(panel.withoutSet()), (QList<qreal> { 1.0, 1.25, 1.25 }));

        // Same categories, new values: updated in place.
        auto more = session();
        more.push_back(node(9, 8, true, -1, 2.5));
        panel.setData(more, ideas());
        QCOMPARE(panel.withSet()->count(), 3);
        QCOMPARE(panel.withSet()->at(0), 2.0); // unroll with {1.5, 2.0, 2.5}
        QCOMPARE(panel.withoutSet()->at(1), (1.0 + 1.5 + 2.5) / 3); // tile off now includes eval 8

        panel.setData({}, ideas());
        QVERIFY(panel.isEffectsEmpty());
        QVERIFY(panel.isProgressEmpty());
        QCOMPARE(panel.withSet()->count(), 0);
    }

    void spendIsHiddenUntilThereIsSome()
    {
        ChartsPanel panel;
        QVERIFY(!panel.isSpendVisible());
        panel.setSpend({ { 1, 0.5 }, { 3, 0.25 }, { 2, 0.25 } });
        QVERIFY(panel.isSpendVisible());
        const QList<QPointF> expected { { 1, 0 }, { 1, 0.5 }, { 2, 0.75 }, { 3, 1.0 } };
        QCOMPARE(panel.spendSeries()->points(), expected);
        // Unix times become minutes since the first call.
        panel.setSpend({ { 1.7e9, 0.1 }, { 1.7e9 + 120, 0.2 } });
        QCOMPARE(panel.spendSeries()->points().back().x(), 2.0);
        QVERIFY(qFuzzyCompare(panel.spendSeries()->points().back().y(), 0.3));
        panel.setSpend({});
        QVERIFY(!panel.isSpendVisible());
    }

    void setDataIsCheapForAThousandNodes()
    {
        std::vector<Node> nodes;
        for (int i = 0; i < 1000; ++i)
            nodes.push_back(node(i + 1, i, i % 2 == 0, i % 3 - 1, i % 7 == 0 ? std::nullopt : std::optional(1.0 + (i % 13) * 0.1), i / 250));
        ChartsPanel panel;
        panel.resize(800, 600);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QElapsedTimer timer;
        timer.start();
        for (int round = 0; round < 10; ++round)
            panel.setData(nodes, ideas());
        QCoreApplication::processEvents();
        const qint64 ms = timer.elapsed();
        qInfo("10 x setData(1000 nodes): %lld ms", static_cast<long long>(ms));
        QVERIFY2(ms < 3000, "setData must be cheap enough for every update");
        QCOMPARE(panel.evaluationSeries()->count() + panel.failedSeries()->count(), 1000);
        QCOMPARE(panel.eraBoundaries(), (std::vector<std::int64_t> { 250, 500, 750 }));
    }

    void clickingADotActivatesItsNode()
    {
        ChartsPanel panel;
        panel.setData(session(), ideas());
        QSignalSpy activated(&panel, &ChartsPanel::nodeActivated);
        Q_EMIT panel.evaluationSeries()->clicked(QPointF(4.1, 1.95));
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.at(0).at(0).value<NodeId>(), NodeId(5));
    }

    // ---- Ideas panel ----

    void modelRowsAndValues()
    {
        IdeasModel model;
        model.setIdeas(ideas(), ideaSummaries(session(), ideas()), { { "tile", IdeaState::Pinned } });
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(IdeasModel::ColumnCount));
        QCOMPARE(cell(model, 0, IdeasModel::NameColumn), QStringLiteral("unroll"));
        QCOMPARE(cell(model, 0, IdeasModel::StateColumn), QStringLiteral("active"));
        QCOMPARE(cell(model, 0, IdeasModel::TriedColumn), QStringLiteral("3"));
        QCOMPARE(cell(model, 0, IdeasModel::WithColumn), QStringLiteral("1.750x"));
        QCOMPARE(cell(model, 0, IdeasModel::WithoutColumn), QStringLiteral("1.000x"));
        QCOMPARE(cell(model, 0, IdeasModel::EffectColumn), QStringLiteral("+75.0 %"));
        QCOMPARE(cell(model, 1, IdeasModel::StateColumn), QStringLiteral("pinned"));
        QCOMPARE(cell(model, 1, IdeasModel::TriedColumn), QStringLiteral("4"));
        QCOMPARE(cell(model, 1, IdeasModel::EffectColumn), QStringLiteral("+6.7 %"));
        QCOMPARE(model.data(model.index(0, IdeasModel::EffectColumn), IdeasModel::SortRole).toDouble(), 1.75);
        QVERIFY(model.data(model.index(1, IdeasModel::NameColumn), Qt::ToolTipRole).toString().contains(QStringLiteral("16, 32")));

        // A slower idea reads as a negative effect; an unmeasured one as a dash.
        std::vector<IdeaSummary> s(2);
        s[0].name = "unroll";
        s[0].withCount = s[0].withoutCount = 1;
        s[0].meanWith = 0.9;
        s[0].meanWithout = 1.0;
        s[1].name = "tile";
        model.setIdeas(ideas(), s, {});
        QCOMPARE(cell(model, 0, IdeasModel::EffectColumn), QStringLiteral("−10.0 %"));
        QCOMPARE(cell(model, 1, IdeasModel::WithColumn), QStringLiteral("—"));
        QCOMPARE(cell(model, 1, IdeasModel::StateColumn), QStringLiteral("active"));
        model.setStates({ { "unroll", IdeaState::Retired } });
        QCOMPARE(cell(model, 0, IdeasModel::StateColumn), QStringLiteral("retired"));
    }

    void buttonsRequestPinBanAndUnpin()
    {
        IdeasPanel panel;
        QSignalSpy pins(&panel, &IdeasPanel::pinRequested);
        QSignalSpy bans(&panel, &IdeasPanel::banRequested);
        QSignalSpy unpins(&panel, &IdeasPanel::unpinRequested);
        QSignalSpy unbans(&panel, &IdeasPanel::unbanRequested);
        panel.setData(ideas(), session(), { { "tile", IdeaState::Pinned } });
        QVERIFY(!panel.pinButton()->isEnabled()); // nothing selected

        QVERIFY(panel.selectIdea(QStringLiteral("unroll")));
        QCOMPARE(panel.selectedIdea(), QStringLiteral("unroll"));
        QVERIFY(panel.pinButton()->isEnabled());
        QVERIFY(!panel.unpinButton()->isEnabled());
        QVERIFY(panel.banButton()->isEnabled());
        panel.pinButton()->click();
        QCOMPARE(pins.count(), 1);
        QCOMPARE(pins.at(0).at(0).toString(), QStringLiteral("unroll"));
        panel.banButton()->click();
        QCOMPARE(bans.count(), 1);
        QCOMPARE(bans.at(0).at(0).toString(), QStringLiteral("unroll"));

        QVERIFY(panel.selectIdea(QStringLiteral("tile")));
        QVERIFY(!panel.pinButton()->isEnabled()); // already pinned
        QVERIFY(panel.unpinButton()->isEnabled());
        panel.unpinButton()->click();
        QCOMPARE(unpins.count(), 1);
        QCOMPARE(unpins.at(0).at(0).toString(), QStringLiteral("tile"));

        // The main window performs it and reports the new state: the buttons follow, the selection stays.
        panel.setStates({ { "tile", IdeaState::Banned } });
        QCOMPARE(panel.selectedIdea(), QStringLiteral("tile"));
        QVERIFY(panel.unbanButton()->isEnabled());
        QVERIFY(!panel.unpinButton()->isEnabled());
        panel.unbanButton()->click();
        QCOMPARE(unbans.count(), 1);
        // A variant idea's Pin button offers its values.
        QVERIFY(panel.pinButton()->menu());
        QCOMPARE(panel.pinButton()->menu()->actions().size(), 2);
        panel.pinButton()->menu()->actions().at(1)->trigger();
        QCOMPARE(pins.count(), 2);
        QCOMPARE(pins.at(1).at(0).toString(), QStringLiteral("tile=32"));

        // setData with the same ideas keeps the selection.
        panel.setData(ideas(), session(), { { "tile", IdeaState::Banned } });
        QCOMPARE(panel.selectedIdea(), QStringLiteral("tile"));

        // Committed and retired ideas cannot be steered.
        panel.setStates({ { "tile", IdeaState::Committed } });
        for (QToolButton* b : { panel.pinButton(), panel.unpinButton(), panel.banButton(), panel.unbanButton() })
            QVERIFY(!b->isEnabled());
    }

    void contextMenuRequests()
    {
        IdeasPanel panel;
        QSignalSpy pins(&panel, &IdeasPanel::pinRequested);
        QSignalSpy bans(&panel, &IdeasPanel::banRequested);
        QSignalSpy unpins(&panel, &IdeasPanel::unpinRequested);
        panel.setData(ideas(), session(), { { "tile", IdeaState::Pinned } });
        QVERIFY(!panel.createContextMenu(QStringLiteral("nope")));

        auto menu = panel.createContextMenu(QStringLiteral("tile"));
        QAction* pin32 = findAction(menu.get(), QStringLiteral("Pin tile=32"));
        QVERIFY(pin32);
        QAction* unpin = findAction(menu.get(), QStringLiteral("Unpin tile"));
        QVERIFY(unpin && unpin->isEnabled());
        QVERIFY(!findAction(menu.get(), QStringLiteral("Unban tile"))->isEnabled());
        unpin->trigger();
        QCOMPARE(unpins.count(), 1);
        QAction* ban = findAction(menu.get(), QStringLiteral("Ban tile"));
        QVERIFY(ban && ban->isEnabled()); // banning a pinned idea replaces the pin
        ban->trigger();
        QCOMPARE(bans.at(0).at(0).toString(), QStringLiteral("tile"));

        auto switchMenu = panel.createContextMenu(QStringLiteral("unroll"));
        QAction* pinUnroll = findAction(switchMenu.get(), QStringLiteral("Pin unroll"));
        QVERIFY(pinUnroll && pinUnroll->isEnabled());
        pinUnroll->trigger();
        QCOMPARE(pins.count(), 1);
        QCOMPARE(pins.at(0).at(0).toString(), QStringLiteral("unroll"));
        QVERIFY(!findAction(switchMenu.get(), QStringLiteral("Unpin unroll"))->isEnabled());
    }

    void sortingAndEmptyState()
    {
        IdeasPanel panel;
        panel.setData(ideas(), session(), {});
        panel.view()->sortByColumn(IdeasModel::EffectColumn, Qt::DescendingOrder);
        QCOMPARE(panel.view()->model()->index(0, IdeasModel::NameColumn).data().toString(), QStringLiteral("unroll"));
        panel.view()->sortByColumn(IdeasModel::TriedColumn, Qt::DescendingOrder);
        QCOMPARE(panel.view()->model()->index(0, IdeasModel::NameColumn).data().toString(), QStringLiteral("tile"));
        panel.setData({}, {}, {});
        QCOMPARE(panel.model()->rowCount(), 0);
        QVERIFY(panel.selectedIdea().isEmpty());
        QVERIFY(!panel.banButton()->isEnabled());
    }
};

QTEST_MAIN(TestChartsIdeas)
#include "tst_charts_ideas.moc"
