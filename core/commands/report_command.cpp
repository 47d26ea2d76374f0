// SPDX-License-Identifier: GPL-3.0-or-later
#include "commands/command_errors.h"
#include "commands/commands.h"
#include "report/html_report.h"
#include "report/markdown_report.h"
#include "report/report_data.h"
#include "report/winning_patch.h"
#include "store/session_store.h"
#include "util/user_error.h"

#include <algorithm>
#include <cstdio>
#include <fstream>

namespace phylo {

namespace {

    std::string formatFor(const std::filesystem::path& out, const std::string& format)
    {
        if (!format.empty()) {
            if (format != "html" && format != "md")
                throw UserError("--format: expected \"html\" or \"md\", got \"" + format + "\"");
            return format;
        }
        auto ext = out.extension().string();
        std::transform(
            ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (ext == ".html" || ext == ".htm")
            return "html";
        if (ext == ".md" || ext == ".markdown")
            return "md";
        throw UserError(
            "--out " + out.string() + ": cannot tell the format from the extension; use .html or .md, or --format");
    }

    void writeText(const std::filesystem::path& path, const std::string& text)
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        if (!out)
            throw UserError(path.string() + ": cannot write");
    }

} // namespace

int reportCommand(const ReportOptions& options)
{
    return reportErrors([&] {
        if (options.out.empty() && options.patch.empty())
            throw UserError("report: give --out FILE (.html or .md), --patch FILE, or both");
        const auto format = options.out.empty() ? std::string() : formatFor(options.out, options.format);
        const auto store = SessionStore::open(options.db, SessionStore::Access::ReadOnly);
        if (!options.out.empty()) {
            const auto data = computeReportData(*store);
            writeText(options.out, format == "html" ? renderHtmlReport(data) : renderMarkdownReport(data));
            std::printf("wrote %s (%s report of %d evaluations)\n", options.out.string().c_str(),
                format == "html" ? "HTML" : "Markdown", data.evaluations);
        }
        if (!options.patch.empty()) {
            const auto patch = winningPatch(*store);
            writeText(options.patch, patch.diff);
            if (patch.nodeId == 0)
                std::printf("wrote %s: empty, no evaluation succeeded\n", options.patch.string().c_str());
            else if (patch.diff.empty())
                std::printf("wrote %s: empty, the best node is the baseline (node %lld)\n",
                    options.patch.string().c_str(), patch.nodeId);
            else
                std::printf(
                    "wrote %s: node %lld (%s), %zu define%s in %zu file%s; apply with `patch -p1` or `git apply` "
                    "in the target dir\n",
                    options.patch.string().c_str(), patch.nodeId, formatSpeedup(patch.speedup).c_str(),
                    patch.defines.size(), patch.defines.size() == 1 ? "" : "s", patch.files.size(),
                    patch.files.size() == 1 ? "" : "s");
        }
        return static_cast<int>(kExitOk);
    });
}

} // namespace phylo
