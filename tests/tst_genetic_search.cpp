// SPDX-License-Identifier: GPL-3.0-or-later
// The search strategies, driven in-process with a known fitness function (no processes).
#include "search/genetic_search.h"
#include "search/greedy_search.h"
#include "search/search_history.h"
#include "search/search_strategy.h"

#include "testsupport.h"

#include <QtTest>

#include <functional>
#include <set>

using namespace phylo;

namespace {

std::vector<Idea> fiveIdeas()
{
    return { { "a", "", {} }, { "b", "", { "slow", "fast" } }, { "c", "", {} }, { "d", "", { "1", "2", "3" } },
        { "e", "", {} } };
}

/// The synthetic target's time: 100 - 10a - 8(b=fast) + 3(b=slow) + 4c - 6(d=2) - 25(c and e).
double syntheticTime(const Genes& g)
{
    double t = 100;
    t -= g.isOn(0) ? 10 : 0;
    t += g.state(1) == 1 ? -8 : g.state(1) == 0 ? 3 : 0;
    t += g.isOn(2) ? 4 : 0;
    t -= g.state(3) == 1 ? 6 : 0;
    t -= g.isOn(2) && g.isOn(4) ? 25 : 0;
    return t;
}

/// Drives STRATEGY for up to MAX_EVALS evaluations, scoring with syntheticTime.
std::vector<Node> simulate(SearchStrategy& strategy, int maxEvals, const std::function<bool(const Genes&)>& fails = {})
{
    const auto ideas = fiveIdeas();
    std::vector<Node> nodes;
    Node base;
    base.id = 1;
    base.op = "baseline";
    base.genes = Genes(ideas.size());
    base.geneKey = base.genes.key(ideas);
    base.status = NodeStatus::Succeeded;
    base.metric = syntheticTime(base.genes);
    base.speedup = 1.0;
    nodes.push_back(base);
    for (int generation = 1; static_cast<int>(nodes.size()) < maxEvals; ++generation) {
        SearchHistory history(ideas, nodes);
        auto batch = strategy.nextBatch(history, generation, maxEvals - static_cast<int>(nodes.size()));
        if (batch.empty())
            break;
        for (auto& proposal : batch) {
            Node node;
            node.id = static_cast<NodeId>(nodes.size()) + 1;
            node.generation = generation;
            node.op = proposal.op;
            node.parents = proposal.parents;
            node.genes = proposal.genes;
            node.geneKey = node.genes.key(ideas);
            if (fails && fails(node.genes)) {
                node.status = NodeStatus::Failed;
                node.failure = FailureReason::RunFailed;
            } else {
                node.status = NodeStatus::Succeeded;
                node.metric = syntheticTime(node.genes);
                node.speedup = *base.metric / *node.metric;
            }
            nodes.push_back(node);
        }
    }
    return nodes;
}

std::vector<std::string> keys(const std::vector<Node>& nodes)
{
    std::vector<std::string> out;
    for (const auto& n : nodes)
        out.push_back(n.geneKey);
    return out;
}

} // namespace

class TestGeneticSearch : public QObject {
    Q_OBJECT

private slots:
    void sameSeed_sameSequence()
    {
        GeneticSearch first({}, 42), second({}, 42), other({}, 43);
        const auto a = keys(simulate(first, 40));
        const auto b = keys(simulate(second, 40));
        const auto c = keys(simulate(other, 40));
        QCOMPARE(a.size(), size_t(40));
        QCOMPARE(a, b);
        QVERIFY(a != c);
    }

    void neverProposesASettingTwice()
    {
        for (std::uint64_t seed = 1; seed <= 10; ++seed) {
            GeneticSearch search({}, seed);
            const auto nodes = simulate(search, 96); // the whole space: 2*3*2*4*2
            std::set<std::string> seen;
            for (const auto& node : nodes)
                QVERIFY2(seen.insert(node.geneKey).second, node.geneKey.c_str());
            QCOMPARE(nodes.size(), size_t(96)); // and it explores all of it, never stopping early
        }
    }

    void crossoverAndMutationReallyHappen()
    {
        GeneticSearch search({}, 7);
        const auto nodes = simulate(search, 60);
        std::map<std::string, int> ops;
        for (const auto& node : nodes)
            ++ops[node.op];
        QCOMPARE(ops["baseline"], 1);
        QCOMPARE(ops["seed"], 7); // population 8 = baseline + 7 random
        QVERIFY2(ops["crossover"] + ops["crossover+mutation"] >= 10, "too few crossovers");
        QVERIFY2(ops["mutation"] + ops["crossover+mutation"] >= 5, "too few mutations");

        // A pure crossover child takes every gene from one of its two parents.
        std::map<NodeId, const Node*> byId;
        for (const auto& node : nodes)
            byId[node.id] = &node;
        int checked = 0;
        for (const auto& node : nodes) {
            if (node.op == "crossover+mutation" || node.op == "crossover")
                QCOMPARE(node.parents.size(), size_t(2));
            if (node.op != "crossover")
                continue;
            const Node* p1 = byId[node.parents[0]];
            const Node* p2 = byId[node.parents[1]];
            QVERIFY(p1 && p2 && p1 != p2);
            for (size_t i = 0; i < node.genes.size(); ++i)
                QVERIFY(node.genes.state(i) == p1->genes.state(i) || node.genes.state(i) == p2->genes.state(i));
            ++checked;
        }
        QVERIFY(checked > 0);
        // Every mutation child differs from its parent.
        for (const auto& node : nodes) {
            if (node.op == "mutation")
                QVERIFY(!(node.genes == byId[node.parents[0]]->genes));
        }
    }

