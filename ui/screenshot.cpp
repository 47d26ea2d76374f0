// SPDX-License-Identifier: GPL-3.0-or-later
#include "screenshot.h"

#include <QImageWriter>
#include <QPixmap>
#include <QWidget>

namespace phylo::ui {

bool saveScreenshot(QWidget& widget, const QString& path, QString* error)
{
    const QPixmap pixmap = widget.grab();
    QImageWriter writer(path);
    if (pixmap.isNull() || !writer.write(pixmap.toImage())) {
        if (error)
            *error = pixmap.isNull() ? QStringLiteral("the window rendered to an empty image") : writer.errorString();
        return false;
    }
    return true;
}

} // namespace phylo::ui
