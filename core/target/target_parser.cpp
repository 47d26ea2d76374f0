// SPDX-License-Identifier: GPL-3.0-or-later
#include "target/target_config.h"

#include "eval/backend_config.h"
#include "llm/llm_config.h"

#include "target/toml_section.h"
#include "util/user_error.h"

#include <fstream>
#include <set>
#include <sstream>

namespace phylo {

namespace fs = std::filesystem;

namespace {

    constexpr double kMaxTimeoutS = 7 * 24 * 3600; // a week: beyond that a limit is no limit

    /// "build/" and "./build" name the same path as "build".
    std::string normalizedRelative(const std::string& path)
    {
        auto normal = fs::path(path).lexically_normal();
        if (normal.has_filename() == false && normal.has_parent_path())
            normal = normal.parent_path();
        return normal.string();
    }

    const toml::table& requireTable(const toml::table& root, std::string_view name, const std::string& source)
    {
        const toml::node* node = root.get(name);
        if (!node)
            throw UserError(source + ": missing required table [" + std::string(name) + "]");
        if (!node->is_table())
            throw UserError(source + ": [" + std::string(name) + "]: expected a table, got " + describeTomlNode(*node));
        return *node->as_table();
    }

    const toml::table* optionalTable(const toml::table& root, std::string_view name, const std::string& source)
    {
        const toml::node* node = root.get(name);
        if (node && !node->is_table())
            throw UserError(source + ": [" + std::string(name) + "]: expected a table, got " + describeTomlNode(*node));
        return node ? node->as_table() : nullptr;
    }

    /// A path inside the target dir: relative, no "..", no escape.
    void checkRelativePath(const TomlSection& section, std::string_view key, const std::string& path)
    {
        const fs::path p(path);
        bool escapes = p.is_absolute() || path.empty();
        for (const auto& part : p)
            escapes = escapes || part == "..";
        if (escapes)
            section.fail(key, "paths relative to the target dir without '..', not \"" + path + "\"");
    }

    CommandSpec parseCommand(const toml::table& table, const std::string& label, const std::string& source,
        double defaultTimeout, std::initializer_list<std::string_view> extraKeys)
    {
        TomlSection section(table, label, source);
        std::vector<std::string_view> allowed { "command", "timeout_s" };
        allowed.insert(allowed.end(), extraKeys);
        section.rejectUnknownKeys(allowed);
        CommandSpec spec;
        spec.command = *section.string("command", true);
        if (spec.command.find_first_not_of(" \t\n") == std::string::npos)
            section.fail("command", "a non-empty command line", table.get("command"));
        spec.timeoutS = section.number("timeout_s", 0.001, kMaxTimeoutS).value_or(defaultTimeout);
        return spec;
    }

    Idea parseIdea(const toml::table& table, size_t index, const std::string& source)
    {
        const std::string label = "[[idea]] #" + std::to_string(index + 1);
        TomlSection section(table, label, source);
        section.rejectUnknownKeys({ "name", "values", "description" });
        Idea idea;
        idea.name = *section.string("name", true);
        if (!isValidIdeaName(idea.name))
            section.fail("name", "a name of letters, digits and '_' that does not start with a digit", table.get("name"));
        idea.description = section.string("description").value_or("");
        idea.values = section.stringList("values").value_or(std::vector<std::string> {});
        std::set<std::string> seen;
        for (const auto& value : idea.values) {
            if (value.empty() || !seen.insert(value).second)
                section.fail("values", "distinct, non-empty values", table.get("values"));
        }
        if (table.get("values") && idea.values.empty())
            section.fail("values", "at least one value (leave 'values' out for an on/off idea)", table.get("values"));
        return idea;
    }

