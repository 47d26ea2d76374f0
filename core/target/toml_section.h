// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <toml++/toml.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace phylo {

/**
 * Typed, strict access to one table of phylo.toml. Every error names the file,
 * the key (as "[run] timeout_s") and what was expected, and is thrown as UserError.
 */
/// Parses the TOML file PATH; a missing file or bad TOML is a UserError naming PATH (and WHAT it is).
toml::table readTomlFile(const std::filesystem::path& path, const std::string& what);

class TomlSection {
public:
    TomlSection(const toml::table& table, std::string label, std::string source);

    std::optional<std::string> string(std::string_view key, bool required = false) const;
    /// A number (integer or float) in [MIN, MAX].
    std::optional<double> number(std::string_view key, double min, double max, bool required = false) const;
    /// An integer in [MIN, MAX].
    std::optional<long long> integer(std::string_view key, long long min, long long max, bool required = false) const;
    /// An array of strings (integers and floats are accepted and turned into their text).
    std::optional<std::vector<std::string>> stringList(std::string_view key, bool required = false) const;
    /// Throws if the table holds a key not in ALLOWED.
    void rejectUnknownKeys(const std::vector<std::string_view>& allowed) const;

    [[noreturn]] void fail(std::string_view key, const std::string& expected, const toml::node* got = nullptr) const;

private:
    const toml::node* find(std::string_view key, bool required) const;

    const toml::table& m_table;
    std::string m_label;
    std::string m_source;
};

/// "an integer", "a string", ... for error messages.
std::string describeTomlNode(const toml::node& node);

} // namespace phylo
