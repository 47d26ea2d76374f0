// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

namespace phylo::ui {

/**
 * Where new session files go by default: <AppLocalDataLocation>/sessions (e.g.
 * ~/.local/share/PhyloEvolve/phyloevolve/sessions). Not inside the target: every file of the target dir is
 * copied into each candidate's scratch dir, and bundled examples may be installed read-only.
 */
QString defaultSessionsDir();

/** SESSIONS_DIR/<target name>-<yyyyMMdd-HHmmss>.db, the name made safe for a file name. */
QString defaultSessionPath(const QString& targetName, const QDateTime& when = QDateTime::currentDateTime(),
    const QString& sessionsDir = defaultSessionsDir());

} // namespace phylo::ui
