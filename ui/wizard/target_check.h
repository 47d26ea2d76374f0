// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace phylo::ui {

/** Where a phylo.toml error points: the key ("[run] timeout_s", "[[idea]] #2 name", "[target]") and the line. */
struct TargetErrorLocation {
    QString key; ///< empty when the message names no key (a TOML syntax error, a missing directory)
    int line = 0; ///< 0 when the message names no line
};

/** Finds the key and line in a UserError message from the target parser ("…/phylo.toml:7: [run] timeout_s: …"). */
TargetErrorLocation locateTargetError(const QString& message);

/**
 * The outcome of checking a target directory with the core's parser (phylo::loadTarget): a summary of the
 * target when it is valid, else the parser's message and the key it names.
 */
struct TargetCheck {
    QString dir; ///< as checked
    bool valid = false;
    // When valid:
    QString name;
    QString description;
    QStringList files; ///< editable files
    int ideaCount = 0;
    QString metric;
    bool maximize = false;
    bool usesGpu = false;
    // When not valid:
    QString error; ///< the full message
    TargetErrorLocation location;

    /** One line: "matmul-cpu: 1 editable file (matmul.cpp), 5 ideas, metric time_ms (minimize), CPU". */
    QString summary() const;
    /** Rich text for the page: the key in bold (or the line, when there is no key), then the message. */
    QString errorHtml() const;
};

/** Parses DIR/phylo.toml (fast: reads one file and stats the editable ones); never throws. */
TargetCheck checkTarget(const QString& dir);

} // namespace phylo::ui
