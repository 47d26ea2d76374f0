// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/session_runner.h"

#include "agents/compose_code.h"
#include "eval/build_cache.h"
#include "eval/compiler_version.h"
#include "eval/backend_factory.h"
#include "eval/evaluator.h"
#include "search/eras.h"
#include "search/search_history.h"
#include "search/search_strategy.h"
#include "search/steering.h"
#include "llm/llm_client.h"
#include "llm/llm_config.h"
#include "session/agent_team.h"
#include "session/era_transition.h"
#include "session/evaluation_pool.h"
#include "session/user_idea_intake.h"
#include "session/host_probe.h"
#include "session/session_lock.h"
#include "session/session_observer.h"
#include "store/session_store.h"
#include "target/target_config.h"
#include "util/clock.h"
#include "util/hash.h"
#include "util/user_error.h"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <set>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <random>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace phylo {

namespace fs = std::filesystem;

namespace {

    /// A private directory for this run's scratch copies, removed at the end.
    class ScratchRoot {
    public:
        ScratchRoot(const fs::path& requested, bool keep)
            : m_keep(keep)
        {
            const fs::path parent = requested.empty() ? fs::temp_directory_path() : requested;
            fs::create_directories(parent);
            std::string templ = (parent / "phylo-run-XXXXXX").string();
            if (!mkdtemp(templ.data()))
                throw UserError("cannot create a scratch dir under " + parent.string() + ": " + std::strerror(errno));
            m_path = templ;
        }
        ~ScratchRoot()
        {
            if (m_keep)
                return;
            std::error_code ec;
            fs::remove_all(m_path, ec);
        }
        const fs::path& path() const { return m_path; }

    private:
        fs::path m_path;
        bool m_keep;
    };

    std::uint64_t parseSeed(const std::string& text)
    {
        return std::stoull(text);
    }

    /// Opens or creates the session and checks that it belongs to this target and these options.
    std::uint64_t prepareSession(SessionStore& store, const TargetConfig& target,
        const std::map<std::string, std::string>& files, const RunOptions& options, std::string& strategy,
        SessionObserver& observer)
    {
        if (!store.isInitialized()) {
            SessionSetup setup;
            setup.targetName = target.name;
            setup.targetDir = target.dir.string();
            setup.targetToml = target.tomlText;
            setup.metricName = target.metricName;
            setup.metricDirection = target.direction == MetricDirection::Minimize ? "minimize" : "maximize";
            setup.targetFiles = files;
            setup.ideas = target.ideas;
            setup.seed = options.seed.value_or(std::random_device {}());
            setup.strategy = strategy;
            store.initialize(setup);
            observer.onMessage("new session " + store.path().string() + " (seed " + std::to_string(setup.seed)
                + ", strategy " + strategy + ")");
            return setup.seed;
        }
        const auto db = store.path().string();
        if (store.meta("target_name") != target.name)
            throw UserError(db + ": this session optimizes target '" + store.meta("target_name").value_or("?")
                + "', not '" + target.name + "'");
        if (store.meta("target_toml") != target.tomlText)
            throw UserError(db + ": " + (target.dir / "phylo.toml").string()
                + " changed since this session started; restore it or start a new session with another --db");
        const auto seed = parseSeed(store.meta("seed").value_or("0"));
        if (options.seed && *options.seed != seed)
            throw UserError(db + ": this session was started with --seed " + std::to_string(seed)
                + "; leave --seed out to resume it");
        const auto stored = store.meta("strategy").value_or("evolve");
        if (options.strategy && *options.strategy != stored)
            throw UserError(db + ": this session uses --strategy " + stored + "; leave --strategy out to resume it");
        strategy = stored;
        for (const auto& [path, content] : store.targetFiles()) {
            auto it = files.find(path);
            if (it == files.end() || it->second != content)
                observer.onMessage("note: " + path + " changed on disk since the session started; "
                                   "the session goes on with its snapshot");
        }
        return seed;
    }

