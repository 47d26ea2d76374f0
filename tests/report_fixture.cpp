// SPDX-License-Identifier: GPL-3.0-or-later
#include "report_fixture.h"

#include "store/session_store.h"

#include <vector>

namespace phylo::test {

namespace {

    const char* const kKernel = R"c(// SPDX-License-Identifier: GPL-3.0-or-later
// saxpy: y = a * x + y
#include "kernel.h"

void saxpy(int n, float a, const float* x, float* y)
{
    for (int i = 0; i < n; ++i)
        y[i] += a * x[i];
}
)c";

    const char* const kHeader = "#pragma once\nvoid saxpy(int n, float a, const float* x, float* y);\n";

    const char* const kLoop = "    for (int i = 0; i < n; ++i)\n        y[i] += a * x[i];\n";
    const char* const kVectorLoop = "    int i = 0;\n"
                                    "    for (; i + 4 <= n; i += 4) { /* 4 lanes & <no> tail */\n"
                                    "        y[i] += a * x[i]; y[i + 1] += a * x[i + 1];\n"
                                    "        y[i + 2] += a * x[i + 2]; y[i + 3] += a * x[i + 3];\n"
                                    "    }\n"
                                    "    for (; i < n; ++i)\n"
                                    "        y[i] += a * x[i];\n";

    Idea codeIdea(const std::string& name, const std::string& description, const std::string& origin,
        const std::string& rationale, std::vector<FileEdit> edits)
    {
        Idea idea;
        idea.name = name;
        idea.description = description;
        idea.origin = origin;
        idea.rationale = rationale;
        idea.edits = { std::move(edits) };
        return idea;
    }

    /// Inserts one node and records its outcome: SAMPLES empty means it failed with REASON.
    NodeId add(SessionStore& store, const std::vector<Idea>& ideas, const std::string& op, std::vector<NodeId> parents,
        std::vector<std::pair<size_t, int>> on, int era, std::vector<double> samples, double baseline,
        FailureReason reason = FailureReason::None, const std::string& detail = {}, const std::string& log = {})
    {
        Node node;
        node.op = op;
        node.parents = std::move(parents);
        node.genes = Genes(ideas.size());
        for (const auto& [i, state] : on)
            node.genes.setState(i, state);
        node.era = era;
        std::vector<Node> batch { node };
        store.insertBatch(batch, ideas, "");
        node = batch.front();
        node.startedAt = 1'790'000'000 + static_cast<double>(node.id) * 60;
        node.finishedAt = node.startedAt + 30;
        node.log = log;
        if (samples.empty()) {
            node.status = NodeStatus::Failed;
            node.failure = reason;
            node.failureDetail = detail;
        } else {
            node.status = NodeStatus::Succeeded;
            node.samples = samples;
            node.metric = samples[samples.size() / 2]; // the fixtures' samples are sorted, odd in number
            node.speedup = baseline / *node.metric;
        }
        store.recordOutcome(node);
        return node.id;
    }

} // namespace

std::map<std::string, std::string> codeIdeaSessionMergedCode()
{
    std::string kernel = kKernel;
    auto replace = [&](const std::string& from, const std::string& to) { kernel.replace(kernel.find(from), from.size(), to); };
    replace("void saxpy(int n, float a, const float* x, float* y)",
        "void saxpy(int n, float a, const float* __restrict x, float* __restrict y)");
    replace(kLoop, std::string("    __builtin_prefetch(x + 64);\n") + kVectorLoop);
    return { { "kernel.c", kernel }, { "kernel.h", kHeader } };
}

