// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli_arguments.h"

#include "phylo/version.h"

#include <CLI/CLI.hpp>

namespace phylo::cli {

namespace {
    std::string joinArguments(int argc, char** argv)
    {
        std::string out;
        for (int i = 0; i < argc; ++i)
            out += (i ? " " : "") + std::string(argv[i]);
        return out;
    }
}

Invocation parseArguments(int argc, char** argv)
{
    Invocation inv;
    CLI::App app { "phylo: steerable evolutionary optimization of GPU and C++ code (headless)", "phylo" };
    app.set_version_flag("--version", std::string("phylo ") + kVersion);
    app.require_subcommand(1);

    auto* run = app.add_subcommand("run", "Run a session on a target, or resume it if --db exists");
    run->add_option("target", inv.run.targetDir, "Target directory (holds phylo.toml)")->required();
    run->add_option("--db", inv.run.db, "Session file (SQLite); created if missing, resumed if present")->required();
    run->add_option("--max-evals", inv.run.maxEvals, "Evaluations for the whole session, across resumes")
        ->default_val(30)
        ->check(CLI::PositiveNumber);
    run->add_option("--jobs,-j", inv.run.jobs, "Parallel evaluations (default: the number of cores)")
        ->check(CLI::PositiveNumber);
    run->add_option("--seed", inv.run.seed, "Search seed: the same seed gives the same sequence of individuals");
    run->add_option("--strategy", inv.run.strategy, "Search strategy")->check(CLI::IsMember({ "evolve", "greedy" }));
    run->add_flag("--offline", inv.run.offline, "Make no LLM calls: search only the target's own ideas");
    run->add_option("--llm", inv.run.llm,
        "LLM settings overriding the config: key=value,... (provider, model, base_url, key_env, budget_usd, ...) or a "
        ".toml file; see docs/llm.md");
    run->add_option("--backend", inv.run.backend,
           "Where evaluations run: local, local-gpus (one runner per GPU) or slurm (overrides [backend] kind; see "
           "docs/target-format.md)")
        ->check(CLI::IsMember({ "local", "local-gpus", "slurm" }));
    run->add_flag("--keep-scratch", inv.run.keepScratch, "Keep every candidate's scratch dir (for debugging)");
    run->add_option("--scratch-dir", inv.run.scratchRoot, "Where scratch dirs go (default: the system temp dir)");
    bool noBuildCache = false;
    run->add_flag("--no-build-cache", noBuildCache,
        "Build every candidate even if an identical one was built before (cache: $PHYLO_BUILD_CACHE or ~/.cache/phyloevolve)");

    auto* exportCmd = app.add_subcommand("export", "Print every node of a session in evaluation order");
    exportCmd->add_option("--db", inv.db, "Session file")->required();
    exportCmd->add_option("--format", inv.format, "Output format")->default_val("json")->check(CLI::IsMember({ "json" }));
    exportCmd->add_flag("--logs", inv.withLogs, "Include each node's bounded build/check/run log");

    auto* show = app.add_subcommand("show", "Summarize a session: evaluations, best node, failures");
    show->add_option("--db", inv.db, "Session file")->required();

    auto* report = app.add_subcommand("report", "Write a report of the session's winning modifications, and/or its patch");
    report->add_option("--db", inv.report.db, "Session file")->required();
    auto* reportOut = report->add_option("--out", inv.report.out, "Report file: .html (self-contained) or .md");
    report->add_option("--format", inv.report.format, "Report format (default: from --out's extension)")
        ->check(CLI::IsMember({ "html", "md" }))
        ->needs(reportOut);
    report->add_option("--patch", inv.report.patch,
        "Write the best node's settings as a unified diff of the target's files (patch -p1 / git apply)");

    auto* steer = app.add_subcommand("steer",
        "Steer a session (running or not): prune NODE | unprune NODE | pin IDEA[=VALUE] | unpin IDEA | "
        "ban IDEA | unban IDEA | backtrack NODE | pause | resume");
    steer->add_option("--db", inv.db, "Session file")->required();
    steer->add_option("command", inv.steerCommand, "prune, unprune, pin, unpin, ban, unban, backtrack, pause, resume, stop, rethink, add-idea")->required();
    steer->add_option("argument", inv.steerArgument, "A node id, IDEA or IDEA=VALUE, or for add-idea a file of ideas (prompts/idea_format.txt)");

    // Hidden: the trusted runner inside a cluster job (core/eval/job_exec.h).
    auto* jobExec = app.add_subcommand("job-exec", "Run a job's steps (used inside SLURM jobs)")->group("");
    jobExec->add_option("dir", inv.jobDir, "The job dir (holds spec.json)")->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        inv.exitCode = app.exit(error) == 0 ? 0 : 2;
        return inv;
    }
    if (run->parsed()) {
        inv.command = Invocation::Command::Run;
        inv.run.buildCache = !noBuildCache;
        inv.run.commandLine = joinArguments(argc, argv);
    } else if (exportCmd->parsed())
        inv.command = Invocation::Command::Export;
    else if (show->parsed())
        inv.command = Invocation::Command::Show;
    else if (steer->parsed())
        inv.command = Invocation::Command::Steer;
    else if (report->parsed())
        inv.command = Invocation::Command::Report;
    else if (jobExec->parsed())
        inv.command = Invocation::Command::JobExec;
    return inv;
}

} // namespace phylo::cli