    /// The CUDA harness sources: $PHYLO_HARNESS_DIR, else the installed share/phyloevolve/harness next to
    /// the executable (<exe>/../share/phyloevolve/harness), else the source tree's gpu/harness (build tree).
    fs::path harnessDirectory()
    {
        if (const char* dir = std::getenv("PHYLO_HARNESS_DIR"); dir && *dir)
            return dir;
        std::error_code ec;
        const auto exe = fs::read_symlink("/proc/self/exe", ec);
        const auto installed = exe.parent_path().parent_path() / "share" / "phyloevolve" / "harness";
        if (!ec && fs::exists(installed / "phylo_harness.h", ec))
            return installed;
        const fs::path source = fs::path(PHYLO_SOURCE_DIR) / "gpu" / "harness";
        return fs::exists(source / "phylo_harness.h", ec) ? source : installed;
    }

    /// compute-sanitizer on PATH or in the CUDA toolkit; empty if absent.
    std::string findSanitizer()
    {
        if (const char* path = std::getenv("PATH")) {
            std::string dirs = path;
            for (size_t start = 0; start <= dirs.size();) {
                const auto end = std::min(dirs.find(':', start), dirs.size());
                const auto candidate = fs::path(dirs.substr(start, end - start)) / "compute-sanitizer";
                if (::access(candidate.c_str(), X_OK) == 0)
                    return candidate.string();
                start = end + 1;
            }
        }
        for (const char* candidate : { "/usr/local/cuda/bin/compute-sanitizer", "/usr/local/cuda/compute-sanitizer/compute-sanitizer" }) {
            if (::access(candidate, X_OK) == 0)
                return candidate;
        }
        return {};
    }

    double speedupOf(double metric, double baseline, MetricDirection direction)
    {
        return direction == MetricDirection::Minimize ? baseline / metric : metric / baseline;
    }

    SessionProgress progressOf(const std::vector<Node>& nodes, int maxEvals)
    {
        SessionProgress progress;
        progress.maxEvals = maxEvals;
        const Node* best = nullptr;
        for (const auto& node : nodes) {
            if (node.failure == FailureReason::Pruned)
                continue; // cancelled by the user, never evaluated
            progress.evaluated += node.evaluated();
            progress.failed += node.status == NodeStatus::Failed;
            progress.running += node.status == NodeStatus::Running;
            if (node.status == NodeStatus::Succeeded && (!best || SearchHistory::fitter(&node, best)))
                best = &node;
        }
        if (best) {
            progress.bestSpeedup = best->speedup;
            progress.bestId = best->id;
            progress.bestKey = best->geneKey;
        }
        return progress;
    }

    class SessionLoop {
    public:
        SessionLoop(const RunOptions& options, const TargetConfig& target, SessionStore& store,
            SearchStrategy& strategy, EvaluationBackend& backend, SessionObserver& observer,
            const std::atomic<bool>& stop)
            : m_options(options)
            , m_target(target)
            , m_store(store)
            , m_strategy(strategy)
            , m_backend(backend)
            , m_evaluator(backend.evaluator())
            , m_observer(observer)
            , m_stop(stop)
            , m_ideas(store.ideas())
            , m_codeHash(codeHash(backend.evaluator().baseFiles()))
            , m_startedAt(unixNow())
        {
            for (const auto& command : store.steering())
                m_steeringAtStart = std::max(m_steeringAtStart, command.id);
        }