std::map<std::string, std::string> makeCodeIdeaSession(const std::filesystem::path& db)
{
    const std::map<std::string, std::string> files { { "kernel.c", kKernel }, { "kernel.h", kHeader } };
    Idea tile;
    tile.name = "tile";
    tile.description = "tile size <T> for the loop";
    tile.values = { "16", "32" };
    std::vector<Idea> ideas { tile,
        codeIdea("vectorize", "four elements per iteration", "proposer",
            "The loop is bound by <issue> width & one lane per iteration; four per iteration cut the loop overhead.",
            { { "kernel.c", kLoop, kVectorLoop } }),
        codeIdea("restrict", "x and y never alias", "mutator",
            "Without aliasing the compiler keeps x[i] in registers across the four lanes.",
            { { "kernel.c", "void saxpy(int n, float a, const float* x, float* y)\n",
                "void saxpy(int n, float a, const float* __restrict x, float* __restrict y)\n" } }),
        codeIdea("prefetch", "prefetch x ahead of the loop", "mutator", "",
            { { "kernel.c", "{\n" + std::string(kLoop), "{\n    __builtin_prefetch(x + 64);\n" + std::string(kLoop) } }),
        codeIdea("broken", "a typo", "mutator", "It cannot hurt.", { { "kernel.c", "#include \"kernel.h\"\n", "BROKEN\n" } }) };
    ideas[2].baseNode = 3;

    auto store = SessionStore::open(db, SessionStore::Access::Create);
    SessionSetup setup;
    setup.targetName = "saxpy <code> & co";
    setup.targetDir = "/targets/saxpy";
    setup.targetToml = "[target]\nname = \"saxpy\"\n";
    setup.metricName = "time_us";
    setup.metricDirection = "minimize";
    setup.targetFiles = files;
    setup.ideas = ideas;
    setup.seed = 7;
    setup.strategy = "evolve";
    store->initialize(setup);
    store->setMeta("host", "bench-01: AMD EPYC 9654 (16 cores)");
    store->setMeta("compiler", "gcc (Debian 12.2.0-14) 12.2.0");
    const auto run = store->beginRun("phylo run --db s.db --max-evals 8");

    const std::string harness = "build ok\n{\"phylo_harness\":1,\"mode\":\"run\",\"ok\":true,\"samples_ms\":[0.1],"
                                "\"device\":{\"name\":\"NVIDIA H100 80GB HBM3\",\"driver\":\"550.54.15\",\"peak_gbps\":3350}}\n";
    const double base = 100;
    const NodeId n1 = add(*store, ideas, "baseline", {}, {}, 0, { 98, 99, 100, 101, 102 }, base, {}, {}, harness);
    const NodeId n2 = add(*store, ideas, "seed", { n1 }, { { 0, 1 } }, 0, { 79, 80, 80, 81, 82 }, base);
    const NodeId n3 = add(*store, ideas, "llm-proposal", { n2 }, { { 0, 1 }, { 1, 0 } }, 0, { 49, 50, 50, 51, 51 }, base);
    const NodeId n4 = add(*store, ideas, "llm-mutation", { n3 }, { { 0, 1 }, { 1, 0 }, { 2, 0 } }, 0, { 39, 40, 40, 40, 41 }, base);
    const NodeId n5 = add(*store, ideas, "llm-mutation", { n1 }, { { 3, 0 } }, 0, { 89, 90, 90, 91, 92 }, base);
    add(*store, ideas, "llm-mutation", { n2 }, { { 0, 1 }, { 4, 0 } }, 0, {}, base, FailureReason::BuildFailed,
        "kernel.c:3: error: unknown type name 'BROKEN'");
    const NodeId n7 = add(*store, ideas, "era-commit", { n4 }, { { 0, 1 }, { 1, 0 }, { 2, 0 } }, 1, { 39, 40, 40, 41, 41 }, base);
    Node crossover;
    crossover.op = "crossover";
    crossover.parents = { n7, n5 };
    crossover.era = 1;
    crossover.genes = Genes(ideas.size());
    crossover.genes.setState(0, 1); // tile=32
    crossover.genes.setState(1, 0); // vectorize
    crossover.genes.setState(2, 0); // restrict
    crossover.genes.setState(3, 0); // prefetch
    std::vector<Node> batch { crossover };
    store->insertBatch(batch, ideas, "");
    crossover = batch.front();
    store->setMergedCode(crossover.id, codeIdeaSessionMergedCode());
    crossover.status = NodeStatus::Succeeded;
    crossover.samples = { 31, 32, 32, 32, 33 };
    crossover.metric = 32;
    crossover.speedup = base / 32;
    crossover.startedAt = 1'790'000'600;
    crossover.finishedAt = 1'790'000'630;
    store->recordOutcome(crossover);

    store->setMeta("era_0_end", "7 evaluations in era 0; commits node 4 [tile=32,vectorize,restrict]");
    store->addSteering("cli", "pin", "tile=32");
    store->addSteering("app", "ban", "broken");

    auto call = [&](const std::string& agent, NodeId node, double cost, double at) {
        LlmCallRecord record;
        record.agent = agent;
        record.model = "fake-coder";
        record.nodeId = node;
        record.prompt = "prompt";
        record.response = "response";
        record.outcome = node ? "node #" + std::to_string(node) : "ideas";
        record.inputTokens = 1000;
        record.outputTokens = 200;
        record.costUsd = cost;
        record.attempts = 1;
        record.startedAt = at;
        record.finishedAt = at + 5;
        store->recordLlmCall(record);
    };
    call("proposer", 0, 0.0125, 1'790'000'000);
    call("mutator", n4, 0.0250, 1'790'000'180);
    call("merger", crossover.id, 0.0375, 1'790'000'540);
    store->endRun(run, "max evals");
    return files;
}

} // namespace phylo::test