    void elitesCarryOver()
    {
        GeneticSearch search({}, 3);
        const auto nodes = simulate(search, 40);
        SearchHistory history(fiveIdeas(), nodes);
        for (int g = 2; g <= history.lastGeneration(); ++g) {
            const auto before = search.populationAfter(history, g - 1);
            const auto after = search.populationAfter(history, g);
            // The best of a generation is never lost from the population.
            QVERIFY(SearchHistory::fitness(*after.front()) >= SearchHistory::fitness(*before.front()));
            QVERIFY(std::find(after.begin(), after.end(), before.front()) != after.end());
        }
    }

    void failedNodesAreNeverElite()
    {
        GeneticSearch search({}, 5);
        // Everything with idea a on fails.
        const auto nodes = simulate(search, 50, [](const Genes& g) { return g.isOn(0); });
        SearchHistory history(fiveIdeas(), nodes);
        const auto population = search.populationAfter(history, history.lastGeneration());
        QVERIFY(population.front()->status == NodeStatus::Succeeded);
        QVERIFY(!population.front()->genes.isOn(0));
    }

    void budgetIsRespected()
    {
        GeneticSearch search({}, 1);
        SearchHistory history(fiveIdeas(), simulate(search, 1));
        QCOMPARE(search.nextBatch(history, 1, 3).size(), size_t(3));
        QCOMPARE(search.nextBatch(history, 1, 0).size(), size_t(0));
    }

    void evolveFindsTheSynergy()
    {
        // The best setting needs c (harmful alone: +4) together with e (useless alone).
        int found = 0;
        for (std::uint64_t seed = 1; seed <= 10; ++seed) {
            GeneticSearch search({}, seed);
            const auto nodes = simulate(search, 40);
            SearchHistory history(fiveIdeas(), nodes);
            const Node* best = history.best();
            found += best->genes.isOn(2) && best->genes.isOn(4);
        }
        QVERIFY2(found >= 8, qPrintable(QString::number(found)));
    }

    void greedy_changesOneIdeaAtATimeOnTopOfTheBest()
    {
        GreedySearch greedy;
        const auto nodes = simulate(greedy, 96);
        std::map<NodeId, const Node*> byId;
        for (const auto& node : nodes)
            byId[node.id] = &node;
        for (const auto& node : nodes) {
            if (node.op == "baseline")
                continue;
            QCOMPARE(node.op, std::string("greedy"));
            QCOMPARE(node.parents.size(), size_t(1));
            const auto& parent = byId[node.parents[0]]->genes;
            int differences = 0;
            for (size_t i = 0; i < parent.size(); ++i)
                differences += parent.state(i) != node.genes.state(i);
            QCOMPARE(differences, 1);
        }
        // It converges and stops long before exhausting the space: and it misses the c+e synergy.
        QVERIFY(nodes.size() < 30);
        SearchHistory history(fiveIdeas(), nodes);
        QVERIFY(!(history.best()->genes.isOn(2) && history.best()->genes.isOn(4)));
    }

    void greedy_stateSurvivesSaveAndLoad()
    {
        GreedySearch first;
        auto nodes = simulate(first, 6);
        GreedySearch resumed;
        resumed.loadState(first.saveState());
        SearchHistory history(fiveIdeas(), nodes);
        const auto a = first.nextBatch(history, 99, 10);
        const auto b = resumed.nextBatch(history, 99, 10);
        QVERIFY(!a.empty());
        QCOMPARE(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i)
            QVERIFY(a[i].genes == b[i].genes);
    }

    void stagnation_backtracksToAnAncestorOfTheBest()
    {
        SearchParams params;
        params.stagnation = 2;
        GeneticSearch search(params, 9);
        const auto all = simulate(search, 60);
        SearchHistory full(fiveIdeas(), all);
        const int bestGeneration = full.best()->generation;
        QVERIFY2(full.lastGeneration() >= bestGeneration + 3, "the search kept improving: no stagnation to test");
        // The history as it stood two generations after the last new best.
        std::vector<Node> upTo;
        for (const auto& node : all) {
            if (node.generation <= bestGeneration + 2)
                upTo.push_back(node);
        }
        SearchHistory history(fiveIdeas(), upTo);
        const Node* best = history.best();
        QCOMPARE(best->generation, bestGeneration);
        std::set<NodeId> allowed;
        for (const Node* n = best; n && !n->parents.empty(); n = history.byId(n->parents.front())) {
            for (const Node* near : history.neighbourhood(n->parents.front()))
                allowed.insert(near->id);
        }
        GeneticSearch again(params, 9);
        const auto batch = again.nextBatch(history, bestGeneration + 3, 8);
        QVERIFY(!batch.empty());
        for (const auto& proposal : batch) {
            for (NodeId parent : proposal.parents)
                QVERIFY2(allowed.count(parent), "a parent outside the ancestors' neighbourhoods");
        }
    }

    void spaceSize()
    {
        QCOMPARE(searchSpaceSize(fiveIdeas()), std::uint64_t(96));
    }
};

QTEST_APPLESS_MAIN(TestGeneticSearch)
#include "tst_genetic_search.moc"
