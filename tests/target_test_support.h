// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Helpers shared by the phylo.toml tests (tst_target_parser, tst_target_errors).

#include "util/user_error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>

#include <filesystem>
#include <string>

namespace phylo::test {


/// Writes CONTENT to DIR/RELATIVE, creating parent directories.
inline bool writeFile(const QString& dir, const QString& relative, const QByteArray& content)
{
    const QString path = QDir(dir).filePath(relative);
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return false;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(content) == content.size();
}

inline std::filesystem::path toPath(const QString& path)
{
    return std::filesystem::path(path.toStdString());
}

inline bool contains(const std::string& haystack, const std::string& needle)
{
    return haystack.find(needle) != std::string::npos;
}

/// The message of the UserError that F throws, or a marker saying what happened instead.
template <typename F>
std::string userErrorOf(F&& f)
{
    try {
        f();
    } catch (const phylo::UserError& error) {
        return error.what();
    } catch (const std::exception& error) {
        return std::string("<not a UserError: ") + error.what() + ">";
    }
    return "<nothing thrown>";
}

// Building blocks for phylo.toml texts. Each ends at the end of its table, so a line
// appended right after one lands in that table.
inline const QString kTarget = QStringLiteral("[target]\nname = \"demo\"\nfiles = [\"kernel.cpp\"]\n"); // lines 1-3
inline const QString kRun = QStringLiteral("[run]\ncommand = \"{bin}\"\n");
inline const QString kMetric = QStringLiteral("[metric]\nname = \"time_ms\"\n");
inline const QString kMinimal = kTarget + kRun + kMetric;

} // namespace phylo::test