        RunResult run()
        {
            if (m_store.loadNodes(false).empty()) {
                Node baseline;
                baseline.op = "baseline";
                baseline.genes = Genes(m_ideas.size());
                baseline.codeHash = m_codeHash;
                std::vector<Node> batch { baseline };
                m_store.insertBatch(batch, m_ideas, m_strategy.saveState());
            }
            while (!stopping()) {
                m_ideas = m_store.ideas(); // agents add ideas as the session goes
                SearchHistory history(m_ideas, m_store.loadNodes(false));
                const auto commands = m_store.steering(); // read once per scheduling decision
                history.setSteering(currentSteering(history, commands));
                const Node* baseline = history.baseline();
                if (baseline->status == NodeStatus::Failed)
                    return { 1, "the baseline failed (" + reasonText(baseline->failure) + ": " + baseline->failureDetail
                            + "); fix the target, then run again with a new --db" };
                m_progress = progressOf(history.nodes(), m_options.maxEvals);
                updateEta();
                if (m_progress.evaluated >= m_options.maxEvals)
                    return { 0, "reached --max-evals " + std::to_string(m_options.maxEvals) };

                if (cancelPruned(history))
                    continue;
                if (history.steering().paused) {
                    waitWhilePaused();
                    continue;
                }
                m_announcedPause = false;

                std::vector<const Node*> pending;
                for (const auto& node : history.nodes()) {
                    if (node.status == NodeStatus::Pending)
                        pending.push_back(&node);
                }
                if (baseline->status == NodeStatus::Pending)
                    pending = { baseline }; // speedups need it: it runs alone, first
                if (!pending.empty()) {
                    evaluate(history, pending);
                    continue;
                }

                const int generation = history.lastGeneration() + 1;
                if (takeUserIdeas(m_store, history, commands, generation, m_codeHash, m_strategy.saveState(), m_observer) > 0)
                    continue;
                // An era ends (its budget, its stagnation, or the user's rethink): commit, rethink, go on.
                if (const auto why = eraEndReason(history, m_target.search, rethinkAsked(commands, m_store),
                        m_target.direction == MetricDirection::Minimize); !why.empty()) {
                    const auto commit = commitEra(m_store, history, commands, why, generation, m_target.direction, m_codeHash,
                        m_strategy.saveState(), m_observer);
                    if (m_agents && m_agents->active())
                        m_agents->rethink(history, commit, generation, m_strategy.saveState());
                    else
                        retireIdeasWithoutEffect(m_store, history, m_observer);
                    continue;
                }
                if (m_agents && m_agents->active()) {
                    // The proposer's ideas first (once), then repairs of candidates that did not compile.
                    const auto before = history.nodes().size();
                    m_agents->proposeIfNeeded(history);
                    if (m_store.loadNodes(false).size() != before)
                        continue;
                    if (m_agents->repair(history, generation, m_strategy.saveState()) > 0)
                        continue;
                }
                auto proposals = m_strategy.nextBatch(history, generation, m_options.maxEvals - m_progress.evaluated);
                int mutated = 0;
                if (m_agents && m_agents->active()) {
                    // In-context RL: the mutator extends the fittest lineages, each with one new idea.
                    const auto parents = AgentTeam::mutationParents(history, static_cast<size_t>(m_agents->config().mutations));
                    mutated = m_agents->mutate(history, parents, generation, m_strategy.saveState());
                }
                if (proposals.empty() && mutated == 0)
                    return { 0, "the search has nothing new to try (" + std::to_string(history.nodes().size()) + " of "
                            + std::to_string(searchSpaceSize(m_ideas)) + " settings seen)" };
                std::vector<Node> batch;
                for (auto& proposal : proposals) {
                    Node node;
                    node.generation = generation;
                    node.era = currentEra(history);
                    node.op = proposal.op;
                    node.parents = proposal.parents;
                    node.genes = std::move(proposal.genes);
                    node.codeHash = m_codeHash;
                    batch.push_back(std::move(node));
                }
                m_store.insertBatch(batch, m_ideas, m_strategy.saveState());
            }
            if (!m_stopReason.empty())
                return { 0, m_stopReason };
            return { 130, "interrupted; run the same command again to resume" };
        }

    public:
        /// The LLM agents (none: offline, or no LLM configured). They are cancelled with the run.
        void setAgents(std::unique_ptr<AgentTeam> agents) { m_agents = std::move(agents); }
        const std::atomic<bool>& halt() const { return m_halt; }