    SearchParams parseSearch(const toml::table& table, const std::string& source)
    {
        TomlSection section(table, "[search]", source);
        section.rejectUnknownKeys({ "population", "elite", "tournament", "crossover_rate", "mutation_rate", "stagnation",
            "era_evals", "era_stagnation" });
        SearchParams params;
        params.population = static_cast<int>(section.integer("population", 2, 100000).value_or(params.population));
        params.elite = static_cast<int>(section.integer("elite", 0, 100000).value_or(params.elite));
        params.tournament = static_cast<int>(section.integer("tournament", 1, 1000).value_or(params.tournament));
        params.crossoverRate = section.number("crossover_rate", 0, 1).value_or(params.crossoverRate);
        params.mutationRate = section.number("mutation_rate", 0, 1).value_or(params.mutationRate);
        params.stagnation = static_cast<int>(section.integer("stagnation", 0, 1000).value_or(params.stagnation));
        params.eraEvals = static_cast<int>(section.integer("era_evals", 0, 1000000).value_or(params.eraEvals));
        params.eraStagnation = static_cast<int>(section.integer("era_stagnation", 0, 1000000).value_or(params.eraStagnation));
        if (params.elite >= params.population)
            section.fail("elite", "fewer elites than 'population' (" + std::to_string(params.population) + ")",
                table.get("elite"));
        return params;
    }

} // namespace

TargetConfig parseTarget(const std::string& tomlText, const fs::path& dir, const std::string& source)
{
    toml::table root;
    try {
        root = toml::parse(tomlText, source);
    } catch (const toml::parse_error& error) {
        std::ostringstream out;
        out << source << ':' << error.source().begin.line << ':' << error.source().begin.column
            << ": not valid TOML: " << error.description();
        throw UserError(out.str());
    }

    TomlSection top(root, "top level", source);
    top.rejectUnknownKeys({ "target", "build", "run", "metric", "check", "idea", "search", "llm", "backend" });
    if (const auto* backend = root.get("backend")) {
        if (!backend->is_table())
            top.fail("backend", "a table ([backend], see docs/target-format.md)", backend);
        checkBackendTable(*backend->as_table(), source); // the session reads it again with the user's file
    }
    if (const auto* llm = root.get("llm")) {
        if (!llm->is_table())
            top.fail("llm", "a table ([llm], see docs/llm.md)", llm);
        llm::parseLlmTable(*llm->as_table(), source); // its errors name the key; the session reads it again
    }

    TargetConfig config;
    config.dir = fs::absolute(dir).lexically_normal();
    config.tomlText = tomlText;

    const auto& targetTable = requireTable(root, "target", source);
    TomlSection target(targetTable, "[target]", source);
    target.rejectUnknownKeys({ "name", "description", "files", "exclude" });
    config.name = *target.string("name", true);
    if (config.name.empty())
        target.fail("name", "a non-empty name", targetTable.get("name"));
    config.description = target.string("description").value_or("");
    config.files = *target.stringList("files", true);
    if (config.files.empty())
        target.fail("files", "at least one file agents may edit", targetTable.get("files"));
    std::set<std::string> listed;
    for (auto& file : config.files) {
        checkRelativePath(target, "files", file);
        file = normalizedRelative(file);
        const auto path = config.dir / file;
        if (!fs::exists(path))
            throw UserError(source + ": [target] files: \"" + file + "\" does not exist (looked for " + path.string()
                + ")");
        if (!fs::is_regular_file(path))
            throw UserError(source + ": [target] files: \"" + file + "\" is not a regular file");
        if (!listed.insert(file).second)
            throw UserError(source + ": [target] files: \"" + file + "\" is listed twice");
    }
    config.exclude = target.stringList("exclude").value_or(std::vector<std::string> {});
    for (auto& path : config.exclude) {
        checkRelativePath(target, "exclude", path);
        path = normalizedRelative(path);
    }

    if (const auto* build = optionalTable(root, "build", source))
        config.build = parseCommand(*build, "[build]", source, 300, {});

    const auto& runTable = requireTable(root, "run", source);
    config.run = parseCommand(runTable, "[run]", source, 60, { "repeat", "memory_mb" });
    TomlSection run(runTable, "[run]", source);
    config.repeat = static_cast<int>(run.integer("repeat", 1, 10000).value_or(config.repeat));
    config.memoryLimitMb = static_cast<std::uint64_t>(run.integer("memory_mb", 0, 1LL << 30).value_or(0));

    const auto& metricTable = requireTable(root, "metric", source);
    TomlSection metric(metricTable, "[metric]", source);
    metric.rejectUnknownKeys({ "name", "direction", "source", "plausible_speedup" });
    config.metricName = *metric.string("name", true);
    if (config.metricName.empty() || config.metricName.find_first_of(" \t=") != std::string::npos)
        metric.fail("name", "a metric name without spaces or '='", metricTable.get("name"));
    const auto direction = metric.string("direction").value_or("minimize");
    if (direction == "minimize")
        config.direction = MetricDirection::Minimize;
    else if (direction == "maximize")
        config.direction = MetricDirection::Maximize;
    else
        metric.fail("direction", "\"minimize\" or \"maximize\"", metricTable.get("direction"));

    const auto metricSource = metric.string("source").value_or("output");
    if (metricSource == "output")
        config.source = MetricSource::Output;
    else if (metricSource == "harness")
        config.source = MetricSource::Harness;
    else
        metric.fail("source", "\"output\" or \"harness\"", metricTable.get("source"));
    config.plausibleSpeedup = metric.number("plausible_speedup", 1, 1e6).value_or(config.plausibleSpeedup);

    if (const auto* check = optionalTable(root, "check", source)) {
        config.check = parseCommand(*check, "[check]", source, config.run.timeoutS, { "memcheck" });
        if (const auto* memcheck = check->get("memcheck")) {
            if (!memcheck->is_boolean())
                TomlSection(*check, "[check]", source).fail("memcheck", "true or false", memcheck);
            config.memcheck = memcheck->as_boolean()->get();
        }
    }

    if (const auto* search = optionalTable(root, "search", source))
        config.search = parseSearch(*search, source);

    if (const toml::node* ideas = root.get("idea")) {
        if (!ideas->is_array_of_tables())
            throw UserError(source + ": idea: expected [[idea]] tables, got " + describeTomlNode(*ideas));
        std::set<std::string> names;
        size_t index = 0;
        for (const auto& item : *ideas->as_array()) {
            auto idea = parseIdea(*item.as_table(), index++, source);
            if (!names.insert(idea.macroName()).second)
                throw UserError(source + ": [[idea]] #" + std::to_string(index) + " name: expected a unique name, \""
                    + idea.name + "\" is used twice (names are compared upper-cased)");
            config.ideas.push_back(std::move(idea));
        }
    }
    return config;
}

TargetConfig loadTarget(const fs::path& dir)
{
    std::error_code ec;
    if (!fs::exists(dir, ec))
        throw UserError(dir.string() + ": target directory does not exist");
    if (!fs::is_directory(dir, ec))
        throw UserError(dir.string() + ": not a directory (a target is a directory with a phylo.toml)");
    const auto tomlPath = dir / "phylo.toml";
    if (!fs::is_regular_file(tomlPath, ec))
        throw UserError(tomlPath.string() + ": missing (a target directory needs a phylo.toml)");
    std::ifstream in(tomlPath, std::ios::binary);
    if (!in)
        throw UserError(tomlPath.string() + ": cannot be read");
    std::ostringstream text;
    text << in.rdbuf();
    return parseTarget(text.str(), dir, tomlPath.string());
}

} // namespace phylo
