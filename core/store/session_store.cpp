// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/session_store.h"

#include "store/migrations.h"
#include "store/sqlite_handle.h"
#include "util/clock.h"
#include "util/user_error.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

namespace phylo {

namespace fs = std::filesystem;

namespace {

    constexpr const char* kFormat = "phyloevolve-session";

    std::string notASession(const fs::path& path, const std::string& why)
    {
        return path.string() + ": not a PhyloEvolve session file (" + why + ")";
    }

    /// Reads the schema version of an existing file, or throws UserError if it is not ours.
    int existingSchemaVersion(SqliteDb& db, const fs::path& path)
    {
        try {
            SqliteStatement tables(db, "SELECT count(*) FROM sqlite_master");
            tables.step();
            if (tables.integer(0) == 0)
                return 0; // an empty database: ours to create
            SqliteStatement format(db, "SELECT value FROM meta WHERE key = 'format'");
            if (!format.step() || format.text(0) != kFormat)
                throw UserError(notASession(path, "an SQLite database without PhyloEvolve's tables"));
            SqliteStatement version(db, "SELECT value FROM meta WHERE key = 'schema_version'");
            if (!version.step())
                throw UserError(notASession(path, "no schema version"));
            const int v = std::stoi(version.text(0));
            if (v > latestSchemaVersion())
                throw UserError(path.string() + ": written by a newer PhyloEvolve (schema " + std::to_string(v)
                    + ", this one reads up to " + std::to_string(latestSchemaVersion()) + ")");
            return v;
        } catch (const SqliteError& error) {
            if (error.code() == SQLITE_NOTADB || error.code() == SQLITE_ERROR || error.code() == SQLITE_CORRUPT)
                throw UserError(notASession(path, error.what()));
            throw;
        }
    }

    Node readNode(const SqliteStatement& row)
    {
        Node node;
        node.id = row.integer(0);
        node.evalIndex = row.integer(1);
        node.generation = static_cast<int>(row.integer(2));
        node.era = static_cast<int>(row.integer(3));
        node.op = row.text(4);
        node.geneKey = row.text(6);
        node.codeHash = row.text(7);
        node.status = nodeStatusFromString(row.text(8));
        node.samples = nlohmann::json::parse(row.text(9)).get<std::vector<double>>();
        node.metric = row.optionalReal(10);
        node.speedup = row.optionalReal(11);
        node.failure = failureReasonFromString(row.text(12));
        node.failureDetail = row.text(13);
        node.log = row.text(14);
        node.createdAt = row.real(15);
        node.startedAt = row.optionalReal(16).value_or(0);
        node.finishedAt = row.optionalReal(17).value_or(0);
        node.suspicious = row.integer(18) != 0;
        node.buildCached = row.integer(19) != 0;
        node.placement = { row.text(20), row.text(21), row.text(22), row.text(23) };
        return node;
    }

} // namespace

SessionStore::SessionStore(fs::path path, std::unique_ptr<SqliteDb> db)
    : m_path(std::move(path))
    , m_db(std::move(db))
{
}

SessionStore::~SessionStore() = default;

std::unique_ptr<SessionStore> SessionStore::open(const fs::path& path, Access access)
{
    std::error_code ec;
    const bool exists = fs::exists(path, ec);
    if (!exists && access != Access::Create)
        throw UserError(path.string() + ": no such session file");
    if (exists && !fs::is_regular_file(path, ec))
        throw UserError(notASession(path, "not a regular file"));

    std::unique_ptr<SqliteDb> db;
    try {
        const auto mode = access == Access::ReadOnly ? SqliteDb::OpenMode::ReadOnly
            : exists                                 ? SqliteDb::OpenMode::ReadWrite
                                                     : SqliteDb::OpenMode::ReadWriteCreate;
        db = std::make_unique<SqliteDb>(path.string(), mode);
    } catch (const SqliteError& error) {
        throw UserError(path.string() + ": cannot open: " + error.what());
    }

    const int version = existingSchemaVersion(*db, path);
    if (version == 0 && access == Access::ReadOnly)
        throw UserError(notASession(path, "an empty database"));
    if (access == Access::ReadOnly && version < latestSchemaVersion()) {
        // Written by an older PhyloEvolve: upgrade it once (the steps only add), then read it.
        db.reset();
        try {
            open(path, Access::ReadWrite);
        } catch (const SqliteError& error) {
            throw UserError(path.string() + ": written by an older PhyloEvolve (schema " + std::to_string(version)
                + ") and cannot be upgraded here: " + error.what());
        }
        return open(path, Access::ReadOnly);
    }
    if (access != Access::ReadOnly) {
        db->exec("PRAGMA journal_mode = WAL");
        db->exec("PRAGMA synchronous = NORMAL");
        db->exec("PRAGMA foreign_keys = ON");
        if (version < latestSchemaVersion())
            migrateSchema(*db, version);
    }
    return std::unique_ptr<SessionStore>(new SessionStore(path, std::move(db)));
}

bool SessionStore::isInitialized() const
{
    return meta("target_name").has_value();
}

void SessionStore::initialize(const SessionSetup& setup)
{
    SqliteTransaction transaction(*m_db);
    auto put = [&](const std::string& key, const std::string& value) {
        SqliteStatement(*m_db, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)").bind(1, key).bind(2, value).run();
    };
    put("target_name", setup.targetName);
    put("target_dir", setup.targetDir);
    put("target_toml", setup.targetToml);
    put("metric_name", setup.metricName);
    put("metric_direction", setup.metricDirection);
    put("seed", std::to_string(setup.seed));
    put("strategy", setup.strategy);
    put("created_at", std::to_string(unixNow()));
    SqliteStatement file(*m_db, "INSERT INTO target_files(path, content) VALUES (?, ?)");
    for (const auto& [path, content] : setup.targetFiles)
        file.bind(1, path).bindBlob(2, content).run();
    insertIdeas(setup.ideas);
    transaction.commit();
}

std::optional<std::string> SessionStore::meta(const std::string& key) const
{
    SqliteStatement query(*m_db, "SELECT value FROM meta WHERE key = ?");
    query.bind(1, key);
    if (!query.step())
        return std::nullopt;
    return query.text(0);
}

void SessionStore::setMeta(const std::string& key, const std::string& value)
{
    SqliteStatement(*m_db, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)").bind(1, key).bind(2, value).run();
}

namespace {
    nlohmann::json editsToJson(const std::vector<std::vector<FileEdit>>& edits)
    {
        auto out = nlohmann::json::array();
        for (const auto& state : edits) {
            auto list = nlohmann::json::array();
            for (const auto& e : state)
                list.push_back({ { "file", e.file }, { "search", e.search }, { "replace", e.replace } });
            out.push_back(std::move(list));
        }
        return out;
    }