    private:
        /// True once the caller raised STOP or a `stop` steering command arrived during this run.
        bool stopping()
        {
            if (m_stop.load())
                m_halt = true;
            return m_halt.load();
        }

        /// A `stop` given after this run started ends it cleanly, like Ctrl+C (in-flight evaluations run again on resume).
        void noticeStopCommand(const std::vector<SteeringCommand>& commands)
        {
            for (const auto& command : commands) {
                if (command.command == "stop" && command.id > m_steeringAtStart && m_stopReason.empty()) {
                    m_stopReason = "stopped by steering (" + command.source + "); run the same command again to resume";
                    m_halt = true;
                }
            }
        }

        /// The commands so far; a backtrack counts only until the next batch is made after it.
        Steering currentSteering(const SearchHistory& history, const std::vector<SteeringCommand>& commands)
        {
            noticeStopCommand(commands);
            auto steering = foldSteering(commands, m_ideas);
            for (size_t i = 0; i < m_ideas.size(); ++i) {
                if (m_ideas[i].retired && !steering.pinned.count(i))
                    steering.banned.insert(i); // retired ideas are no longer searched
            }
            // What earlier eras committed is in every individual of this one.
            for (const auto& [i, state] : committedSettings(history)) {
                steering.pinned[i] = state;
                steering.banned.erase(i);
            }
            // A new era breeds from its baseline first.
            const int era = currentEra(history);
            if (const Node* base = eraBaseline(history, era); era > 0 && base) {
                const bool fresh = std::none_of(history.nodes().begin(), history.nodes().end(),
                    [&](const Node& n) { return n.era == era && n.op != "era-commit" && n.op != "llm-rethink"; });
                if (fresh)
                    steering.backtrackTo = base->id;
            }
            double newest = 0;
            for (const auto& node : history.nodes())
                newest = std::max(newest, node.createdAt);
            for (auto it = commands.rbegin(); it != commands.rend(); ++it) {
                if (it->command == "backtrack") {
                    if (it->at > newest)
                        steering.backtrackTo = std::stoll(it->argument);
                    break;
                }
            }
            return steering;
        }

        /// Pending nodes under a pruned subtree are never evaluated; true if there were any.
        bool cancelPruned(const SearchHistory& history)
        {
            std::vector<NodeId> cancelled;
            for (const auto& node : history.nodes()) {
                if (node.status == NodeStatus::Pending && node.op != "baseline" && history.isPruned(node.id))
                    cancelled.push_back(node.id);
            }
            if (cancelled.empty())
                return false;
            m_store.cancelPending(cancelled);
            m_observer.onMessage("pruned: " + std::to_string(cancelled.size()) + " queued evaluation(s) cancelled");
            return true;
        }

