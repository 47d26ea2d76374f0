// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/backend_config.h"

#include "target/toml_section.h"
#include "util/user_error.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace phylo {

namespace fs = std::filesystem;

namespace {

    const std::vector<std::string_view> kKeys { "kind", "devices", "jobs", "shared_dir", "partition", "account",
        "time_limit", "gpus", "sbatch_args", "poll_s", "compile", "requeue", "job_exec" };

    bool oneOf(const std::string& value, std::initializer_list<const char*> allowed)
    {
        for (const char* name : allowed)
            if (value == name)
                return true;
        return false;
    }

    /// A path key: absolute, or relative to the directory of the file that sets it.
    fs::path pathKey(const TomlSection& section, std::string_view key, const fs::path& baseDir)
    {
        const auto text = section.string(key);
        if (!text)
            return {};
        if (text->empty())
            section.fail(key, "a non-empty path");
        fs::path path(*text);
        if (text->rfind("~/", 0) == 0) {
            if (const char* home = std::getenv("HOME"))
                path = fs::path(home) / text->substr(2);
        }
        return path.is_absolute() ? path : (baseDir / path).lexically_normal();
    }

    /// Reads TABLE's keys over CONFIG (key by key).
    void applyTable(BackendConfig& config, const toml::table& table, const std::string& source, const fs::path& baseDir)
    {
        TomlSection section(table, "[backend]", source);
        section.rejectUnknownKeys(kKeys);
        if (auto kind = section.string("kind")) {
            if (!oneOf(*kind, { "local", "local-gpus", "slurm" }))
                section.fail("kind", "\"local\", \"local-gpus\" or \"slurm\"", table.get("kind"));
            config.kind = *kind;
        }
        if (auto devices = section.stringList("devices"))
            config.devices = *devices;
        if (auto jobs = section.integer("jobs", 1, 4096))
            config.jobs = static_cast<int>(*jobs);
        if (auto dir = pathKey(section, "shared_dir", baseDir); !dir.empty())
            config.sharedDir = dir;
        if (auto partition = section.string("partition"))
            config.partition = *partition;
        if (auto account = section.string("account"))
            config.account = *account;
        if (auto limit = section.string("time_limit"))
            config.timeLimit = *limit;
        if (auto gpus = section.integer("gpus", 0, 64))
            config.gpus = static_cast<int>(*gpus);
        if (auto args = section.stringList("sbatch_args"))
            config.sbatchArgs = *args;
        if (auto poll = section.number("poll_s", 0.1, 3600))
            config.pollS = *poll;
        if (auto compile = section.string("compile")) {
            if (!oneOf(*compile, { "auto", "here", "job" }))
                section.fail("compile", "\"auto\", \"here\" or \"job\"", table.get("compile"));
            config.compile = *compile;
        }
        if (auto requeue = section.integer("requeue", 0, 100))
            config.requeue = static_cast<int>(*requeue);
        if (auto exec = pathKey(section, "job_exec", baseDir); !exec.empty())
            config.jobExec = exec;
    }

    /// A user file: one [backend] table, or the keys at top level.
    void applyUserFile(BackendConfig& config, const fs::path& path)
    {
        const auto root = readTomlFile(path, "the backend config");
        const auto dir = fs::absolute(path).parent_path();
        if (const auto* table = root.get("backend")) {
            if (!table->is_table())
                throw UserError(path.string() + ": backend: expected a table [backend], got " + describeTomlNode(*table));
            applyTable(config, *table->as_table(), path.string(), dir);
        } else {
            applyTable(config, root, path.string(), dir);
        }
    }

    std::optional<fs::path> defaultUserFile()
    {
        if (const char* named = std::getenv("PHYLO_BACKEND_CONFIG"); named && *named) {
            if (!fs::is_regular_file(named))
                throw UserError(std::string(named) + ": no such file (named by $PHYLO_BACKEND_CONFIG)");
            return fs::path(named);
        }
        fs::path path;
        if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
            path = fs::path(xdg) / "phyloevolve" / "backend.toml";
        else if (const char* home = std::getenv("HOME"); home && *home)
            path = fs::path(home) / ".config" / "phyloevolve" / "backend.toml";
        if (!path.empty() && fs::is_regular_file(path))
            return path;
        return std::nullopt;
    }

} // namespace

void checkBackendTable(const toml::table& table, const std::string& source)
{
    BackendConfig ignored;
    applyTable(ignored, table, source, fs::path(source).parent_path());
}

BackendConfig loadBackendConfig(const BackendConfigSources& sources)
{
    BackendConfig config;
    std::string sharedDirSource = "--backend";
    auto remember = [&](const std::string& source) {
        if (!config.sharedDir.empty() && sharedDirSource == "--backend")
            sharedDirSource = source;
    };
    const auto user = sources.userFile ? (sources.userFile->empty() ? std::nullopt : sources.userFile) : defaultUserFile();
    if (user) {
        applyUserFile(config, *user);
        remember(user->string());
    }
    if (!sources.targetToml.empty()) {
        const auto root = readTomlFile(sources.targetToml, "phylo.toml");
        if (const auto* table = root.get("backend"); table && table->is_table()) {
            const auto before = config.sharedDir;
            applyTable(config, *table->as_table(), sources.targetToml.string(), fs::absolute(sources.targetToml).parent_path());
            if (config.sharedDir != before)
                sharedDirSource = sources.targetToml.string();
        }
    }
    if (!sources.kind.empty()) {
        if (sources.kind != "local" && sources.kind != "local-gpus" && sources.kind != "slurm")
            throw UserError("--backend: expected local, local-gpus or slurm, got \"" + sources.kind + "\"");
        config.kind = sources.kind;
    }
    if (config.kind == "slurm") {
        if (config.sharedDir.empty())
            throw UserError("[backend] shared_dir: required for the SLURM backend: a directory this host and the "
                            "cluster's nodes both see (set it in phylo.toml's [backend] or in "
                + (user ? user->string() : std::string("~/.config/phyloevolve/backend.toml")) + ")");
        std::error_code ec;
        fs::create_directories(config.sharedDir, ec);
        if (!fs::is_directory(config.sharedDir))
            throw UserError(sharedDirSource + ": [backend] shared_dir: " + config.sharedDir.string()
                + " is not a directory and cannot be created");
    }
    return config;
}

} // namespace phylo
