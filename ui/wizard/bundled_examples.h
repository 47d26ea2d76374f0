// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace phylo::ui {

/** A target shipped with PhyloEvolve (examples/<name>/phylo.toml). */
struct BundledExample {
    QString name; ///< [target] name, or the directory's name when its phylo.toml does not parse
    QString description; ///< [target] description, or the parser's message
    QString dir; ///< absolute
    bool valid = false;
};

/**
 * Where the bundled examples are: $PHYLO_EXAMPLES_DIR when set, else the installed
 * <bindir>/../share/phyloevolve/examples next to the application, else the source tree's examples/
 * (a build that is not installed). Empty if none of them exists.
 */
QString bundledExamplesDir();

/** The examples under DIR (each subdirectory with a phylo.toml), sorted by directory name. */
QList<BundledExample> bundledExamples(const QString& dir = bundledExamplesDir());

} // namespace phylo::ui
