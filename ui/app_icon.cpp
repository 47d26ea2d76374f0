// SPDX-License-Identifier: GPL-3.0-or-later
#include "app_icon.h"

#include <QImageReader>

// Q_INIT_RESOURCE must be used outside any namespace. A static library's resources are not registered
// unless something calls it: the linker drops the unreferenced initializer.
static void initPhyloResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace phylo::ui {

void initResources()
{
    static const bool once = [] {
        initPhyloResources();
        return true;
    }();
    Q_UNUSED(once);
}

QIcon appIcon()
{
    initResources();
    QIcon icon;
    if (QImageReader::supportedImageFormats().contains("svg"))
        icon.addFile(QStringLiteral(":/phyloevolve/phyloevolve.svg"));
    for (const int size : { 32, 64, 256 })
        icon.addFile(QStringLiteral(":/phyloevolve/phyloevolve-%1.png").arg(size), QSize(size, size));
    return icon;
}

} // namespace phylo::ui
