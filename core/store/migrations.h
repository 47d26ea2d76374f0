// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace phylo {

class SqliteDb;

/// The schema version this build writes.
int latestSchemaVersion();

/// Brings a session file from FROM up to TO (default: latestSchemaVersion()), one numbered step at
/// a time, each in its own transaction. FROM = 0 creates the schema.
void migrateSchema(SqliteDb& db, int from, int to = -1);

} // namespace phylo