    std::vector<std::vector<FileEdit>> editsFromJson(const std::string& text)
    {
        std::vector<std::vector<FileEdit>> out;
        for (const auto& state : nlohmann::json::parse(text)) {
            auto& list = out.emplace_back();
            for (const auto& e : state)
                list.push_back({ e.at("file").get<std::string>(), e.at("search").get<std::string>(),
                    e.at("replace").get<std::string>() });
        }
        return out;
    }
} // namespace

std::vector<Idea> SessionStore::ideas() const
{
    std::vector<Idea> out;
    SqliteStatement query(*m_db,
        "SELECT name, description, values_json, edits_json, source, rationale, base_node, era, retired FROM ideas "
        "ORDER BY position");
    while (query.step()) {
        Idea idea { query.text(0), query.text(1), nlohmann::json::parse(query.text(2)).get<std::vector<std::string>>() };
        idea.edits = editsFromJson(query.text(3));
        idea.origin = query.text(4);
        idea.rationale = query.text(5);
        idea.baseNode = query.integer(6);
        idea.era = static_cast<int>(query.integer(7));
        idea.retired = query.integer(8) != 0;
        out.push_back(std::move(idea));
    }
    return out;
}

void SessionStore::addIdeas(const std::vector<Idea>& ideas)
{
    SqliteTransaction transaction(*m_db);
    insertIdeas(ideas);
    transaction.commit();
}

void SessionStore::insertIdeas(const std::vector<Idea>& ideas)
{
    SqliteStatement next(*m_db, "SELECT coalesce(max(position), -1) + 1 FROM ideas");
    next.step();
    std::int64_t position = next.integer(0);
    SqliteStatement taken(*m_db, "SELECT count(*) FROM ideas WHERE name = ?");
    SqliteStatement insert(*m_db,
        "INSERT INTO ideas(position, name, description, values_json, edits_json, source, rationale, base_node, era, "
        "retired) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& i : ideas) {
        taken.bind(1, i.name);
        taken.step();
        const bool exists = taken.integer(0) > 0;
        taken.reset();
        if (exists)
            throw UserError("idea '" + i.name + "' is already in this session");
        insert.bind(1, position++)
            .bind(2, i.name)
            .bind(3, i.description)
            .bind(4, nlohmann::json(i.values).dump())
            .bind(5, editsToJson(i.edits).dump())
            .bind(6, i.origin)
            .bind(7, i.rationale)
            .bind(8, i.baseNode)
            .bind(9, i.era)
            .bind(10, i.retired ? 1 : 0)
            .run();
    }
}

void SessionStore::retireIdea(const std::string& name)
{
    SqliteStatement(*m_db, "UPDATE ideas SET retired = 1 WHERE name = ?").bind(1, name).run();
}

void SessionStore::setMergedCode(NodeId id, const std::map<std::string, std::string>& files)
{
    SqliteStatement(*m_db, "UPDATE nodes SET merged_code_json = ? WHERE id = ?").bind(1, nlohmann::json(files).dump()).bind(2, id).run();
}

std::optional<std::map<std::string, std::string>> SessionStore::mergedCode(NodeId id) const
{
    SqliteStatement query(*m_db, "SELECT merged_code_json FROM nodes WHERE id = ? AND merged_code_json IS NOT NULL");
    query.bind(1, id);
    if (!query.step())
        return std::nullopt;
    return nlohmann::json::parse(query.text(0)).get<std::map<std::string, std::string>>();
}

std::int64_t SessionStore::recordLlmCall(const LlmCallRecord& c)
{
    SqliteStatement insert(*m_db,
        "INSERT INTO llm_calls(agent, model, node_id, idea, prompt, response, outcome, error, input_tokens, "
        "output_tokens, cost_usd, attempts, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, c.agent).bind(2, c.model);
    if (c.nodeId > 0)
        insert.bind(3, c.nodeId);
    else
        insert.bindNull(3);
    insert.bind(4, c.idea)
        .bind(5, c.prompt)
        .bind(6, c.response)
        .bind(7, c.outcome)
        .bind(8, c.error)
        .bind(9, c.inputTokens)
        .bind(10, c.outputTokens)
        .bind(11, c.costUsd)
        .bind(12, c.attempts)
        .bind(13, c.startedAt)
        .bind(14, c.finishedAt)
        .run();
    return m_db->lastInsertId();
}

std::vector<LlmCallRecord> SessionStore::llmCalls(std::optional<NodeId> node, bool withText) const
{
    return queryLlmCalls(node ? " WHERE node_id = ?" : "", node.value_or(0), withText);
}

std::optional<LlmCallRecord> SessionStore::llmCall(std::int64_t id) const
{
    auto calls = queryLlmCalls(" WHERE id = ?", id, true);
    return calls.empty() ? std::nullopt : std::optional(std::move(calls.front()));
}

std::vector<LlmCallRecord> SessionStore::queryLlmCalls(const std::string& where, std::int64_t key, bool withText) const
{
    const std::string text = withText ? "prompt, response" : "'', ''";
    SqliteStatement query(*m_db,
        "SELECT id, agent, model, coalesce(node_id, 0), idea, " + text
            + ", outcome, error, input_tokens, output_tokens, cost_usd, attempts, started_at, finished_at FROM llm_calls"
            + where + " ORDER BY id");
    if (!where.empty())
        query.bind(1, key);
    std::vector<LlmCallRecord> out;
    while (query.step()) {
        LlmCallRecord c;
        c.id = query.integer(0);
        c.agent = query.text(1);
        c.model = query.text(2);
        c.nodeId = query.integer(3);
        c.idea = query.text(4);
        c.prompt = query.text(5);
        c.response = query.text(6);
        c.outcome = query.text(7);
        c.error = query.text(8);
        c.inputTokens = query.integer(9);
        c.outputTokens = query.integer(10);
        c.costUsd = query.real(11);
        c.attempts = static_cast<int>(query.integer(12));
        c.startedAt = query.real(13);
        c.finishedAt = query.real(14);
        out.push_back(std::move(c));
    }
    return out;
}

LlmSpend SessionStore::llmSpend() const
{
    SqliteStatement query(*m_db,
        "SELECT count(*), coalesce(sum(error != ''), 0), coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0), "
        "coalesce(sum(cost_usd), 0) FROM llm_calls");
    query.step();
    return { static_cast<int>(query.integer(0)), static_cast<int>(query.integer(1)), query.integer(2), query.integer(3),
        query.real(4) };
}

std::map<std::string, std::string> SessionStore::targetFiles() const
{
    std::map<std::string, std::string> out;
    SqliteStatement query(*m_db, "SELECT path, content FROM target_files");
    while (query.step())
        out[query.text(0)] = query.text(1);
    return out;
}

std::vector<Node> SessionStore::loadNodes(bool withLogs) const
{
    const auto allIdeas = ideas();
    std::vector<Node> nodes;
    std::map<NodeId, size_t> index;
    const std::string sql = std::string("SELECT id, eval_index, generation, era, op, genes_json, gene_key, code_hash, "
                                         "status, samples_json, metric, speedup, failure_reason, failure_detail, ")
        + (withLogs ? "log" : "''")
        + ", created_at, started_at, finished_at, suspicious, build_cached, backend, host, job_id, gpu FROM nodes ORDER BY id";
    SqliteStatement query(*m_db, sql);
    while (query.step()) {
        auto node = readNode(query);
        node.genes = Genes::fromJson(query.text(5), allIdeas);
        index[node.id] = nodes.size();
        nodes.push_back(std::move(node));
    }
    SqliteStatement edges(*m_db, "SELECT child, parent FROM edges ORDER BY rowid");
    while (edges.step()) {
        if (auto it = index.find(edges.integer(0)); it != index.end())
            nodes[it->second].parents.push_back(edges.integer(1));
    }
    return nodes;
}

std::optional<Node> SessionStore::loadNode(NodeId id) const
{
    SqliteStatement query(*m_db,
        "SELECT id, eval_index, generation, era, op, genes_json, gene_key, code_hash, status, samples_json, metric, "
        "speedup, failure_reason, failure_detail, log, created_at, started_at, finished_at, suspicious, build_cached, "
        "backend, host, job_id, gpu FROM nodes WHERE id = ?");
    query.bind(1, id);
    if (!query.step())
        return std::nullopt;
    auto node = readNode(query);
    node.genes = Genes::fromJson(query.text(5), ideas());
    SqliteStatement edges(*m_db, "SELECT parent FROM edges WHERE child = ? ORDER BY rowid");
    edges.bind(1, id);
    while (edges.step())
        node.parents.push_back(edges.integer(0));
    return node;
}

void SessionStore::insertBatch(std::vector<Node>& nodes, const std::vector<Idea>& ideas, const std::string& strategyState)
{
    SqliteTransaction transaction(*m_db);
    SqliteStatement nextIndex(*m_db, "SELECT coalesce(max(eval_index), -1) + 1 FROM nodes");
    nextIndex.step();
    std::int64_t evalIndex = nextIndex.integer(0);
    SqliteStatement insert(*m_db,
        "INSERT INTO nodes(eval_index, generation, era, op, genes_json, gene_key, code_hash, status, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    SqliteStatement edge(*m_db, "INSERT INTO edges(child, parent, kind) VALUES (?, ?, ?)");
    for (auto& node : nodes) {
        node.evalIndex = evalIndex++;
        node.status = NodeStatus::Pending;
        node.createdAt = unixNow();
        node.geneKey = node.genes.key(ideas);
        insert.bind(1, node.evalIndex)
            .bind(2, node.generation)
            .bind(3, node.era)
            .bind(4, node.op)
            .bind(5, node.genes.toJson(ideas))
            .bind(6, node.geneKey)
            .bind(7, node.codeHash)
            .bind(8, statusText(node.status))
            .bind(9, node.createdAt)
            .run();
        node.id = m_db->lastInsertId();
        for (NodeId parent : node.parents)
            edge.bind(1, node.id).bind(2, parent).bind(3, node.op).run();
    }
    SqliteStatement(*m_db, "INSERT OR REPLACE INTO meta(key, value) VALUES ('strategy_state', ?)")
        .bind(1, strategyState)
        .run();
    transaction.commit();
}

void SessionStore::markRunning(NodeId id, double startedAt)
{
    SqliteStatement(*m_db, "UPDATE nodes SET status = 'running', started_at = ? WHERE id = ?")
        .bind(1, startedAt)
        .bind(2, id)
        .run();
}

void SessionStore::recordOutcome(const Node& node)
{
    SqliteTransaction transaction(*m_db);
    SqliteStatement(*m_db,
        "UPDATE nodes SET status = ?, samples_json = ?, metric = ?, speedup = ?, failure_reason = ?, "
        "failure_detail = ?, log = ?, started_at = ?, finished_at = ?, suspicious = ?, build_cached = ?, backend = ?, "
        "host = ?, job_id = ?, gpu = ? WHERE id = ?")
        .bind(1, statusText(node.status))
        .bind(2, nlohmann::json(node.samples).dump())
        .bind(3, node.metric)
        .bind(4, node.speedup)
        .bind(5, reasonText(node.failure))
        .bind(6, node.failureDetail)
        .bind(7, node.log)
        .bind(8, node.startedAt)
        .bind(9, node.finishedAt)
        .bind(10, node.suspicious ? 1 : 0)
        .bind(11, node.buildCached ? 1 : 0)
        .bind(12, node.placement.backend)
        .bind(13, node.placement.host)
        .bind(14, node.placement.jobId)
        .bind(15, node.placement.gpu)
        .bind(16, node.id)
        .run();
    transaction.commit();
}

void SessionStore::recordPlacement(NodeId id, const Placement& placement)
{
    SqliteStatement(*m_db, "UPDATE nodes SET backend = ?, host = ?, job_id = ?, gpu = ? WHERE id = ?")
        .bind(1, placement.backend)
        .bind(2, placement.host)
        .bind(3, placement.jobId)
        .bind(4, placement.gpu)
        .bind(5, id)
        .run();
}

int SessionStore::resetInFlight()
{
    SqliteStatement(*m_db, "UPDATE nodes SET status = 'pending', started_at = NULL WHERE status = 'running'").run();
    return sqlite3_changes(m_db->handle());
}

std::int64_t SessionStore::addSteering(const std::string& source, const std::string& command, const std::string& argument)
{
    SqliteStatement(*m_db, "INSERT INTO steering(at, source, command, argument) VALUES (?, ?, ?, ?)")
        .bind(1, unixNow())
        .bind(2, source)
        .bind(3, command)
        .bind(4, argument)
        .run();
    return m_db->lastInsertId();
}

std::vector<SteeringCommand> SessionStore::steering() const
{
    std::vector<SteeringCommand> out;
    SqliteStatement query(*m_db, "SELECT id, at, source, command, argument FROM steering ORDER BY id");
    while (query.step())
        out.push_back({ query.integer(0), query.real(1), query.text(2), query.text(3), query.text(4) });
    return out;
}

void SessionStore::cancelPending(const std::vector<NodeId>& ids)
{
    SqliteTransaction transaction(*m_db);
    SqliteStatement update(*m_db,
        "UPDATE nodes SET status = 'failed', failure_reason = 'pruned', failure_detail = 'its subtree was pruned "
        "before it was evaluated', finished_at = ? WHERE id = ? AND status = 'pending'");
    for (NodeId id : ids)
        update.bind(1, unixNow()).bind(2, id).run();
    transaction.commit();
}

std::int64_t SessionStore::beginRun(const std::string& command)
{
    SqliteStatement(*m_db, "INSERT INTO runs(started_at, command) VALUES (?, ?)").bind(1, unixNow()).bind(2, command).run();
    return m_db->lastInsertId();
}

void SessionStore::endRun(std::int64_t runId, const std::string& reason)
{
    SqliteStatement(*m_db, "UPDATE runs SET finished_at = ?, end_reason = ? WHERE id = ?")
        .bind(1, unixNow())
        .bind(2, reason)
        .bind(3, runId)
        .run();
}

std::int64_t SessionStore::dataVersion() const
{
    SqliteStatement statement(*m_db, "PRAGMA data_version");
    statement.step();
    return statement.integer(0);
}

std::vector<RunRecord> SessionStore::runs() const
{
    std::vector<RunRecord> out;
    SqliteStatement query(*m_db, "SELECT id, started_at, finished_at, command, end_reason FROM runs ORDER BY id");
    while (query.step())
        out.push_back({ query.integer(0), query.real(1), query.optionalReal(2), query.text(3), query.text(4) });
    return out;
}

} // namespace phylo
