// SPDX-License-Identifier: GPL-3.0-or-later
#include "target_check.h"

#include "target/target_config.h"
#include "util/user_error.h"

#include <QRegularExpression>

#include <exception>

namespace phylo::ui {

TargetErrorLocation locateTargetError(const QString& message)
{
    TargetErrorLocation location;
    // "<path>/phylo.toml:LINE[:COLUMN]: REST" or "<path>/phylo.toml: REST"; the last "phylo.toml" wins so a
    // directory of that name in the path does not confuse it.
    static const QRegularExpression prefix(QStringLiteral("^.*phylo\\.toml(?::(\\d+))?(?::\\d+)?: (.*)$"),
        QRegularExpression::DotMatchesEverythingOption);
    const auto match = prefix.match(message);
    if (!match.hasMatch())
        return location;
    location.line = match.captured(1).toInt();
    const QString rest = match.captured(2);

    // "[run] timeout_s: …", "[[idea]] #1 values: …", "[target]: unknown key 'colour'", "[run]: expected a table"
    static const QRegularExpression tableKey(
        QStringLiteral("^(\\[\\[?[A-Za-z_]+\\]\\]?(?: #\\d+)?)(?: ([A-Za-z0-9_]+))?: (.*)$"),
        QRegularExpression::DotMatchesEverythingOption);
    // "unknown key 'x'", "missing required key 'x'"
    static const QRegularExpression namedKey(QStringLiteral("(?:unknown|missing required) key '([^']*)'"));
    if (const auto m = tableKey.match(rest); m.hasMatch()) {
        location.key = m.captured(1);
        if (!m.captured(2).isEmpty())
            location.key += QLatin1Char(' ') + m.captured(2);
        else if (const auto named = namedKey.match(m.captured(3)); named.hasMatch())
            location.key += QLatin1Char(' ') + named.captured(1);
        return location;
    }
    // "top level: unknown key 'bogus'"
    if (rest.startsWith(QStringLiteral("top level:"))) {
        if (const auto named = namedKey.match(rest); named.hasMatch())
            location.key = named.captured(1);
        return location;
    }
    // "missing required table [run]"
    static const QRegularExpression missingTable(QStringLiteral("^missing required table (\\[[A-Za-z_]+\\])"));
    if (const auto m = missingTable.match(rest); m.hasMatch()) {
        location.key = m.captured(1);
        return location;
    }
    // "idea: expected [[idea]] tables, got …"
    static const QRegularExpression bareKey(QStringLiteral("^([A-Za-z_]+): expected"));
    if (const auto m = bareKey.match(rest); m.hasMatch())
        location.key = m.captured(1);
    return location;
}

QString TargetCheck::summary() const
{
    if (!valid)
        return {};
    const QString fileWord = files.size() == 1 ? QStringLiteral("editable file") : QStringLiteral("editable files");
    const QString ideaWord = ideaCount == 1 ? QStringLiteral("idea") : QStringLiteral("ideas");
    return name + QStringLiteral(": ") + QString::number(files.size()) + QLatin1Char(' ') + fileWord
        + QStringLiteral(" (") + files.join(QStringLiteral(", ")) + QStringLiteral("), ") + QString::number(ideaCount)
        + QLatin1Char(' ') + ideaWord + QStringLiteral(", metric ") + metric
        + (maximize ? QStringLiteral(" (maximize)") : QStringLiteral(" (minimize)"))
        + (usesGpu ? QStringLiteral(", GPU (CUDA harness)") : QStringLiteral(", CPU"));
}

QString TargetCheck::errorHtml() const
{
    if (valid)
        return {};
    QString where;
    if (!location.key.isEmpty())
        where = location.key;
    else if (location.line > 0)
        where = QStringLiteral("line ") + QString::number(location.line);
    else if (error.contains(QStringLiteral("phylo.toml")))
        where = QStringLiteral("phylo.toml");
    else
        where = QStringLiteral("target directory");
    return QStringLiteral("<b>") + where.toHtmlEscaped() + QStringLiteral("</b><br>") + error.toHtmlEscaped();
}

TargetCheck checkTarget(const QString& dir)
{
    TargetCheck check;
    check.dir = dir;
    if (dir.trimmed().isEmpty()) {
        check.error = QStringLiteral("Choose a target directory (one that holds a phylo.toml) or a bundled example.");
        return check;
    }
    try {
        const TargetConfig target = loadTarget(std::filesystem::path(dir.toStdString()));
        check.valid = true;
        check.name = QString::fromStdString(target.name);
        check.description = QString::fromStdString(target.description);
        for (const auto& file : target.files)
            check.files << QString::fromStdString(file);
        check.ideaCount = int(target.ideas.size());
        check.metric = QString::fromStdString(target.metricName);
        check.maximize = target.direction == MetricDirection::Maximize;
        check.usesGpu = target.usesGpu();
    } catch (const UserError& error) {
        check.error = QString::fromStdString(error.what());
        check.location = locateTargetError(check.error);
    } catch (const std::exception& error) {
        check.error = QStringLiteral("cannot read the target: ") + QString::fromStdString(error.what());
    }
    return check;
}

} // namespace phylo::ui
