// SPDX-License-Identifier: GPL-3.0-or-later
#include "target/toml_section.h"

#include "util/user_error.h"

#include <cmath>
#include <fstream>
#include <sstream>

namespace phylo {

toml::table readTomlFile(const std::filesystem::path& path, const std::string& what)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw UserError(path.string() + ": cannot read " + what);
    std::ostringstream text;
    text << in.rdbuf();
    try {
        return toml::parse(text.str(), path.string());
    } catch (const toml::parse_error& error) {
        std::ostringstream out;
        out << path.string() << ':' << error.source().begin.line << ':' << error.source().begin.column
            << ": not valid TOML: " << error.description();
        throw UserError(out.str());
    }
}

TomlSection::TomlSection(const toml::table& table, std::string label, std::string source)
    : m_table(table)
    , m_label(std::move(label))
    , m_source(std::move(source))
{
}

std::string describeTomlNode(const toml::node& node)
{
    std::ostringstream out;
    switch (node.type()) {
    case toml::node_type::string:
        out << "the string \"" << node.as_string()->get() << '"';
        break;
    case toml::node_type::integer:
        out << "the integer " << node.as_integer()->get();
        break;
    case toml::node_type::floating_point:
        out << "the number " << node.as_floating_point()->get();
        break;
    case toml::node_type::boolean:
        out << (node.as_boolean()->get() ? "true" : "false");
        break;
    case toml::node_type::array:
        out << "an array";
        break;
    case toml::node_type::table:
        out << "a table";
        break;
    default:
        out << "a date or time";
        break;
    }
    return out.str();
}

void TomlSection::fail(std::string_view key, const std::string& expected, const toml::node* got) const
{
    std::ostringstream out;
    out << m_source;
    if (got && got->source().begin.line)
        out << ':' << got->source().begin.line;
    out << ": " << m_label << ' ' << key << ": expected " << expected;
    if (got)
        out << ", got " << describeTomlNode(*got);
    throw UserError(out.str());
}

const toml::node* TomlSection::find(std::string_view key, bool required) const
{
    const toml::node* node = m_table.get(key);
    if (!node && required)
        throw UserError(m_source + ": " + m_label + ": missing required key '" + std::string(key) + "'");
    return node;
}

std::optional<std::string> TomlSection::string(std::string_view key, bool required) const
{
    const auto* node = find(key, required);
    if (!node)
        return std::nullopt;
    if (!node->is_string())
        fail(key, "a string", node);
    return node->as_string()->get();
}

namespace {
    std::string rangeText(const char* what, double min, double max)
    {
        std::ostringstream out;
        out << what << " from " << min << " to " << max;
        return out.str();
    }
}

std::optional<double> TomlSection::number(std::string_view key, double min, double max, bool required) const
{
    const auto* node = find(key, required);
    if (!node)
        return std::nullopt;
    double value = 0;
    if (node->is_integer())
        value = static_cast<double>(node->as_integer()->get());
    else if (node->is_floating_point())
        value = node->as_floating_point()->get();
    else
        fail(key, rangeText("a number", min, max), node);
    if (!std::isfinite(value) || value < min || value > max)
        fail(key, rangeText("a number", min, max), node);
    return value;
}

std::optional<long long> TomlSection::integer(std::string_view key, long long min, long long max, bool required) const
{
    const auto* node = find(key, required);
    if (!node)
        return std::nullopt;
    if (!node->is_integer() || node->as_integer()->get() < min || node->as_integer()->get() > max)
        fail(key, "an integer from " + std::to_string(min) + " to " + std::to_string(max), node);
    return node->as_integer()->get();
}

std::optional<std::vector<std::string>> TomlSection::stringList(std::string_view key, bool required) const
{
    const auto* node = find(key, required);
    if (!node)
        return std::nullopt;
    if (!node->is_array())
        fail(key, "an array of strings", node);
    std::vector<std::string> out;
    for (const auto& item : *node->as_array()) {
        if (item.is_string())
            out.push_back(item.as_string()->get());
        else if (item.is_integer())
            out.push_back(std::to_string(item.as_integer()->get()));
        else if (item.is_floating_point()) {
            std::ostringstream text;
            text << item.as_floating_point()->get();
            out.push_back(text.str());
        } else
            fail(key, "an array of strings", &item);
    }
    return out;
}

void TomlSection::rejectUnknownKeys(const std::vector<std::string_view>& allowed) const
{
    for (const auto& [key, value] : m_table) {
        bool known = false;
        for (auto name : allowed)
            known = known || key.str() == name;
        if (!known) {
            std::string list;
            for (auto name : allowed)
                list += (list.empty() ? "" : ", ") + std::string(name);
            std::ostringstream out;
            out << m_source;
            if (value.source().begin.line)
                out << ':' << value.source().begin.line;
            out << ": " << m_label << ": unknown key '" << key.str() << "' (expected one of: " << list << ')';
            throw UserError(out.str());
        }
    }
}

} // namespace phylo
