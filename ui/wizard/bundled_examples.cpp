// SPDX-License-Identifier: GPL-3.0-or-later
#include "bundled_examples.h"

#include "target_check.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace phylo::ui {

QString bundledExamplesDir()
{
    const QString fromEnvironment = qEnvironmentVariable("PHYLO_EXAMPLES_DIR");
    if (!fromEnvironment.isEmpty())
        return QDir(fromEnvironment).absolutePath();
    const QString installed
        = QDir::cleanPath(QCoreApplication::applicationDirPath() + QStringLiteral("/../share/phyloevolve/examples"));
    if (QFileInfo(installed).isDir())
        return installed;
    const QString source = QDir::cleanPath(QStringLiteral(PHYLO_SOURCE_DIR "/examples"));
    if (QFileInfo(source).isDir())
        return source;
    return {};
}

QList<BundledExample> bundledExamples(const QString& dir)
{
    QList<BundledExample> examples;
    if (dir.isEmpty())
        return examples;
    const QDir root(dir);
    const auto entries = root.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QFileInfo& entry : entries) {
        if (!QFileInfo(QDir(entry.absoluteFilePath()).filePath(QStringLiteral("phylo.toml"))).isFile())
            continue;
        const TargetCheck check = checkTarget(entry.absoluteFilePath());
        BundledExample example;
        example.dir = entry.absoluteFilePath();
        example.valid = check.valid;
        example.name = check.valid ? check.name : entry.fileName();
        example.description = check.valid ? check.description : check.error;
        examples << example;
    }
    return examples;
}

} // namespace phylo::ui