        void waitWhilePaused()
        {
            if (!m_announcedPause)
                m_observer.onMessage("paused by steering: `phylo steer --db FILE resume` goes on");
            m_announcedPause = true;
            for (int i = 0; i < 5 && !stopping(); ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }

        /// What steering says about starting queued tasks, refreshed while a batch runs.
        struct HoldState {
            std::mutex mutex;
            bool paused = false;
            std::set<NodeId> prunedRoots;
        };

        void evaluate(const SearchHistory& history, std::vector<const Node*> pending)
        {
            const int budget = m_options.maxEvals - m_progress.evaluated;
            if (static_cast<int>(pending.size()) > budget)
                pending.resize(static_cast<size_t>(budget));
            std::map<NodeId, Node> inFlight;
            std::vector<EvaluationPool::Task> tasks;
            const bool agentIdeas = m_ideas.size() != m_target.ideas.size();
            const std::set<std::string> editable(m_target.files.begin(), m_target.files.end());
            for (const Node* node : pending) {
                inFlight[node->id] = *node;
                std::shared_ptr<const CandidateCode> code;
                if (agentIdeas) {
                    // Its code ideas' edits, put together; a collision is a failure of its own, never run.
                    auto composed = composeCode(m_evaluator.baseFiles(), node->genes, m_ideas, editable);
                    if (auto merged = m_store.mergedCode(node->id)) {
                        composed.ok = true; // merged on an earlier run
                        composed.files = std::move(*merged);
                    } else if (!composed.ok && composed.failure == FailureReason::MergeConflict && m_agents) {
                        // Colliding edits go to the merger; only if it cannot combine them is it a conflict.
                        std::string why;
                        if (auto files = m_agents->merge(history, *node, composed, &why)) {
                            composed.ok = true;
                            composed.files = std::move(*files);
                        } else {
                            composed.detail += "\n(" + why + ")";
                        }
                    }
                    if (!composed.ok) {
                        Node failed = *node;
                        failed.status = NodeStatus::Failed;
                        failed.failure = composed.failure;
                        failed.failureDetail = composed.detail;
                        failed.startedAt = failed.finishedAt = unixNow();
                        m_store.recordOutcome(failed);
                        ++m_progress.evaluated;
                        ++m_progress.failed;
                        m_observer.onNodeFinished(failed, m_progress);
                        continue;
                    }
                    code = std::make_shared<CandidateCode>(CandidateCode { m_ideas, std::move(composed.files) });
                }
                if (node->op == "era-commit") {
                    // An era's commit is re-measured with fresh inputs and twice the runs.
                    auto remeasure = code ? *code : CandidateCode { m_ideas, m_evaluator.baseFiles() };
                    remeasure.repeat = 2 * m_target.repeat;
                    code = std::make_shared<CandidateCode>(std::move(remeasure));
                }
                tasks.push_back({ node->id, node->genes, std::move(code), node->placement });
            }
            const Node* baseline = history.baseline();
            const std::optional<double> baseMetric = baseline->metric;

            EvaluationHooks hooks;
            hooks.baselineMetric = baseMetric;
            hooks.beatsBest = [this, baseMetric](double metric) {
                const double speedup = baseMetric ? speedupOf(metric, *baseMetric, m_target.direction) : 1.0;
                return !baseMetric || speedup > m_bestSpeedup.load();
            };
            m_bestSpeedup = m_progress.bestSpeedup.value_or(0.0);

            // A task is held back (left pending) while paused, or once one of its ancestors is pruned.
            std::map<NodeId, std::set<NodeId>> lineage;
            for (const Node* node : pending) {
                auto& ancestors = lineage[node->id];
                std::vector<NodeId> stack { node->id };
                while (!stack.empty()) {
                    const NodeId id = stack.back();
                    stack.pop_back();
                    if (!ancestors.insert(id).second)
                        continue;
                    if (const Node* n = history.byId(id))
                        stack.insert(stack.end(), n->parents.begin(), n->parents.end());
                }
            }
            HoldState hold;
            auto refresh = [&] {
                stopping();
                const auto commands = m_store.steering();
                noticeStopCommand(commands);
                const auto steering = foldSteering(commands, m_ideas);
                std::lock_guard lock(hold.mutex);
                hold.paused = steering.paused;
                hold.prunedRoots = steering.prunedRoots;
            };
            refresh();
            auto held = [&](NodeId id) {
                std::lock_guard lock(hold.mutex);
                if (hold.paused)
                    return true;
                const auto& ancestors = lineage[id];
                return std::any_of(hold.prunedRoots.begin(), hold.prunedRoots.end(),
                    [&](NodeId root) { return ancestors.count(root) > 0; });
            };

            // A job whose subtree the user prunes is cancelled (a backend that can stop it, e.g. SLURM's, does).
            hooks.withdrawn = [&](NodeId id) {
                std::lock_guard lock(hold.mutex);
                const auto& ancestors = lineage[id];
                return std::any_of(hold.prunedRoots.begin(), hold.prunedRoots.end(),
                    [&](NodeId root) { return ancestors.count(root) > 0; });
            };

            EvaluationPool pool(m_backend, jobs());
            pool.run(
                tasks, m_halt, hooks,
                [&](NodeId id) {
                    auto& node = inFlight[id];
                    node.status = NodeStatus::Running;
                    node.startedAt = unixNow();
                    m_store.markRunning(id, node.startedAt);
                    ++m_progress.running;
                    m_observer.onNodeStarted(node, m_progress);
                },
                [&](NodeId id, EvaluationOutcome outcome) {
                    --m_progress.running;
                    if (outcome.cancelled)
                        return; // not a result: the node goes back to pending
                    auto& node = inFlight[id];
                    node.status = outcome.status;
                    node.failure = outcome.failure;
                    node.failureDetail = outcome.detail;
                    node.samples = outcome.samples;
                    node.metric = outcome.metric;
                    node.log = std::move(outcome.log);
                    node.suspicious = outcome.suspicious;
                    node.buildCached = outcome.buildCached;
                    node.placement = outcome.placement;
                    node.startedAt = outcome.startedAt;
                    node.finishedAt = outcome.finishedAt;
                    if (node.metric)
                        node.speedup = node.op == "baseline"
                            ? 1.0
                            : speedupOf(*node.metric, baseMetric.value_or(*node.metric), m_target.direction);
                    m_store.recordOutcome(node);
                    ++m_progress.evaluated;
                    m_progress.failed += node.status == NodeStatus::Failed;
                    if (node.speedup && (!m_progress.bestSpeedup || *node.speedup > *m_progress.bestSpeedup)) {
                        m_progress.bestSpeedup = node.speedup;
                        m_bestSpeedup = *node.speedup;
                        m_progress.bestId = node.id;
                        m_progress.bestKey = node.geneKey;
                    }
                    ++m_evaluatedThisRun;
                    updateEta();
                    m_observer.onNodeFinished(node, m_progress);
                },
                held, refresh,
                [&](NodeId id, const Placement& placement) {
                    inFlight[id].placement = placement;
                    m_store.recordPlacement(id, placement);
                });
            if (stopping())
                m_store.resetInFlight();
        }

        void updateEta()
        {
            m_progress.elapsedS = unixNow() - m_startedAt;
            const int remaining = m_options.maxEvals - m_progress.evaluated;
            if (m_evaluatedThisRun > 0)
                m_progress.etaS = m_progress.elapsedS / m_evaluatedThisRun * remaining;
        }

        int jobs() const
        {
            if (m_options.jobs > 0)
                return m_options.jobs;
            return m_backend.defaultJobs();
        }

        const RunOptions& m_options;
        const TargetConfig& m_target;
        SessionStore& m_store;
        SearchStrategy& m_strategy;
        EvaluationBackend& m_backend;
        const Evaluator& m_evaluator;
        SessionObserver& m_observer;
        const std::atomic<bool>& m_stop;
        std::atomic<bool> m_halt { false }; ///< STOP or a `stop` command: what the evaluations are cancelled by
        std::int64_t m_steeringAtStart = 0; ///< `stop` commands up to this id ended earlier runs
        std::string m_stopReason;
        std::vector<Idea> m_ideas;
        std::unique_ptr<AgentTeam> m_agents;
        std::string m_codeHash;
        double m_startedAt;
        int m_evaluatedThisRun = 0;
        SessionProgress m_progress;
        std::atomic<double> m_bestSpeedup { 0.0 }; ///< read by evaluation threads (memcheck before promotion)
        bool m_announcedPause = false;
    };

} // namespace

RunResult runSession(const RunOptions& options, SessionObserver& observer, const std::atomic<bool>& stop)
{
    if (options.maxEvals < 1)
        throw UserError("--max-evals: expected an integer >= 1");
    if (options.strategy && *options.strategy != "evolve" && *options.strategy != "greedy")
        throw UserError("--strategy: expected \"evolve\" or \"greedy\", got \"" + *options.strategy + "\"");
    const auto target = loadTarget(options.targetDir);
    const auto currentFiles = readTargetFiles(target);
    // An LLM from the user's config, the target's [llm] or --llm; none configured: the declared ideas alone.
    // Checked (the key variable included) before anything is written.
    std::optional<llm::LlmConfig> llmConfig;
    std::unique_ptr<llm::LlmClient> llmClient;
    if (!options.offline) {
        llm::LlmConfigSources sources;
        sources.targetToml = target.dir / "phylo.toml";
        sources.override = options.llm;
        llmConfig = llm::loadLlmConfig(sources);
        if (!llmConfig->model.empty())
            llmClient = llm::makeClient(*llmConfig);
    }

    // Where evaluations run: the user's backend.toml, phylo.toml's [backend], --backend; checked before writing.
    BackendConfigSources backendSources;
    backendSources.targetToml = target.dir / "phylo.toml";
    backendSources.kind = options.backend;
    const auto backendConfig = loadBackendConfig(backendSources);

    auto store = SessionStore::open(options.db, SessionStore::Access::Create);
    SessionLock lock(options.db);
    std::string strategyName = options.strategy.value_or("evolve");
    const auto seed = prepareSession(*store, target, currentFiles, options, strategyName, observer);
    // Where and with what this run evaluates: the report names them.
    store->setMeta("host", describeHost());
    store->setMeta("max_evals", std::to_string(options.maxEvals)); // followers show progress against it
    if (target.build)
        store->setMeta("compiler", describeCompiler(target.build->command));
    const int reset = store->resetInFlight();
    if (reset > 0)
        observer.onMessage("resuming: " + std::to_string(reset) + " interrupted evaluation(s) will run again");

    auto strategy = makeStrategy(strategyName, target.search, seed);
    strategy->loadState(store->meta("strategy_state").value_or("{}"));

    ScratchRoot scratch(options.scratchRoot, options.keepScratch);
    Evaluator::Options evalOptions;
    evalOptions.scratchRoot = scratch.path();
    evalOptions.keepScratch = options.keepScratch;
    const auto db = fs::absolute(options.db);
    for (const char* suffix : { "", "-wal", "-shm", "-journal" })
        evalOptions.skip.emplace_back(db.string() + suffix);
    if (options.keepScratch)
        observer.onMessage("keeping scratch dirs under " + scratch.path().string());
    evalOptions.harnessDir = harnessDirectory();
    const BuildCache cache(options.buildCache ? BuildCache::defaultRoot() : fs::path());
    evalOptions.cache = &cache;
    if (target.usesGpu()) {
        evalOptions.sanitizer = findSanitizer();
        observer.onMessage(std::string("GPU target: memcheck before promotion: ")
            + (evalOptions.sanitizer.empty() ? std::string("compute-sanitizer not found") : evalOptions.sanitizer));
    }
    auto backend = makeBackend(backendConfig, target, store->targetFiles(), evalOptions, db.string());
    store->setMeta("backend", backend->name());
    observer.onMessage("evaluating with " + backend->describe());

    const auto runId = store->beginRun(options.commandLine);
    SessionLoop loop(options, target, *store, *strategy, *backend, observer, stop);
    if (llmClient) {
        observer.onMessage("LLM agents: " + llm::describe(*llmConfig));
        loop.setAgents(std::make_unique<AgentTeam>(target, *llmConfig, std::move(llmClient), *store, observer, loop.halt()));
    }
    const auto result = loop.run();
    store->endRun(runId, result.endReason);
    SearchHistory history(store->ideas(), store->loadNodes(false));
    observer.onSessionEnded(result.endReason, progressOf(history.nodes(), options.maxEvals));
    return result;
}

} // namespace phylo
