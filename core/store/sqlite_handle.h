// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace phylo {

/// An SQLite error, with the statement or step that failed.
class SqliteError : public std::runtime_error {
public:
    SqliteError(const std::string& what, int code)
        : std::runtime_error(what)
        , m_code(code)
    {
    }
    int code() const { return m_code; }

private:
    int m_code;
};

/** One connection, owned by one thread. */
class SqliteDb {
public:
    enum class OpenMode { ReadOnly, ReadWrite, ReadWriteCreate };
    SqliteDb(const std::string& path, OpenMode mode);
    ~SqliteDb();
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;

    void exec(const std::string& sql);
    std::int64_t lastInsertId() const;
    sqlite3* handle() const { return m_db; }

private:
    sqlite3* m_db = nullptr;
};

/** A prepared statement: bind by 1-based index, step, read columns by 0-based index. */
class SqliteStatement {
public:
    SqliteStatement(SqliteDb& db, std::string_view sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    SqliteStatement& bind(int index, std::int64_t value);
    SqliteStatement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    SqliteStatement& bind(int index, double value);
    SqliteStatement& bind(int index, const std::string& value);
    SqliteStatement& bindBlob(int index, const std::string& value);
    SqliteStatement& bind(int index, std::optional<double> value);
    SqliteStatement& bindNull(int index);

    /// true while a row is available.
    bool step();
    /// Steps a statement that returns no rows, then resets it for reuse.
    void run();
    void reset();

    std::int64_t integer(int column) const;
    double real(int column) const;
    std::optional<double> optionalReal(int column) const;
    std::string text(int column) const;

private:
    SqliteDb& m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

/** RAII transaction: BEGIN IMMEDIATE on construction, ROLLBACK unless commit() was called. */
class SqliteTransaction {
public:
    explicit SqliteTransaction(SqliteDb& db);
    ~SqliteTransaction();
    void commit();

private:
    SqliteDb& m_db;
    bool m_done = false;
};

} // namespace phylo
