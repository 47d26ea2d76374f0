// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/migrations.h"

#include "store/sqlite_handle.h"

#include <array>
#include <string>

namespace phylo {

namespace {
    // Migration N brings the schema from version N-1 to N. Never edit a released step: add one.
    constexpr std::array<const char*, 5> kMigrations { {
        // 1: the first session schema
        R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE target_files (path TEXT PRIMARY KEY, content BLOB NOT NULL);
CREATE TABLE ideas (
  id INTEGER PRIMARY KEY,
  position INTEGER NOT NULL,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  values_json TEXT NOT NULL DEFAULT '[]',
  era INTEGER NOT NULL DEFAULT 0,
  source TEXT NOT NULL DEFAULT 'target'
);
CREATE TABLE nodes (
  id INTEGER PRIMARY KEY,
  eval_index INTEGER NOT NULL,
  generation INTEGER NOT NULL,
  era INTEGER NOT NULL DEFAULT 0,
  op TEXT NOT NULL,
  genes_json TEXT NOT NULL,
  gene_key TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  status TEXT NOT NULL,
  samples_json TEXT NOT NULL DEFAULT '[]',
  metric REAL,
  speedup REAL,
  failure_reason TEXT NOT NULL DEFAULT '',
  failure_detail TEXT NOT NULL DEFAULT '',
  log TEXT NOT NULL DEFAULT '',
  created_at REAL NOT NULL,
  started_at REAL,
  finished_at REAL
);
CREATE INDEX nodes_by_status ON nodes(status);
CREATE INDEX nodes_by_gene_key ON nodes(era, gene_key);
CREATE TABLE edges (
  child INTEGER NOT NULL REFERENCES nodes(id),
  parent INTEGER NOT NULL REFERENCES nodes(id),
  kind TEXT NOT NULL,
  PRIMARY KEY (child, parent)
);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  started_at REAL NOT NULL,
  finished_at REAL,
  command TEXT NOT NULL,
  end_reason TEXT
);
)sql",
        // 2: the CUDA evaluator's flags
        R"sql(
ALTER TABLE nodes ADD COLUMN suspicious INTEGER NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN build_cached INTEGER NOT NULL DEFAULT 0;
)sql",
        // 3: steering commands
        R"sql(
CREATE TABLE steering (
  id INTEGER PRIMARY KEY,
  at REAL NOT NULL,
  source TEXT NOT NULL,
  command TEXT NOT NULL,
  argument TEXT NOT NULL DEFAULT ''
);
)sql",
        // 4: LLM agents: code ideas (edits per state) and every LLM call with what it produced
        R"sql(
ALTER TABLE ideas ADD COLUMN edits_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE ideas ADD COLUMN rationale TEXT NOT NULL DEFAULT '';
ALTER TABLE ideas ADD COLUMN base_node INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ideas ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
CREATE TABLE llm_calls (
  id INTEGER PRIMARY KEY,
  agent TEXT NOT NULL,
  model TEXT NOT NULL DEFAULT '',
  node_id INTEGER,
  idea TEXT NOT NULL DEFAULT '',
  prompt TEXT NOT NULL DEFAULT '',
  response TEXT NOT NULL DEFAULT '',
  outcome TEXT NOT NULL DEFAULT '',
  error TEXT NOT NULL DEFAULT '',
  input_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  cost_usd REAL NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  started_at REAL NOT NULL,
  finished_at REAL NOT NULL
);
CREATE INDEX llm_calls_node ON llm_calls(node_id);
ALTER TABLE nodes ADD COLUMN merged_code_json TEXT;
)sql",
        // 5: evaluation backends: where each node ran (a SLURM job id is written at submission)
        R"sql(
ALTER TABLE nodes ADD COLUMN backend TEXT NOT NULL DEFAULT '';
ALTER TABLE nodes ADD COLUMN host TEXT NOT NULL DEFAULT '';
ALTER TABLE nodes ADD COLUMN job_id TEXT NOT NULL DEFAULT '';
ALTER TABLE nodes ADD COLUMN gpu TEXT NOT NULL DEFAULT '';
)sql",
    } };
}

int latestSchemaVersion()
{
    return static_cast<int>(kMigrations.size());
}

void migrateSchema(SqliteDb& db, int from, int to)
{
    if (to < 0)
        to = latestSchemaVersion();
    for (int version = from + 1; version <= to; ++version) {
        SqliteTransaction transaction(db);
        db.exec(kMigrations[static_cast<size_t>(version - 1)]);
        if (version == 1)
            db.exec("INSERT INTO meta(key, value) VALUES ('format', 'phyloevolve-session')");
        db.exec("INSERT INTO meta(key, value) VALUES ('schema_version', '" + std::to_string(version)
            + "') ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        transaction.commit();
    }
}

} // namespace phylo
